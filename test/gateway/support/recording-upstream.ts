// An upstream that records, per TCP connection, the raw bytes it received and every request node's
// own HTTP parser read from them: a smuggled request shows up as a request the client never sent.
import http from 'node:http';
import net from 'node:net';

export interface ParsedRequest {
  connection: number; // which accepted connection it arrived on (1, 2, ...)
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  trailers: Record<string, string | undefined>;
}

export interface RecordingUpstream {
  url: string;
  requests: ParsedRequest[];
  raw(): string[]; // bytes per connection, latin1
  close(): Promise<void>;
}

/** Starts the recorder on 127.0.0.1:0; it answers every request 200 with a small JSON body. */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const requests: ParsedRequest[] = [];
  const raw: Buffer[][] = [];
  const ids = new Map<number, number>(); // the relay's local port → which accepted connection it carries
  const parser = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        connection: ids.get(req.socket.remotePort ?? 0) ?? 0,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('latin1'),
        trailers: { ...req.trailers },
      });
      const json = JSON.stringify({ seen: req.url });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    });
  });
  const parserPort = await listen(parser);
  // node's http server reads a socket it is handed straight from its handle, so no 'data' event
  // would show the bytes: each connection is relayed to the parser over a loopback connection of its
  // own, and recorded on the way.
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    raw.push(chunks);
    const id = raw.length;
    const relay = net.connect(parserPort, '127.0.0.1', () => ids.set(relay.localPort ?? 0, id));
    for (const s of [socket, relay]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.pipe(relay).pipe(socket);
    socket.on('close', () => relay.destroy());
    relay.on('close', () => socket.destroy());
  });
  const port = await listen(tcp);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    raw: () => raw.map((chunks) => Buffer.concat(chunks).toString('latin1')),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        parser.closeAllConnections();
        parser.close();
        tcp.close(() => resolve());
      }),
  };
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/**
 * Writes `bytes` on a fresh connection to the gateway and resolves with everything it answers until
 * it goes quiet for `quietMs` after answering (or `firstByteMs` without an answer), or closes.
 */
export function sendRaw(port: number, bytes: string, quietMs = 300, firstByteMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(done, ms);
    };
    socket.on('connect', () => {
      socket.write(bytes, 'latin1');
      arm(firstByteMs); // a cold first exchange on a loaded machine can take longer than quietMs
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      arm(quietMs);
    });
    socket.on('close', done);
    socket.on('error', reject);
  });
}
