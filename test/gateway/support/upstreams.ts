// Real upstream servers on port 0 for gateway tests, one set for every test: a recording server
// that hands each whole request to a handler (startUpstream), an echo server built on it, and the
// failure kinds (closed port, socket destroyer, never answers).
import http from 'node:http';
import net from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Echoed extends SeenRequest {
  name: string;
}

export interface Upstream {
  url: string;
  port: number;
  seen: SeenRequest[];
  connections(): number; // TCP connections accepted so far
  close(): Promise<void>;
}

export interface TestUpstream {
  port: number;
  url: string;
  connections(): number; // TCP connections accepted so far
  requests: Echoed[];
  close(): Promise<void>;
}

export type Handler = (req: SeenRequest, res: http.ServerResponse, raw: http.IncomingMessage) => void;

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

function closer(server: net.Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      (server as http.Server).closeAllConnections?.();
      server.close(() => resolve());
    });
}

/** Starts a server on 127.0.0.1:0 that reads the whole body, records it, then calls `handler`. */
export async function startUpstream(handler: Handler): Promise<Upstream> {
  let connections = 0;
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(r);
      handler(r, res, req);
    });
  });
  server.on('connection', () => connections++);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, seen, connections: () => connections, close: closer(server) };
}

/** An upstream answering JSON `{ name, method, url, headers, body }`; `handler` may take over a request. */
export async function startEcho(name: string, handler?: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => boolean): Promise<TestUpstream> {
  const requests: Echoed[] = [];
  const upstream = await startUpstream((r, res, raw) => {
    const echoed = { name, ...r };
    requests.push(echoed);
    if (handler?.(raw, res, r.body)) return;
    const json = JSON.stringify(echoed);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'x-upstream': name });
    res.end(json);
  });
  return { port: upstream.port, url: upstream.url, connections: upstream.connections, requests, close: upstream.close };
}

export function sendJson(res: http.ServerResponse, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

let tick = 0;
/** The monolith's product: `generatedAt` changes on every call (noise). */
export function product(id: number): Record<string, unknown> {
  return { id, name: `Product ${id}`, price: id * 10, tags: ['a', 'b'], generatedAt: new Date(1_700_000_000_000 + ++tick).toISOString() };
}

/** A port with nothing listening: connections are refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Accepts connections and destroys each socket once the request arrives (a reset). */
export async function startResetter(): Promise<TestUpstream> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.once('data', () => socket.destroy());
  });
  const port = await listen(server);
  return { port, url: `http://127.0.0.1:${port}`, connections: () => connections, requests: [], close: closer(server) };
}

/** Accepts requests and never answers; `closed()` counts the connections the other side closed. */
export async function startBlackHole(): Promise<TestUpstream & { closed(): number }> {
  let connections = 0;
  let closed = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket) && closed++);
    socket.resume(); // read and drop what it is sent, so the other side's FIN is seen
  });
  const port = await listen(server);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    closed: () => closed,
    requests: [],
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
