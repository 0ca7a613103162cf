// The undici floor: node's http server receiving, one undici Pool to the upstream, request and
// response bodies streamed both ways with backpressure (Pool.dispatch, undici's own handler form),
// hop-by-hop headers dropped, nothing else: what the library under ficus's hot path costs alone.
// Plain JavaScript, run by plain node like the compiled ficus it is compared with. argv: <target port>.
// Prints {"port"}.
import http from 'node:http';
import { Pool, util } from 'undici';

const [targetPort] = process.argv.slice(2);
const pool = new Pool(`http://127.0.0.1:${targetPort}`, { connections: 512, pipelining: 1 });
const HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection'];

class Forward {
  constructor(res) {
    this.res = res;
    this.resume = undefined;
  }
  onConnect() {}
  onHeaders(status, raw, resume) {
    if (status < 200) return true;
    const headers = util.parseHeaders(raw);
    for (const h of HOP) delete headers[h];
    this.res.writeHead(status, headers);
    this.resume = resume;
    return true;
  }
  onData(chunk) {
    if (this.res.write(chunk)) return true;
    this.res.once('drain', this.resume);
    return false;
  }
  onComplete() {
    this.res.end();
  }
  onError() {
    if (this.res.headersSent) this.res.destroy();
    else this.res.writeHead(502, { 'content-length': 0 }).end();
  }
}

const server = http.createServer((req, res) => {
  const headers = { ...req.headers };
  for (const h of HOP) delete headers[h];
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  pool.dispatch({ path: req.url, method: req.method, headers, body: hasBody ? req : null, reset: false }, new Forward(res));
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on('SIGTERM', () => process.exit(0)); // exit normally: --cpu-prof writes its profile
