/** What the load generator records: every HTTP attempt, every logical write, every read-your-writes read. */

export type WriteOp = 'registerUser' | 'updateProfile' | 'startLesson' | 'completeLesson' | 'submitQuiz' | 'reviewWord';

/** How one HTTP request ended. `timeout`: no answer within its deadline; `transport`: the connection failed (refused, reset). */
export type Outcome = 'data' | 'error' | 'timeout' | 'transport';

export interface Attempt {
  /** What was asked: a write op, or `read:<what>`. */
  op: string;
  learner: string;
  gateway: number;
  /** ms since the run's epoch (performance clock). */
  start: number;
  end: number;
  outcome: Outcome;
  /** `extensions.code` of the first GraphQL error; `UNTYPED` when an error had none; the error name for transport failures. */
  code?: string;
  deadlineMs: number;
}

/** One logical write: its attempts all carry the same idempotency key. */
export interface WriteRecord {
  op: WriteOp;
  /** The learner's user id (the caller the service sees); `-` for registrations (anonymous). */
  caller: string;
  /** Which virtual learner did it (its label; the user id once registered). */
  learner: string;
  /** The client's Idempotency-Key (no colon in it: the gateway appends `:<field>`). */
  key: string;
  args: Record<string, unknown>;
  /** acked: data came back; rejected: a non-retriable typed error; unknown: retries ran out (it may or may not have happened). */
  status: 'acked' | 'rejected' | 'unknown';
  /** The data of the acknowledgement (the mutation field's value). */
  result?: Record<string, unknown>;
  /** The error code when rejected, or the last one when unknown. */
  code?: string;
  attempts: number;
  start: number;
  end: number;
}

/** One read of the learner's own data right after an acknowledged write. */
export interface ReadCheck {
  learner: string;
  after: WriteOp;
  key: string;
  /** ok: it showed the write; stale: it answered without it (a violation); unavailable: only retriable errors until its deadline. */
  verdict: 'ok' | 'stale' | 'unavailable';
  expected: string;
  got?: string;
  gateway: number;
  at: number;
}

/** Registrations started at once with one email. */
export interface EmailRace {
  email: string;
  keys: string[];
}

export interface FaultRecord {
  kind: 'kill-service' | 'kill-gateway' | 'stop-broker' | 'kill-broker';
  target: string;
  /** When it was done and when the target answered again (ms since the epoch). */
  at: number;
  recoveredAt?: number;
  skipped?: string;
}

export interface History {
  attempts: Attempt[];
  writes: WriteRecord[];
  reads: ReadCheck[];
  emailRaces: EmailRace[];
  faults: FaultRecord[];
  /** Times when each gateway could not answer (killed until ready again), for the unanswered check. */
  gatewayDown: { gateway: number; from: number; to: number }[];
}

export const emptyHistory = (): History => ({ attempts: [], writes: [], reads: [], emailRaces: [], faults: [], gatewayDown: [] });
