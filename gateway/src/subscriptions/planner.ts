import { buildOperationContext } from '@apollo/gateway';

type OperationContext = ReturnType<typeof buildOperationContext>;
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { GraphQLError, Kind, print, specifiedRules, validate, type DocumentNode, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { GATEWAY_CODES } from '../errors';
import { assertCost, limitValidationRules, operationCost, type OperationLimits } from '../limits';
import { LruCache } from '../lru';

/**
 * Plans kept by default (`SUBSCRIPTION_PLAN_CACHE_SIZE`). A plan with its key takes 5 to 15 KB (9 KB for
 * `progressUpdated` with fields of three subgraphs), so 5 to 15 MB; real clients send a few dozen documents.
 */
export const DEFAULT_PLAN_CACHE_SIZE = 1000;

/** A subscription operation that passed validation and the limits, not planned yet: what authorization needs. */
export interface CheckedSubscription {
  /** The root field, e.g. `progressUpdated`; its source lives in the owning subgraph module. */
  fieldName: string;
  /** The subgraph that owns the field and answers the primary fetch from the event. */
  owner: string;
  /** The root field's arguments, with variables applied. */
  args: Record<string, unknown>;
  document: DocumentNode;
  operationName: string | undefined;
}

/** A subscription operation, planned once and executed per event. */
export interface PlannedSubscription extends CheckedSubscription {
  /**
   * The document as graphql-js prints it: the same for every text that parses to the same document (whitespace,
   * commas, comments, string escapes), so such texts share one plan and one hub group.
   */
  normalized: string;
  /** The primary fetch followed by the fetches of other subgraphs' fields. */
  plan: QueryPlan;
  primary: FetchNode;
  operationContext: OperationContext;
}

/**
 * Plans subscriptions over the supergraph with Apollo's query planner (@apollo/gateway executes only queries
 * and mutations): `Subscription { Primary: Fetch(owner), Rest: … }` becomes one plan whose primary fetch the
 * owner answers from the event. Plans are cached per document; variables only change the arguments.
 *
 * Two steps, so that a caller who may not subscribe costs no plan and no cache entry: `check` validates and
 * finds the field, its owner and its arguments (what the field's `authorize` needs); `plan`, called once the
 * subscription is authorized, plans it or takes the plan from a bounded LRU cache.
 */
export class SubscriptionPlanner {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  readonly api: Schema;
  private readonly planner: QueryPlanner;
  /**
   * Keyed by operation name and normalized document. Bounded because the documents are the clients': 5,000
   * distinct ones held 23 MB and cost 8 s of planning when every document stayed.
   */
  private readonly cache: LruCache<string, { plan: QueryPlan; primary: FetchNode }>;
  /** Subscription field → the subgraph that defines it, read from the supergraph (no plan needed). */
  private readonly owners = new Map<string, string>();

  constructor(
    supergraphSdl: string,
    /** The same limits as HTTP operations (depth, aliases, root fields, directives, cost). */
    private readonly limits?: OperationLimits,
    /** Plans kept at most, least recently used forgotten first. Default `DEFAULT_PLAN_CACHE_SIZE` (1000). */
    planCacheSize = DEFAULT_PLAN_CACHE_SIZE,
  ) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.api = supergraph.apiSchema();
    this.apiSchema = this.api.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
    this.cache = new LruCache(planCacheSize);
    for (const subgraph of supergraph.subgraphs().values()) {
      for (const field of subgraph.schema.schemaDefinition.rootType('subscription')?.fields() ?? []) {
        if (!this.owners.has(field.name)) this.owners.set(field.name, subgraph.name);
      }
    }
  }

  /** Plans in the cache (tests read it). */
  get cachedPlans(): number {
    return this.cache.size;
  }

  /**
   * Validation errors, or the subscription's field, owner and arguments: everything but the plan. Neither plans
   * nor touches the cache. Throws nothing for bad input.
   */
  check(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): CheckedSubscription | readonly GraphQLError[] {
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
    const owner = this.owners.get(field.name.value);
    if (!owner) return [new GraphQLError(`no subgraph defines Subscription.${field.name.value}`, { extensions: { code: GATEWAY_CODES.internal } })];

    // Variables are coerced as graphql-js execution would (an object for an ID! is refused here, not later).
    const coerced = getVariableValues(this.apiSchema, operation.variableDefinitions ?? [], variables, { maxErrors: 5 });
    if (coerced.errors) return coerced.errors.map((e) => new GraphQLError(e.message, { extensions: { code: GATEWAY_CODES.badUserInput } }));
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(fieldDef, field, coerced.coerced);
    } catch (error) {
      return [error instanceof GraphQLError ? new GraphQLError(error.message, { extensions: { code: GATEWAY_CODES.badUserInput } }) : new GraphQLError(String(error))];
    }

    return { fieldName: field.name.value, owner, args, document, operationName };
  }

  /**
   * The plan of a checked subscription, from the cache or planned now and cached. Call it only once the
   * subscription is authorized: the cache is filled here, never by `check`.
   */
  plan(checked: CheckedSubscription): PlannedSubscription | readonly GraphQLError[] {
    const { document, operationName } = checked;
    // print(), not the raw text and not stripIgnoredCharacters(): the plan depends on the document only, print is a
    // function of the document (texts differing in whitespace, commas, comments or string escapes print the same),
    // and it reads the tree already parsed under the token limit instead of lexing the text a second time.
    const normalized = print(document);
    const key = `${operationName ?? ''}\n${normalized}`;
    let planned = this.cache.get(key);
    if (!planned) {
      const queryPlan = this.planner.buildQueryPlan(operationFromDocument(this.api, document, { operationName }));
      const node = queryPlan.node;
      if (node?.kind !== 'Subscription') return [new GraphQLError('the planner did not plan a subscription', { extensions: { code: GATEWAY_CODES.internal } })];
      // Authorization asked the owner found by `check`; the events must come from the same subgraph.
      if (node.primary.serviceName !== checked.owner) {
        return [new GraphQLError(`Subscription.${checked.fieldName} was planned on ${node.primary.serviceName}, not ${checked.owner}`, { extensions: { code: GATEWAY_CODES.internal } })];
      }
      const root: PlanNode = node.rest ? { kind: 'Sequence', nodes: [node.primary, node.rest] } : node.primary;
      planned = { plan: { kind: 'QueryPlan', node: root }, primary: node.primary };
      this.cache.set(key, planned);
    }
    return {
      ...checked,
      normalized,
      plan: planned.plan,
      primary: planned.primary,
      operationContext: buildOperationContext({ schema: this.apiSchema, operationDocument: document, operationName }),
    };
  }
}
