import { randomUUID } from 'node:crypto';
import { DeadLetters, deadLetterRecord, uniqueName, waitFor, type BusAdmin } from '@puchi/kafka';
import { launchBrowser, type BrowserTab, type TestBrowser } from './browser';
import { startTestSystem, type TestSystem } from './system';

let system: TestSystem;
let browser: TestBrowser;
let admin: BusAdmin;
let base: string;
/** A topic of this suite's own with its `.DLT`, holding one dead letter, so a re-drive touches no domain. */
const topic = uniqueName('console-orders');
const dlt = `${topic}.DLT`;

beforeAll(async () => {
  system = await startTestSystem();
  browser = await launchBrowser();
  base = `http://127.0.0.1:${system.gateway.port}`;
  admin = await system.bus.admin();
  await admin.createTopic(topic, 1);
  await admin.createTopic(dlt, 1);
  const producer = system.bus.producer();
  await producer.connect();
  await producer.send([
    deadLetterRecord(
      { topic, partition: 0, offset: '7', key: 'order-1', value: Buffer.from('{"id":"evt-1","type":"order.placed"}'), headers: {}, timestamp: Date.now() },
      'handler-failed',
      new Error('the warehouse said no'),
    ),
  ]);
  await producer.disconnect();
});
afterAll(async () => {
  await admin?.deleteTopics([topic, dlt]).catch(() => undefined);
  await admin?.disconnect();
  await browser?.close();
  await system?.close();
});

/** The console as a person opens it: the page, a token pasted into its form. */
async function signIn(userId: string, role: 'admin' | 'analyst'): Promise<BrowserTab> {
  const tab = await browser.open(`${base}/console`);
  await tab.page.locator('#token').fill(await system.token(userId, [role]));
  await tab.page.getByRole('button', { name: 'Open the console' }).click();
  await tab.page.locator('[data-testid=service-row]').first().waitFor({ timeout: 30_000 });
  return tab;
}

const deadLetterRow = (tab: BrowserTab) => tab.page.locator(`[data-testid=dlt-topic][data-topic="${dlt}"] [data-testid=dlt-record]`);

describe('the console at /console, offline', () => {
  it('shows the 8 services, consumer groups with their lag and the topics, with every asset from the gateway', async () => {
    const tab = await signIn('admin-max', 'admin');
    expect(await tab.page.locator('[data-testid=service-row]').count()).toBe(8);
    expect(await tab.page.locator('[data-testid=service-row] td:first-child').allInnerTexts()).toEqual(['user', 'lesson', 'progress', 'media', 'notification', 'vocabulary', 'quiz', 'analytics']);
    await waitFor('every service up', async () => (await tab.page.locator('[data-testid=service-row] td:nth-child(2)').allInnerTexts()).every((s) => s === 'up'), 20_000);
    // Each instance says whether it is restoring its store or ready; all are ready here.
    await waitFor('every instance ready', async () => {
      const states = await tab.page.getByTestId('instance').evaluateAll((items) => items.map((i) => i.getAttribute('data-state')));
      return states.length >= 8 && states.every((state) => state === 'ready');
    }, 20_000);
    // Each instance's store projection is a group of its own; caught up, it reads as healthy.
    await waitFor('every store caught up', async () => (await tab.page.getByTestId('service-store').allInnerTexts()).every((s) => /^healthy \(\d+ caught up\)$/.test(s)), 20_000);
    expect(await tab.page.locator('[data-testid=group-row]', { hasText: 'progress store' }).count()).toBeGreaterThan(0);
    // Reaction groups are listed with the request groups, each with a lag figure.
    expect(await tab.page.locator('[data-group="notification-service-group.progress-events"]').count()).toBe(1);
    expect(await tab.page.locator('[data-testid=group-lag]').first().innerText()).toMatch(/^\d+$/);
    const topicRow = (name: string) => tab.page.locator(`[data-testid=topic-row][data-topic="${name}"]`).innerText();
    expect(await topicRow('progress-events.DLT')).toMatch(/\t14 d\t/);
    expect(await topicRow('complete-lesson')).toMatch(/\t1 h\t/);
    expect(await topicRow('progress-events')).toMatch(/\tforever\t/);
    await tab.screenshot('console-overview');
    expect(tab.offsite).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('shows a dead letter, and an admin re-drives it to its topic once', async () => {
    const tab = await signIn('admin-max', 'admin');
    await deadLetterRow(tab).waitFor({ timeout: 20_000 });
    expect(await deadLetterRow(tab).innerText()).toContain('the warehouse said no');
    await deadLetterRow(tab).getByTestId('redrive').click();
    await waitFor('the row to say it was re-driven', async () => (await deadLetterRow(tab).getByTestId('redrive').innerText()) === 're-driven by admin-max', 20_000);
    expect(await deadLetterRow(tab).getByTestId('redrive').isDisabled()).toBe(true);
    await tab.page.locator('#dead-letters').scrollIntoViewIfNeeded();
    await tab.screenshot('console-dead-letters');
    expect(await admin.boundaryOffsets(topic, 'high')).toEqual([{ partition: 0, offset: '1' }]);
    const tool = new DeadLetters({ bus: system.bus });
    await expect(tool.show(dlt, 0, '0')).resolves.toMatchObject({ redriven: { by: 'admin-max' } });
    await tool.close();
  });

  it('lets an analyst look but not re-drive', async () => {
    const tab = await signIn('analyst-ida', 'analyst');
    expect(await tab.page.getByTestId('who').innerText()).toContain('read only');
    await deadLetterRow(tab).waitFor({ timeout: 20_000 });
    expect(await deadLetterRow(tab).getByTestId('redrive').isDisabled()).toBe(true);
    const res = await fetch(`${base}/api/console/dead-letters/redrive`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await system.token('analyst-ida', ['analyst'])}`, 'content-type': 'application/json' },
      body: JSON.stringify({ topic: dlt, partition: 0, offset: '0' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect((await fetch(`${base}/api/console/groups`)).status).toBe(401);
    expect((await fetch(`${base}/api/console/groups`, { headers: { authorization: `Bearer ${await system.token('learner-ana')}` } })).status).toBe(403);
  });

  it('shows a live event in the tail after a mutation', async () => {
    const tab = await signIn('analyst-ida', 'analyst');
    await tab.page.getByLabel('user-events').check();
    await tab.page.getByRole('button', { name: 'Follow' }).click();
    // The subscription starts live, at a moment the page does not show: register learners until one arrives.
    const email = () => `console-${randomUUID().slice(0, 8)}@example.com`;
    await waitFor(
      'a user.registered event in the tail',
      async () => {
        if ((await tab.page.locator('[data-testid=tail-event][data-type="user.registered"]').count()) > 0) return true;
        await system.query(`mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id } }`, {
          input: { displayName: 'Console Watcher', email: email(), nativeLanguage: 'en', targetLanguage: 'es' },
        });
        return false;
      },
      30_000,
      500,
    );
    // Analysts see emails masked (the user domain's analyst view).
    expect(await tab.page.locator('[data-testid=tail-event]').first().innerText()).toMatch(/c\*\*\*@example\.com/);
    await tab.page.getByTestId('tail').scrollIntoViewIfNeeded();
    await tab.screenshot('console-live-tail');
    expect(tab.offsite).toEqual([]);
    expect(tab.errors).toEqual([]);
  });
});
