// The one database handle the whole shop shares: `db(table)` anywhere in the code.
// createApp binds a knex instance per request (AsyncLocalStorage), so several apps over different
// databases can run in one process (tests, tools); seeders and migrations take knex explicitly.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';

const scope = new AsyncLocalStorage<Knex>();

/** Runs `fn` with `knex` as the handle behind `db`. */
export function runWithDb<T>(knex: Knex, fn: () => T): T {
  return scope.run(knex, fn);
}

/** The knex instance `db` currently stands for. */
export function currentKnex(): Knex {
  const knex = scope.getStore();
  if (!knex) throw new Error('no database bound: db is only usable while createApp({ knex }) handles a request');
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
