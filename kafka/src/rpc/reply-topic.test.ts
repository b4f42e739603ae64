import { isAllowedReplyTopic, newInstanceId, replyTopicCreatedAt, replyTopicName } from './reply-topic';

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
