// Knex handles recognised by how they are made and passed, whatever they are called.
import { describe, expect, it } from 'vitest';
import { codes, extractTree, tableAccess } from './tiny-tree.js';

const CONNECTION = { 'src/connection.ts': "import knex, { Knex } from 'knex';\nexport type Conn = Knex;\nexport const store: Knex = knex({ client: 'pg' });\n" };

describe('knex handles by how they are made and passed', () => {
  it('class fields: assigned in the constructor, parameter properties, getters, inherited', async () => {
    const facts = await extractTree({
      ...CONNECTION,
      'src/tables.ts': "export const T = { ROLES: 'roles', GRANTS: 'grants' } as const;\n",
      'src/roles-store.ts': `import type { Knex } from 'knex';
import { T } from './tables';
export class RolesStore {
  private db: Knex;
  constructor(db: Knex) { this.db = db; }
  add(name: string) { return this.db('roles').insert({ name }); }
  remove(id: number) { return this.db(T.ROLES).where({ id }).del(); }
  grants(role: number) { return this.db.select('*').from(T.GRANTS).where({ role }); }
}`,
      'src/users-service.ts': `import { Knex } from 'knex';
export class UsersService {
  constructor(private readonly knex: Knex) {}
  rename(id: number, name: string) { return this.knex('users').where({ id }).update({ name }); }
}`,
      'src/base-store.ts': `import { Conn } from './connection';
export abstract class BaseStore {
  private conn_: Conn;
  constructor(conn: Conn) { this.conn_ = conn; }
  protected get conn(): Conn { return this.conn_; }
}`,
      'src/tag-store.ts': `import { BaseStore } from './base-store';
export class TagStore extends BaseStore {
  all() { return this.conn('tags').select('*'); }
}`,
    });
    expect(tableAccess(facts)).toEqual({ 'src/roles-store.ts': ['grants:r', 'roles:w'], 'src/tag-store.ts': ['tags:r'], 'src/users-service.ts': ['users:w'] });
  });

  it('function parameters typed Knex, Knex.Transaction or Knex.QueryBuilder, transactions (callback and awaited), destructuring and factories', async () => {
    const facts = await extractTree({
      ...CONNECTION,
      'src/queries.ts': `import type { Knex } from 'knex';
import { store } from './connection';
export function byId(conn: Knex, id: number) { return conn('accounts').where({ id }).first(); }
export function inTx(q: Knex.Transaction) { return q('ledger').insert({}); }
export function paged(qb: Knex.QueryBuilder, page: number) { return qb.from('entries').limit(20).offset(page * 20); }
export async function transfer() {
  await store.transaction(async (t) => {
    await t('balances').decrement('amount', 1);
  });
  const tx = await store.transaction();
  await tx.insert({ a: 1 }).into('transfers');
  await tx.commit();
}
export function withDeps({ knex }: { knex: Knex }) { return knex.select('id').from('audit'); }
function makeQueryRunner(): Knex { return store; }
export const runner = () => makeQueryRunner()('reports').select();`,
    });
    expect(tableAccess(facts)['src/queries.ts']).toEqual(['accounts:r', 'audit:r', 'balances:w', 'entries:r', 'ledger:w', 'reports:r', 'transfers:w']);
  });

  it('untyped JavaScript: a handle handed to a constructor or a function at its call site', async () => {
    const facts = await extractTree({
      'server/knex.js': "const knex = require('knex');\nmodule.exports = knex({ client: 'pg' });\n",
      'server/store.js': 'class Store {\n  constructor(db) { this.db = db; }\n  list() { return this.db("links").select(); }\n}\nmodule.exports = Store;\n',
      'server/helpers.js': 'exports.countVisits = (db, id) => db("visits").where({ id }).count();\n',
      'server/index.js': "const db = require('./knex');\nconst Store = require('./store');\nconst { countVisits } = require('./helpers');\nconst s = new Store(db);\ncountVisits(db, 1);\n",
    });
    expect(tableAccess(facts)).toEqual({ 'server/helpers.js': ['visits:r'], 'server/store.js': ['links:r'] });
  });

  it('a base model whose subclasses each name the table in a getter, and a builder finished later', async () => {
    const facts = await extractTree({
      ...CONNECTION,
      'src/models/base-model.ts': `import { Conn } from '../connection';
export default abstract class BaseModel {
  constructor(private db: Conn) {}
  protected get tableName(): string { throw new Error('Not implemented'); }
  load(id: string) { return this.db(this.tableName).where({ id }).first(); }
  async remove(ids: string[]) {
    const query = this.db(this.tableName).where({ id: ids[0] });
    for (const id of ids.slice(1)) query.orWhere({ id });
    return query.del();
  }
}`,
      'src/models/note-model.ts': `import BaseModel from './base-model';
export default class NoteModel extends BaseModel {
  protected get tableName(): string { return 'notes'; }
  byOwner(owner: string) { return this.db(this.tableName).where({ owner }); }
}`,
    });
    expect(tableAccess(facts)).toEqual({ 'src/models/note-model.ts': ['notes:rw'] });
    const evidence = facts.accesses.filter((a) => a.write).map((a) => `${a.site?.file}:${a.site?.line} ${a.call}`);
    expect(evidence).toEqual(["src/models/base-model.ts:7 this.db(this.tableName).where({ id: ids[0] })"]);
    expect(codes(facts)).toEqual([]);
  });

  it('knex migrations and seeds get the handle as their first parameter', async () => {
    const facts = await extractTree({
      'db/migrations/001-flags.js': "exports.up = async (knex) => {\n  await knex('flags').where('old', true).del();\n};\nexports.down = async function (knex) { await knex('flags').insert({}); };\n",
      'db/seeds/plans.ts': "import type { Knex } from 'knex';\nexport async function seed(k: Knex) { await k('plans').insert([{ id: 1 }]); }\n",
    });
    expect(tableAccess(facts)).toEqual({ 'db/migrations/001-flags.js': ['flags:w'], 'db/seeds/plans.ts': ['plans:w'] });
  });

  it('a knex field on a global object, and helpers.knex for handles nothing shows being made', async () => {
    const facts = await extractTree(
      {
        'core/db.js': "const Knex = require('knex');\nmodule.exports = { knex: null, init() { this.knex = Knex({ client: 'pg' }); return this; } };\n",
        'jobs/purge.js': "module.exports = async () => { await APP.models.knex.table('pageTree').truncate(); };\n",
        'routes/list.js': 'module.exports = (ctx) => ctx.state.conn("orders").select();\n',
      },
      { helpers: { knex: ['state.conn'] } },
    );
    expect(tableAccess(facts)).toEqual({ 'jobs/purge.js': ['pageTree:w'], 'routes/list.js': ['orders:r'] });
  });
});

describe('only chains that start at a knex handle, a declared helper or SQL text name tables', () => {
  it('hashes, maps, caches, arrays and URLs are not tables', async () => {
    const facts = await extractTree({
      ...CONNECTION,
      'src/util.ts': `import { createHash } from 'node:crypto';
const cache = new Map<string, string>();
export function digest(x: string, url: URL, list: string[]) {
  const h = createHash('sha256').update(x).digest('hex');
  cache.delete(h);
  cache.get('users');
  url.searchParams.delete('token');
  return [list.join(','), h];
}
export const lookup = (db: { get(k: string): string }) => db.get('sessions');`,
    });
    expect(tableAccess(facts)).toEqual({});
    expect(codes(facts)).toEqual([]);
  });
});
