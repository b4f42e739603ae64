import { randomUUID } from 'node:crypto';
import { waitFor } from '@puchi/kafka';
import { GRAPHIQL_LINK_ID } from '../graphiql';
import { launchBrowser, type BrowserTab, type TestBrowser } from './browser';
import { startTestSystem, type TestSystem } from './system';

let system: TestSystem;
let browser: TestBrowser;
let base: string;

beforeAll(async () => {
  system = await startTestSystem();
  browser = await launchBrowser();
  base = `http://127.0.0.1:${system.gateway.port}`;
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

/** GraphiQL's editors are Monaco's: what a person sees is the rendered lines (spaces drawn as no-break spaces). */
const seen = async (tab: BrowserTab, selector: string) => (await tab.page.locator(selector).innerText()).replace(/\u00a0/g, ' ');

/**
 * Replaces an editor's text as a person pasting it would: select all, paste. Pasted, not typed: typing races
 * Monaco's completion and bracket closing, which a person watches and a test cannot.
 */
async function pasteInto(tab: BrowserTab, editor: string, text: string): Promise<void> {
  const input = tab.page.locator(`${editor} .monaco-editor textarea`).first();
  await tab.page.locator(`${editor} .monaco-editor`).first().click();
  await tab.page.keyboard.press('ControlOrMeta+A');
  await input.evaluate((area, value) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', value);
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
  await waitFor(`${editor} to show what was pasted`, async () => (await seen(tab, editor)).includes(text.slice(-20)));
}

async function openGraphiql(): Promise<BrowserTab> {
  const tab = await browser.open(`${base}/graphiql`);
  // The first visit in a process waits for the bundle (a few seconds).
  await tab.page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 30_000 });
  return tab;
}

const prettify = (tab: BrowserTab) => tab.page.getByRole('button', { name: /Prettify/ }).first().click();
const run = (tab: BrowserTab) => tab.page.getByRole('button', { name: /Execute query/ }).first().click();
const response = (tab: BrowserTab) => seen(tab, '.graphiql-response');

describe('GraphiQL at /graphiql, offline', () => {
  it('runs a query and shows its data, with every asset from the gateway', async () => {
    const query = '{ lessons(first: 2) { edges { node { title } } } }';
    const direct = await system.query<{ lessons: { edges: { node: { title: string } }[] } }>(query);
    const titles = direct.data!.lessons.edges.map((edge) => edge.node.title);
    expect(titles).toHaveLength(2);

    const tab = await openGraphiql();
    // The place for a token, open on arrival.
    expect(await seen(tab, '.graphiql-editor-tool')).toContain('"Authorization": "Bearer');
    await tab.screenshot('graphiql-open');
    await pasteInto(tab, '.graphiql-query-editor', query);
    await run(tab);
    await waitFor('the titles in the result pane', async () => (await response(tab)).includes(titles[1]!));
    await prettify(tab);
    const shown = await response(tab);
    for (const title of titles) expect(shown).toContain(`"title": "${title}"`);
    await tab.screenshot('graphiql-query');
    expect(tab.offsite).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('delivers a subscription run right after pasting it, over graphql-ws with the token from the headers editor', async () => {
    const learner = `learner-${randomUUID().slice(0, 8)}`;
    const tab = await openGraphiql();
    await pasteInto(tab, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: `Bearer ${await system.token(learner)}` }));
    await pasteInto(tab, '.graphiql-query-editor', `subscription { progressUpdated(userId: "${learner}") { kind lesson { title } } }`);
    const groups = system.gateway.subscriptions.hub.groupCount;
    await run(tab);
    await waitFor('the subscription at the gateway', () => system.gateway.subscriptions.hub.groupCount > groups);

    await system.query('mutation { completeLesson(lessonId: "es-a1-06", score: 92) { status } }', undefined, { userId: learner });
    await waitFor('the event in the result pane', async () => /LESSON_COMPLETED/.test(await response(tab)));
    expect(await response(tab)).toContain('"title": "Days and Times"');
    await prettify(tab);
    await tab.screenshot('graphiql-subscription');
    expect(tab.offsite).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('opens a query shared as a link (?query=)', async () => {
    const tab = await browser.open(`${base}/graphiql?query=${encodeURIComponent('{ courses { title } }')}`);
    await waitFor('the shared query in the editor', async () => (await seen(tab, '.graphiql-query-editor')).includes('{ courses { title } }'));
  });

  it('is linked from the landing page at /graphql, which still shows when Apollo’s CDN is out of reach', async () => {
    const tab = await browser.open(`${base}/graphql`);
    const link = tab.page.locator(`#${GRAPHIQL_LINK_ID}`);
    await link.waitFor();
    // Apollo's page shows its "you might be offline" note after a second's fade.
    await waitFor('the offline note', async () => (await tab.page.locator('.fallback').evaluate((el) => getComputedStyle(el).opacity)) === '1');
    await tab.screenshot('landing-page-offline');
    await link.click();
    await tab.page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 30_000 });
    expect(new URL(tab.page.url()).pathname).toBe('/graphiql');
    // Sandbox itself comes from Apollo's CDN: the harness refused it, as a machine without internet would.
    expect(tab.offsite.some((url) => new URL(url).hostname === 'embeddable-sandbox.cdn.apollographql.com')).toBe(true);
    expect(tab.offsite.every((url) => new URL(url).hostname.endsWith('.apollographql.com') || new URL(url).hostname === 'fonts.googleapis.com')).toBe(true);
  });

  it('is not served in production unless GRAPHIQL enables it', async () => {
    const production = { production: true, introspection: false, graphiql: false };
    const off = await system.startGateway(production);
    const on = await system.startGateway({ ...production, graphiql: true });
    for (const path of ['/graphiql', '/graphiql/assets/graphiql.js']) {
      expect((await fetch(`http://127.0.0.1:${off.port}${path}`)).status).toBe(404);
    }
    const page = await fetch(`http://127.0.0.1:${on.port}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
