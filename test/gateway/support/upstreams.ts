// Real upstream servers on port 0 for gateway tests: an echo server that counts its connections,
// and the failure kinds (closed port, socket destroyer, never answers).
import http from 'node:http';
import net from 'node:net';

export interface Echoed {
  name: string;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestUpstream {
  port: number;
  url: string;
  connections(): number; // TCP connections accepted so far
  requests: Echoed[];
  close(): Promise<void>;
}

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

/** An upstream answering JSON `{ name, method, url, headers, body }`; `handler` may take over a request. */
export async function startEcho(
  name: string,
  handler?: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => boolean,
): Promise<TestUpstream> {
  let connections = 0;
  const requests: Echoed[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const echoed = { name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(echoed);
      if (handler?.(req, res, body)) return;
      const json = JSON.stringify(echoed);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), 'x-upstream': name });
      res.end(json);
    });
  });
  server.on('connection', () => connections++);
  const port = await listen(server);
  return { port, url: `http://127.0.0.1:${port}`, connections: () => connections, requests, close: closer(server) };
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

/** Accepts requests and never answers. */
export async function startBlackHole(): Promise<TestUpstream> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
  });
  const port = await listen(server);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    requests: [],
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
