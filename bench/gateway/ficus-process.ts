// ficus under test, in its own process so /proc gives its CPU and RSS. argv[2]: the config as JSON.
// The access log is on: the gateway's default logger (buffered JSON lines), written to /dev/null;
// production pays for it, so the bench does.
import { openSync } from 'node:fs';
import { validateConfig } from '../../gateway/config/validate-config.js';
import { createGateway } from '../../gateway/create-gateway.js';
import { createGatewayLogger } from '../../gateway/telemetry/create-logger.js';

const result = validateConfig(JSON.parse(process.argv[2]!));
if (!result.ok) {
  process.stderr.write(`bench config invalid: ${JSON.stringify(result.problems)}\n`);
  process.exit(2);
}
const gateway = createGateway(result.config, { logger: createGatewayLogger({ fd: openSync('/dev/null', 'w') }) });
const { port } = await gateway.listen();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
