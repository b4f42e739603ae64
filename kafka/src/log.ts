/**
 * Structured logs: one JSON object per line on stderr, so a log shipper or `jq` reads them as they are.
 * Services and libraries take a `Logger`; tests pass `silentLogger`.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines also carry `fields` (e.g. the component or the domain). */
  child(fields: Record<string, unknown>): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Errors are not JSON-serializable as they are; keep what helps a reader. */
function serialize(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}

export interface LoggerOptions {
  /**
   * Lines below this level are dropped. Default `info`. The environment is not read here: a process's entry
   * parses `LOG_LEVEL` with the rest of its settings (the service and gateway configurations) and passes it.
   */
  level?: LogLevel;
  /** Where each line goes. Default: stderr. */
  write?: (line: string) => void;
  /**
   * The trace a line belongs to, written as `traceId` and `spanId` (`activeTraceIds` when the process traces:
   * the active span's). Default none, and no lookup per line.
   */
  trace?: () => { traceId: string; spanId: string } | undefined;
}

export function createLogger(base: Record<string, unknown> = {}, options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < min) return;
    const ids = options.trace?.();
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...ids, ...serialize(fields ?? {}) }));
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger({ ...base, ...fields }, options),
  };
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
