import type { IncomingMessage } from 'node:http';
import { ConfigError } from '@puchi/kafka';
import { clientIp, forwardedClient } from './client-ip';
import { loadConfig } from './config';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, 0],
    ['0', 0],
    ['1', 1],
    ['2', 2],
    ['true', 1],
    ['TRUE', 1],
    ['false', 0],
  ])('reads %s as %i trusted hops', (value, hops) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toBe(hops);
  });

  it.each(['-1', '1.5', 'yes', '11'])('refuses %s, naming what is allowed', (value) => {
    let error: unknown;
    try {
      loadConfig({ TRUST_PROXY: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'TRUST_PROXY', value, allowed: 'the number of proxies in front of the gateway, an integer from 0 to 10 (true = 1, false = 0)' });
  });
});

describe('the client address', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientIp(request('10.0.0.9', '203.0.113.7'), 0)).toBe('10.0.0.9');
  });

  it('takes the address the nearest trusted proxy saw, not the first entry the client wrote', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; our one proxy appended the address it saw.
    expect(clientIp(request('10.0.0.9', '1.1.1.1, 203.0.113.7'), 1)).toBe('203.0.113.7');
    // A CDN then our load balancer: the CDN saw the client, the balancer saw the CDN.
    expect(clientIp(request('10.0.0.9', '1.1.1.1, 203.0.113.7, 198.51.100.2'), 2)).toBe('203.0.113.7');
  });

  it('takes the leftmost entry when there are fewer entries than hops, and the socket without a header', () => {
    expect(forwardedClient('203.0.113.7', 2)).toBe('203.0.113.7');
    expect(clientIp(request('10.0.0.9'), 1)).toBe('10.0.0.9');
    expect(clientIp(request('10.0.0.9', ' , '), 1)).toBe('10.0.0.9');
  });

  it('trims entries and skips blank ones', () => {
    expect(forwardedClient('1.1.1.1,,  203.0.113.7  ', 1)).toBe('203.0.113.7');
  });
});
