import { z } from 'zod';
import { ConfigError } from '@puchi/kafka';

/**
 * One environment variable as a setting: a zod schema from its text (`undefined` when it is unset or blank) to
 * its typed value, and what a refusal says is allowed. A process's entry reads a record of them once with
 * `parseEnv` (the service configuration, `ServiceConfig`; the gateway's, `loadConfig`) and passes the values down.
 */
export interface EnvSetting<T> {
  readonly schema: z.ZodType<T, string | undefined>;
  readonly allowed: string;
}

/** The values of a record of settings, by variable name. */
export type EnvValues<S extends Record<string, EnvSetting<unknown>>> = { [K in keyof S]: S[K] extends EnvSetting<infer T> ? T : never };

/**
 * Reads every setting of `settings` from `env`. A blank variable counts as unset (its default applies). The first
 * value a schema refuses throws a `ConfigError` naming the variable, the value and what is allowed.
 */
export function parseEnv<S extends Record<string, EnvSetting<unknown>>>(settings: S, env: NodeJS.ProcessEnv): EnvValues<S> {
  const values: Record<string, unknown> = {};
  for (const [variable, setting] of Object.entries(settings)) {
    const raw = env[variable];
    const parsed = setting.schema.safeParse(raw?.trim() ? raw.trim() : undefined);
    if (!parsed.success) throw new ConfigError(variable, raw, setting.allowed);
    values[variable] = parsed.data;
  }
  return values as EnvValues<S>;
}

interface IntegerOptions {
  min: number;
  /** Default: `Number.MAX_SAFE_INTEGER`. */
  max?: number;
  /** Said in the refusal: `milliseconds`, `bytes`… */
  unit?: string;
}

/** A whole number written in decimal digits, from `min` to `max` (`1e3`, `12.0` or `0x10` are refused). */
export function integerSetting(options: IntegerOptions & { fallback: number }): EnvSetting<number>;
export function integerSetting(options: IntegerOptions): EnvSetting<number | undefined>;
export function integerSetting({ min, max = Number.MAX_SAFE_INTEGER, unit, fallback }: IntegerOptions & { fallback?: number }): EnvSetting<number | undefined> {
  const integer = z.string().regex(/^-?\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
  const range = max === Number.MAX_SAFE_INTEGER ? `, at least ${min}` : ` from ${min} to ${max}`;
  return { schema: integer.optional().transform((value) => value ?? fallback), allowed: `an integer${range}${unit ? ` (${unit})` : ''}` };
}

const FLAG_VALUES = ['true', 'false', '1', '0'] as const;

/** `true` or `false` (also `1` or `0`), in any case. */
export function flagSetting(fallback: boolean): EnvSetting<boolean>;
export function flagSetting(): EnvSetting<boolean | undefined>;
export function flagSetting(fallback?: boolean): EnvSetting<boolean | undefined> {
  const flag = z.string().transform((s) => s.toLowerCase()).pipe(z.enum(FLAG_VALUES)).transform((s) => s === 'true' || s === '1');
  return { schema: flag.optional().transform((value) => value ?? fallback), allowed: 'true or false (or 1, 0)' };
}

/** One of `values`, in any case. */
export function choiceSetting<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]): EnvSetting<T[number]> {
  const choice = z.string().transform((s) => s.toLowerCase()).pipe(z.enum(values));
  const allowed = values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
  return { schema: choice.optional().transform((value) => (value ?? fallback) as T[number]), allowed };
}

/** Any text (a path, a name, a secret). Never refused. */
export function textSetting(fallback: string): EnvSetting<string>;
export function textSetting(): EnvSetting<string | undefined>;
export function textSetting(fallback?: string): EnvSetting<string | undefined> {
  return { schema: z.string().optional().transform((value) => value ?? fallback), allowed: 'any text' };
}

/** An absolute http or https URL. */
export function urlSetting(): EnvSetting<string | undefined> {
  return { schema: z.url({ protocol: /^https?$/ }).optional(), allowed: 'an http(s) URL, e.g. http://localhost:4001/graphql' };
}

/** Comma-separated items (blanks dropped), each accepted by `isItem`; unset gives `undefined`. */
export function listSetting(isItem: (item: string) => boolean, allowed: string): EnvSetting<string[] | undefined> {
  const list = z
    .string()
    .transform((s) => s.split(',').map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isItem)).min(1));
  return { schema: list.optional(), allowed };
}
