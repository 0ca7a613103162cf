// Opens the source and target databases of a copy, refusing to copy a database onto itself.
import path from 'node:path';
import { openKnex, type OpenedDatabase } from '../kit/db/open-knex.js';
import { CopyError } from './errors.js';

export interface DatabasePair {
  source: OpenedDatabase;
  target: OpenedDatabase;
  close: () => Promise<void>;
}

/**
 * Opens `from` (which must exist) and `to` (created if it is a new SQLite file). The source is read-only
 * unless `sourceWrites` (`data sync` installs its triggers there).
 */
export function openPair(from: string, to: string, options: { sourceWrites?: boolean; acquireTimeoutMs?: number } = {}): DatabasePair {
  if (databaseIdentity(from) === databaseIdentity(to)) {
    throw new CopyError('FICUS_COPY_SAME_DATABASE', `--from and --to are the same database (${from})`, { from, to });
  }
  // Read-only: the copy must not change the monolith's database, not even its journal mode.
  const source = openKnex(from, { mustExist: true, readonly: !options.sourceWrites, acquireTimeoutMs: options.acquireTimeoutMs });
  let target: OpenedDatabase;
  try {
    target = openKnex(to, { acquireTimeoutMs: options.acquireTimeoutMs });
  } catch (err) {
    void source.knex.destroy();
    throw err;
  }
  return { source, target, close: async () => void (await Promise.all([source.knex.destroy(), target.knex.destroy()])) };
}

function databaseIdentity(url: string): string {
  if (!url.startsWith('sqlite:')) return url.replace(/\/+$/, '');
  const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
  return file === ':memory:' ? `memory:${Math.random()}` : `sqlite:${path.resolve(file)}`;
}
