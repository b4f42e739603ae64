import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { silentLogger } from '@puchi/kafka';
import type { GraphiqlAssets } from './assets';
import { graphiqlRoute } from './route';

const script = Buffer.from('console.log("graphiql")');
const bundle: GraphiqlAssets = {
  files: new Map([['graphiql.js', { contentType: 'text/javascript; charset=utf-8', body: script, gzipped: gzipSync(script), etag: '"abc"' }]]),
  buildMs: 1,
  bytes: script.length,
};

/** The route on a real server, with a 404 for whatever it leaves, as the gateway's handler does. */
async function serve(load: () => Promise<GraphiqlAssets>): Promise<{ url: string; close(): Promise<void> }> {
  const route = graphiqlRoute({ logger: silentLogger, load });
  const server = http.createServer((req, res) => {
    void Promise.resolve(route(req, res, new URL(req.url ?? '/', 'http://gateway'))).then(
      (answered) => answered || res.writeHead(404).end(),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the /graphiql route', () => {
  it('answers the page with a policy that allows nothing from elsewhere, and starts the build', async () => {
    const load = jest.fn(async () => bundle);
    const server = await serve(load);
    try {
      const res = await fetch(`${server.url}/graphiql`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
      expect(await res.text()).toContain('<script type="module" src="/graphiql/assets/graphiql.js"></script>');
      expect(load).toHaveBeenCalledTimes(1);
    } finally {
      await server.close();
    }
  });

  it('serves an asset with its type and tag, answers 304 to a reload, and leaves unknown names and paths alone', async () => {
    const server = await serve(async () => bundle);
    try {
      const res = await fetch(`${server.url}/graphiql/assets/graphiql.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('etag')).toBe('"abc"');
      expect(res.headers.get('content-encoding')).toBe('gzip'); // fetch asks for it, and unzips
      expect(await res.text()).toBe('console.log("graphiql")');
      const plain = await new Promise<http.IncomingMessage>((resolve) => http.get(`${server.url}/graphiql/assets/graphiql.js`, resolve));
      expect(plain.headers['content-encoding']).toBeUndefined();
      plain.resume();
      expect((await fetch(`${server.url}/graphiql/assets/graphiql.js`, { headers: { 'if-none-match': '"abc"' } })).status).toBe(304);
      expect((await fetch(`${server.url}/graphiql/assets/nothing.js`)).status).toBe(404);
      expect((await fetch(`${server.url}/graphql`)).status).toBe(404);
      expect((await fetch(`${server.url}/graphiql`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('builds again after a failed build instead of keeping the failure', async () => {
    const load = jest.fn<Promise<GraphiqlAssets>, []>().mockRejectedValueOnce(new Error('esbuild failed')).mockResolvedValue(bundle);
    const server = await serve(load);
    try {
      expect((await fetch(`${server.url}/graphiql/assets/graphiql.js`)).status).toBe(500);
      expect((await fetch(`${server.url}/graphiql/assets/graphiql.js`)).status).toBe(200);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      await server.close();
    }
  });
});
