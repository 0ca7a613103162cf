// Upstreams for the shadow bench, in their own process: a monolith answering 1 KB of JSON, a fast
// service answering the same, and a slow service answering after 200 ms. Prints their ports as JSON.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({
  id: 1,
  name: 'Product',
  items: Array.from({ length: 12 }, (_, i) => ({ sku: `sku-${i}`, price: i * 3.5, stock: i % 4 })),
  note: 'x'.repeat(200),
});

function start(delayMs: number): Promise<number> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A port that was bound once and closed: nothing listens there. */
function deadPort(): Promise<number> {
  const s = http.createServer();
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    }),
  );
}

const [monolith, fast, slow, dead] = await Promise.all([start(0), start(0), start(200), deadPort()]);
process.stdout.write(`${JSON.stringify({ monolith, fast, slow, dead })}\n`);
