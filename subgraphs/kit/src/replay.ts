import fs from 'node:fs';
import { silentLogger, type Logger, type MessageBus } from '@puchi/kafka';
import { startProjection } from './projection';
import type { DomainServiceDefinition } from './definition';
import { openStore } from './store';

export interface ReplayResult {
  events: number;
  dbPath: string;
}

/**
 * Rebuilds a domain's store from its event topic (`npm run replay -- <domain>`): a fresh store next to the old
 * one catches up with every retained event of `<domain>-events`, then replaces the old file. Run it with the
 * domain's service stopped (the service holds the store open). A service started on a missing store does
 * the same by itself.
 */
export async function replayDomain(definition: DomainServiceDefinition, bus: MessageBus, dbPath: string, logger: Logger = silentLogger): Promise<ReplayResult> {
  const building = `${dbPath}.replay-${process.pid}`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(building + suffix, { force: true });
  const db = openStore(building, definition.migrations);
  let events: number;
  try {
    const projection = await startProjection(definition, bus, db, logger);
    events = projection.caughtUp;
    await projection.close();
  } finally {
    db.close();
  }
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  fs.renameSync(building, dbPath);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(building + suffix, { force: true });
  return { events, dbPath };
}
