import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FieldDifference } from '../../gateway/compare/diff-json.js';
import { openStore, type OpenStore } from '../../gateway/store/open-store.js';
import { readRouteDiffs, readShadowEvidence as readShadowStats } from '../../gateway/admin/shadow-evidence.js';
import type { ShadowExample } from '../../gateway/store/shadow-records.js';
import { clearRouteDiffs } from '../../gateway/store/shadow-clear.js';
import { createShadowWriter } from '../../gateway/shadow/shadow-writer.js';
import { createPgDatabase, pgTitle, pgUrl } from '../support/pg.js';

const diff = (path: string, at = path, left: unknown = 1, right: unknown = 2): FieldDifference => ({ path, at, kind: 'value', left, right });
const example = (d: FieldDifference): ShadowExample => ({
  at: d.at,
  kind: d.kind,
  left: d.left,
  right: d.right,
  request: { method: 'GET', url: '/p/1', headers: {}, body: '', bodyBytes: 0, truncated: false },
  monolith: { status: 200, headers: {}, body: '{}', bodyBytes: 2, truncated: false },
  service: { status: 200, headers: {}, body: '{}', bodyBytes: 2, truncated: false },
  recordedAt: 1,
});

/** 100 exchanges over two replicas: $.ts differs always (noise too), $.items[*].price on 7. */
async function recordTraffic(store: OpenStore): Promise<void> {
  const a = createShadowWriter({ knex: store.knex, replicaId: 'gw-a', flushMs: 60_000 });
  const b = createShadowWriter({ knex: store.knex, replicaId: 'gw-b', flushMs: 60_000 });
  for (let i = 0; i < 100; i++) {
    const w = i % 2 ? a : b;
    const diffs = [diff('$.ts')];
    if (i % 14 === 0) diffs.push(diff('$.items[*].price', `$.items[${i % 3}].price`), diff('$.items[*].price', '$.items[9].price'));
    w.recordComparison('catalog', diffs, example);
    if (i % 5 === 0) w.recordNoise('catalog', [diff('$.ts')]);
  }
  a.count('catalog', 'skipped_write', 3);
  await Promise.all([a.close(), b.close()]);
}

function describeStore(title: string, open: () => Promise<{ store: OpenStore; done: () => Promise<void> }>) {
  describe(title, () => {
    it('sums replicas, separates noise from real differences and counts matches without noise', async () => {
      const { store, done } = await open();
      try {
        await recordTraffic(store);
        const diffs = await readRouteDiffs(store, 'catalog');
        expect(diffs).toMatchObject({ route: 'catalog', compared: 100, matched: 92, mismatched: 8, matchRate: 0.92, strictMatched: 0, noiseCompared: 20 });
        expect(diffs.counters.skipped_write).toBe(3);
        const byPath = Object.fromEntries(diffs.fields.map((f) => [f.path, f]));
        expect(byPath['$.items[*].price']).toMatchObject({ kind: 'value', count: 8, noiseCount: 0, noise: false });
        expect(byPath['$.ts']).toMatchObject({ kind: 'value', count: 100, noiseCount: 20, noise: true });
        expect(byPath['$.items[*].price'].examples[0]).toMatchObject({ at: expect.stringMatching(/^\$\.items\[\d\]\.price$/), left: 1, right: 2 });
        expect(await readShadowStats(store, 'catalog')).toMatchObject({ compared: 100, matched: 92, realMismatches: 8, matchRate: 0.92 });
      } finally {
        await done();
      }
    });

    it('keeps a bounded number of examples per field, also across writers', async () => {
      const { store, done } = await open();
      try {
        for (const replicaId of ['gw-a', 'gw-b']) {
          const w = createShadowWriter({ knex: store.knex, replicaId, flushMs: 60_000, examplesPerPath: 4 });
          for (let i = 0; i < 50; i++) w.recordComparison('r', [diff('$.x')], example);
          await w.close();
        }
        const [{ n }] = await store.knex('shadow_examples').count({ n: '*' });
        expect(Number(n)).toBe(4);
        expect((await readRouteDiffs(store, 'r', { examples: 10 })).fields[0].examples).toHaveLength(4);
      } finally {
        await done();
      }
    });

    it('answers an empty route with zeros and no match rate', async () => {
      const { store, done } = await open();
      try {
        expect(await readRouteDiffs(store, 'nothing')).toMatchObject({ compared: 0, matched: 0, mismatched: 0, matchRate: null, fields: [] });
      } finally {
        await done();
      }
    });
  });
}

describeStore('shadow store on SQLite', async () => {
  const store = await openStore(`sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'ficus-shadow-')), 'gw.db')}`);
  return { store, done: () => store.close() };
});

const pgDbs: { drop: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const d of pgDbs) await d.drop();
});
describe.skipIf(!pgUrl)(pgTitle('shadow store on PostgreSQL'), () => {
  describeStore('fleet', async () => {
    const db = await createPgDatabase();
    pgDbs.push(db);
    const store = await openStore(db.url);
    return { store, done: () => store.close() };
  });
});

describe('shadow writer when the store fails', () => {
  it('keeps counting in memory, counts the loss, and writes the counts once the store is back', async () => {
    const store = await openStore(`sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'ficus-shadow-')), 'gw.db')}`);
    const errors: unknown[] = [];
    const w = createShadowWriter({ knex: store.knex, replicaId: 'gw', flushMs: 60_000, onError: (e) => errors.push(e) });
    try {
      await store.knex.schema.renameTable('shadow_fields', 'shadow_fields_away'); // the store breaks
      for (let i = 0; i < 10; i++) expect(() => w.recordComparison('r', [diff('$.x')], example)).not.toThrow();
      await w.flush();
      expect(errors).toHaveLength(1);
      await store.knex.schema.renameTable('shadow_fields_away', 'shadow_fields'); // …and comes back
      w.recordComparison('r', [diff('$.x')], example);
      await w.flush();
      const diffs = await readRouteDiffs(store, 'r');
      expect(diffs).toMatchObject({ compared: 11, mismatched: 11 });
      expect(diffs.fields[0]).toMatchObject({ path: '$.x', count: 11 });
      expect(diffs.fields[0].examples.length).toBeGreaterThan(0); // examples after the outage still arrive
      expect(diffs.counters.examples_lost).toBe(5);
      expect((await readRouteDiffs(store, '*')).counters.store_errors).toBe(1);
    } finally {
      await w.close();
      await store.close();
    }
  });
});

describe('clearing a route', () => {
  it('starts its results over, leaves other routes alone, and the writer offers examples again', async () => {
    const store = await openStore(`sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'ficus-shadow-')), 'gw.db')}`);
    let t = 0;
    const w = createShadowWriter({ knex: store.knex, replicaId: 'gw', flushMs: 60_000, exampleRefreshMs: 1000, now: () => t });
    try {
      for (const route of ['a', 'b']) for (let i = 0; i < 10; i++) w.recordComparison(route, [diff('$.x')], example);
      await w.flush();
      expect(await clearRouteDiffs(store, 'a')).toBeGreaterThan(0);
      expect(await readRouteDiffs(store, 'a')).toMatchObject({ compared: 0, fields: [] });
      expect(await readRouteDiffs(store, 'b')).toMatchObject({ compared: 10 });
      w.recordComparison('a', [diff('$.x')], example); // the writer still thinks $.x has its examples
      await w.flush();
      expect((await readRouteDiffs(store, 'a')).fields[0]).toMatchObject({ count: 1, examples: [] });
    } finally {
      await w.close();
    }
    const refreshing = createShadowWriter({ knex: store.knex, replicaId: 'gw', flushMs: 5, exampleRefreshMs: 1000, now: () => t });
    try {
      for (let i = 0; i < 10; i++) refreshing.recordComparison('a', [diff('$.x')], example);
      await refreshing.flush();
      await store.knex('shadow_examples').delete(); // cleared by another replica
      refreshing.recordComparison('a', [diff('$.x')], example);
      await refreshing.flush();
      expect((await readRouteDiffs(store, 'a')).fields[0].examples).toEqual([]);
      t = 1000; // a refresh period later, the timer lets $.x offer examples again
      await new Promise((r) => setTimeout(r, 30));
      refreshing.recordComparison('a', [diff('$.x')], example);
      await refreshing.flush();
      expect((await readRouteDiffs(store, 'a')).fields[0].examples).toHaveLength(1);
    } finally {
      await refreshing.close();
      await store.close();
    }
  });
});
