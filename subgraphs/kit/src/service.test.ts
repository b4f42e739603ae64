import { InvalidOptionError, type MessageBus } from '@puchi/kafka';
import type { DomainServiceDefinition } from './definition';
import { startDomainService } from './service';

const definition: DomainServiceDefinition = { domain: 'cards', migrations: [], projections: {}, handlers: () => [] };

/** A bus that fails the test if the service touches it. */
const untouchedBus = new Proxy({} as MessageBus, {
  get: (_, property) => {
    throw new Error(`the bus was used (${String(property)})`);
  },
});

describe('starting a domain service', () => {
  it.each([Number.NaN, 0, 99, 1.5, 2 ** 31])('refuses a heartbeat interval of %s ms before it connects anything', async (heartbeatIntervalMs) => {
    const started = startDomainService(definition, { bus: untouchedBus, dbPath: ':memory:', config: { heartbeatIntervalMs } });
    await expect(started).rejects.toThrow(InvalidOptionError);
    await expect(started).rejects.toThrow(/heartbeatIntervalMs: an integer from 100 to 2147483647 ms/);
  });
});
