// One gateway for the shadow bench, in its own process (its CPU time and RSS are read from /proc).
// argv[2]: the config as JSON. Prints the data-plane port once listening.
import { pino } from 'pino';
import { validateConfig } from '../../gateway/config/validate-config.js';
import { createGateway } from '../../gateway/create-gateway.js';

const result = validateConfig(JSON.parse(process.argv[2]));
if (!result.ok) {
  process.stderr.write(`bench config invalid: ${JSON.stringify(result.problems)}\n`);
  process.exit(2);
}
const gateway = createGateway(result.config, { logger: pino({ level: 'warn' }, pino.destination(2)) });
const { port } = await gateway.listen();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
