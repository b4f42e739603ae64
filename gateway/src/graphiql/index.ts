export { ASSETS_PATH, buildGraphiqlAssets, loadGraphiqlAssets, type Asset, type GraphiqlAssets } from './assets';
export { GRAPHIQL_LINK_ID, sandboxLandingPage, withGraphiqlLink } from './landing-page';
export { GRAPHIQL_CSP, GRAPHIQL_HTML } from './page';
export { GRAPHIQL_PATH, graphiqlRoute } from './route';
