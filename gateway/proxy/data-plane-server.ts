// The data plane's listening server: node's http server, or its https server when `listen.tls` is
// set (HTTP/1.1 over TLS), with the client limits either way. The certificate and key are re-read
// when either file changes (their directories are watched, as the config's is) and swapped in for
// new connections; files that no longer read as a valid pair are logged and counted, and the last
// good pair keeps serving.
import http from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/schema.js';
import { readTlsFiles } from '../config/read-tls-files.js';
import { watchConfig, type ConfigWatcher } from '../config/watch-config.js';
import { ConfigInvalidError } from '../errors.js';
import type { GatewayMetrics } from '../telemetry/create-metrics.js';
import { clientLimitOptions, enforceClientLimits } from './client-limits.js';

type Listen = GatewayConfig['listen'];

/** Creates the server for `listen` (throws ConfigInvalidError when listen.tls's files do not read). */
export function createDataPlaneServer(listen: Listen, handler: http.RequestListener, metrics: GatewayMetrics): http.Server {
  let server: http.Server;
  if (listen.tls) {
    const read = readTlsFiles(listen.tls);
    if (!read.ok) throw new ConfigInvalidError(read.problems);
    server = https.createServer({ ...clientLimitOptions(listen), ...read.files }, handler) as unknown as http.Server;
  } else server = http.createServer(clientLimitOptions(listen), handler);
  enforceClientLimits(server, listen, metrics);
  return server;
}

/** Watches listen.tls's files and swaps the server's certificate when they change; nothing to watch without TLS. */
export function watchTlsFiles(server: http.Server, listen: Listen, logger: Logger, metrics: GatewayMetrics): ConfigWatcher | undefined {
  const tls = listen.tls;
  if (!tls) return undefined;
  const reload = (): void => {
    const read = readTlsFiles(tls);
    if (!read.ok) {
      metrics.tlsReloads.inc({ result: 'invalid' });
      logger.error({ problems: read.problems }, 'TLS files changed but do not read as a certificate and its key; still serving the last good pair');
      return;
    }
    (server as unknown as https.Server).setSecureContext(read.files);
    metrics.tlsReloads.inc({ result: 'ok' });
    logger.info({ cert: tls.cert }, 'TLS certificate reloaded');
  };
  // A renewal writes both files: one reload, 200 ms after the last write to either.
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(reload, 200);
  };
  const watchers = [...new Set([tls.cert, tls.key])].map((file) => watchConfig(file, schedule, 0));
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
