/** `npm run codegen`: writes every registered domain's resolver types (see scripts/codegen-config.ts). */
import { generate } from '@graphql-codegen/cli';
import { codegenConfig } from './codegen-config';

codegenConfig()
  .then((config) => generate({ ...config, silent: true }, true))
  .then(
    (outputs: { filename: string }[]) => console.log(`codegen: ${outputs.length} files written`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
