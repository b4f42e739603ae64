export * from './errors';
export * from './config';
export * from './cluster';
export { ensureJars, jarsReady, BROKER_POM } from './jars';
export { checkJava, parseJavaMajor } from './java';
export { portTaken, portAnswers } from './ports';
