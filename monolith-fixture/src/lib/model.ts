// A tiny active-record base: subclasses declare `static tableName` and query through `this.query()`.
import type { Knex } from 'knex';
import { db } from './db.js';

export abstract class Model {
  static tableName: string;

  static query(): Knex.QueryBuilder {
    return db(this.tableName);
  }
}
