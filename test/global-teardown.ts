import fs from 'node:fs';
import { releaseTestBroker, type TestBroker } from '@puchi/kafka/testing';
import { BROKER_STATE_FILE } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(BROKER_STATE_FILE)) return;
  const broker = JSON.parse(fs.readFileSync(BROKER_STATE_FILE, 'utf8')) as TestBroker;
  await releaseTestBroker(broker);
  fs.rmSync(BROKER_STATE_FILE, { force: true });
}
