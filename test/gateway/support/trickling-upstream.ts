// An upstream that answers every request head by writing `answer` a few bytes at a time, `everyMs`
// apart: each pause is shorter than an idle timeout, the whole far longer than a total deadline.
import net from 'node:net';

export interface TricklingUpstream {
  url: string;
  received(): string; // every byte it was sent, latin1
  connections(): number;
  close(): Promise<void>;
}

export async function startTrickler(answer: string, options: { bytes?: number; everyMs?: number; fromByte?: number } = {}): Promise<TricklingUpstream> {
  const { bytes = 1, everyMs = 50, fromByte = 0 } = options;
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let seen = '';
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      seen += c.toString('latin1');
      if (!seen.includes('\r\n\r\n')) return;
      seen = '';
      // The first `fromByte` bytes at once (a head, say), then the rest trickled.
      socket.write(answer.slice(0, fromByte), 'latin1');
      let at = fromByte;
      const timer = setInterval(() => {
        if (at >= answer.length || socket.destroyed) return clearInterval(timer);
        socket.write(answer.slice(at, at + bytes), 'latin1');
        at += bytes;
      }, everyMs);
      socket.once('close', () => clearInterval(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    received: () => Buffer.concat(chunks).toString('latin1'),
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
