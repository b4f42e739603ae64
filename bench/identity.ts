/**
 * `npm run bench:identity`: what the signed identity of issue 12 costs per request (HS256 with per-domain keys, and
 * the Ed25519 design it replaced), side by side in one run with
 * what the gateway already paid per request before it: verifying the client's HS256 JWT (the gateway's
 * `createAuthenticator`, jose; it caches a verdict for a minute, so its uncached cost is the upper bound). Not a test.
 *
 *   npm run bench:identity [-- --rounds=20]
 *
 * Each round times a batch of each operation back to back; the table gives the median µs per operation and its
 * ratio to the client JWT check of the same round.
 */
import { parseArgs } from 'node:util';
import { createAuthenticator, loadConfig, signDevToken } from '@puchi/gateway';
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { DEV_IDENTITY_SECRET, devDomainKeys, IdentitySigner, IdentityVerifier, bodyHash, newTraceparent, traceIdOf } from '@puchi/kafka';

const BATCH = 2000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time(run: (i: number) => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i++) await run(i);
  return Number(process.hrtime.bigint() - start) / BATCH / 1000;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
  const rounds = Number(values.rounds);
  const signer = new IdentitySigner(DEV_IDENTITY_SECRET);
  const ana = { userId: 'learner-ana', roles: ['learner'] };
  const traceId = traceIdOf(newTraceparent());
  const deadline = Date.now() + 60_000;
  const body = JSON.stringify({ query: '{ lesson(id: "es-a1-03") { title } }', variables: {} });
  const token = signer.sign({ audience: 'user', expiresAt: deadline, identity: ana, traceId });
  const ed25519 = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), createHash('sha256').update('bench').digest()]), format: 'der', type: 'pkcs8' });
  const ed25519Public = createPublicKey(ed25519);
  const ed25519Signature = sign(null, Buffer.from(token), ed25519);
  const userKeys = devDomainKeys('user');
  const auth = loadConfig({}).auth;
  const authorization = `Bearer ${await signDevToken(auth, 'learner-ana', ['learner'])}`;

  const operations: Record<string, (i: number) => unknown> = {
    // A fresh authenticator each time: its one-minute cache would otherwise answer.
    'verify the client JWT, uncached (HS256, jose; baseline)': () => createAuthenticator(auth).identify(authorization),
    'sign one identity token (per request and domain)': () => signer.sign({ audience: 'user', expiresAt: deadline, identity: ana, traceId }),
    // A fresh verifier each time (its verdict cache would otherwise answer), on keys derived once, as a service has them.
    'verify a new token (per request, at the service)': () => new IdentityVerifier({ keys: userKeys }).verify(token, { audience: 'user', traceId }),
    'verify a token seen before (a request’s second call)': (() => {
      const verifier = new IdentityVerifier({ keys: userKeys });
      return () => verifier.verify(token, { audience: 'user', traceId });
    })(),
    'sign an HTTP fetch (bodyHash + sign)': () => signer.sign({ audience: 'lesson', expiresAt: deadline, identity: ana, traceId, bodyHash: bodyHash(body) }),
    // The design set aside: Ed25519 (asymmetric) over the same bytes, what a service would pay per request instead.
    'Ed25519 sign (not used)': () => sign(null, Buffer.from(token), ed25519),
    'Ed25519 verify (not used)': () => verify(null, Buffer.from(token), ed25519Public, ed25519Signature),
  };
  const samples = new Map<string, number[]>(Object.keys(operations).map((name) => [name, []]));
  const ratios = new Map<string, number[]>(Object.keys(operations).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const perRound = new Map<string, number>();
    for (const [name, run] of Object.entries(operations)) perRound.set(name, await time(run));
    const base = perRound.get(Object.keys(operations)[0]!)!;
    for (const [name, us] of perRound) {
      samples.get(name)!.push(us);
      ratios.get(name)!.push(us / base);
    }
  }
  console.log(`| operation | median µs | ratio to the client JWT check |\n| --- | ---: | ---: |`);
  for (const name of Object.keys(operations)) console.log(`| ${name} | ${median(samples.get(name)!).toFixed(1)} | ${median(ratios.get(name)!).toFixed(2)} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
