import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayLogger, type GatewayLogger } from '../../gateway/telemetry/create-logger.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const opened: { log: GatewayLogger; fds: number[] }[] = []; // fds: ours to close (the logger closes its own)
afterEach(() => {
  for (const { log, fds } of opened.splice(0)) {
    const stream = (log.logger as unknown as Record<symbol, NodeJS.EventEmitter & { destroy(): void }>)[pino.symbols.streamSym]!;
    stream.on('error', () => undefined); // a write retried after destroy() finds its fd closed
    stream.destroy();
    for (const fd of fds) closeSync(fd);
  }
});

describe('the gateway logger', () => {
  it('writes JSON lines on a quiet gateway within the flush interval, not only when the buffer fills', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ficus-log-')), 'out.log');
    const fd = openSync(file, 'w');
    const log = createGatewayLogger({ fd, flushMs: 20 });
    opened.push({ log, fds: [] });
    log.logger.info({ route: 'products', status: 200 }, 'request');
    await sleep(150);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ name: 'ficus-gateway', msg: 'request', route: 'products', status: 200 });
  });

  it('drops and counts lines once a reader that stopped reading has left maxLength bytes buffered', async () => {
    const fifo = path.join(mkdtempSync(path.join(tmpdir(), 'ficus-log-')), 'out');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK); // open, never read
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    const log = createGatewayLogger({ fd: writer, flushMs: 10, maxLength: 64 * 1024 });
    opened.push({ log, fds: [reader] });
    const line = { route: 'products', pad: 'x'.repeat(200) }; // ~300 bytes a line
    for (let i = 0; i < 2000; i++) log.logger.info(line, 'request'); // ~600 KB: the pipe holds 64 KB, the buffer 64 KB
    await sleep(100);
    expect(log.droppedLines()).toBeGreaterThan(1000);
    expect(log.droppedLines()).toBeLessThan(2000);
  });
});
