import { ConfigError } from '@puchi/kafka';
import { loadConfig } from '../config';
import { DEFAULT_CIRCUIT, effectiveMinTimeoutMs } from './settings';

describe('circuit settings', () => {
  it('defaults to 5 in a row or over half of at least 20 calls in 10 s, a probe after 1 s', () => {
    expect(loadConfig({}).circuit).toEqual({ consecutiveFailures: 5, errorRatePercent: 50, windowMs: 10_000, minCalls: 20, halfOpenAfterMs: 1000 });
  });

  it('reads every CIRCUIT_* variable', () => {
    const env = {
      CIRCUIT_CONSECUTIVE_FAILURES: '0',
      CIRCUIT_ERROR_RATE_PERCENT: '25',
      CIRCUIT_WINDOW_MS: '30000',
      CIRCUIT_MIN_CALLS: '50',
      CIRCUIT_HALF_OPEN_AFTER_MS: '3000',
      CIRCUIT_MIN_TIMEOUT_MS: '2000',
    };
    expect(loadConfig(env).circuit).toEqual({ consecutiveFailures: 0, errorRatePercent: 25, windowMs: 30_000, minCalls: 50, halfOpenAfterMs: 3000, minTimeoutMs: 2000 });
  });

  it.each([
    ['CIRCUIT_ERROR_RATE_PERCENT', '100'],
    ['CIRCUIT_WINDOW_MS', '500'],
    ['CIRCUIT_MIN_CALLS', '0'],
    ['CIRCUIT_HALF_OPEN_AFTER_MS', '5s'],
    ['CIRCUIT_CONSECUTIVE_FAILURES', '-1'],
  ])('refuses %s=%s', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
  });

  it('refuses a minimum timeout no timeout could reach', () => {
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '1000', CIRCUIT_MIN_TIMEOUT_MS: '1000' })).toThrow(/CIRCUIT_MIN_TIMEOUT_MS="1000" is not allowed: below REQUEST_TIMEOUT_MS \(1000\)/);
  });

  it('counts timeouts from 1 s, or half a shorter request deadline', () => {
    expect(effectiveMinTimeoutMs(DEFAULT_CIRCUIT, 5000)).toBe(1000);
    expect(effectiveMinTimeoutMs(DEFAULT_CIRCUIT, 1500)).toBe(750);
    expect(effectiveMinTimeoutMs({ ...DEFAULT_CIRCUIT, minTimeoutMs: 3000 }, 5000)).toBe(3000);
  });
});
