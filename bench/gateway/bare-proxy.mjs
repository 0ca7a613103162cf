// The library floor: node's http server + http-proxy(-3) with one keep-alive agent, nothing else.
// Plain JavaScript, run by plain node like the compiled ficus it is compared with (no tsx loader).
// argv: <library: http-proxy-3 | a path to an http-proxy install> <target port>. Prints {"port"}.
import http from 'node:http';
import { createRequire } from 'node:module';

const [lib = 'http-proxy-3', targetPort] = process.argv.slice(2);
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
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on('SIGTERM', () => process.exit(0)); // exit normally: --cpu-prof writes its profile
