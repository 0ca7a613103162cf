// The slowloris crowd for bench/gateway/slowloris.ts, in its own process so its sockets do not
// share an event loop with the latency client: opens `count` connections to 127.0.0.1:`port` that
// each send half a request line and stop, (with `replace`) opens a new one for each the gateway
// closes, up to 20 × count connections in all, and after `ms` (at most 60 s) prints how many were
// closed and their ages at close, then exits.
//   tsx slowloris-crowd.ts <port> <count> <ms> [replace]
import net from 'node:net';

const [port, count, ms] = process.argv.slice(2, 5).map(Number) as [number, number, number];
const replace = process.argv[5] === 'replace';
const MAX_OPENED = 20 * count; // bounds a replacing crowd's connections, whatever the gateway does
const ages: number[] = [];
const open = new Set<net.Socket>();
let stopped = false;
let connected = 0;
let opened = 0;

function one(first: boolean): void {
  opened++;
  const t0 = performance.now();
  const socket = net.connect(port, '127.0.0.1', () => {
    socket.write('GET /api/bench/1 HT');
    if (first && ++connected === count) console.log(JSON.stringify({ open: count }));
  });
  open.add(socket);
  socket.on('error', () => {});
  socket.on('data', () => {}); // the 408
  socket.on('close', () => {
    open.delete(socket);
    if (stopped) return;
    ages.push(performance.now() - t0);
    if (replace && opened < MAX_OPENED) one(false);
  });
}

for (let i = 0; i < count; i++) one(true);
setTimeout(() => {
  stopped = true;
  const still = open.size;
  for (const s of open) s.destroy();
  console.log(JSON.stringify({ closed: ages.length, still, ages }));
  process.exit(0);
}, Math.min(ms, 60_000));
