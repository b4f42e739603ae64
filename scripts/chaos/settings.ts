/**
 * The run's settings: `--quick` (about 2-4 minutes here), the default (about 10), or one fault alone under the quick
 * run's load: `--broker-kill` (kill -9 of one broker of 3) or `--gateway-kill` (kill -9 of one gateway of 2); and
 * `--seed N`.
 */
import type { Domain } from '@puchi/domains';
import type { FaultSettings } from './faults';
import type { LoadSettings } from './load';

export type ChaosMode = 'quick' | 'full' | SingleFaultMode;
/** Runs of one fault alone, each named by its command-line flag. */
export const SINGLE_FAULT_MODES = ['broker-kill', 'gateway-kill'] as const;
export type SingleFaultMode = (typeof SINGLE_FAULT_MODES)[number];
export const isSingleFault = (mode: string): mode is SingleFaultMode => (SINGLE_FAULT_MODES as readonly string[]).includes(mode);

export interface ChaosSettings {
  mode: ChaosMode;
  seed: number;
  /** Instances of the domains that run more than one. */
  instances: Partial<Record<Domain, number>>;
  gateways: number;
  /** Service processes started at once. */
  startParallel: number;
  /** Load before the first fault, ms. */
  warmupMs: number;
  /** Load with faults, ms (then the faults stop and the load runs until they all recovered, plus `tailMs`). */
  faultMs: number;
  tailMs: number;
  /** How long the stores get to project their topics to the end after the load. */
  quiescenceTimeoutMs: number;
  load: LoadSettings;
  faults: Omit<FaultSettings, 'durationMs'>;
  lessons: string[];
}

const LESSONS = Array.from({ length: 8 }, (_, i) => `es-a1-0${i + 1}`);

export function chaosSettings(mode: ChaosMode, seed: number): ChaosSettings {
  const common = {
    seed,
    instances: { user: 3, progress: 3, quiz: 3, notification: 3, vocabulary: 2 },
    gateways: 2,
    startParallel: 3,
    quiescenceTimeoutMs: 90_000,
    lessons: LESSONS,
  };
  const load: LoadSettings = { learners: 20, emailRaces: 3, thinkMs: [200, 1000], requestDeadlineMs: 10_000, writeBudgetMs: 30_000, readBudgetMs: 10_000 };
  const quick: ChaosSettings = {
    ...common,
    mode: 'quick',
    warmupMs: 5_000,
    faultMs: 75_000,
    tailMs: 5_000,
    load,
    faults: { gapMs: [6_000, 10_000], serviceDownMs: [2_000, 6_000], gatewayDownMs: [2_000, 5_000], brokerDownMs: [8_000, 14_000] },
  };
  // The one fault comes at the start of the fault phase; `brokerDownMs[0]` (`gatewayDownMs[0]`) is how long the
  // broker (gateway) stays dead, and the load goes on `tailMs` after it is back, so the window after the kill is all
  // in the report.
  if (mode === 'broker-kill') return { ...quick, mode, warmupMs: 10_000, faultMs: 0, tailMs: 15_000, faults: { ...quick.faults, brokerDownMs: [20_000, 20_000] } };
  if (mode === 'gateway-kill') return { ...quick, mode, warmupMs: 10_000, faultMs: 0, tailMs: 15_000, faults: { ...quick.faults, gatewayDownMs: [20_000, 20_000] } };
  return mode === 'quick'
    ? quick
    : {
        ...common,
        mode: 'full',
        warmupMs: 10_000,
        faultMs: 480_000,
        tailMs: 15_000,
        load: { ...load, learners: 24, emailRaces: 5 },
        faults: { gapMs: [8_000, 15_000], serviceDownMs: [2_000, 10_000], gatewayDownMs: [2_000, 8_000], brokerDownMs: [8_000, 20_000] },
      };
}
