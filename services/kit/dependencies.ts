// A service's dependencies are plain values (a knex instance, a client, a fake in a test). Readiness and
// closing are found by shape: a `ready()`/`close()` method when the value has one, `select 1` and
// `destroy()` for knex, nothing otherwise. So `deps: { db: knex }` and `deps: { db: fakeDb }` both work.

export interface DependencyCheck {
  name: string;
  ready: () => Promise<void>;
  close: () => Promise<void>;
}

/** What a fake or custom dependency may implement; both methods are optional. */
export interface Dependency {
  ready?: () => unknown;
  close?: () => unknown;
}

interface KnexLike {
  raw: (sql: string) => PromiseLike<unknown>;
  destroy: () => Promise<void>;
  client: unknown;
}

function isKnex(value: unknown): value is KnexLike {
  return typeof value === 'function' && 'raw' in value && 'destroy' in value && 'client' in value;
}

/** How the kit checks and closes one dependency value. */
export function describeDependency(name: string, value: unknown): DependencyCheck {
  const dep = value as Dependency | null | undefined;
  if (dep && typeof dep.ready === 'function') {
    return { name, ready: async () => void (await dep.ready!()), close: closeOf(dep) };
  }
  if (isKnex(value)) {
    return { name, ready: async () => void (await value.raw('select 1')), close: () => value.destroy() };
  }
  return { name, ready: async () => undefined, close: closeOf(dep) };
}

function closeOf(dep: Dependency | null | undefined): () => Promise<void> {
  if (dep && typeof dep.close === 'function') return async () => void (await dep.close!());
  return async () => undefined;
}

export interface ReadinessReport {
  ready: boolean;
  checks: { name: string; ok: boolean; error?: string; ms: number }[];
}

/** Runs every dependency's check at once, each bounded by `timeoutMs`, and reports which failed. */
export async function checkReadiness(checks: DependencyCheck[], timeoutMs: number): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      const start = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          c.ready(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return { name: c.name, ok: true, ms: Math.round(performance.now() - start) };
      } catch (err) {
        return { name: c.name, ok: false, error: (err as Error)?.message ?? String(err), ms: Math.round(performance.now() - start) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every((r) => r.ok), checks: results };
}
