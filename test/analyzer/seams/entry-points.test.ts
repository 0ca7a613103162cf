// Server code only: seams are suggested among modules reached from the server's entry points; the
// frontend, bundler and lint configs and release scripts are listed as not reached, never a seam.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../analyzer/analyze.js';
import type { AnalyzerConfigError } from '../../../analyzer/errors.js';
import { renderMarkdown } from '../../../analyzer/report/markdown.js';
import type { Report } from '../../../analyzer/types.js';
import { writeTree } from '../extract/tiny-tree.js';

// An express + socket.io server with a Vue-ish frontend and the usual build and release files beside it.
const SERVER = {
  'server/server.js': [
    "const express = require('express');",
    "const links = require('./links/routes');",
    "const users = require('./users/routes');",
    'const app = express();',
    "app.use('/api/links', links);",
    "app.use('/api/users', users);",
    'app.listen(3000);',
  ].join('\n'),
  'server/db.js': "const knex = require('knex');\nmodule.exports = knex({ client: 'pg' });\n",
  'server/links/routes.js': [
    "const router = require('express').Router();",
    "const repo = require('./repo');",
    "router.get('/', async (req, res) => res.json(await repo.list()));",
    "router.post('/', async (req, res) => res.json(await repo.add(req.body)));",
    'module.exports = router;',
  ].join('\n'),
  'server/links/repo.js': "const db = require('../db');\nexports.list = () => db('links').select();\nexports.add = (l) => db('links').insert(l);\n",
  'server/users/routes.js': [
    "const router = require('express').Router();",
    "const repo = require('./repo');",
    "router.get('/:id', async (req, res) => res.json(await repo.get(req.params.id)));",
    'module.exports = router;',
  ].join('\n'),
  'server/users/repo.js': "const db = require('../db');\nexports.get = (id) => db('users').where({ id }).first();\n",
  'vite.config.js': "import { defineConfig } from 'vite';\nexport default defineConfig({ plugins: [] });\n",
  '.eslintrc.js': "module.exports = { extends: 'eslint:recommended' };\n",
  'scripts/release.js': "const { execSync } = require('child_process');\nexecSync('git tag v1');\n",
  'src/main.js': "import { createApp } from 'vue';\nimport App from './App.js';\ncreateApp(App).mount('#app');\n",
  'src/App.js': "export default { name: 'App' };\n",
  'src/serviceWorker.js': "self.addEventListener('fetch', () => {});\n",
};

const notReached = ['.eslintrc.js', 'scripts/release.js', 'src/App.js', 'src/main.js', 'src/serviceWorker.js', 'vite.config.js'];

function seamed(report: Report): string[] {
  return report.seams.flatMap((s) => s.modules).sort();
}

describe('server entry points', () => {
  it('package.json main is the entry; what it does not reach is listed and never a seam', async () => {
    const dir = writeTree({ ...SERVER, 'package.json': JSON.stringify({ main: 'server/server.js', scripts: { build: 'vite build' } }) });
    const { report } = await analyze({ dir });
    expect(report.entryPoints).toEqual([{ file: 'server/server.js', why: 'package.json main' }]);
    expect(report.unreached).toEqual(notReached);
    for (const p of notReached) {
      expect(seamed(report)).not.toContain(p);
      expect(report.modules.find((m) => m.path === p)!.seam).toBeNull();
    }
    expect(seamed(report)).toEqual(expect.arrayContaining(['server/links/repo.js', 'server/users/repo.js']));
    expect(report.diagnostics.map((d) => d.code)).not.toContain('NO_ENTRY_POINT');
    const md = renderMarkdown(report);
    expect(md).toContain('### Not reached from a server entry point');
    expect(md).toContain('`src/serviceWorker.js`');
  });

  it('a start script pointing at build output finds the source it was built from', async () => {
    const files = { ...SERVER, 'package.json': JSON.stringify({ scripts: { start: 'NODE_ENV=production node --enable-source-maps dist/server.js' } }) };
    const moved = Object.fromEntries(Object.entries(files).map(([p, t]) => [p.startsWith('server/') ? `src/${p.slice(7)}` : p, t]));
    delete moved['src/main.js'];
    delete moved['src/App.js'];
    delete moved['src/serviceWorker.js'];
    // listen() is gone too, so only the script can name the entry
    moved['src/server.js'] = moved['src/server.js'].replace('app.listen(3000);', 'module.exports = app;');
    const { report } = await analyze({ dir: writeTree(moved) });
    expect(report.entryPoints).toEqual([{ file: 'src/server.js', why: 'package.json scripts.start' }]);
    expect(report.unreached).toEqual(['.eslintrc.js', 'scripts/release.js', 'vite.config.js']);
  });

  it('without package.json, a file calling listen() is the entry; a test calling listen() is not', async () => {
    const dir = writeTree({ ...SERVER, 'server/links/routes.test.js': "const app = require('../server');\napp.listen(0);\n" });
    const { report } = await analyze({ dir });
    expect(report.entryPoints).toEqual([{ file: 'server/server.js', why: 'calls listen(' }]);
    expect(report.modules.map((m) => m.path)).not.toContain('server/links/routes.test.js'); // test code is left out
    expect(report.stats.testFiles).toBe(1);
  });

  it('a folder loaded by computed name (autoload, require of a template) is reached as a whole', async () => {
    const dir = writeTree({
      'server.js': [
        "const path = require('path');",
        "const autoload = require('auto-load');",
        "const models = autoload(path.join(ROOT, 'models'));",
        "const job = (name) => require(`./jobs/${name}`);",
        "require('http').createServer(() => {}).listen(80);",
      ].join('\n'),
      'models/user.js': "module.exports = class User { static tableName = 'users'; };\n",
      'jobs/purge.js': 'module.exports = () => {};\n',
      'tools/seed.js': "console.log('seed');\n",
    });
    const { report } = await analyze({ dir });
    expect(report.unreached).toEqual(['tools/seed.js']);
  });

  it('no entry point found: every module is analysed and the report says so', async () => {
    const dir = writeTree({ 'lib/a.js': "module.exports = require('./b');\n", 'lib/b.js': 'module.exports = 1;\n' });
    const { report } = await analyze({ dir });
    expect(report.unreached).toEqual([]);
    expect(report.entryPoints).toEqual([]);
    expect(report.diagnostics.find((d) => d.code === 'NO_ENTRY_POINT')?.message).toMatch(/all 2 modules/);
  });

  it('`entry` in the config replaces the detected entry points', async () => {
    const dir = writeTree({ ...SERVER, 'ficus.config.yaml': 'entry: [server/links/routes.js]\n' });
    const { report } = await analyze({ dir });
    expect(report.entryPoints).toEqual([{ file: 'server/links/routes.js', why: 'config entry server/links/routes.js' }]);
    expect(report.unreached).toContain('server/users/repo.js');
  });

  it('an `entry` glob that matches nothing is a config problem naming the glob', async () => {
    const dir = writeTree({ ...SERVER, 'ficus.config.yaml': 'entry: [server/server.js, "srv/**/*.ts", app.js]\n' });
    const error = (await analyze({ dir }).catch((e: unknown) => e)) as AnalyzerConfigError;
    expect(error.code).toBe('FICUS_ANALYZE_CONFIG_INVALID');
    expect(error.problems).toEqual([
      { path: 'entry[1]', message: '"srv/**/*.ts" matches no source file' },
      { path: 'entry[2]', message: '"app.js" matches no source file' },
    ]);
  });
});
