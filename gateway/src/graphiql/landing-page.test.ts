import { GRAPHIQL_LINK_ID, sandboxLandingPage, withGraphiqlLink } from './landing-page';

const page = (nonce: string) => `<html><head><meta http-equiv="Content-Security-Policy" content="script-src 'self' 'nonce-${nonce}'; style-src 'nonce-${nonce}'" /></head><body><div id="embeddableSandbox"></div></body></html>`;

describe('the landing page’s link to GraphiQL', () => {
  it('is added at the end of the body, styled with the page’s own nonce', () => {
    const html = withGraphiqlLink(page('n0nce'));
    expect(html).toMatch(new RegExp(`<style nonce="n0nce">#${GRAPHIQL_LINK_ID} \\{[^<]*</style><a id="${GRAPHIQL_LINK_ID}" href="/graphiql"[^>]*>[^<]+</a>\\n</body></html>$`));
  });

  it('is still a plain link on a page without a nonce', () => {
    expect(withGraphiqlLink('<p>offline</p>')).toBe(`<p>offline</p><a id="${GRAPHIQL_LINK_ID}" href="/graphiql" title="GraphiQL, served by this gateway: works offline">Offline? Open GraphiQL</a>`);
  });
});

describe('sandboxLandingPage', () => {
  const render = async (linkToGraphiql: boolean) => {
    const plugin = sandboxLandingPage({ linkToGraphiql });
    const listener = await plugin.serverWillStart?.({} as Parameters<NonNullable<typeof plugin.serverWillStart>>[0]);
    const { html } = await listener!.renderLandingPage!();
    return typeof html === 'string' ? html : html();
  };

  it('is Apollo Sandbox with the link when GraphiQL is served, and without it otherwise', async () => {
    const linked = await render(true);
    expect(linked).toContain('embeddable-sandbox.cdn.apollographql.com');
    expect(linked).toContain(`<a id="${GRAPHIQL_LINK_ID}" href="/graphiql"`);
    expect(await render(false)).not.toContain(GRAPHIQL_LINK_ID);
  });
});
