// A service as a definition: its config loader, a factory per dependency, its routes. `startService` builds
// the real thing for server.ts; `createTestService` (ficus/testing) builds it with any dependency swapped,
// calling the factories only for the dependencies a test did not replace (Nameko's worker_factory).
import type { Router } from 'express';
import type { Logger } from 'pino';
import { createService, handleShutdownSignals, type Service, type ServiceContext } from './create-service.js';

type Env = Record<string, string | undefined>;

export interface ServiceDefinition<D extends Record<string, unknown>, C> {
  name: string;
  /** Reads the config from the environment, e.g. `(env) => loadServiceConfig(schema, env)`. */
  config: (env: Env) => C;
  /** One factory per dependency; each gets the config. */
  deps: { [K in keyof D]: (config: C) => D[K] | Promise<D[K]> };
  routes: (router: Router, ctx: ServiceContext<D, C>) => void;
  /** Runs once the dependencies exist and before the service listens (migrations, subscriptions). */
  setup?: (deps: D, config: C) => unknown;
  /** Read from the config when it has them: LOG_LEVEL, SHUTDOWN_GRACE_MS. */
  options?: { readinessTimeoutMs?: number; jsonLimit?: string };
}

/** Types a definition (an identity function: `export const shipping = defineService<Deps, Config>({...})`). */
export function defineService<D extends Record<string, unknown>, C>(definition: ServiceDefinition<D, C>): ServiceDefinition<D, C> {
  return definition;
}

export interface BuildServiceOptions<D> {
  env?: Env;
  /** Dependencies to use instead of the factories' (fakes in a test). */
  overrides?: Partial<D>;
  logger?: Logger;
  logLevel?: string;
  defaultMetrics?: boolean;
}

/** Loads the config, builds the missing dependencies, runs `setup`; nothing listens yet. */
export async function buildService<D extends Record<string, unknown>, C>(definition: ServiceDefinition<D, C>, options: BuildServiceOptions<D> = {}): Promise<Service<D, C>> {
  const config = definition.config(options.env ?? process.env);
  const deps = {} as D;
  const built: unknown[] = [];
  try {
    for (const key of Object.keys(definition.deps) as (keyof D)[]) {
      if (options.overrides && key in options.overrides) deps[key] = options.overrides[key] as D[keyof D];
      else built.push((deps[key] = await definition.deps[key](config)));
    }
    await definition.setup?.(deps, config);
  } catch (err) {
    // Close what was built so a failed start leaves no open pool or connection behind.
    for (const dep of built.reverse()) await closeQuietly(dep);
    throw err;
  }
  const fromConfig = config as { LOG_LEVEL?: string; SHUTDOWN_GRACE_MS?: number };
  return createService<D, C>({
    name: definition.name,
    deps,
    config,
    routes: definition.routes,
    logger: options.logger,
    logLevel: options.logLevel ?? fromConfig.LOG_LEVEL,
    shutdownGraceMs: fromConfig.SHUTDOWN_GRACE_MS,
    defaultMetrics: options.defaultMetrics,
    ...definition.options,
  });
}

/** server.ts in one call: build, close on SIGTERM/SIGINT, listen on the config's PORT and HOST. */
export async function startService<D extends Record<string, unknown>, C>(definition: ServiceDefinition<D, C>, options: BuildServiceOptions<D> = {}): Promise<Service<D, C>> {
  const service = await buildService(definition, options);
  handleShutdownSignals(service);
  const { PORT, HOST } = service.config as { PORT?: number; HOST?: string };
  await service.listen(PORT ?? 0, HOST ?? '127.0.0.1');
  return service;
}

async function closeQuietly(dep: unknown): Promise<void> {
  const d = dep as { close?: () => unknown; destroy?: () => unknown } | null;
  try {
    if (typeof d?.close === 'function') await d.close();
    else if (typeof d?.destroy === 'function') await d.destroy();
  } catch {
    // Already failing; the original error is the one to report.
  }
}
