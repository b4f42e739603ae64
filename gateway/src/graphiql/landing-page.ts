import type { ApolloServerPlugin, LandingPage } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { GRAPHIQL_PATH } from './route';

/** The link's id on the landing page (tests look for it). */
export const GRAPHIQL_LINK_ID = 'puchi-graphiql-link';

/**
 * Adds a link to GraphiQL to the landing page's HTML: fixed in a corner above Apollo Sandbox, and still there when
 * Sandbox cannot load (it comes from Apollo's CDN). Styled with the page's own CSP nonce, since the page allows no
 * other inline style.
 */
export function withGraphiqlLink(html: string): string {
  const nonce = /'nonce-([^']+)'/.exec(html)?.[1];
  const style = nonce
    ? `<style nonce="${nonce}">#${GRAPHIQL_LINK_ID} { position: fixed; z-index: 10; right: 16px; bottom: 12px; padding: 4px 10px; border-radius: 4px; background: #fff; color: #15252d; font: 13px/1.5 sans-serif; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); }</style>`
    : '';
  const link = `${style}<a id="${GRAPHIQL_LINK_ID}" href="${GRAPHIQL_PATH}" title="GraphiQL, served by this gateway: works offline">Offline? Open GraphiQL</a>`;
  return html.includes('</body>') ? html.replace('</body>', `${link}\n</body>`) : html + link;
}

/**
 * Apollo Sandbox embedded at `/graphql` (Apollo's local default landing page, which has no option for a link of
 * our own), with a link to `/graphiql` when GraphiQL is served.
 */
export function sandboxLandingPage(options: { linkToGraphiql: boolean }): ApolloServerPlugin {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({ embed: true });
  if (!options.linkToGraphiql) return sandbox;
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!listener || !render) return listener;
      return {
        ...listener,
        async renderLandingPage(): Promise<LandingPage> {
          const { html } = await render.call(listener);
          return { html: async () => withGraphiqlLink(typeof html === 'string' ? html : await html()) };
        },
      };
    },
  };
}
