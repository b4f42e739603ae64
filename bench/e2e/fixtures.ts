import { signDevToken, loadConfig } from '@puchi/gateway';
import { graphqlBody, postGraphQL, QUERIES, type Fixtures } from './scenarios';

/** Signs a learner token for each of `userIds` and lists the lessons the gateway at `url` serves. */
export async function fixturesFor(url: string, userIds: string[]): Promise<Fixtures> {
  const auth = loadConfig(process.env).auth;
  const authorizations = await Promise.all(userIds.map(async (id) => `Bearer ${await signDevToken(auth, id, ['learner'])}`));
  const lessons = await postGraphQL(url, { body: graphqlBody(QUERIES.lessonIds), headers: { authorization: authorizations[0]! } });
  const lessonIds = ((lessons.data?.lessons as { edges: { node: { id: string } }[] } | undefined)?.edges ?? []).map((e) => e.node.id);
  if (lessonIds.length === 0) throw new Error(`no lessons: ${JSON.stringify(lessons.errors)}`);
  return { userIds, authorizations, lessonIds };
}
