// Application code only by default: tests, specs, mocks and fixtures are left out and counted.
import { describe, expect, it } from 'vitest';
import { parseAnalyzerConfig } from '../../../analyzer/config.js';
import { extractFacts } from '../../../analyzer/extract/extract-facts.js';
import { codes, routeList, tableAccess, writeTree } from './tiny-tree.js';

const TREE = {
  'src/db.ts': "import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n",
  'src/app.ts': "import express from 'express';\nimport { db } from './db';\nexport const app = express();\napp.get('/api/docs', async (_req, res) => res.json(await db('documents').select()));\n",
  'src/app.test.ts': "import { db } from './db';\nconst server = { post: (p: string, b: object) => p };\nserver.post('/api/documents.list', {});\ndb('test_collection').insert({});\n",
  'src/__tests__/helpers.ts': "import { db } from '../db';\nexport const reset = () => db('test').del();\n",
  'src/__mocks__/db.ts': "export const db = () => ({});\n",
  'test/factories.ts': "import { db } from '../src/db';\nexport const user = () => db('users').insert({});\n",
  'e2e/login.spec.ts': "export {};\n",
  'tests/api.ts': "import express from 'express';\nimport { db } from '../src/db';\nconst app = express();\nfor (const name of ['a', 'b']) app.get(`/api/${name}`, () => {});\nexport const wipe = (t: string) => db(t).del();\n",
  'src/fixtures/seed.ts': "import { db } from '../db';\nexport const seed = () => db('fixture_rows').insert({});\n",
};

describe('application code only', () => {
  it('leaves out *.test.*, *.spec.*, __tests__, __mocks__, test/, tests/, e2e/ and fixtures/, and counts them', async () => {
    const facts = await extractFacts(writeTree(TREE), { config: parseAnalyzerConfig({}, 'test') });
    expect(facts.modules.map((m) => m.path)).toEqual(['src/app.ts', 'src/db.ts']);
    expect(facts.stats.testFiles).toBe(7);
    expect(codes(facts)).toEqual([]); // tests/api.ts's dynamic route and table say nothing
    expect(tableAccess(facts)).toEqual({ 'src/app.ts': ['documents:r'] });
    expect(routeList(facts)).toEqual(['GET /api/docs src/app.ts']);
  });

  it('keeps them with includeTests', async () => {
    const facts = await extractFacts(writeTree(TREE), { config: parseAnalyzerConfig({}, 'test'), includeTests: true });
    expect(facts.stats.testFiles).toBe(0);
    expect(Object.keys(tableAccess(facts)).sort()).toEqual(['src/__tests__/helpers.ts', 'src/app.test.ts', 'src/app.ts', 'src/fixtures/seed.ts', 'test/factories.ts']);
    expect(codes(facts).sort()).toEqual(['DYNAMIC_ROUTE tests/api.ts:4', 'DYNAMIC_TABLE tests/api.ts:5']);
  });
});
