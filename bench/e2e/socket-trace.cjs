/* global process, performance */
/**
 * Preload (`node --require bench/e2e/socket-trace.cjs`) for `npm run bench:timeline`: records every TCP write
 * and every `data` event of the process, with a microsecond wall clock shared by all processes on the machine,
 * and writes them to `$PUCHI_SOCKET_TRACE_DIR/<pid>.json` when the process exits. Nothing in the code under
 * measurement changes, so the timeline costs the system only these two hooks.
 *
 * Node's HTTP server reads its sockets without `data` events, so a gateway's incoming requests are not seen;
 * the timeline takes the client's write as their start instead.
 */
'use strict';

const dir = process.env.PUCHI_SOCKET_TRACE_DIR;
if (dir) {
  const fs = require('node:fs');
  const net = require('node:net');
  const path = require('node:path');
  /** [time µs, 'W' | 'R', local port, remote port, bytes] */
  const events = [];
  const now = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
  const write = net.Socket.prototype.write;
  net.Socket.prototype.write = function tracedWrite(chunk, ...rest) {
    if (this.remotePort !== undefined) events.push([now(), 'W', this.localPort, this.remotePort, chunk ? chunk.length : 0]);
    return write.call(this, chunk, ...rest);
  };
  const emit = net.Socket.prototype.emit;
  net.Socket.prototype.emit = function tracedEmit(event, data, ...rest) {
    if (event === 'data' && this.remotePort !== undefined) events.push([now(), 'R', this.localPort, this.remotePort, data ? data.length : 0]);
    return emit.call(this, event, data, ...rest);
  };
  // The script and its arguments (`scripts/dev.ts user`): a domain service is told apart by its argument.
  const scriptAt = process.argv.findIndex((a) => a.endsWith('.ts'));
  const script = scriptAt >= 0 ? process.argv.slice(scriptAt).join(' ') : (process.argv[1] ?? '');
  process.on('exit', () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify({ pid: process.pid, script, events }));
  });
}
