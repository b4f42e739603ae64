import { signDevToken, loadConfig } from '@puchi/gateway';
import { graphqlBody, postGraphQL, QUERIES, SEEDED_LEARNERS, type Fixtures } from './scenarios';

/** Signs a learner token for each of `userIds` and lists the lessons the gateway at `url` serves. */
export async function fixturesFor(url: string, userIds: string[]): Promise<Fixtures> {
  const auth = loadConfig(process.env).auth;
  const authorizations = await Promise.all(userIds.map(async (id) => `Bearer ${await signDevToken(auth, id, ['learner'])}`));
  const lessons = await postGraphQL(url, { body: graphqlBody(QUERIES.lessonIds), headers: { authorization: authorizations[0]! } });
  const lessonIds = ((lessons.data?.lessons as { edges: { node: { id: string } }[] } | undefined)?.edges ?? []).map((e) => e.node.id);
  if (lessonIds.length === 0) throw new Error(`no lessons: ${JSON.stringify(lessons.errors)}`);
  return { userIds, authorizations, lessonIds };
}

/**
 * The seeded learners and `extra` more, registered through the gateway at `url` (emails made unique by `tag`).
 * Enough learners matter for writes: a service runs one learner's writes one after the other (one writer per key),
 * so 32 connections over the 5 seeded learners measure that queue, not the system.
 */
export async function fixturesWithLearners(url: string, extra: number, tag: string): Promise<Fixtures> {
  const registered: string[] = [];
  for (let k = 0; k < extra; k++) {
    const input = { displayName: `Bench ${k}`, email: `bench-${tag.toLowerCase()}-${k}@example.com`, nativeLanguage: 'en', targetLanguage: 'es' };
    const res = await postGraphQL(url, { body: graphqlBody(QUERIES.registerUser, { input }), headers: {} });
    const id = (res.data?.registerUser as { id?: string } | undefined)?.id;
    if (!id) throw new Error(`registerUser failed: ${JSON.stringify(res.errors)}`);
    registered.push(id);
  }
  return fixturesFor(url, [...SEEDED_LEARNERS, ...registered]);
}
