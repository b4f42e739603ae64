/**
 * Workaround for a kafkajs 2.2.4 defect. A client's Metadata request names every topic it ever produced to or read
 * (`Cluster.targetTopics`); the response's parse throws on the first topic with an error; and
 * `addMultipleTargetTopics` keeps the set when the refresh fails. So one deleted topic among them (a caller's reply
 * topic, deleted when that caller closed or was swept) fails every later refresh of the client: a responder could
 * then never load a new caller's reply topic and took it as gone (issue 11's chaos runs: a restarted gateway got no
 * reply from three services for a minute).
 *
 * The patched refreshes, on UNKNOWN_TOPIC_OR_PARTITION, ask for each target topic alone, forget those no broker
 * knows, and refresh once more. A topic forgotten that way is added again by the next send to it.
 */
// kafkajs has no `exports` map, so its internal module is reachable; the require is typed by hand below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Cluster = require('kafkajs/src/cluster/index.js') as { prototype: PatchableCluster };

interface MetadataBroker {
  metadata(topics: string[]): Promise<unknown>;
}

interface PatchableCluster {
  targetTopics: Set<string>;
  brokerPool: { findConnectedBroker(): Promise<MetadataBroker> };
  addMultipleTargetTopics(this: PatchableCluster, topics: string[]): Promise<void>;
  refreshMetadata(this: PatchableCluster): Promise<void>;
  refreshMetadataIfNecessary(this: PatchableCluster): Promise<void>;
  /** Set while `addMultipleTargetTopics` runs: its own refresh must not forget the topics it was asked to add. */
  [ADDING]?: boolean;
  [PATCHED]?: true;
}

const PATCHED = Symbol.for('puchi.kafkajs.metadataPatched');
const ADDING = Symbol('adding');

const isUnknownTopic = (error: unknown): boolean => (error as { type?: unknown } | null)?.type === 'UNKNOWN_TOPIC_OR_PARTITION';

/** The target topics the broker does not know, each asked alone (one failing topic fails a request naming several). */
async function unknownTargets(cluster: PatchableCluster): Promise<string[]> {
  const broker = await cluster.brokerPool.findConnectedBroker();
  const asked = await Promise.all(
    [...cluster.targetTopics].map((topic) =>
      broker.metadata([topic]).then(
        () => undefined,
        (error: unknown) => (isUnknownTopic(error) ? topic : undefined),
      ),
    ),
  );
  return asked.filter((topic): topic is string => topic !== undefined);
}

/**
 * Runs `call`; if it fails on an unknown topic, forgets the target topics no broker knows (except `keep`: a topic
 * being added that does not exist must still fail as unknown) and runs it once more.
 */
async function withoutDeletedTopics(cluster: PatchableCluster, keep: readonly string[], call: () => Promise<void>): Promise<void> {
  try {
    return await call();
  } catch (error) {
    if (!isUnknownTopic(error)) throw error;
    const deleted = (await unknownTargets(cluster)).filter((topic) => !keep.includes(topic));
    if (deleted.length === 0) throw error;
    for (const topic of deleted) cluster.targetTopics.delete(topic);
    return call();
  }
}

/** Installs the pruning refreshes on kafkajs's Cluster once per process. */
export function patchKafkaJsMetadataRefresh(): void {
  const proto = Cluster.prototype;
  if (proto[PATCHED]) return;
  const { addMultipleTargetTopics, refreshMetadata, refreshMetadataIfNecessary } = proto;
  // It restores the set it started from when its refresh fails: the deleted topics must go from that set, so the
  // retry happens here, around it, not inside its refresh.
  proto.addMultipleTargetTopics = function (topics) {
    return withoutDeletedTopics(this, topics, async () => {
      this[ADDING] = true;
      try {
        await addMultipleTargetTopics.call(this, topics);
      } finally {
        this[ADDING] = false;
      }
    });
  };
  proto.refreshMetadata = function () {
    return this[ADDING] ? refreshMetadata.call(this) : withoutDeletedTopics(this, [], () => refreshMetadata.call(this));
  };
  proto.refreshMetadataIfNecessary = function () {
    return withoutDeletedTopics(this, [], () => refreshMetadataIfNecessary.call(this));
  };
  proto[PATCHED] = true;
}
