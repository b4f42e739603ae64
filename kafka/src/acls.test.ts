import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry, type AclFilter, type Admin } from 'kafkajs';
import { aclBindings, applyAcls, type PrincipalAcls } from './acls';

/** The ACL calls of a kafkajs admin over an in-memory rule list, as a broker answers them. */
function fakeAdmin(rules: AclEntry[]) {
  const matches = (filter: AclFilter, rule: AclEntry) =>
    (filter.resourceType === AclResourceTypes.ANY || filter.resourceType === rule.resourceType) &&
    (filter.resourcePatternType === ResourcePatternTypes.ANY || filter.resourcePatternType === rule.resourcePatternType) &&
    (filter.resourceName === undefined || filter.resourceName === rule.resourceName) &&
    (filter.principal === undefined || filter.principal === rule.principal) &&
    (filter.host === undefined || filter.host === rule.host) &&
    (filter.operation === AclOperationTypes.ANY || filter.operation === rule.operation) &&
    (filter.permissionType === AclPermissionTypes.ANY || filter.permissionType === rule.permissionType);
  const admin = {
    describeAcls: async (filter: AclFilter) => ({
      throttleTime: 0,
      errorCode: 0,
      resources: rules.filter((r) => matches(filter, r)).map(({ resourceType, resourceName, resourcePatternType, ...acl }) => ({ resourceType, resourceName, resourcePatternType, acls: [acl] })),
    }),
    createAcls: jest.fn(async ({ acl }: { acl: AclEntry[] }) => {
      rules.push(...acl);
      return true;
    }),
    deleteAcls: jest.fn(async ({ filters }: { filters: AclFilter[] }) => {
      const kept = rules.filter((r) => !filters.some((f) => matches(f, r)));
      rules.splice(0, rules.length, ...kept);
      return { throttleTime: 0, filterResponses: [] };
    }),
  };
  return admin as typeof admin & Admin;
}

const declaration: PrincipalAcls[] = [
  {
    user: 'user-service',
    grants: [
      { resource: 'topic', name: 'user-events', pattern: 'literal', operations: ['read', 'write'] },
      { resource: 'topic', name: 'user-events', pattern: 'literal', operations: ['write'] },
      { resource: 'group', name: 'user-events.fanout.', pattern: 'prefixed', operations: ['read'] },
    ],
  },
];

describe('applying ACLs', () => {
  it('turns grants into one ALLOW rule per operation, without duplicates', () => {
    expect(aclBindings(declaration)).toEqual([
      { principal: 'User:user-service', resource: 'topic', name: 'user-events', pattern: 'literal', operation: 'read' },
      { principal: 'User:user-service', resource: 'topic', name: 'user-events', pattern: 'literal', operation: 'write' },
      { principal: 'User:user-service', resource: 'group', name: 'user-events.fanout.', pattern: 'prefixed', operation: 'read' },
    ]);
  });

  it('creates what is missing, and a second run changes nothing', async () => {
    const rules: AclEntry[] = [];
    const admin = fakeAdmin(rules);
    expect(await applyAcls(admin, declaration)).toMatchObject({ deleted: [], unchanged: 0 });
    expect(rules).toContainEqual({
      resourceType: AclResourceTypes.GROUP,
      resourceName: 'user-events.fanout.',
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      principal: 'User:user-service',
      host: '*',
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    });
    expect(await applyAcls(admin, declaration)).toEqual({ created: [], deleted: [], unchanged: 3 });
    expect(admin.createAcls).toHaveBeenCalledTimes(1);
  });

  it('takes back what a declared user is no longer granted, and leaves other principals and DENY rules alone', async () => {
    const rule = (principal: string, resourceName: string, permissionType = AclPermissionTypes.ALLOW): AclEntry => ({
      resourceType: AclResourceTypes.TOPIC,
      resourceName,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal,
      host: '*',
      operation: AclOperationTypes.WRITE,
      permissionType,
    });
    const stale = rule('User:user-service', 'lesson-events');
    const others = [rule('User:ops', 'lesson-events'), rule('User:user-service', 'audit', AclPermissionTypes.DENY)];
    const rules = [stale, ...others];
    const report = await applyAcls(fakeAdmin(rules), declaration);
    expect(report.deleted).toEqual([{ principal: 'User:user-service', resource: 'topic', name: 'lesson-events', pattern: 'literal', operation: 'write' }]);
    expect(rules).not.toContainEqual(stale);
    expect(rules).toEqual(expect.arrayContaining(others));
  });
});
