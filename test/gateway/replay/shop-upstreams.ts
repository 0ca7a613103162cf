// A tiny product API on port 0 for replay and compare tests: `/api/products/:id` answers
// `{ id, name, price, generatedAt }`; `price` can be planted wrong (a broken build), `generatedAt`
// differs on every answer (noise), `secrets` plants a cookie and an API key, and `hang` makes it never answer. Counts requests and how many
// were in flight at once.
import http from 'node:http';
import type net from 'node:net';

export interface ShopUpstream {
  url: string;
  port: number;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  maxInFlight(): number;
  close(): Promise<void>;
}

/** Planted by `secrets`: a session cookie set on every answer and an API key in the body, for tests that search files for them. */
export const PLANTED = { setCookie: 'shop_session=planted-set-cookie-7f3a', apiKey: 'sk-planted-api-key-91c2' };

export async function startShop(o: { priceDelta?: number; hang?: boolean; delayMs?: number; secrets?: boolean } = {}): Promise<ShopUpstream> {
  const requests: ShopUpstream['requests'] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (o.hang) return;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        const m = /^\/api\/products\/(\d+)/.exec(req.url ?? '');
        if (!m) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
          return;
        }
        const id = Number(m[1]);
        const body = JSON.stringify({ id, name: `product ${id}`, price: id * 10 + (o.priceDelta ?? 0), generatedAt: new Date().toISOString() + Math.random(), ...(o.secrets ? { apiKey: PLANTED.apiKey } : {}) });
        res.writeHead(200, { 'content-type': 'application/json', ...(o.secrets ? { 'set-cookie': `${PLANTED.setCookie}; HttpOnly` } : {}) }).end(body);
      }, o.delayMs ?? 0);
    });
  });
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
