import { ConfigError } from './errors';

/**
 * An integer setting of the environment, for the kafka package's `*FromEnv` parsers: `undefined` when unset or
 * blank, else the integer within [`min`, `max`]; anything else is a `ConfigError` naming the variable, its value
 * and `allowed`.
 */
export function intFromEnv(env: NodeJS.ProcessEnv, key: string, options: { min: number; max?: number; allowed: string }): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < options.min || value > (options.max ?? Number.MAX_SAFE_INTEGER)) throw new ConfigError(key, raw, options.allowed);
  return value;
}
