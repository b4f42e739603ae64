/**
 * `npm run asyncapi`: writes docs/asyncapi.yaml, the AsyncAPI 3 document of every Kafka topic, from the
 * registry of domains (their calls, events and reactions). `npm run check:generated` fails when the committed
 * one is stale; `npm run check:evolution` compares its contracts with the previous committed version.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ASYNCAPI_FILE, ASYNCAPI_PATH, asyncApiYaml } from '@puchi/domains';

function main(): number {
  fs.mkdirSync(path.dirname(ASYNCAPI_PATH), { recursive: true });
  fs.writeFileSync(ASYNCAPI_PATH, asyncApiYaml());
  console.log(`asyncapi: wrote ${ASYNCAPI_FILE}`);
  return 0;
}

process.exitCode = main();
