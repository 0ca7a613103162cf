// The gateway's default logger: pino JSON lines on stdout through an asynchronous buffer. A
// synchronous write per access-log line cost ~10 µs of a ~110 µs proxied request (bench/gateway);
// buffered, lines leave at `minLength` bytes or every `flushMs`, whichever comes first, and pino
// flushes what is left when the process exits.
import { pino, type Logger } from 'pino';

export interface LoggerOptions {
  fd?: number; // default 1 (stdout)
  minLength?: number; // bytes buffered before a write (default 8 KiB; sonic-boom wants it below its 16 KiB maxWrite)
  flushMs?: number; // longest a line waits on a quiet gateway (default 250 ms)
}

/** Creates the buffered logger and its flush timer (unref'd: it never keeps the process alive). */
export function createGatewayLogger(options: LoggerOptions = {}): Logger {
  const destination = pino.destination({ dest: options.fd ?? 1, sync: false, minLength: options.minLength ?? 8 * 1024 });
  const timer = setInterval(() => {
    // flush() throws while sonic-boom is still opening the destination; the next tick catches up.
    try {
      destination.flush();
    } catch {
      // not ready yet
    }
  }, options.flushMs ?? 250);
  timer.unref();
  return pino({ name: 'ficus-gateway' }, destination);
}
