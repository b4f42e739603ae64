import { ConfigError } from '@puchi/kafka';
import { parseServiceConfig } from '../config';

describe('ops port settings', () => {
  it('listens on the domain default on loopback, on OPS_PORT and OPS_HOST when set, and nowhere with OPS_PORT=0', () => {
    expect(parseServiceConfig('lesson', {}, { opsPort: 8002 }).ops).toEqual({ port: 8002, host: '127.0.0.1' });
    expect(parseServiceConfig('lesson', { OPS_PORT: '9102', OPS_HOST: '0.0.0.0' }, { opsPort: 8002 }).ops).toEqual({ port: 9102, host: '0.0.0.0' });
    expect(parseServiceConfig('lesson', { OPS_PORT: '0' }, { opsPort: 8002 }).ops).toBeUndefined();
    // Without a default (a script or test that does not ask for one) there is no ops server.
    expect(parseServiceConfig('lesson', {}).ops).toBeUndefined();
  });

  it('refuses a port that is not one', () => {
    expect(() => parseServiceConfig('lesson', { OPS_PORT: '80000' })).toThrow(ConfigError);
    expect(() => parseServiceConfig('lesson', { OPS_PORT: 'http' })).toThrow(/OPS_PORT/);
  });
});
