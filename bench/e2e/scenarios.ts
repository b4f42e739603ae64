import type { BenchRequest } from './load';

export type ScenarioId = 'a' | 'b' | 'c';

export interface Scenario {
  id: ScenarioId;
  name: string;
  /** A new request generator (each phase starts at the beginning of the rotation). */
  requests(): () => BenchRequest;
  /** Checks one response of the smoke test (throws with the reason). */
  verify(data: Record<string, unknown>): void;
}

/** Who and what the scenarios rotate over, found or made by `prepare`. */
export interface Fixtures {
  /** Learner ids: the seeded ones and the users the benchmark registered. */
  userIds: string[];
  /** `Bearer <token>` of each learner in `userIds`, same order. */
  authorizations: string[];
  lessonIds: string[];
}

export const SEEDED_LEARNERS = ['learner-ana', 'learner-ben', 'learner-chen', 'learner-dara', 'learner-eli'];

export const QUERIES = {
  userProfile: 'query BenchProfile($id: ID!) { userProfile(id: $id) { id displayName nativeLanguage targetLanguage level } }',
  lessons: 'query BenchLessons { lessons(first: 20) { edges { node { title vocabulary { term } progress { status } } } } }',
  completeLesson: 'mutation BenchComplete($lessonId: ID!, $score: Int) { completeLesson(lessonId: $lessonId, score: $score) { status score } }',
  lessonIds: '{ lessons(first: 100) { edges { node { id } } } }',
  registerUser: 'mutation BenchRegister($input: RegisterUserInput!) { registerUser(input: $input) { id } }',
};

const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });

/** Rotates over `items`; strings are built once, so the generator costs the load process almost nothing. */
function rotation(items: BenchRequest[]): () => BenchRequest {
  let i = 0;
  return () => items[i++ % items.length]!;
}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function scenarios(f: Fixtures): Scenario[] {
  return [
    {
      id: 'a',
      name: 'userProfile(id), one hop',
      // Learner k asks for user (k + 1): ids and tokens both rotate.
      requests: () => rotation(f.userIds.map((id, k) => ({ body: body(QUERIES.userProfile, { id }), headers: { authorization: f.authorizations[(k + 1) % f.authorizations.length]! } }))),
      verify: (data) => expect((data.userProfile as { id?: string } | null)?.id, `userProfile returned ${JSON.stringify(data)}`),
    },
    {
      id: 'b',
      name: 'lessons(first: 20) + vocabulary + progress',
      requests: () => rotation(f.authorizations.map((authorization) => ({ body: body(QUERIES.lessons), headers: { authorization } }))),
      verify: (data) => {
        const edges = (data.lessons as { edges: { node: { vocabulary?: unknown[]; progress?: { status?: string } } }[] }).edges;
        expect(edges.length === 20, `lessons returned ${edges.length} edges`);
        expect(edges.every((e) => Array.isArray(e.node.vocabulary) && e.node.progress?.status), 'a lesson lacks vocabulary or progress');
      },
    },
    {
      id: 'c',
      name: 'completeLesson, a write',
      // Learner k, lesson (k * 7 + round) rotate independently, so every pair comes up; scores vary.
      requests: () => {
        const items: BenchRequest[] = [];
        const n = f.authorizations.length * f.lessonIds.length;
        for (let i = 0; i < Math.min(n, 2000); i++) {
          const learner = i % f.authorizations.length;
          const lessonId = f.lessonIds[(i * 7 + Math.floor(i / f.authorizations.length)) % f.lessonIds.length]!;
          items.push({ body: body(QUERIES.completeLesson, { lessonId, score: 50 + (i % 51) }), headers: { authorization: f.authorizations[learner]! } });
        }
        return rotation(items);
      },
      verify: (data) => expect((data.completeLesson as { status?: string } | null)?.status === 'COMPLETED', `completeLesson returned ${JSON.stringify(data)}`),
    },
  ];
}

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { kafkaRequests?: Record<string, number> };
}

export async function postGraphQL(url: string, request: BenchRequest): Promise<GraphQLResponse> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...request.headers }, body: request.body });
  const text = await res.text();
  try {
    return JSON.parse(text) as GraphQLResponse;
  } catch {
    throw new Error(`HTTP ${res.status} from ${url}: ${text.slice(0, 300)}`);
  }
}

/** Sends each scenario's first request once and checks the answer: a broken system fails here, not in a table. */
export async function smokeTest(url: string, list: readonly Scenario[]): Promise<void> {
  for (const s of list) {
    const response = await postGraphQL(url, s.requests()());
    if (response.errors?.length || !response.data) throw new Error(`scenario ${s.id} (${s.name}) failed on ${url}: ${JSON.stringify(response.errors ?? response)}`);
    s.verify(response.data);
  }
}

export const graphqlBody = body;
