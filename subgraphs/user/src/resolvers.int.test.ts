import { randomUUID } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { Identity } from '@puchi/kafka';
import { startTestDomain, toGraphQLError, type TestDomain } from '@puchi/subgraph-kit';
import { graphql } from 'graphql';
import { userDomain } from './index';
import { userService } from './service';

const schema = buildSubgraphSchema([{ typeDefs: userDomain.subgraph().typeDefs, resolvers: userDomain.subgraph().resolvers }]);
const ana: Identity = { userId: 'learner-ana', roles: ['learner'] };
const ben: Identity = { userId: 'learner-ben', roles: ['learner'] };

let user: TestDomain;
beforeAll(async () => {
  user = await startTestDomain(userService);
});
afterAll(() => user.close());

async function run(source: string, identity?: Identity, variableValues?: Record<string, unknown>) {
  const contextValue = user.context(identity);
  const result = await graphql({ schema, source, contextValue, variableValues });
  // Resolvers throw the kit's DomainErrors; the gateway turns them into coded errors as toGraphQLError does.
  const codes = result.errors?.map((e) => (e.originalError ? toGraphQLError(e.originalError, 'user') : e).extensions.code);
  return { ...result, codes, requestCounts: contextValue.requestCounts };
}

describe('user resolvers', () => {
  it('me: the signed-in user with their email, null when anonymous', async () => {
    expect((await run('{ me { id displayName email } }', ana)).data).toEqual({ me: { id: 'learner-ana', displayName: 'Ana Lima', email: 'ana.lima@example.com' } });
    const anonymous = await run('{ me { id } }');
    expect(anonymous.data).toEqual({ me: null });
    expect(anonymous.errors).toBeUndefined();
  });

  it('userProfile: public profile with the email masked for others, BAD_USER_INPUT for a malformed id', async () => {
    expect((await run('{ userProfile(id: "learner-ana") { displayName email level } }', ben)).data).toEqual({
      userProfile: { displayName: 'Ana Lima', email: 'a***@example.com', level: 'A1' },
    });
    expect((await run('{ userProfile(id: "nobody-here") { id } }')).data).toEqual({ userProfile: null });
    const bad = await run('{ userProfile(id: "Not An Id!") { id } }');
    expect(bad.codes).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.message).toMatch(/^id: /);
  });

  it('resolves many User references with one Kafka request per partition (each to the instance owning its users)', async () => {
    const ids = ['learner-ana', 'learner-ben', 'learner-chen', 'learner-dara', 'learner-eli'];
    const partitions = new Set(await Promise.all(ids.map((id) => user.client.partitionOf('get-user-profile', id))));
    expect(partitions.size).toBeGreaterThan(1); // so the grouping is exercised
    const representations = ids.map((id) => ({ __typename: 'User', id }));
    const result = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }', ben, { r: representations });
    const entities = (result.data as { _entities: { id: string; email: string }[] })._entities;
    expect(entities.map((e) => e.email)).toEqual(['a***@example.com', 'ben.carter@example.com', 'c***@example.com', 'd***@example.com', 'e***@example.com']);
    expect(result.requestCounts.get('get-user-profile')).toBe(partitions.size);
  });

  it('registers without identity and updates only as the signed-in user', async () => {
    const email = `gql-${randomUUID().slice(0, 8)}@example.com`;
    const registered = await run(
      'mutation($i: RegisterUserInput!) { registerUser(input: $i) { id email level } }',
      undefined,
      { i: { displayName: 'Gia', email, nativeLanguage: 'it', targetLanguage: 'fr' } },
    );
    const created = (registered.data as { registerUser: { id: string; email: string; level: string } }).registerUser;
    expect(created).toMatchObject({ email: 'g***@example.com', level: 'A1' }); // anonymous caller: masked even here

    const update = 'mutation { updateProfile(input: { level: A2 }) { id email level } }';
    expect((await run(update)).codes).toEqual(['UNAUTHENTICATED']);
    expect((await run(update, { userId: created.id, roles: ['learner'] })).data).toEqual({ updateProfile: { id: created.id, email, level: 'A2' } });
    expect((await run('mutation { registerUser(input: { displayName: "Gia", email: "' + email + '", nativeLanguage: "it", targetLanguage: "fr" }) { id } }')).errors?.[0]?.message).toBe(
      'email: is already registered',
    );
  });
});
