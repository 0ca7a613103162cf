// stats.styles.data: which ways of reaching tables the analyzer found, so a user sees what was understood.
import { describe, expect, it } from 'vitest';
import { extractTree } from './tiny-tree.js';

describe('data styles in stats', () => {
  it('names knex and raw SQL when their calls name tables, and nothing for a tree without data access', async () => {
    const facts = await extractTree({
      'src/db.ts': "import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n",
      'src/a.ts': "import { db } from './db.js';\nexport const all = () => db('orders').select();\n",
      'src/b.ts': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const n = () => pool.query('SELECT count(*) FROM users');\n",
    });
    expect(facts.stats.styles?.data).toEqual(['knex', 'sql']);
    const none = await extractTree({ 'src/a.ts': 'export const x = 1;\n' });
    expect(none.stats.styles).toEqual({ data: [], routes: [] });
  });
});
