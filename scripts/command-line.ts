import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line a script does not take: what was wrong, then the script's usage. Scripts exit 2 with it. */
export class UsageError extends Error {
  constructor(
    readonly problem: string,
    readonly usage: string,
  ) {
    super(`${problem}\n${usage}`);
    this.name = 'UsageError';
  }
}

/**
 * `node:util` throws these for an unknown flag, a missing value or an unexpected argument. Known by their `code`,
 * not `instanceof`: they come from Node's own realm, which is not a test runner's.
 */
function isParseArgsError(error: unknown): error is Error {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** `parseArgs` (strict: unknown flags are refused), its refusals turned into a `UsageError` carrying `usage`. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(error.message, usage);
    throw error;
  }
}
