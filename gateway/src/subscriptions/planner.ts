import { buildOperationContext } from '@apollo/gateway';

type OperationContext = ReturnType<typeof buildOperationContext>;
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { GraphQLError, Kind, specifiedRules, validate, type DocumentNode, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { GATEWAY_CODES } from '../errors';
import { assertCost, limitValidationRules, operationCost, type OperationLimits } from '../limits';

/** A subscription operation, planned once and executed per event. */
export interface PlannedSubscription {
  /** The root field, e.g. `progressUpdated`; its source lives in the owning subgraph module. */
  fieldName: string;
  /** The subgraph that owns the field and answers the primary fetch from the event. */
  owner: string;
  /** The root field's arguments, with variables applied. */
  args: Record<string, unknown>;
  /** The primary fetch followed by the fetches of other subgraphs' fields. */
  plan: QueryPlan;
  primary: FetchNode;
  operationContext: OperationContext;
}

/**
 * Plans subscriptions over the supergraph with Apollo's query planner (@apollo/gateway executes only queries
 * and mutations): `Subscription { Primary: Fetch(owner), Rest: … }` becomes one plan whose primary fetch the
 * owner answers from the event. Plans are cached per document; variables only change the arguments.
 */
export class SubscriptionPlanner {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  readonly api: Schema;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, { plan: QueryPlan; primary: FetchNode }>();

  constructor(
    supergraphSdl: string,
    /** The same limits as HTTP operations (depth, aliases, root fields, directives, cost). */
    private readonly limits?: OperationLimits,
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.api = supergraph.apiSchema();
    this.apiSchema = this.api.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  /** Validation errors, or the planned subscription. Throws nothing for bad input. */
  plan(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, cacheKey: string): PlannedSubscription | readonly GraphQLError[] {
    const rules = this.limits ? [...specifiedRules, ...limitValidationRules(this.limits)] : specifiedRules;
    const errors = validate(this.apiSchema, document, rules);
    // Limit rules carry their own code; the rest are plain GraphQL validation failures, as over HTTP.
    if (errors.length > 0) return errors.map((e) => (e.extensions?.code ? e : new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: GATEWAY_CODES.validationFailed } })));
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
    if (!operation) return [new GraphQLError(operationName ? `no operation named "${operationName}"` : 'name the operation to run', { extensions: { code: GATEWAY_CODES.badUserInput } })];
    if (operation.operation !== 'subscription') {
      return [new GraphQLError('only subscriptions run over WebSocket; send queries and mutations over HTTP', { extensions: { code: GATEWAY_CODES.badUserInput } })];
    }
    if (this.limits) {
      try {
        assertCost(operationCost(this.apiSchema, document, operation, variables, { defaultListSize: this.limits.costListSize }), this.limits.maxCost);
      } catch (error) {
        return [error as GraphQLError];
      }
    }
    const field = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
    const fieldDef = field && this.apiSchema.getSubscriptionType()?.getFields()[field.name.value];
    if (!field || !fieldDef) return [new GraphQLError('a subscription selects one field of Subscription', { extensions: { code: GATEWAY_CODES.badUserInput } })];

    // Variables are coerced as graphql-js execution would (an object for an ID! is refused here, not later).
    const coerced = getVariableValues(this.apiSchema, operation.variableDefinitions ?? [], variables, { maxErrors: 5 });
    if (coerced.errors) return coerced.errors.map((e) => new GraphQLError(e.message, { extensions: { code: GATEWAY_CODES.badUserInput } }));
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(fieldDef, field, coerced.coerced);
    } catch (error) {
      return [error instanceof GraphQLError ? new GraphQLError(error.message, { extensions: { code: GATEWAY_CODES.badUserInput } }) : new GraphQLError(String(error))];
    }

    const key = `${operationName ?? ''}\n${cacheKey}`;
    let planned = this.cache.get(key);
    if (!planned) {
      const queryPlan = this.planner.buildQueryPlan(operationFromDocument(this.api, document, { operationName }));
      const node = queryPlan.node;
      if (node?.kind !== 'Subscription') return [new GraphQLError('the planner did not plan a subscription', { extensions: { code: GATEWAY_CODES.internal } })];
      const root: PlanNode = node.rest ? { kind: 'Sequence', nodes: [node.primary, node.rest] } : node.primary;
      planned = { plan: { kind: 'QueryPlan', node: root }, primary: node.primary };
      this.cache.set(key, planned);
    }
    return {
      fieldName: field.name.value,
      owner: planned.primary.serviceName,
      args,
      plan: planned.plan,
      primary: planned.primary,
      operationContext: buildOperationContext({ schema: this.apiSchema, operationDocument: document, operationName }),
    };
  }
}
