import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnalyzerConfig } from '../../../analyzer/config.js';
import { extractFacts } from '../../../analyzer/extract/extract-facts.js';
import { codes, extractTree, writeTree } from './tiny-tree.js';

const importsOf = (facts: { modules: { path: string; imports: string[] }[] }) => Object.fromEntries(facts.modules.map((m) => [m.path, m.imports]));

describe('module graph', () => {
  it('ESM with .js specifiers, CommonJS, index files, tsconfig paths; type-only imports do not count', async () => {
    const facts = await extractTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', baseUrl: '.', paths: { '@lib/*': ['src/lib/*'] } } }),
      'src/app.ts': "import { db } from '@lib/db';\nimport type { Order } from './types.js';\nimport { type Row } from './rows.js';\nimport { orders } from './orders/index.js';\nimport express from 'express';\nexport const x = [db, orders, express];\n",
      'src/types.ts': 'export interface Order { id: number }\n',
      'src/rows.ts': 'export type Row = object;\n',
      'src/lib/db.ts': 'export const db = 1;\n',
      'src/orders/index.ts': "export { orders } from './orders.js';\n",
      'src/orders/orders.ts': 'export const orders = [];\n',
      'legacy/a.js': "const b = require('./b');\nconst lib = require('./lib');\nmodule.exports = b + lib;\n",
      'legacy/b.js': 'module.exports = 1;\n',
      'legacy/lib/index.js': 'module.exports = 2;\n',
    });
    expect(importsOf(facts)).toMatchObject({
      'src/app.ts': ['src/lib/db.ts', 'src/orders/index.ts'],
      'src/orders/index.ts': ['src/orders/orders.ts'],
      'legacy/a.js': ['legacy/b.js', 'legacy/lib/index.js'],
    });
    expect(codes(facts)).toEqual([]);
  });

  it('lists cycles and reports imports that resolve to no file', async () => {
    const facts = await extractTree({
      'a.ts': "import { b } from './b.js';\nimport { gone } from './missing.js';\nexport const a = () => b;\n",
      'b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(facts.cycles).toEqual([['a.ts', 'b.ts']]);
    expect(codes(facts)).toEqual(['UNRESOLVED_IMPORT a.ts:2']);
    expect(facts.diagnostics[0].message).toContain('./missing.js');
  });
});

describe('robustness', () => {
  it('keeps every other file when one does not parse, one is binary, one is huge and a symlink loops', async () => {
    const root = writeTree({
      'src/ok.ts': "import knex from 'knex';\nconst db = knex({});\nexport const q = () => db('orders').select();\n",
      'src/broken.ts': "import knex from 'knex';\nconst db = knex({});\nexport const q = () => db('users').insert({ ;\n",
      'src/image.js': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
      'src/bundle.js': `// generated\n${'var a = 1;\n'.repeat(200_000)}`,
    });
    symlinkSync(path.join(root, 'src'), path.join(root, 'src', 'loop'));
    const facts = await extractFacts(root, { config: parseAnalyzerConfig({}, 'test') });
    expect(facts.modules.map((m) => m.path)).toEqual(['src/broken.ts', 'src/ok.ts']);
    expect(facts.modules.find((m) => m.path === 'src/ok.ts')!.tables).toEqual([{ table: 'orders', read: true, write: false }]);
    expect(facts.modules.find((m) => m.path === 'src/broken.ts')!.tables).toEqual([{ table: 'users', read: false, write: true }]);
    expect(codes(facts).sort()).toEqual(['PARSE_ERROR src/broken.ts:3', 'SKIPPED_FILE src/bundle.js', 'SKIPPED_FILE src/image.js', 'SKIPPED_FILE src/loop']);
  });

  it('a folder without sources gives an empty result and NO_SOURCES', async () => {
    const facts = await extractTree({ 'README.md': '# nothing here\n' });
    expect(facts.modules).toEqual([]);
    expect(codes(facts)).toEqual(['NO_SOURCES ']);
  });

  it('finds the tsconfig above the analysed folder, follows extends, and reports aliases leading out of it as external', async () => {
    const dir = writeTree({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@server/*': ['server/src/*'], '@shared/*': ['shared/*'] } } }),
      'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { strict: true } }),
      'shared/time.ts': 'export const now = () => Date.now();\n',
      'server/src/app.ts': "import { users } from '@server/routes/users';\nimport { now } from '@shared/time';\nimport { gone } from '@server/missing';\nexport default [users, now, gone];\n",
      'server/src/routes/users.ts': 'export const users = [];\n',
    });
    const facts = await extractFacts(path.join(dir, 'server', 'src'), { config: parseAnalyzerConfig({}, 'test') });
    expect(importsOf(facts)).toEqual({ 'app.ts': ['routes/users.ts'], 'routes/users.ts': [] });
    expect(facts.stats.externalImports).toBe(1);
    expect(codes(facts)).toEqual(['UNRESOLVED_IMPORT app.ts:3']);
  });

  it('a NestJS app analysed below its tsconfig: baseUrl imports (src/...) resolve; --tsconfig names one elsewhere', async () => {
    const dir = writeTree({
      'server/tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './' } }),
      'server/src/app.module.ts': "import { UsersService } from 'src/users/users.service';\nimport { Injectable } from '@nestjs/common';\nexport default [UsersService, Injectable];\n",
      'server/src/users/users.service.ts': 'export class UsersService {}\n',
      'config/tsconfig.paths.json': JSON.stringify({ compilerOptions: { baseUrl: '../server/src', paths: { '~/*': ['*'] } } }),
      'server/src/main.ts': "import mod from '~/app.module';\nexport default mod;\n",
    });
    const src = path.join(dir, 'server', 'src');
    const nearest = await extractFacts(src, { config: parseAnalyzerConfig({}, 'test') });
    expect(importsOf(nearest)['app.module.ts']).toEqual(['users/users.service.ts']);
    expect(importsOf(nearest)['main.ts']).toEqual([]); // `~/*` is no alias of server/tsconfig.json
    const given = await extractFacts(src, { config: parseAnalyzerConfig({}, 'test'), tsconfig: path.join(dir, 'config', 'tsconfig.paths.json') });
    expect(importsOf(given)['main.ts']).toEqual(['app.module.ts']);
  });
});
