/**
 * The floor for `npm run bench:timeline`: a bare node:http server in its own process that reads each POST and
 * answers a fixed small JSON body. A query through the gateway can be no faster than this round trip.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY = JSON.stringify({ data: { userProfile: { id: 'learner-ana', displayName: 'Ana', nativeLanguage: 'en', targetLanguage: 'es', level: 'A1' } } });

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end(BODY);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ ready: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
