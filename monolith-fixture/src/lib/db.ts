// The one database handle the whole shop shares: `db(table)` anywhere in the code.
// createApp binds a knex instance per request (AsyncLocalStorage) so tests can run several apps in
// one process; scripts and the seeders bind a process-wide default with useDb().
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';

const scope = new AsyncLocalStorage<Knex>();
let fallback: Knex | undefined;

/** Makes `knex` the default handle outside of a request (server start-up, scripts). */
export function useDb(knex: Knex): void {
  fallback = knex;
}

/** Runs `fn` with `knex` as the handle behind `db`. */
export function runWithDb<T>(knex: Knex, fn: () => T): T {
  return scope.run(knex, fn);
}

/** The knex instance `db` currently stands for. */
export function currentKnex(): Knex {
  const knex = scope.getStore() ?? fallback;
  if (!knex) throw new Error('no database bound: call createApp({ knex }) or useDb(knex) first');
  return knex;
}

export const db: Knex = new Proxy((() => undefined) as unknown as Knex, {
  apply: (_target, _this, args: unknown[]) => (currentKnex() as unknown as (...a: unknown[]) => unknown)(...args),
  get: (_target, prop) => {
    const knex = currentKnex();
    const value = Reflect.get(knex, prop) as unknown;
    return typeof value === 'function' ? value.bind(knex) : value;
  },
});
