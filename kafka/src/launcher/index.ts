export * from './errors';
export * from './config';
export * from './cluster';
export { ensureJars, jarsReady, BROKER_POM } from './jars';
export { checkJava, parseJavaMajor } from './java';
export { portTaken, portAnswers } from './ports';
export { ADMIN_USER, BROKER_SASL_MECHANISM, credentialsFile, readBrokerCredentials, userSasl, type BrokerCredentials } from './credentials';
export { launcherCli, runLauncher, type LauncherHooks } from './cli';
