/**
 * Reading docker-compose.yml as Docker Compose does, for the static checks (compose.test.ts): YAML with merge keys
 * (`<<: *anchor`), then `${…}` interpolation of every value from an environment. Only what the checks need.
 */
import { parse } from 'yaml';

export interface ComposeHealthcheck {
  test?: string | string[];
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  restart?: string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | { target: number; published?: string | number; host_ip?: string })[];
  healthcheck?: ComposeHealthcheck;
  depends_on?: string[] | Record<string, { condition?: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** A `${NAME:?message}` (or `${NAME?message}`) whose variable is unset: Compose refuses the file with `message`. */
export class MissingVariableError extends Error {
  readonly code = 'MISSING_VARIABLE';
  constructor(
    readonly variable: string,
    readonly hint: string,
  ) {
    super(`${variable} is required: ${hint}`);
    this.name = 'MissingVariableError';
  }
}

/** `$$`, `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`. */
const REFERENCE = /\$(?:(\$)|([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\})/g;

/** The variables a text refers to, and whether Compose requires each (`:?`/`?`). */
export function variablesIn(text: string): { name: string; required: boolean }[] {
  return [...text.matchAll(REFERENCE)].filter((m) => !m[1]).map((m) => ({ name: (m[2] ?? m[3])!, required: m[5] === '?' }));
}

/** `text` with its references replaced from `env`, as Compose does; throws `MissingVariableError` for a required one that is unset. */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(REFERENCE, (_match, dollar?: string, bare?: string, name?: string, colon?: string, kind?: string, word = '') => {
    if (dollar) return '$';
    const variable = (bare ?? name)!;
    const value = env[variable];
    // With the colon an empty value counts as unset; without it only an absent one does.
    const unset = value === undefined || (colon === ':' && value === '');
    if (kind === '?' && unset) throw new MissingVariableError(variable, word);
    if (kind === '-' && unset) return word;
    return value ?? '';
  });
}

function interpolated(value: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolated(item, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, interpolated(inner, env)]));
  return value;
}

/** The file as a document, before interpolation (what a schema check of the file's shape reads). */
export function parseComposeText(text: string): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/** The file as Compose runs it with `env`: merged and interpolated. */
export function loadCompose(text: string, env: Readonly<Record<string, string | undefined>>): ComposeFile {
  return interpolated(parseComposeText(text), env) as ComposeFile;
}

/** A service's environment as a map, from either of the forms Compose takes. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => (entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, ''])));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

/** A service's command as arguments (the exec form; a string is split on spaces, as Compose does for a simple one). */
export function commandOf(service: ComposeService): string[] {
  const { command } = service;
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.split(/\s+/).filter(Boolean);
}

/** `[host_ip:][published:]target[/protocol]` or the long form, as `{ hostIp, published, target }`. */
export function portsOf(service: ComposeService): { hostIp?: string; published?: number; target: number }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return { hostIp: port.host_ip, published: port.published === undefined ? undefined : Number(port.published), target: port.target };
    const parts = port.replace(/\/(tcp|udp)$/, '').split(':');
    const target = Number(parts.pop());
    const published = parts.length > 0 ? Number(parts.pop()) : undefined;
    return { hostIp: parts[0], published, target };
  });
}

/** The services a service waits for, with the condition of each (`service_started` when the short form is used). */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition ?? 'service_started']));
}

/** The URL a health check probes: the first `http(s)://` argument of its test. */
export function healthcheckUrl(service: ComposeService): URL | undefined {
  const test = service.healthcheck?.test;
  const args = Array.isArray(test) ? test : (test ?? '').split(/\s+/);
  const url = args.find((arg) => /^https?:\/\//.test(arg));
  return url ? new URL(url) : undefined;
}
