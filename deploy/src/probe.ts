/**
 * `node deploy/src/probe.js <url>`: the containers' health check. Exits 0 when `url` answers 2xx within the
 * timeout, 1 otherwise. The runtime image has neither curl nor wget; Node's fetch needs nothing more.
 */
const PROBE_TIMEOUT_MS = 3000;

const url = process.argv[2];
if (!url) {
  console.error('usage: node deploy/src/probe.js <url>');
  process.exit(2);
}
fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  (error: unknown) => {
    console.error(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
