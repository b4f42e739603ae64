import { loadSupergraphSdl } from '@puchi/schema';
import { parse, type GraphQLError } from 'graphql';
import { DEFAULT_LIMITS } from '../limits';
import { SubscriptionPlanner, type CheckedSubscription, type PlannedSubscription } from './planner';

const sdl = loadSupergraphSdl();

function checked(planner: SubscriptionPlanner, query: string, variables: Record<string, unknown> = {}): CheckedSubscription {
  const result = planner.check(parse(query), undefined, variables);
  if (Array.isArray(result)) throw new Error(`refused: ${(result as GraphQLError[]).map((e) => e.message).join('; ')}`);
  return result as CheckedSubscription;
}

function planned(planner: SubscriptionPlanner, query: string, variables: Record<string, unknown> = {}): PlannedSubscription {
  const result = planner.plan(checked(planner, query, variables));
  if (Array.isArray(result)) throw new Error(`not planned: ${(result as GraphQLError[]).map((e) => e.message).join('; ')}`);
  return result as PlannedSubscription;
}

describe('SubscriptionPlanner', () => {
  const planner = new SubscriptionPlanner(sdl, DEFAULT_LIMITS, 2);

  it('finds the field, its owner and its arguments without planning or caching anything', () => {
    const before = planner.cachedPlans;
    const result = checked(planner, 'subscription ($u: ID!) { progressUpdated(userId: $u) { status } }', { u: 'learner-ana' });
    expect(result).toMatchObject({ fieldName: 'progressUpdated', owner: 'progress', args: { userId: 'learner-ana' } });
    expect(planner.cachedPlans).toBe(before);
  });

  it('caches a plan only when asked to plan, and plans texts that parse alike once', () => {
    const fresh = new SubscriptionPlanner(sdl, DEFAULT_LIMITS);
    const first = planned(fresh, 'subscription { lessonPublished { id title } }');
    expect(fresh.cachedPlans).toBe(1);
    const second = planned(fresh, '# a comment\nsubscription{lessonPublished{id,,, title}}');
    expect(fresh.cachedPlans).toBe(1);
    expect(second.plan).toBe(first.plan);
    expect(second.owner).toBe('lesson');
  });

  it('keeps at most its bound of plans, forgetting the least recently used', () => {
    const queries = ['{ id }', '{ title }', '{ summary }'].map((selection) => `subscription { lessonPublished ${selection} }`);
    const a = planned(planner, queries[0]!);
    const b = planned(planner, queries[1]!);
    expect(planned(planner, queries[0]!).plan).toBe(a.plan); // a used again: b is now the oldest
    planned(planner, queries[2]!);
    expect(planner.cachedPlans).toBe(2);
    expect(planned(planner, queries[0]!).plan).toBe(a.plan); // kept
    expect(planned(planner, queries[1]!).plan).not.toBe(b.plan); // forgotten, planned again
  });

  it('refuses what it refused before planning: validation, limits, queries', () => {
    expect(planner.check(parse('subscription { lessonDeleted { id } }'), undefined, {})).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    expect(planner.check(parse('{ courses { id } }'), undefined, {})).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
  });

  it('defaults to 1,000 plans', () => {
    const fresh = new SubscriptionPlanner(sdl, DEFAULT_LIMITS);
    for (let i = 0; i < 1005; i++) fresh.plan(checked(fresh, `subscription { lessonPublished { a${i}: id } }`));
    expect(fresh.cachedPlans).toBe(1000);
  });
});
