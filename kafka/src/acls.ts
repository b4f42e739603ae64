import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry, type Admin } from 'kafkajs';

/** What an ACL is on. `cluster` has one name, `kafka-cluster`. */
export type AclResource = 'topic' | 'group' | 'cluster';
/** `literal`: the resource of exactly this name; `prefixed`: every resource whose name starts with it. */
export type AclPattern = 'literal' | 'prefixed';
/**
 * Kafka's operations, as its docs name them. READ and WRITE each imply DESCRIBE on the same resource, so a grant
 * that reads or writes a topic never needs DESCRIBE too.
 */
export type AclOperation = 'read' | 'write' | 'create' | 'delete' | 'alter' | 'describe' | 'describe-configs' | 'alter-configs' | 'idempotent-write';

export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';

/** Some operations on one resource (or every resource of a prefix), allowed from any host. */
export interface AclGrant {
  resource: AclResource;
  name: string;
  pattern: AclPattern;
  operations: readonly AclOperation[];
}

/** Everything one SASL user may do; anything not granted is refused (the authorizer denies by default). */
export interface PrincipalAcls {
  /** The SASL username; the broker's principal is `User:<user>`. */
  user: string;
  grants: readonly AclGrant[];
}

/** One ALLOW rule as the broker stores it: one principal, one operation, one resource pattern. */
export interface AclBinding {
  principal: string;
  resource: AclResource;
  name: string;
  pattern: AclPattern;
  operation: AclOperation;
}

export interface AclReport {
  created: AclBinding[];
  /** Rules of a declared user that the declaration no longer grants. */
  deleted: AclBinding[];
  unchanged: number;
}

const RESOURCES: Record<AclResource, AclResourceTypes> = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP, cluster: AclResourceTypes.CLUSTER };
const PATTERNS: Record<AclPattern, ResourcePatternTypes> = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED };
const OPERATIONS: Record<AclOperation, AclOperationTypes> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  create: AclOperationTypes.CREATE,
  delete: AclOperationTypes.DELETE,
  alter: AclOperationTypes.ALTER,
  describe: AclOperationTypes.DESCRIBE,
  'describe-configs': AclOperationTypes.DESCRIBE_CONFIGS,
  'alter-configs': AclOperationTypes.ALTER_CONFIGS,
  'idempotent-write': AclOperationTypes.IDEMPOTENT_WRITE,
};

const nameOf = <K extends string, V>(table: Record<K, V>, value: V): K | undefined => (Object.keys(table) as K[]).find((k) => table[k] === value);

export function principalOf(user: string): string {
  return `User:${user}`;
}

const key = (b: AclBinding) => [b.principal, b.resource, b.pattern, b.name, b.operation].join('\u0000');

/** The declaration as the broker's rules, one per operation, without duplicates (two grants may overlap). */
export function aclBindings(declaration: readonly PrincipalAcls[]): AclBinding[] {
  const bindings = new Map<string, AclBinding>();
  for (const { user, grants } of declaration) {
    for (const grant of grants) {
      for (const operation of grant.operations) {
        const binding: AclBinding = { principal: principalOf(user), resource: grant.resource, name: grant.name, pattern: grant.pattern, operation };
        bindings.set(key(binding), binding);
      }
    }
  }
  return [...bindings.values()];
}

function toEntry(b: AclBinding): AclEntry {
  return {
    resourceType: RESOURCES[b.resource],
    resourceName: b.name,
    resourcePatternType: PATTERNS[b.pattern],
    principal: b.principal,
    host: '*',
    operation: OPERATIONS[b.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/** The ALLOW rules from any host the broker holds for `principal`; rules of other shapes are not ours and are left out. */
async function describeAllowed(admin: Admin, principal: string): Promise<AclBinding[]> {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ALLOW,
  });
  const found: AclBinding[] = [];
  for (const r of resources) {
    const resource = nameOf(RESOURCES, r.resourceType);
    const pattern = nameOf(PATTERNS, r.resourcePatternType);
    for (const acl of r.acls) {
      const operation = nameOf(OPERATIONS, acl.operation);
      if (resource && pattern && operation && acl.host === '*') found.push({ principal, resource, name: r.resourceName, pattern, operation });
    }
  }
  return found;
}

/**
 * Makes the broker's ALLOW rules of every declared user exactly the declaration: creates what is missing and
 * deletes what it no longer grants (a rule left from an older declaration would keep a permission nobody
 * means to give). Users the declaration does not name, and DENY rules, are left alone. Needs a client whose
 * principal may alter ACLs (a super user).
 */
export async function applyAcls(admin: Admin, declaration: readonly PrincipalAcls[]): Promise<AclReport> {
  const wanted = aclBindings(declaration);
  const wantedKeys = new Set(wanted.map(key));
  const principals = [...new Set(wanted.map((b) => b.principal)), ...declaration.filter((p) => p.grants.length === 0).map((p) => principalOf(p.user))];
  const existing = (await Promise.all(principals.map((p) => describeAllowed(admin, p)))).flat();
  const existingKeys = new Set(existing.map(key));
  const created = wanted.filter((b) => !existingKeys.has(key(b)));
  const deleted = existing.filter((b) => !wantedKeys.has(key(b)));
  if (created.length > 0) await admin.createAcls({ acl: created.map(toEntry) });
  if (deleted.length > 0) await admin.deleteAcls({ filters: deleted.map(toEntry) });
  return { created, deleted, unchanged: wanted.length - created.length };
}
