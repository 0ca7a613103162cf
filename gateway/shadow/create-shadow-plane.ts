// Everything shadow mode runs while a gateway listens: the batched store writer and the mirror.
// createGateway builds it once the store is open and closes it before closing the store.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from '../config/schema.js';
import type { CopyTracer, GatewayHooks, ShadowComparison } from '../hooks.js';
import type { OpenStore } from '../store/open-store.js';
import { createShadowWriter } from './shadow-writer.js';
import { createShadowMirror } from './create-shadow-mirror.js';
import type { ServicePools } from '../upstream/service-pools.js';

export interface ShadowPlaneOptions {
  store: Pick<OpenStore, 'knex'>;
  config: () => GatewayConfig;
  pools: ServicePools;
  logger: Logger;
  registry?: Registry;
  rng?: () => number;
  now?: () => number;
  replicaId?: string;
  flushMs?: number;
  tracer?: CopyTracer; // spans for copies when telemetry.otlp is set
  onComparison?: (comparison: ShadowComparison) => void; // the traffic inspector's view of each comparison
}

export interface ShadowPlane {
  hooks: GatewayHooks;
  /** Resolves when no shadow job runs or waits; then flushes counts to the store. */
  settle(): Promise<void>;
  /** Stops mirroring, lets running jobs finish, writes what is pending. */
  close(): Promise<void>;
}

/** Creates the shadow plane; add `plane.hooks` to the gateway. */
export function createShadowPlane(options: ShadowPlaneOptions): ShadowPlane {
  const { logger } = options;
  const writer = createShadowWriter({
    knex: options.store.knex,
    replicaId: options.replicaId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    flushMs: options.flushMs,
    now: options.now,
    onError: (err) => logger.warn({ err }, 'shadow results not written; counts kept in memory for the next flush'),
  });
  const mirror = createShadowMirror({ config: options.config, pools: options.pools, writer, rng: options.rng, now: options.now, logger, registry: options.registry, tracer: options.tracer, onComparison: options.onComparison });
  return {
    hooks: mirror.hooks,
    async settle() {
      await mirror.idle();
      await writer.flush();
    },
    async close() {
      await mirror.close();
      await writer.close();
    },
  };
}
