import type { BusAdmin } from '../transport/port';
import { hasRecordSince, isAllowedReplyTopic, newInstanceId, replyTopicCreatedAt, replyTopicName, sweepStaleReplyTopics } from './reply-topic';

describe('reply topic names', () => {
  it('carry their creation time so a sweeper can age them', () => {
    const id = newInstanceId(1_700_000_000_000);
    expect(replyTopicCreatedAt('puchi', replyTopicName('puchi', id))).toBe(1_700_000_000_000);
  });

  it('ignore topics that are not reply topics of this prefix', () => {
    expect(replyTopicCreatedAt('puchi', 'get-user-profile.reply')).toBeUndefined();
    expect(replyTopicCreatedAt('puchi', 'other.replies.lx2k3-0a1b2c3d')).toBeUndefined();
    expect(replyTopicCreatedAt('puchi', 'puchi.replies.not-an-id')).toBeUndefined();
  });
});

describe('allowed reply topics', () => {
  const gateway = replyTopicName('puchi', newInstanceId(1_700_000_000_000));

  it.each([
    ['the request topic’s own .reply (a NestJS ClientKafka)', 'get-user-profile.reply'],
    ['a gateway reply topic of a configured prefix', gateway],
    ['a reply topic of any configured prefix', replyTopicName('bench', newInstanceId())],
  ])('allow %s', (_, replyTopic) => {
    expect(isAllowedReplyTopic('get-user-profile', replyTopic, ['puchi', 'bench'])).toBe(true);
  });

  it.each([
    ['another domain’s event topic', 'user-events'],
    ['another call’s .reply', 'get-lessons.reply'],
    ['a name that only starts like the .reply', 'get-user-profile.reply.x'],
    ['the request topic itself', 'get-user-profile'],
    ['its dead-letter topic', 'get-user-profile.DLT'],
    ['a reply topic of a prefix not configured', replyTopicName('other', newInstanceId())],
    ['a configured prefix with something that is not an instance id', 'puchi.replies.user-events'],
    ['a configured prefix with more after the instance id', `${gateway}.x`],
    ['an empty name', ''],
  ])('refuse %s', (_, replyTopic) => {
    expect(isAllowedReplyTopic('get-user-profile', replyTopic, ['puchi', 'bench'])).toBe(false);
  });

  it('allow only .reply when no prefix is configured', () => {
    expect(isAllowedReplyTopic('get-user-profile', 'get-user-profile.reply', [])).toBe(true);
    expect(isAllowedReplyTopic('get-user-profile', gateway, [])).toBe(false);
  });
});

describe('reply topic leases', () => {
  it('count a record at or after the cut-off on any partition, nothing else', () => {
    expect(hasRecordSince([{ partition: 0, offset: '4' }], [{ partition: 0, offset: '5' }])).toBe(true);
    expect(hasRecordSince([{ partition: 0, offset: '5' }], [{ partition: 0, offset: '5' }])).toBe(false); // none since: the end offset
    expect(hasRecordSince([{ partition: 0, offset: '-1' }], [{ partition: 0, offset: '5' }])).toBe(false);
    expect(hasRecordSince([{ partition: 0, offset: '0' }], [{ partition: 0, offset: '0' }])).toBe(false); // empty topic
  });

  /** An admin over fake reply topics: each with its group's liveness and the timestamps of its records. */
  function fakeAdmin(topics: Record<string, { live: boolean; records: number[] }>) {
    const deleted: string[] = [];
    const admin = {
      listTopics: async () => Object.keys(topics),
      inactiveGroups: async (ids: string[]) => ids.filter((id) => !topics[id]?.live),
      offsetsForTimestamp: async (topic: string, timestamp: number) => {
        const records = topics[topic]?.records ?? [];
        const index = records.findIndex((t) => t >= timestamp);
        return [{ partition: 0, offset: String(index < 0 ? records.length : index) }];
      },
      boundaryOffsets: async (topic: string) => [{ partition: 0, offset: String(topics[topic]?.records.length ?? 0) }],
      deleteTopics: async (names: string[]) => void deleted.push(...names),
      deleteGroups: async () => undefined,
    } as unknown as BusAdmin;
    return { admin, deleted };
  }

  const now = 1_700_000_000_000;
  const minute = 60_000;
  const grace = 5 * minute;
  const topic = (createdMinutesAgo: number) => replyTopicName('puchi', newInstanceId(now - createdMinutesAgo * minute));

  it('keep the topic of an owner without a group member (paused past its session timeout) whose lease is within the grace', async () => {
    const paused = topic(60);
    const { admin, deleted } = fakeAdmin({ [paused]: { live: false, records: [now - 50 * minute, now - 4 * minute] } });
    expect(await sweepStaleReplyTopics(admin, 'puchi', grace, undefined, now)).toEqual([]);
    expect(deleted).toEqual([]);
  });

  it('delete a topic whose owner has no member and has written nothing for the whole grace', async () => {
    const dead = topic(60);
    const silent = topic(10);
    const { admin, deleted } = fakeAdmin({ [dead]: { live: false, records: [now - 6 * minute] }, [silent]: { live: false, records: [] } });
    expect((await sweepStaleReplyTopics(admin, 'puchi', grace, undefined, now)).sort()).toEqual([dead, silent].sort());
    expect(deleted.sort()).toEqual([dead, silent].sort());
  });

  it('keep a topic younger than the grace, or with a live member, whatever its lease', async () => {
    const young = topic(1);
    const live = topic(60);
    const { admin, deleted } = fakeAdmin({ [young]: { live: false, records: [] }, [live]: { live: true, records: [] } });
    expect(await sweepStaleReplyTopics(admin, 'puchi', grace, undefined, now)).toEqual([]);
    expect(deleted).toEqual([]);
  });
});
