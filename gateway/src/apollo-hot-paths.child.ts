/**
 * Run by apollo-hot-paths.test.ts in its own Node process (Jest's module registry has no `require.cache`): a real
 * Apollo gateway over two in-process subgraphs, with the hot paths replaced, answering operations whose results
 * depend on variables. Prints one JSON line: the answers and `hotPaths`.
 */
// First: before any Apollo package loads.
import { hotPaths } from './apollo-hot-paths';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const lessons = [
  { id: 'l1', title: 'Greetings', level: 1 },
  { id: 'l2', title: 'Numbers', level: 2 },
];
const subgraphs = {
  catalog: buildSubgraphSchema([{
    typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Query { lessons(first: Int): [Lesson!]! }
      type Lesson @key(fields: "id") { id: ID! title: String! }`),
    resolvers: { Query: { lessons: (_: unknown, { first }: { first?: number }) => lessons.slice(0, first ?? lessons.length).map(({ id, title }) => ({ id, title })) } },
  }]),
  levels: buildSubgraphSchema([{
    typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Lesson @key(fields: "id") { id: ID! level: Int! }`),
    resolvers: { Lesson: { __resolveReference: ({ id }: { id: string }) => ({ id, level: lessons.find((l) => l.id === id)!.level }) } },
  }]),
};

async function main(): Promise<void> {
  const composed = composeServices(Object.entries(subgraphs).map(([name, schema]) => ({ name, url: `local://${name}`, typeDefs: parse(printSubgraphSchema(schema)) })));
  if (!composed.supergraphSdl) throw new Error(`composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
  const gateway = new ApolloGateway({ supergraphSdl: composed.supergraphSdl, buildService: ({ name }) => new LocalGraphQLDataSource(subgraphs[name as keyof typeof subgraphs]) });
  const server = new ApolloServer({ gateway });
  await server.start();
  const ask = async (query: string, variables: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables });
    return response.body.kind === 'single' ? response.body.singleResult : 'incremental';
  };
  const withLevel = 'query Q($withLevel: Boolean!, $first: Int) { lessons(first: $first) { title level @include(if: $withLevel) } }';
  const answers = [
    await ask(withLevel, { withLevel: true, first: 2 }),
    await ask(withLevel, { withLevel: false, first: 1 }),
    await ask(withLevel, { withLevel: true, first: 1 }),
    await ask('{ lessons { id } }', {}),
  ];
  await server.stop();
  console.log(JSON.stringify({ answers, hotPaths }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
