import fs from 'node:fs';
import { DOMAINS, serviceDefinitions, type Domain } from '@puchi/domains';
import { createBus, silentLogger, type MessageBus, type Tracer } from '@puchi/kafka';
import { startDomainService, tempDbPath, type RunningService } from '@puchi/subgraph-kit';
import { signDevToken } from '../auth';
import { loadConfig, type GatewayConfig } from '../config';
import { SUBGRAPH_MODULES } from '../modules';
import { startGateway, type RunningGateway } from '../server';

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
  extensions?: { kafkaRequests?: Record<string, number> };
}

/**
 * The whole system for end-to-end tests: the eight domain services (in this process, each with its own store
 * in a temp folder) and the gateway on a free port, against the suite's broker. Tests stay short because this
 * does the work (the graphql-hive gateway e2e layout).
 */
export interface TestSystem {
  gateway: RunningGateway;
  config: GatewayConfig;
  bus: MessageBus;
  dbPaths: Record<Domain, string>;
  services: Partial<Record<Domain, RunningService>>;
  /** POSTs a GraphQL operation to the gateway, as `userId` with `roles` when given. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, as?: { userId: string; roles?: string[] }): Promise<GraphQLResult<T>>;
  token(userId: string, roles?: string[]): Promise<string>;
  stopService(domain: Domain): Promise<void>;
  /** Another gateway over the same services, e.g. in production mode or with other limits; closed with the system. */
  startGateway(overrides: Partial<GatewayConfig>): Promise<RunningGateway>;
  startService(domain: Domain): Promise<void>;
  close(): Promise<void>;
}

export interface TestSystemOptions {
  requestTimeoutMs?: number;
  /** Gateway settings over the development defaults (limits, rate limit, production…). */
  config?: Partial<GatewayConfig>;
  /**
   * The tracer of each part (`gateway`, `<domain>-service`), to trace the system. They all run in this process,
   * so they share its async context; each may still have a provider of its own, for its `service.name`.
   */
  tracer?: (service: string) => Tracer | undefined;
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const bus = createBus({ clientId: 'e2e', logger: silentLogger });
  const dbPaths = Object.fromEntries(DOMAINS.map((d) => [d, tempDbPath(d)])) as Record<Domain, string>;
  const services: Partial<Record<Domain, RunningService>> = {};
  const startService = async (domain: Domain) => {
    const tracer = options.tracer?.(`${domain}-service`);
    services[domain] = await startDomainService(serviceDefinitions()[domain], { bus, dbPath: dbPaths[domain], logger: silentLogger, ...(tracer ? { tracer } : {}) });
  };
  // Lesson first: other domains seed per lesson and catalogue lessons from its events.
  await startService('lesson');
  await Promise.all(DOMAINS.filter((d) => d !== 'lesson').map(startService));

  const config: GatewayConfig = { ...loadConfig({}), port: 0, host: '127.0.0.1', requestTimeoutMs: options.requestTimeoutMs ?? 5000, ...options.config };
  const tracer = options.tracer?.('gateway');
  const gateway = await startGateway({ modules: SUBGRAPH_MODULES, config, bus, logger: silentLogger, ...(tracer ? { tracer } : {}) });
  const extraGateways: RunningGateway[] = [];
  const token = (userId: string, roles: string[] = ['learner']) => signDevToken(config.auth, userId, roles);

  return {
    gateway,
    config,
    bus,
    dbPaths,
    services,
    token,
    async query(query, variables, as) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (as) headers.authorization = `Bearer ${await token(as.userId, as.roles)}`;
      const res = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as GraphQLResult<never>;
    },
    async stopService(domain) {
      await services[domain]?.close();
      delete services[domain];
    },
    startService,
    async startGateway(overrides) {
      const extra = await startGateway({ modules: SUBGRAPH_MODULES, config: { ...config, ...overrides }, bus, logger: silentLogger });
      extraGateways.push(extra);
      return extra;
    },
    async close() {
      await Promise.all(extraGateways.map((g) => g.close()));
      await gateway.close();
      await Promise.all(Object.values(services).map((s) => s?.close()));
      for (const path of Object.values(dbPaths)) fs.rmSync(path, { force: true });
    },
  };
}
