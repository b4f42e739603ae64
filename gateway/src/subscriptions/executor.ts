import { executeQueryPlan, type GraphQLDataSource } from '@apollo/gateway';
import type { Logger } from '@puchi/kafka';
import { execute, parse, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Schema } from '@apollo/federation-internals';
import type { GatewayContext } from '../context';
import type { PlannedSubscription } from './planner';

/**
 * Executes a planned subscription for one event. The owner's data source is replaced for this execution by
 * one that runs the primary fetch against the owner's own schema with the event as the root value, so the
 * owner's resolvers shape it; every other fetch goes to the real data sources through the query plan.
 */
export class EventExecutor {
  private readonly parsed = new Map<string, DocumentNode>();

  constructor(
    private readonly deps: {
      dataSources: Map<string, GraphQLDataSource>;
      schemas: Map<string, GraphQLSchema>;
      supergraphSchema: GraphQLSchema;
      apiSchema: Schema;
      logger: Logger;
    },
  ) {}

  async execute(planned: PlannedSubscription, root: unknown, context: GatewayContext, variables: Record<string, unknown>): Promise<ExecutionResult> {
    const ownerSchema = this.deps.schemas.get(planned.owner);
    if (!ownerSchema) throw new Error(`no in-process schema for subgraph "${planned.owner}"`);
    const primary: GraphQLDataSource = {
      process: async ({ request, context: ctx }) => {
        const source = request.query ?? '';
        let document = this.parsed.get(source);
        if (!document) this.parsed.set(source, (document = parse(source)));
        const result = await execute({
          schema: ownerSchema,
          document,
          rootValue: { [planned.fieldName]: root },
          variableValues: request.variables,
          contextValue: ctx,
        });
        return result as Awaited<ReturnType<GraphQLDataSource['process']>>;
      },
    };
    const serviceMap = Object.fromEntries([...this.deps.dataSources, [planned.owner, primary]]);
    const requestContext = { request: { variables }, context, logger: this.deps.logger, metrics: {}, cache: undefined, overallCachePolicy: undefined };
    const result = await executeQueryPlan(
      planned.plan,
      serviceMap,
      requestContext as unknown as Parameters<typeof executeQueryPlan>[2],
      planned.operationContext,
      this.deps.supergraphSchema,
      this.deps.apiSchema,
    );
    return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors } : {}) } as ExecutionResult;
  }
}
