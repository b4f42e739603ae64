import type { ValidationRule } from 'graphql';
import { maxAliasesRule } from './aliases';
import { maxDepthRule } from './depth';
import { maxDirectivesRule } from './directives';
import { maxRootFieldsRule } from './root-fields';

export * from './codes';
export * from './selections';
export * from './depth';
export * from './aliases';
export * from './root-fields';
export * from './directives';
export * from './cost';
export * from './cost-plugin';
export * from './operation-resolution';
export * from './tokens';
export * from './batching';
export * from './rate-limit';
export * from './persisted-operations';
export * from './format-error';
export { armorMeasured } from './armor';

/** What every operation must stay within, whatever the transport (HTTP now, WebSocket later). */
export interface OperationLimits {
  /** Field nesting (`MAX_DEPTH`). Default 10: graphql-armor's range is 6 to 10, and a connection adds two levels (`edges { node }`). */
  maxDepth: number;
  /** Aliased fields (`MAX_ALIASES`). Default 15, graphql-armor's. */
  maxAliases: number;
  /** Root fields (`MAX_ROOT_FIELDS`). Default 20, Apollo Router's `max_root_fields` idea with room for a page's queries. */
  maxRootFields: number;
  /** Static cost (`MAX_COST`). Default 5000, graphql-armor's. */
  maxCost: number;
  /** Items assumed for a list without `first` (`COST_LIST_SIZE`). Default 10. */
  costListSize: number;
  /** Parser tokens (`MAX_TOKENS`). Default 1000, graphql-armor's (Apollo Router: 15000); full introspection is under 500. */
  maxTokens: number;
  /** Directives (`MAX_DIRECTIVES`). Default 50, graphql-armor's. */
  maxDirectives: number;
  /** Request body bytes (`MAX_BODY_BYTES`). Default 2 MB, Apollo Router's `http_max_request_bytes`. */
  maxBodyBytes: number;
  /** HTTP batching (`ALLOW_BATCHED_HTTP_REQUESTS`). Default off, as Apollo Server. */
  batching: boolean;
  /** Operations per batch when batching is on (`MAX_BATCH_SIZE`). Default 10. */
  maxBatchSize: number;
}

export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxRootFields: 20,
  maxCost: 5000,
  costListSize: 10,
  maxTokens: 1000,
  maxDirectives: 50,
  maxBodyBytes: 2 * 1024 * 1024,
  batching: false,
  maxBatchSize: 10,
};

/** The document-only limits as graphql-js validation rules (cost needs the variables: `costLimitPlugin`). */
export function limitValidationRules(limits: OperationLimits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases), maxRootFieldsRule(limits.maxRootFields), maxDirectivesRule(limits.maxDirectives)];
}
