import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlreadyRedrivenError, silentLogger, type DeadLetters, type MessageBus } from '@puchi/kafka';
import { createHttpHandler } from '../http/handler';
import { SharedAdmin } from '../shared-admin';
import { CONSOLE_CSP, consoleRoute } from './route';

const PEOPLE: Record<string, { userId: string; roles: string[] }> = {
  'Bearer admin': { userId: 'admin-max', roles: ['admin'] },
  'Bearer analyst': { userId: 'analyst-ida', roles: ['analyst'] },
  'Bearer learner': { userId: 'learner-ana', roles: ['learner'] },
};
const auth = { identify: async (header: string | undefined) => (header ? (PEOPLE[header] ?? Promise.reject(new Error('bad token'))) : undefined) };

let server: http.Server;
let base: string;
const redrive = jest.fn();
const deadLetters = {
  topics: async () => [{ topic: 'quiz-events.DLT', originalTopic: 'quiz-events', partitions: 3, retained: 1 }],
  redrive,
} as unknown as DeadLetters;

beforeAll(async () => {
  const admin = new SharedAdmin({} as MessageBus);
  const handler = createHttpHandler({
    apollo: undefined as never,
    context: async () => ({}),
    routes: {},
    pages: [consoleRoute({ auth, admin, deadLetters, logger: silentLogger })],
    corsOrigins: [],
    logger: silentLogger,
  });
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => redrive.mockReset());

const post = (token: string, body: string, contentType = 'application/json') =>
  fetch(`${base}/api/console/dead-letters/redrive`, { method: 'POST', headers: { authorization: token, 'content-type': contentType }, body });
const target = JSON.stringify({ topic: 'quiz-events.DLT', partition: 1, offset: '4' });

describe('the console’s routes', () => {
  it('answer analysts and admins, and nobody else', async () => {
    const as = (authorization?: string) => fetch(`${base}/api/console/dead-letters`, { headers: authorization ? { authorization } : {} });
    expect((await as()).status).toBe(401);
    expect((await as('Bearer forged')).status).toBe(401);
    expect(await (await as('Bearer learner')).json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect(await (await as('Bearer analyst')).json()).toEqual([{ topic: 'quiz-events.DLT', originalTopic: 'quiz-events', partitions: 3, retained: 1 }]);
    expect((await as('Bearer admin')).status).toBe(200);
  });

  it('let an admin re-drive, in the admin’s name, and refuse an analyst', async () => {
    redrive.mockResolvedValue({ topic: 'quiz-events', partition: 0 });
    const refused = await post('Bearer analyst', target);
    expect(refused.status).toBe(403);
    expect(redrive).not.toHaveBeenCalled();
    const done = await post('Bearer admin', target);
    expect(done.status).toBe(200);
    expect(redrive).toHaveBeenCalledWith('quiz-events.DLT', 1, '4', { by: 'admin-max' });
  });

  it('take a re-drive only as JSON, so a cross-site form cannot send one', async () => {
    const res = await post('Bearer admin', target, 'text/plain');
    expect(res.status).toBe(415);
    expect(redrive).not.toHaveBeenCalled();
    expect((await post('Bearer admin', JSON.stringify({ topic: 'quiz-events', partition: 1, offset: '4' }))).status).toBe(400);
  });

  it('say 409 ALREADY_REDRIVEN for a dead letter re-driven before', async () => {
    redrive.mockRejectedValue(new AlreadyRedrivenError('quiz-events.DLT', 1, '4', '2026-01-01T00:00:00.000Z'));
    const res = await post('Bearer admin', target);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'ALREADY_REDRIVEN' } }] });
  });

  it('serve the page and its script from this process, with nothing from elsewhere', async () => {
    const page = await fetch(`${base}/console`);
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    const html = await page.text();
    expect(html).toContain('<script src="/console/console.js"></script>');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const script = await fetch(`${base}/console/console.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    // The graphql-ws client is bundled in, not fetched.
    expect(await script.text()).toContain('graphql-transport-ws');
    expect((await fetch(`${base}/console/console.css`)).status).toBe(200);
  });
});
