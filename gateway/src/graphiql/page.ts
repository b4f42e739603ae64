import { ASSETS_PATH } from './assets';

/**
 * The page's Content-Security-Policy: everything from this gateway, nothing from elsewhere. Inline styles are
 * allowed because Monaco writes its own; `connect-src 'self'` covers `ws://` to the same host (CSP level 3).
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The HTML of `/graphiql`: a root for GraphiQL, its style sheet and script from `ASSETS_PATH`. */
export const GRAPHIQL_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Puchi · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSETS_PATH}/graphiql.css">
<style>body { margin: 0; } #graphiql { height: 100dvh; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script type="module" src="${ASSETS_PATH}/graphiql.js"></script>
</body>
</html>
`;
