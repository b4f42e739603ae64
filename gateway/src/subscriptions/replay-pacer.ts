import type { DeliveryPacing } from './delivery';

/**
 * Where a replay pauses and resumes, counted in results outstanding for its subscriber: events its filter accepted
 * whose result graphql-ws has not taken yet (waiting for or in execution, or waiting in its `Delivery`). That count
 * is what a slow socket shows: graphql-ws takes the next result only once the socket has written the previous one,
 * so results wait in the gateway, not in the socket's `bufferedAmount` (at most the one being written).
 */
export interface PaceMarks {
  /** At or over it, the replay's consumers stop fetching. */
  highWater: number;
  /** Below it, they fetch again. At least 1 and at most `highWater`. */
  lowWater: number;
}

/**
 * 500 outstanding: half what a live subscriber may have waiting (`SUBSCRIPTION_MAX_BUFFERED`, 1000), so a replay
 * holds less than the most a live subscriber may, under 1 MB at the `events` feed's 1 to 2 KB results. 250 to
 * resume: the client has that much to take while the consumers fetch again (kafkajs looks at paused partitions
 * again only after its fetch wait, 500 ms), and the consumers do not toggle at every result.
 */
export const REPLAY_PACE: PaceMarks = { highWater: 500, lowWater: 250 };

/**
 * Paces one replay: pauses its consumers through `valve` when its subscriber has `highWater` results outstanding
 * and resumes them below `lowWater`, so a long history arrives at the pace the client reads it instead of piling up
 * until the subscriber is cut off. Only replays are paced: a replay's consumers are its own, while a live feed is
 * shared and must not wait for its slowest subscriber.
 */
export class ReplayPacer implements DeliveryPacing {
  private outstanding = 0;
  private pausedNow = false;

  constructor(
    private readonly marks: PaceMarks,
    private readonly valve: { pause(): void; resume(): void },
  ) {
    if (!(Number.isInteger(marks.lowWater) && Number.isInteger(marks.highWater) && marks.lowWater >= 1 && marks.lowWater <= marks.highWater)) {
      throw new RangeError(`replay pace marks must be whole numbers with 1 <= lowWater <= highWater (got ${marks.lowWater} and ${marks.highWater})`);
    }
  }

  /** Whether the consumers are paused now: one that starts later must start paused. */
  get paused(): boolean {
    return this.pausedNow;
  }

  /** The filter accepted an event: its result is on its way. */
  accepted(): void {
    this.outstanding++;
    if (!this.pausedNow && this.outstanding >= this.marks.highWater) {
      this.pausedNow = true;
      this.valve.pause();
    }
  }

  /** graphql-ws took a result. */
  taken(): void {
    this.settle();
  }

  /** An execution failed: its result will never come. */
  dropped(): void {
    this.settle();
  }

  private settle(): void {
    this.outstanding--;
    if (this.pausedNow && this.outstanding < this.marks.lowWater) {
      this.pausedNow = false;
      this.valve.resume();
    }
  }
}
