import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@puchi/kafka';
import { isLocalUrl, launchBrowser, type TestBrowser } from './browser';

/** A page that reaches for the internet three ways: an image, a script and a WebSocket. */
const LEAKY_PAGE = `<!doctype html><html><body><h1>Leaky</h1>
<img src="https://images.example.com/logo.png">
<script src="https://cdn.example.com/lib.js"></script>
<script>new WebSocket('wss://live.example.com/socket');</script>
</body></html>`;

let browser: TestBrowser;
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(LEAKY_PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('the browser harness', () => {
  it('refuses and records every request that would leave the machine, and saves screenshots', async () => {
    const tab = await browser.open(`${base}/`);
    await waitFor('three offsite requests', () => tab.offsite.length >= 3);
    expect([...tab.offsite].sort()).toEqual(['https://cdn.example.com/lib.js', 'https://images.example.com/logo.png', 'wss://live.example.com/socket']);
    expect(await tab.page.getByRole('heading').innerText()).toBe('Leaky');
    const file = await tab.screenshot('harness-leaky-page');
    expect(fs.statSync(file).size).toBeGreaterThan(0);
  });

  it('counts only this machine as local', () => {
    expect(['http://127.0.0.1:8000/graphql', 'ws://localhost:8000/graphql', 'http://[::1]:80/', 'data:,x'].every(isLocalUrl)).toBe(true);
    expect(['https://studio.apollographql.com/', 'http://127.0.0.1.example.com/', 'http://10.0.0.1/'].some(isLocalUrl)).toBe(false);
  });
});
