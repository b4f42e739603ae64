// First: it must run before any Apollo package loads (see the module).
import './apollo-hot-paths';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { bodyHash, IDENTITY_HEADER, traceIdOf, type Identity, type IdentitySigner } from '@puchi/kafka';
import { loadSupergraphSdl } from '@puchi/schema';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;
import { IDEMPOTENCY_KEY_HEADER, type GatewayContext } from './context';

/** Carries the claims from `willSendRequest` (which knows the context) to the fetch (which knows the body); never sent. */
const CLAIMS_HEADER = 'x-puchi-unsigned-claims';

interface PendingClaims {
  audience: string;
  expiresAt: number;
  identity?: Identity;
  traceId?: string;
}

/**
 * Sends a fetch to a standalone subgraph server signed by this gateway: an identity token (`x-puchi-identity`)
 * for the subgraph's domain, valid until the request's deadline, over the SHA-256 of the exact body, naming the
 * caller when signed in. The server answers nothing else, so whoever reaches its port cannot query it around the
 * gateway's authentication and limits. The client's own Authorization header is not passed on: the token says it all.
 */
class SigningDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly audience: string,
    signer: IdentitySigner,
  ) {
    super({ url });
    const send = this.fetcher;
    // Signed at the last step: Apollo builds the body (and its key order) inside a private method.
    this.fetcher = (target, init = {}) => {
      const headers = { ...(init.headers as Record<string, string> | undefined) };
      const pending = headers[CLAIMS_HEADER];
      delete headers[CLAIMS_HEADER];
      if (pending) {
        const claims = JSON.parse(pending) as PendingClaims;
        headers[IDENTITY_HEADER] = signer.sign({ ...claims, bodyHash: bodyHash(typeof init.body === 'string' ? init.body : '') });
      }
      return send(target, { ...init, headers });
    };
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('deadline' in context)) return;
    const claims: PendingClaims = { audience: this.audience, expiresAt: context.deadline, identity: context.identity, traceId: traceIdOf(context.traceparent) };
    request.http?.headers.set(CLAIMS_HEADER, JSON.stringify(claims));
    request.http?.headers.set('traceparent', context.traceparent);
    if (context.idempotencyKey) request.http?.headers.set(IDEMPOTENCY_KEY_HEADER, context.idempotencyKey);
  }
}

/** How one planned fetch runs: graphql-js's `execute` on its parsed document, or the function graphql-jit compiled from it. */
type Runner = (variables: Record<string, unknown> | undefined, context: unknown) => Promise<ExecutionResult> | ExecutionResult;

/**
 * An in-process subgraph that parses and validates each fetch's query text once, and with `jit` compiles it
 * (graphql-jit) into a function that resolves that one selection. The gateway sends the same few planned fetches
 * over and over; Apollo's LocalGraphQLDataSource re-parses and re-validates every one (the top cost in the
 * gateway's profile, bench/README.md). The cache is bounded by the distinct plans.
 */
export class CachedLocalDataSource<TContext extends Record<string, unknown>> implements GraphQLDataSource<TContext> {
  private readonly documents = new Map<string, Runner | readonly GraphQLError[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: { jit?: boolean; maxEntries?: number } = {},
  ) {}

  private runner(document: DocumentNode, operationName: string | undefined): Runner {
    if (this.options.jit) {
      const compiled = compileQuery(this.schema, document, operationName);
      if (isCompiledQuery(compiled)) return (variables, context) => compiled.query(undefined, context, variables);
    }
    return (variableValues, contextValue) => execute({ schema: this.schema, document, variableValues, operationName, contextValue });
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<TContext>): Promise<GatewayGraphQLResponse> {
    const source = request.query ?? '';
    const cacheKey = request.operationName ? `${request.operationName}\0${source}` : source;
    let run = this.documents.get(cacheKey);
    if (!run) {
      try {
        const parsed = parse(source);
        const errors = validate(this.schema, parsed);
        run = errors.length > 0 ? errors : this.runner(parsed, request.operationName);
      } catch (error) {
        run = [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
      }
      if (this.documents.size >= (this.options.maxEntries ?? 1000)) this.documents.clear();
      this.documents.set(cacheKey, run);
    }
    if (typeof run !== 'function') return { errors: run as GraphQLError[] } as GatewayGraphQLResponse;
    return (await run(request.variables, context)) as GatewayGraphQLResponse;
  }
}

/** Every subgraph's data source (in-process, or HTTP when `urls` names one) and each module's own schema. */
export interface Subgraphs {
  dataSources: Map<string, GraphQLDataSource>;
  /** The in-process schema of every module: subscription events are executed against their owner's. */
  schemas: Map<string, GraphQLSchema>;
  modules: Map<string, SubgraphModule>;
}

/** `signer` signs the fetches to the subgraphs `urls` names (required when it names any). */
export function buildSubgraphs(modules: readonly SubgraphModule[], urls: Partial<Record<string, string>> = {}, signer?: IdentitySigner, options: { jit?: boolean } = {}): Subgraphs {
  const subgraphs: Subgraphs = { dataSources: new Map(), schemas: new Map(), modules: new Map() };
  for (const module of modules) {
    const schema = buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers }]);
    const url = urls[module.name];
    subgraphs.schemas.set(module.name, schema);
    subgraphs.modules.set(module.name, module);
    if (url && !signer) throw new Error(`subgraph "${module.name}" is remote (${url}) but the gateway has no identity signing key to sign its fetches`);
    subgraphs.dataSources.set(module.name, url ? new SigningDataSource(url, module.name, signer!) : new CachedLocalDataSource(schema, { jit: options.jit }));
  }
  return subgraphs;
}

/** The Apollo gateway over the committed supergraph (schema/supergraph.graphql, checked fresh by CI). */
export function createApolloGateway(subgraphs: Subgraphs, supergraphSdl = loadSupergraphSdl()): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const dataSource = subgraphs.dataSources.get(name);
      if (!dataSource) throw new Error(`the supergraph names subgraph "${name}" but no module provides it; add it to gateway/src/modules.ts`);
      return dataSource;
    },
  });
}
