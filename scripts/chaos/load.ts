/**
 * The load: virtual learners, each a loop of writes with an idempotency key (retried with the same key on every
 * retriable error, on the other gateway when one does not answer) followed by a read of its own data through the
 * other gateway. Everything is recorded in a `History`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { signDevToken } from '@puchi/gateway';
import { graphql, recordedRequest, type GraphQLAnswer } from './client';
import type { History, ReadCheck, WriteOp, WriteRecord } from './history';
import type { Random } from './random';

type AuthConfig = Parameters<typeof signDevToken>[0];

export interface LoadSettings {
  learners: number;
  /** Pairs of learners that register one email at the same moment. */
  emailRaces: number;
  /** Pause between a learner's actions, ms (uniform in the range). */
  thinkMs: [number, number];
  /** Deadline of one HTTP request. */
  requestDeadlineMs: number;
  /** How long a write is retried (same key) before it is given up as unknown. */
  writeBudgetMs: number;
  /** How long a read-your-writes read is retried on retriable errors. */
  readBudgetMs: number;
}

export interface Catalog {
  lessons: string[];
  words: string[];
  quizzes: { id: string; questions: { id: string; choices: number }[] }[];
}

/** Which gateways answer, as the clients see it: one that failed to connect is avoided until a probe succeeds. */
export class GatewayPool {
  private readonly down = new Set<number>();
  private probing = false;
  constructor(readonly urls: string[]) {}

  /** The gateway (1-based) to use for the `turn`-th request, skipping those seen down while another is up. */
  pick(preferred: number): number {
    const n = this.urls.length;
    for (let i = 0; i < n; i++) {
      const g = ((preferred - 1 + i) % n) + 1;
      if (!this.down.has(g)) return g;
    }
    return preferred;
  }

  other(than: number): number {
    return this.pick((than % this.urls.length) + 1);
  }

  markDown(gateway: number): void {
    if (this.down.has(gateway)) return;
    this.down.add(gateway);
    void this.probe();
  }

  url(gateway: number): string {
    return this.urls[gateway - 1]!;
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    while (this.down.size > 0) {
      await sleep(500);
      for (const g of [...this.down]) {
        try {
          const res = await fetch(`${this.url(g)}/api/health`, { signal: AbortSignal.timeout(1000) });
          if (res.status === 200) this.down.delete(g);
        } catch {
          // still down
        }
      }
    }
    this.probing = false;
  }
}

const Q = {
  register: 'mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id email displayName } }',
  updateProfile: 'mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName } }',
  startLesson: 'mutation ($id: ID!) { startLesson(lessonId: $id) { status score } }',
  completeLesson: 'mutation ($id: ID!, $score: Int) { completeLesson(lessonId: $id, score: $score) { status score } }',
  submitQuiz: 'mutation ($id: ID!, $answers: [QuizAnswerInput!]!) { submitQuiz(quizId: $id, answers: $answers) { score questionCount } }',
  reviewWord: 'mutation ($id: ID!, $correct: Boolean!) { reviewWord(wordId: $id, correct: $correct) { box } }',
  me: 'query { me { id displayName email } }',
  lessonProgress: 'query ($id: ID!) { lesson(id: $id) { progress { status score } } }',
  catalog: 'query ($id: ID!) { lesson(id: $id) { id vocabulary { id } quiz { id questions { id choices } } } }',
};

export interface LoadContext {
  settings: LoadSettings;
  pool: GatewayPool;
  history: History;
  auth: AuthConfig;
  catalog: Catalog;
  runTag: string;
  /** ms since the run's epoch. */
  now: () => number;
  stopped: () => boolean;
  say: (line: string) => void;
}

/** Reads the seeded lessons' words and quizzes through a gateway (retried: the services may still be warming up). */
export async function loadCatalog(url: string, lessonIds: string[], deadlineMs: number): Promise<Catalog> {
  const catalog: Catalog = { lessons: [], words: [], quizzes: [] };
  for (const id of lessonIds) {
    for (let attempt = 0; ; attempt++) {
      const answer = await graphql({ url, query: Q.catalog, variables: { id }, deadlineMs });
      const lesson = answer.data?.lesson as { id: string; vocabulary: { id: string }[]; quiz: { id: string; questions: { id: string; choices: string[] }[] } | null } | null | undefined;
      if (answer.outcome === 'data' && lesson) {
        catalog.lessons.push(lesson.id);
        catalog.words.push(...lesson.vocabulary.map((w) => w.id));
        if (lesson.quiz) catalog.quizzes.push({ id: lesson.quiz.id, questions: lesson.quiz.questions.map((q) => ({ id: q.id, choices: q.choices.length })) });
        break;
      }
      if (attempt >= 20 || (answer.outcome === 'error' && !answer.retriable)) throw new Error(`could not read lesson ${id}: ${answer.outcome} ${answer.code ?? ''} ${answer.message ?? ''}`);
      await sleep(1000);
    }
  }
  return catalog;
}

class Learner {
  userId?: string;
  token?: string;
  private turn: number;
  private writes = 0;
  /** Lessons this learner started (acknowledged): only those are completed. */
  private readonly started = new Set<string>();

  constructor(
    readonly label: string,
    private readonly ctx: LoadContext,
    private readonly random: Random,
  ) {
    this.turn = random.int(1, ctx.pool.urls.length);
  }

  private nextKey(): string {
    return `${this.ctx.runTag}-${this.label}-${++this.writes}`;
  }

  private async request(op: string, gateway: number, query: string, variables: Record<string, unknown>, opts: { token?: string; key?: string; deadlineMs?: number } = {}): Promise<GraphQLAnswer> {
    const answer = await recordedRequest(
      {
        url: this.ctx.pool.url(gateway),
        query,
        variables,
        deadlineMs: opts.deadlineMs ?? this.ctx.settings.requestDeadlineMs,
        ...(opts.token ? { token: opts.token } : {}),
        ...(opts.key ? { idempotencyKey: opts.key } : {}),
      },
      { op, learner: this.userId ?? this.label, gateway },
      (a) => this.ctx.history.attempts.push(a),
      this.ctx.now,
    );
    if (answer.outcome === 'transport') this.ctx.pool.markDown(gateway);
    return answer;
  }

  /** One keyed write: retried with the same key until data, a non-retriable error, or the budget is spent. */
  async write(op: WriteOp, field: string, query: string, variables: Record<string, unknown>, args: Record<string, unknown>): Promise<{ record: WriteRecord; gateway: number }> {
    const key = this.nextKey();
    // Sign-ups are anonymous (the service keys them by the caller '-'), even by a learner who has an account.
    const token = op === 'registerUser' ? undefined : this.token;
    const start = this.ctx.now();
    const budgetEnd = start + this.ctx.settings.writeBudgetMs;
    let gateway = this.ctx.pool.pick(this.turn);
    this.turn = (this.turn % this.ctx.pool.urls.length) + 1;
    let attempts = 0;
    let last: GraphQLAnswer | undefined;
    for (;;) {
      attempts++;
      last = await this.request(op, gateway, query, variables, { key, ...(token ? { token } : {}), deadlineMs: this.ctx.settings.requestDeadlineMs });
      if (last.outcome === 'data' || !last.retriable || this.ctx.now() + 200 >= budgetEnd) break;
      // No answer or a failed connection: the other gateway next (the key makes the retry safe anywhere).
      if (last.outcome !== 'error') gateway = this.ctx.pool.other(gateway);
      else gateway = this.ctx.pool.pick(gateway);
      await sleep(Math.min(2000, 150 * 2 ** Math.min(attempts, 4)) * (0.5 + this.random.next()));
    }
    const status = last.outcome === 'data' ? 'acked' : last.retriable ? 'unknown' : 'rejected';
    const record: WriteRecord = {
      op,
      caller: op === 'registerUser' ? '-' : this.userId!,
      learner: this.userId ?? this.label,
      key,
      args,
      status,
      attempts,
      start,
      end: this.ctx.now(),
      ...(status === 'acked' ? { result: last.data![field] as Record<string, unknown> } : {}),
      ...(last.code ? { code: last.code } : {}),
    };
    this.ctx.history.writes.push(record);
    return { record, gateway };
  }

  /** Reads through the other gateway until it answers data (then judges it) or the read budget is spent. */
  async readOwn(after: WriteOp, key: string, writeGateway: number, query: string, variables: Record<string, unknown>, judge: (data: Record<string, unknown>) => { ok: boolean; expected: string; got: string }): Promise<void> {
    const end = this.ctx.now() + this.ctx.settings.readBudgetMs;
    let gateway = this.ctx.pool.other(writeGateway);
    let check: ReadCheck | undefined;
    while (!check) {
      const answer = await this.request(`read:${after}`, gateway, query, variables, { ...(this.token ? { token: this.token } : {}), deadlineMs: this.ctx.settings.requestDeadlineMs });
      if (answer.outcome === 'data') {
        const verdict = judge(answer.data!);
        check = { learner: this.userId!, after, key, verdict: verdict.ok ? 'ok' : 'stale', expected: verdict.expected, got: verdict.got, gateway, at: this.ctx.now() };
      } else if (!answer.retriable) {
        check = { learner: this.userId!, after, key, verdict: 'stale', expected: 'data', got: `error ${answer.code}`, gateway, at: this.ctx.now() };
      } else if (this.ctx.now() + 200 >= end) {
        check = { learner: this.userId!, after, key, verdict: 'unavailable', expected: 'data', got: `${answer.outcome} ${answer.code ?? ''}`.trim(), gateway, at: this.ctx.now() };
      } else {
        if (answer.outcome !== 'error') gateway = this.ctx.pool.other(gateway);
        await sleep(200);
      }
    }
    this.ctx.history.reads.push(check);
  }

  /**
   * Registers an account; `adopt`: the learner acts as it from now on (its first registration), otherwise it is a
   * sign-up during the faults, checked and then left alone. The read after it uses the new account's token.
   */
  async register(email: string, adopt = true): Promise<boolean> {
    const input = { displayName: `Chaos ${this.label}`, email, nativeLanguage: 'en', targetLanguage: 'es' };
    const { record, gateway } = await this.write('registerUser', 'registerUser', Q.register, { input }, { email });
    if (record.status !== 'acked') return false;
    const userId = String(record.result!.id);
    record.learner = userId;
    const token = await signDevToken(this.ctx.auth, userId, ['learner'], '12h');
    const own = { userId: this.userId, token: this.token };
    [this.userId, this.token] = [userId, token];
    await this.readOwn('registerUser', record.key, gateway, Q.me, {}, (data) => {
      const me = data.me as { id?: string; email?: string } | null;
      return { ok: me?.id === userId && me?.email?.toLowerCase() === email.toLowerCase(), expected: `${userId} ${email}`, got: me ? `${me.id} ${me.email}` : 'null' };
    });
    if (!adopt) [this.userId, this.token] = [own.userId, own.token];
    return true;
  }

  async act(): Promise<void> {
    const r = this.random;
    const { catalog } = this.ctx;
    const roll = r.next();
    if (roll < 0.04) {
      // A sign-up while the faults go on (the first registrations all happen before them).
      await this.register(`${this.label}-signup${this.writes + 1}-${this.ctx.runTag}@chaos.test`, false);
    } else if (roll < 0.15) {
      const name = `Chaos ${this.label} ${this.writes + 1}`;
      const { record, gateway } = await this.write('updateProfile', 'updateProfile', Q.updateProfile, { input: { displayName: name } }, { displayName: name });
      if (record.status === 'acked')
        await this.readOwn('updateProfile', record.key, gateway, Q.me, {}, (data) => {
          const got = (data.me as { displayName?: string } | null)?.displayName ?? 'null';
          return { ok: got === name, expected: name, got };
        });
    } else if (roll < 0.45) {
      const lessonId = r.pick(catalog.lessons);
      const complete = this.started.has(lessonId) && r.chance(0.6);
      const score = r.int(40, 100);
      const { record, gateway } = complete
        ? await this.write('completeLesson', 'completeLesson', Q.completeLesson, { id: lessonId, score }, { lessonId, score })
        : await this.write('startLesson', 'startLesson', Q.startLesson, { id: lessonId }, { lessonId });
      if (record.status !== 'acked') return;
      this.started.add(lessonId);
      const acked = record.result as { status: string; score: number | null };
      await this.readOwn(record.op, record.key, gateway, Q.lessonProgress, { id: lessonId }, (data) => {
        const progress = (data.lesson as { progress?: { status: string; score: number | null } | null } | null)?.progress;
        const got = progress ? `${progress.status} ${progress.score ?? '-'}` : 'null';
        const ok = complete ? progress?.status === 'COMPLETED' && (progress.score ?? -1) >= (acked.score ?? -1) : progress?.status === 'IN_PROGRESS' || progress?.status === 'COMPLETED';
        return { ok, expected: complete ? `COMPLETED >=${acked.score ?? '-'}` : 'IN_PROGRESS or COMPLETED', got };
      });
    } else if (roll < 0.65) {
      const quiz = r.pick(catalog.quizzes);
      const answers = quiz.questions.map((q) => ({ questionId: q.id, chosenIndex: r.int(0, q.choices - 1) }));
      await this.write('submitQuiz', 'submitQuiz', Q.submitQuiz, { id: quiz.id, answers }, { quizId: quiz.id });
      // No query shows a learner's submissions: the quiz stores are checked after the run instead.
    } else {
      const wordId = r.pick(catalog.words);
      const correct = r.chance(0.7);
      await this.write('reviewWord', 'reviewWord', Q.reviewWord, { id: wordId, correct }, { wordId, correct });
      // No query shows a word's box (wordsDueForReview only lists words due, and a reviewed word is due a day
      // later at the earliest): the box is checked in the stores after the run instead.
    }
  }
}

/** Runs the learners until `ctx.stopped()`; each finishes its current action (and its read) first. */
export async function runLoad(ctx: LoadContext, random: Random): Promise<void> {
  const { learners, emailRaces } = ctx.settings;
  for (let pair = 0; pair < Math.min(emailRaces, Math.floor(learners / 2)); pair++) ctx.history.emailRaces.push({ email: `race${pair}-${ctx.runTag}@chaos.test`, keys: [] });
  await Promise.all(
    Array.from({ length: learners }, async (_, i) => {
      const r = random.fork(`learner-${i}`);
      const learner = new Learner(`l${i}`, ctx, r);
      const racePair = i < emailRaces * 2 ? Math.floor(i / 2) : undefined;
      // Learners start spread over the first seconds; the two of a race pair at the very same moment.
      await sleep((racePair ?? i) * 150);
      let email = racePair !== undefined ? `race${racePair}-${ctx.runTag}@chaos.test` : `l${i}-${ctx.runTag}@chaos.test`;
      for (let tries = 0; !learner.userId && !ctx.stopped(); tries++) {
        const before = ctx.history.writes.length;
        const ok = await learner.register(email);
        if (racePair !== undefined && tries === 0) {
          const race = ctx.history.emailRaces.find((e) => e.email === email);
          const rec = ctx.history.writes.slice(before).find((w) => w.op === 'registerUser');
          if (race && rec) race.keys.push(rec.key);
        }
        if (!ok) email = `l${i}-${tries + 1}-${ctx.runTag}@chaos.test`;
      }
      while (!ctx.stopped()) {
        await learner.act();
        await sleep(r.int(ctx.settings.thinkMs[0], ctx.settings.thinkMs[1]));
      }
    }),
  );
}
