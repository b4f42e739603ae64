// Three suites with one transform: unit (pure logic, no broker), integration (real broker, one
// started by test/global-setup.ts unless KAFKA_BROKERS names one), cluster (3-node fault tests).
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { decoratorMetadata: true, legacyDecorator: true }, target: 'es2022' } }];
const common = {
  // cockatiel ships ES modules only, which Jest's own require cannot load before Node 24.9: compiled to CommonJS here.
  // The OTLP trace exporter loads `http` with a native `import()`, which Jest's sandbox refuses without
  // --experimental-vm-modules: that package is compiled the same way, its `import()` into a `require`.
  // @platformatic/kafka (the KAFKA_CLIENT=platformatic transport) and its two helper packages are ES modules only too.
  transform: {
    '^.+\\.ts$': swc,
    '/node_modules/cockatiel/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    '/@opentelemetry/otlp-exporter-base/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    '/node_modules/@platformatic/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['^(?!.*/@opentelemetry/otlp-exporter-base/).*/node_modules/(?!cockatiel/|@platformatic/)'],
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.kafka/', '<rootDir>/.data/'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/src/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts', '!**/*.int.test.ts', '!**/*.cluster.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/src/**/*.int.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/timeouts.integration.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'cluster',
      testMatch: ['<rootDir>/**/src/**/*.cluster.test.ts', '<rootDir>/scripts/**/*.cluster.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/timeouts.cluster.ts'],
      // Names the Kafka consumers a test file left connected (see the file); `test:cluster` adds --forceExit.
      testEnvironment: '<rootDir>/test/leak-closing-environment.js',
    },
  ],
};
