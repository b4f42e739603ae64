import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBus, DEV_IDENTITY_SECRET, IdentitySigner, RpcClient, silentLogger, type Identity, type MessageBus, type RequestOptions } from '@puchi/kafka';
import { createSubgraphContext, type SubgraphContext } from './context';
import type { DomainServiceDefinition } from './definition';
import { signedTokens } from './identity';
import { startDomainService, type RunningService } from './service';

/**
 * Test helpers for a domain: its service running against the test broker with a store in a temp folder, and a
 * request client. One helper so each domain's tests stay short.
 */
export interface TestDomain {
  service: RunningService;
  client: RpcClient;
  bus: MessageBus;
  dbPath: string;
  /** A GraphQL context as the gateway would make it (tokens signed with the development secret), for calling resolvers or contracts directly. */
  context(identity?: SubgraphContext['identity']): SubgraphContext;
  /** Request options that speak for `identity` as a gateway would (a token for this domain, development secret); anonymous without one. */
  as(identity?: Identity): RequestOptions;
  /**
   * Stops the service and starts it again on the same store, or with `freshStore` on a new one, rebuilt from the
   * topic (what a new instance taking over does).
   */
  restart(options?: { freshStore?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export function tempDbPath(domain: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), `puchi-${domain}-`)), `${domain}.sqlite`);
}

/** A signer with the development secret: what tests sign identity tokens with, as `npm start`'s gateway does. */
export const devSigner = new IdentitySigner(DEV_IDENTITY_SECRET);

export async function startTestDomain(definition: DomainServiceDefinition, firstDbPath = tempDbPath(definition.domain)): Promise<TestDomain> {
  let dbPath = firstDbPath;
  const bus = createBus({ clientId: `test-${definition.domain}`, logger: silentLogger });
  let service = await startDomainService(definition, { bus, dbPath, logger: silentLogger });
  const client = new RpcClient({ bus, staleReplyTopicGraceMs: 0, defaultTimeoutMs: 10_000 });
  await client.start();
  return {
    get service() {
      return service;
    },
    client,
    bus,
    get dbPath() {
      return dbPath;
    },
    context: (identity) => createSubgraphContext({ caller: client, identity, timeoutMs: 10_000, identityTokens: signedTokens(devSigner) }),
    as: (identity) => {
      const deadline = Date.now() + 10_000;
      const identityToken = identity ? devSigner.sign({ audience: definition.domain, expiresAt: deadline, identity }) : undefined;
      return { deadline, context: { identity, identityToken } };
    },
    async restart(options = {}) {
      await service.close();
      if (options.freshStore) dbPath = tempDbPath(definition.domain);
      service = await startDomainService(definition, { bus, dbPath, logger: silentLogger });
    },
    async close() {
      await client.close();
      await service.close();
    },
  };
}
