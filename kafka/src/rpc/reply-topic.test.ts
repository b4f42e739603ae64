import { newInstanceId, replyTopicCreatedAt, replyTopicName } from './reply-topic';

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
