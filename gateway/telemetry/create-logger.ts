// The gateway's default logger: pino JSON lines on stdout through an asynchronous buffer, so a
// reader of stdout that falls behind (a log shipper, a full pipe) never stalls the event loop and
// the data plane with it. Lines leave at `minLength` bytes or every `flushMs`, whichever comes
// first, and pino flushes what is left when the process exits. Past `maxLength` buffered bytes
// lines are dropped and counted (`droppedLines`): a reader that stops costs log lines, not memory.
// (Throughput is not the reason: in bench/gateway the access log costs ~10 µs a request with a
// synchronous, an asynchronous or a batched destination alike.)
import { pino, type Logger } from 'pino';

export interface LoggerOptions {
  fd?: number; // default 1 (stdout)
  minLength?: number; // bytes buffered before a write (default 8 KiB; sonic-boom wants it below its 16 KiB maxWrite)
  flushMs?: number; // longest a line waits on a quiet gateway (default 250 ms)
  maxLength?: number; // bytes buffered at most while the reader lags (default 16 MiB)
}

export interface GatewayLogger {
  logger: Logger;
  droppedLines(): number;
}

/** Creates the buffered logger and its flush timer (unref'd: it never keeps the process alive). */
export function createGatewayLogger(options: LoggerOptions = {}): GatewayLogger {
  const destination = pino.destination({
    dest: options.fd ?? 1,
    sync: false,
    minLength: options.minLength ?? 8 * 1024,
    maxLength: options.maxLength ?? 16 * 1024 * 1024,
  });
  let dropped = 0;
  destination.on('drop', () => dropped++);
  const timer = setInterval(() => {
    // flush() throws while sonic-boom is still opening the destination; the next tick catches up.
    try {
      destination.flush();
    } catch {
      // not ready yet
    }
  }, options.flushMs ?? 250);
  timer.unref();
  return { logger: pino({ name: 'ficus-gateway' }, destination), droppedLines: () => dropped };
}
