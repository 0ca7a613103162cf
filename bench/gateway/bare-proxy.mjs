// The library floor: node's http server + http-proxy(-3) with one keep-alive agent, nothing else.
// Plain JavaScript, run by plain node like the compiled ficus it is compared with (no tsx loader).
// argv: <library: http-proxy-3 | a path to an http-proxy install> <target port> [features].
// `features` adds what the issue requires of any gateway, done the plainest way: forwarding headers
// and a request id both ways, and a pino access-log line per request (to /dev/null, buffered like
// ficus's). It shows what those cost the floor itself. Prints {"port"}.
import { randomUUID } from 'node:crypto';
import { openSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';

const [lib = 'http-proxy-3', targetPort, features] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const mod = require(lib);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const proxy = mod.createProxyServer({ target: `http://127.0.0.1:${targetPort}`, agent });
const server = http.createServer((req, res) =>
  proxy.web(req, res, {}, () => {
    res.statusCode = 502;
    res.end();
  }),
);

if (features === 'features') {
  const { pino } = require('pino');
  const log = pino({ name: 'floor' }, pino.destination({ dest: openSync('/dev/null', 'w'), sync: false, minLength: 8192 }));
  server.prependListener('request', (req, res) => {
    const id = req.headers['x-request-id'] ?? randomUUID();
    const started = Date.now();
    req.headers['x-request-id'] = id;
    req.headers['x-forwarded-for'] = req.socket.remoteAddress;
    req.headers['x-forwarded-proto'] = 'http';
    req.headers['x-forwarded-host'] = req.headers.host ?? '';
    req.headers.via = '1.1 floor';
    res.once('close', () => log.info({ requestId: id, method: req.method, url: req.url, status: res.statusCode, durationMs: Date.now() - started }, 'request'));
  });
  proxy.on('proxyRes', (proxyRes, req) => {
    proxyRes.headers.via = '1.1 floor';
    proxyRes.headers['x-request-id'] = req.headers['x-request-id'];
  });
}

server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on('SIGTERM', () => process.exit(0)); // exit normally: --cpu-prof writes its profile
