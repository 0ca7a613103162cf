// docs/report.schema.json describes every report ficus writes: the fixture's, the hand-made shop's, and
// tiny trees that between them produce every optional part (handlers, catalog reads, cycles, foreign
// keys, diagnostics, loads, no sources at all). A field added to the report without its schema entry fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { analyze } from '../../../analyzer/analyze.js';
import { reportSchemaProblems } from '../../support/report-schema.js';
import { writeTree } from '../extract/tiny-tree.js';
import { createShopReport } from './shop-report.js';

const reportOf = async (files: Record<string, string>) => JSON.parse(JSON.stringify((await analyze({ dir: writeTree(files) })).report)) as unknown;

describe('docs/report.schema.json', () => {
  it("fits the fixture's report, as the CLI wrote it", () => {
    const report = JSON.parse(readFileSync(path.join(inject('fixtureReportDir'), 'ficus-report.json'), 'utf8')) as unknown;
    expect(reportSchemaProblems(report)).toEqual([]);
  });

  it("fits the hand-made shop's report", () => {
    expect(reportSchemaProblems(JSON.parse(JSON.stringify(createShopReport())))).toEqual([]);
  });

  it('fits a report of a folder without sources', async () => {
    expect(reportSchemaProblems(await reportOf({ 'notes.txt': 'hello' }))).toEqual([]);
  });

  it('fits a report with routes, tables, foreign keys, catalog reads, a cycle, handlers, loads and diagnostics', async () => {
    const report = await reportOf({
      'package.json': JSON.stringify({ name: 'tiny', main: 'src/server.js' }),
      'src/server.js': [
        "const express = require('express');",
        "const orders = require('./orders/routes');",
        'const app = express();',
        "app.use('/api/orders', orders);",
        "app.use(express.static('public'));",
        "require(`./jobs/${process.env.JOB}`);",
        "const io = require('socket.io')(app.listen(3000));",
        "io.on('connection', (s) => s.on('add', () => {}));",
        '',
      ].join('\n'),
      'src/orders/routes.js': [
        "const { Router } = require('express');",
        "const repo = require('./repo');",
        'const r = Router();',
        "r.get('/:id', async (req, res) => res.json(await repo.find(req.params.id)));",
        "r.post('/', async (req, res) => res.json(await repo.add(req.body)));",
        'r.get(prefix(), () => {});',
        'module.exports = r;',
        '',
      ].join('\n'),
      'src/orders/repo.js': [
        "const db = require('../db');",
        "const users = require('../users/repo');",
        "exports.find = (id) => db('orders').where({ id }).first();",
        "exports.add = (o) => db('orders').insert(o);",
        "exports.tables = () => db.raw('select table_name from information_schema.tables');",
        'exports.owner = (o) => users.find(o.user_id);',
        'exports.any = (t) => db(t).select();',
        '',
      ].join('\n'),
      'src/users/repo.js': [
        "const db = require('../db');",
        "const orders = require('../orders/repo');",
        "exports.find = (id) => db('users').where({ id }).first();",
        'exports.orders = (id) => orders.find(id);',
        '',
      ].join('\n'),
      'src/db.js': "module.exports = require('knex')({ client: 'sqlite3' });\n",
      'src/jobs/nightly.js': "const cron = require('node-cron');\ncron.schedule('0 3 * * *', () => {});\n",
      'src/migrations/001.js': [
        "exports.up = (knex) => knex.schema.createTable('users', (t) => { t.increments('id'); })",
        "  .createTable('orders', (t) => { t.increments('id'); t.integer('user_id').references('id').inTable('users'); });",
        '',
      ].join('\n'),
      'src/broken.js': 'export const = ;\n',
      'src/missing.js': "require('./not-there');\n",
    });
    const problems = reportSchemaProblems(report);
    expect(problems).toEqual([]);
    // The tree really produced the optional parts the schema describes.
    const r = report as { handlers: unknown[]; tables: Array<{ foreignKeys: unknown[] }>; modules: Array<{ loads?: string[] }>; diagnostics: unknown[]; cycles: unknown[]; catalogReads: unknown[]; seams: unknown[] };
    for (const [part, n] of Object.entries({
      handlers: r.handlers.length,
      foreignKeys: r.tables.flatMap((t) => t.foreignKeys).length,
      loads: r.modules.filter((m) => m.loads).length,
      diagnostics: r.diagnostics.length,
      cycles: r.cycles.length,
      catalogReads: r.catalogReads.length,
      seams: r.seams.length,
    })) expect(n, part).toBeGreaterThan(0);
  });

  it('refuses what is not a report: a renamed field, a wrong type, a field it does not know', () => {
    const report = JSON.parse(JSON.stringify(createShopReport())) as Record<string, unknown> & { seams: Array<Record<string, unknown>> };
    report.seams[0].rank = report.seams[0].extractionOrder;
    delete report.seams[0].extractionOrder;
    report.generatedAt = 42;
    expect(reportSchemaProblems(report)).toEqual([
      '/generatedAt: must be string',
      "/seams/0: must have required property 'extractionOrder'",
      '/seams/0: must NOT have additional properties (rank: add it to docs/report.schema.json)',
    ]);
  });
});
