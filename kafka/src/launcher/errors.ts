/**
 * Every way the launcher can fail, each naming the fix. `fix` is printed under the message by the CLI.
 */
export class LauncherError extends Error {
  constructor(
    message: string,
    /** One or two sentences telling the user what to do about it. */
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class JavaMissingError extends LauncherError {
  constructor(readonly javaPath: string) {
    super(
      `Java was not found (tried ${javaPath}).`,
      'Install OpenJDK 17 or newer (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME; or point KAFKA_BROKERS at a running Kafka; or use `docker compose up kafka`.',
    );
  }
}

export class JavaTooOldError extends LauncherError {
  constructor(
    readonly javaPath: string,
    readonly major: number,
  ) {
    super(
      `Java ${major} at ${javaPath} is too old: Kafka 4 needs Java 17 or newer.`,
      'Install OpenJDK 17 or newer and put it first on PATH or in JAVA_HOME.',
    );
  }
}

export class MavenMissingError extends LauncherError {
  constructor(readonly mvnPath: string) {
    super(
      `Maven was not found (tried ${mvnPath}); it is needed once to download the Kafka broker's jars.`,
      'Install Maven (Debian: apt-get install maven) or set MVN to its path; or point KAFKA_BROKERS at a running Kafka.',
    );
  }
}

export class MavenResolveError extends LauncherError {
  constructor(
    readonly output: string,
    readonly exitCode: number | null,
  ) {
    super(
      `Maven could not resolve the Kafka broker's jars (exit ${exitCode}). Last output:\n${output}`,
      'Check that Maven Central is reachable (mvn -B dependency:get -Dartifact=org.apache.kafka:kafka_2.13:4.1.1) and that ~/.m2/settings.xml has no broken mirror.',
    );
  }
}

export class PortInUseError extends LauncherError {
  constructor(
    readonly port: number,
    readonly role: 'broker' | 'controller',
  ) {
    super(
      `Port ${port} (Kafka ${role}) on 127.0.0.1 is already taken by another process.`,
      `Stop whatever listens there (ss -ltnp 'sport = :${port}'), or choose another port: --port N or KAFKA_PORT=N; or, if it is a Kafka you want to use, set KAFKA_BROKERS=127.0.0.1:${port}.`,
    );
  }
}

export class BrokerExitedError extends LauncherError {
  constructor(
    readonly nodeId: number,
    readonly exitCode: number | null,
    readonly logFile: string,
    readonly lastLines: string,
  ) {
    super(
      `Kafka node ${nodeId} exited during start-up (exit ${exitCode}). Last lines of ${logFile}:\n${lastLines}`,
      'Read the log above; a bad override or a data folder from another Kafka version are the usual causes (start with --fresh to wipe the data folder).',
    );
  }
}

export class BrokerStartTimeoutError extends LauncherError {
  constructor(
    readonly nodeId: number,
    readonly timeoutMs: number,
    readonly logFile: string,
    readonly lastLines: string,
  ) {
    super(
      `Kafka node ${nodeId} did not report "Kafka Server started" within ${timeoutMs} ms. Last lines of ${logFile}:\n${lastLines}`,
      'The machine may be overloaded; retry, or raise KAFKA_START_TIMEOUT_MS.',
    );
  }
}

export class DataDirMismatchError extends LauncherError {
  constructor(
    readonly dataDir: string,
    readonly found: string,
    readonly wanted: string,
  ) {
    super(
      `The data folder ${dataDir} holds a ${found}, not the ${wanted} asked for.`,
      'Start with --fresh to wipe it, or choose another folder with --data DIR (KAFKA_DATA_DIR).',
    );
  }
}

export class StorageFormatError extends LauncherError {
  constructor(
    readonly output: string,
    readonly propertiesFile: string,
  ) {
    super(
      `kafka-storage could not format ${propertiesFile}:\n${output}`,
      'A setting in the properties (or an override) is invalid, or the data folder belongs to another cluster: fix the setting, or start with --fresh.',
    );
  }
}

export class CredentialsMissingError extends LauncherError {
  constructor(readonly dataDir: string) {
    super(
      `The secure data folder ${dataDir} is formatted but has no credentials.json: nobody knows its users' passwords.`,
      'Start with --fresh to wipe it and make new users, or restore credentials.json from a backup.',
    );
  }
}

export class ScramUserError extends LauncherError {
  constructor(
    readonly user: string,
    readonly output: string,
  ) {
    super(
      `Could not add the SCRAM user "${user}" to the running secure broker:\n${output}`,
      'Read the output above; the next `kafka:start -- --secure` tries again. Or start with --fresh to format every user anew.',
    );
  }
}
