import type { IncomingMessage } from 'node:http';
import { integerSetting, textSetting, type EnvSetting } from '@puchi/subgraph-kit';
import { headerOf } from './context';

/** More proxy hops than any real chain (CDN, load balancer, ingress…); a typo like 100 is refused. */
const MAX_TRUSTED_HOPS = 10;

/**
 * `TRUST_PROXY`: how many proxies in front of the gateway append to `X-Forwarded-For`. `0` (the default) ignores
 * the header; `n` takes the n-th address from the right. `true` and `false` are still read, as 1 and 0: they were
 * the setting's values when it was a flag, and `true` meant one proxy of yours.
 */
export function trustProxySetting(): EnvSetting<number> {
  const hops = integerSetting({ min: 0, max: MAX_TRUSTED_HOPS, fallback: 0 });
  const read = (text: string | undefined): number | null => {
    const lower = text?.toLowerCase();
    if (lower === 'true') return 1;
    if (lower === 'false') return 0;
    const parsed = hops.schema.safeParse(text);
    return parsed.success ? parsed.data : null;
  };
  return {
    schema: textSetting()
      .schema.transform(read)
      .refine((value) => value !== null)
      .transform((value) => value ?? 0),
    allowed: `the number of proxies in front of the gateway, an integer from 0 to ${MAX_TRUSTED_HOPS} (true = 1, false = 0)`,
  };
}

/**
 * The address the nearest of `trustedHops` proxies says it saw, from an `X-Forwarded-For` value. Each proxy
 * appends the address it received the request from, so the rightmost `trustedHops` entries were written by our
 * proxies and everything left of them by whoever sent the request: the client writes the leftmost entries, so the
 * first entry is never trusted. With fewer entries than hops (a proxy that did not append), the leftmost one
 * (as Express's `trust proxy` with a hop count). Undefined when the header gives nothing to use.
 */
export function forwardedClient(forwardedFor: string | undefined, trustedHops: number): string | undefined {
  if (trustedHops < 1 || !forwardedFor) return undefined;
  const entries = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - trustedHops)];
}

/**
 * The client's address, as every per-IP limit reads it (the HTTP rate limit, WebSocket connections): the
 * socket's peer, or with `TRUST_PROXY=n` the address the nearest of n trusted proxies saw (`forwardedClient`).
 */
export function clientIp(req: IncomingMessage, trustedHops: number): string {
  return forwardedClient(headerOf(req, 'x-forwarded-for'), trustedHops) ?? req.socket.remoteAddress ?? 'unknown';
}
