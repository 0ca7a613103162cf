// Starts a real gateway on port 0 from a config object, with a captured JSON access log.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { validateConfig } from '../../../gateway/config/validate-config.js';
import type { GatewayConfigInput } from '../../../gateway/config/schema.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../../gateway/create-gateway.js';

export interface RunningGateway {
  gateway: Gateway;
  port: number;
  adminPort: number;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Validates `input` (ports 0 on loopback, an in-memory store unless given), creates and starts a gateway. */
export async function startGateway(input: GatewayConfigInput, options: GatewayOptions = {}): Promise<RunningGateway> {
  const result = validateConfig({
    ...input,
    listen: { host: '127.0.0.1', port: 0, ...input.listen },
    admin: { host: '127.0.0.1', port: 0, ...input.admin },
    store: { url: 'sqlite::memory:', ...input.store },
  });
  if (!result.ok) throw new Error(`test config invalid: ${JSON.stringify(result.problems)}`);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const gateway = createGateway(result.config, { logger: pino({ level: 'info' }, sink), ...options });
  const { port, adminPort } = await gateway.listen();
  return { gateway, port, adminPort, logs, close: () => gateway.close() };
}
