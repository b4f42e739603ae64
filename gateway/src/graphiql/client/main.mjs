/* global document, location, URL, URLSearchParams, Worker */
// The /graphiql page's script, bundled for the browser by ../assets.ts (esbuild). JavaScript on purpose: the
// project's TypeScript is set up for Node (no DOM library, no React types), and this file stays a few lines.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { parse } from 'graphql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';

// Monaco runs its language services in workers; ours are bundled next to this script (the names ../assets.ts
// builds), never fetched from a CDN as GraphiQL's own `setup-workers/esm.sh` would.
const WORKERS = { json: 'json.worker.js', graphql: 'graphql.worker.js' };
globalThis.MonacoEnvironment = {
  getWorker: (_workerId, label) => new Worker(`/graphiql/assets/${WORKERS[label] ?? 'editor.worker.js'}`),
};

// JSON with comments: GraphiQL parses the headers editor with jsonc-parser.
const HEADERS_HELP = `{
  // A token from \`npm run token -- --user <id>\`
  // goes with every request, subscriptions included:
  // "Authorization": "Bearer eyJ…"
}`;
const QUERY_HELP = `# Puchi's API, from this gateway (works offline).
# Run: Ctrl-Enter. A token goes under Headers.
{
  lessons(first: 3) {
    edges { node { title course { title } } }
  }
}
`;

const url = new URL('/graphql', location.href);
const subscriptionUrl = new URL(url);
subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
// Subscriptions: graphql-ws, one connection per subscription, whose connection_init carries the headers editor's
// object; the gateway reads its `Authorization` there as it reads the HTTP header (subscriptions/ws.ts).
const toolkitFetcher = createGraphiQLFetcher({ url: url.href, subscriptionUrl: subscriptionUrl.href });
// GraphiQL hands the fetcher the document it parsed last, a moment after typing stops: run right after a paste, a
// subscription went by the previous document, over HTTP ("Execution of subscriptions not supported by gateway").
// So the fetcher reads the query it is given, and a lone operation's name from it.
const fetcher = (params, options) => {
  let documentAST;
  try {
    documentAST = parse(params.query);
  } catch {
    return toolkitFetcher(params, options);
  }
  const operations = documentAST.definitions.filter((definition) => definition.kind === 'OperationDefinition');
  const operationName = operations.length === 1 ? operations[0].name?.value : params.operationName;
  return toolkitFetcher({ ...params, operationName }, { ...options, documentAST });
};
const shared = new URLSearchParams(location.search).get('query');

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: QUERY_HELP,
    // The place for a token, open on arrival; never stored (GraphiQL keeps headers only when asked to).
    defaultHeaders: HEADERS_HELP,
    defaultEditorToolsVisibility: 'headers',
    ...(shared ? { initialQuery: shared } : {}),
  }),
);
