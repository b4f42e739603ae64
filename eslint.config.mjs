import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The boundaries of the house, kept by lint (a break fails `npm test`): kafka ← schema ← subgraphs ← gateway ←
 * scripts, bench, test. Packages import each other by name, through their public entry, never by a relative
 * path and never `@puchi/<package>/src/…`.
 */
const deepImport = { group: ['@puchi/*/src', '@puchi/*/src/**'], message: 'Import a package through its public entry (@puchi/<name>, or a subpath its package.json exports), never its src/.' };
const restrict = (...patterns) => ['error', { patterns: [deepImport, ...patterns] }];
const ours = (message) => ({ group: ['@puchi/*'], message });
const named = (names, message) => ({ group: names, message });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.kafka/**', '.data/**', '**/__generated__/**', 'coverage/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // import-x parses the modules an import leads to (for no-cycle) only with these.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
      'import-x/no-cycle': 'error',
      'import-x/no-duplicates': 'error',
      // A relative path into another package's folder skips its public entry and its package.json.
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': restrict(),
    },
  },
  // kafka/ is the bottom of the house: it knows no domain, no schema, no gateway.
  { files: ['kafka/**'], rules: { 'no-restricted-imports': restrict(ours('kafka/ imports nothing of ours: it is the transport every other package builds on.')) } },
  // schema/ knows only kafka/ (nothing today): never the domains, the registry or the gateway.
  { files: ['schema/**'], rules: { 'no-restricted-imports': restrict(named(['@puchi/subgraph-*', '@puchi/domains', '@puchi/gateway'], 'schema/ composes what it is given; it imports no domain, registry or gateway.')) } },
  // The kit is what every domain uses: it imports no domain, nor the registry, nor the gateway.
  { files: ['subgraphs/kit/**'], rules: { 'no-restricted-imports': restrict(named(['@puchi/subgraph-[!k]*', '@puchi/domains', '@puchi/gateway'], 'the kit imports no domain, registry or gateway.')) } },
  // A domain imports other domains only through their public entry, and never the registry (which lists it) or the gateway.
  { files: ['subgraphs/*/src/**'], ignores: ['subgraphs/kit/**', 'subgraphs/registry/**'], rules: { 'no-restricted-imports': restrict(named(['@puchi/domains', '@puchi/gateway'], 'a domain never imports the registry (which lists it) or the gateway.')) } },
  { files: ['subgraphs/registry/**'], rules: { 'no-restricted-imports': restrict(named(['@puchi/gateway'], 'the registry sits below the gateway.')) } },
  // Settings are parsed once per process, at its entry, and passed down: library code takes options and never
  // reads the environment (the one documented default is `createKafka`'s, for `KAFKA_BROKERS`). Entry points,
  // test harnesses and tests may.
  {
    files: ['kafka/src/**', 'subgraphs/*/src/**', 'gateway/src/**'],
    ignores: ['**/*.test.ts', 'kafka/src/testing/**', 'kafka/src/launcher/cli.ts', 'gateway/src/main.ts', 'gateway/src/subgraph-main.ts', 'gateway/src/e2e/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Library code takes its settings as options; the process entry parses the environment once (ServiceConfig, loadConfig, *FromEnv) and passes them down.' },
      ],
    },
  },
  // Jest and ESLint load these through their default export.
  { files: ['test/global-*.ts', 'eslint.config.mjs'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
