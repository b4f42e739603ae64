import { endOffsetsOf, eventTopic, RPC_HEADERS, type BusAdmin, type MessageBus, type RequestHandler } from '@puchi/kafka';
import type { RunningProjection } from './projection';

/**
 * Hedged reads (`SubgraphContextOptions.hedgeAfterMs`): a read sent to another partition than its key's carries
 * that partition in `x-read-barrier`. Before handling it, this instance brings its store up to that partition's end
 * of the event topic as of now: every write acknowledged for the key is below it, so the read still sees the
 * caller's writes, though this instance does not own the key. `*` names every partition: the gateway's entity cache
 * fetches what it keeps that way, so a kept answer reflects every event written before it was asked for.
 */
export interface ReadBarrier {
  wrap(handle: RequestHandler<unknown, unknown>): RequestHandler<unknown, unknown>;
  close(): Promise<void>;
}

export function readBarrier(domain: string, bus: MessageBus, projection: RunningProjection): ReadBarrier {
  const topic = eventTopic(domain);
  // One admin connection for the service's lifetime, made on the first hedged read.
  let admin: Promise<BusAdmin> | undefined;
  const connected = () => {
    admin ??= bus.admin().catch((error: unknown) => {
      admin = undefined;
      throw error;
    });
    return admin;
  };
  return {
    wrap: (handle) => async (payload, context) => {
      const barrier = context.headers[RPC_HEADERS.readBarrier];
      if (barrier !== undefined) {
        const ends = await endOffsetsOf(await connected(), topic);
        await projection.reached(barrier === '*' ? ends : ends.filter((e) => e.partition === Number(barrier)), context.deadline);
      }
      return handle(payload, context);
    },
    close: async () => {
      const open = admin;
      admin = undefined;
      if (open) await (await open.catch(() => undefined))?.disconnect();
    },
  };
}
