// ficus replay: a shadow route's real exchanges recorded by a live gateway, exported as a file
// with the route's rules and learned noise, and replayed against good, broken, hanging builds, the
// way a service's CI would run it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCaseFile } from '../../../gateway/replay/case-file.js';
import { runCases } from '../../../gateway/replay/run-cases.js';
import { openStore } from '../../../gateway/store/open-store.js';
import { createReplayCaseStore } from '../../../gateway/store/replay-cases-store.js';
import { runCli } from '../../support/cli.js';
import { request } from '../support/http-client.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { startShop, type ShopUpstream } from './shop-upstreams.js';

const cli = (args: string[]) => runCli(args, { timeoutMs: 120_000 });
const SECRET = 'Bearer s3cr3t-token-value';

describe('ficus replay', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-replay-'));
  const configFile = path.join(dir, 'gateway.yaml');
  const casesFile = path.join(dir, 'cases.jsonl');
  let monolith: ShopUpstream;
  let service: ShopUpstream;
  let gw: RunningGateway;

  beforeAll(async () => {
    monolith = await startShop();
    service = await startShop();
    const config = {
      monolith: { url: monolith.url },
      services: { catalog: { url: service.url } },
      store: { url: `sqlite:${path.join(dir, 'gateway.db')}` },
      routes: [
        {
          id: 'catalog-products',
          match: { methods: ['GET'], path: '/api/products/:id' },
          service: 'catalog',
          mode: 'shadow',
          shadow: { noiseSample: 100, redact: ['$.name'] }, // every copy also asks the monolith again, so generatedAt is learned as noise
        },
      ],
    };
    writeFileSync(configFile, stringify(config));
    gw = await startGateway(config as never);
    for (let round = 0; round < 3; round++) {
      for (let id = 1; id <= 5; id++) {
        const r = await request(gw.port, `/api/products/${id}?token=abc${id}`, { headers: { authorization: SECRET } });
        expect(r.status).toBe(200);
      }
    }
    const store = await openStore(config.store.url);
    try {
      await vi.waitFor(async () => expect(await createReplayCaseStore(store.knex).listCases('catalog-products')).toHaveLength(5), { timeout: 10_000, interval: 100 });
      const noiseCompared = async () => Number((await store.knex('shadow_counters').where({ name: 'noise_compared' }).sum({ n: 'value' }))[0].n ?? 0);
      await vi.waitFor(async () => expect(await noiseCompared()).toBeGreaterThanOrEqual(15), { timeout: 10_000, interval: 100 });
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    await gw?.close();
    await monolith?.close();
    await service?.close();
  });

  it('exports the recorded exchanges once per distinct request, redacted as stored, with the learned noise', async () => {
    const r = await cli(['replay', 'export', 'catalog-products', '-c', configFile, '-o', casesFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/catalog-products: 5 case\(s\), 1 noise field\(s\) written to/);
    const text = readFileSync(casesFile, 'utf8');
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('abc1');
    expect(text).not.toContain('product 1"');
    const { header, cases } = parseCaseFile(text, casesFile);
    expect(header).toMatchObject({ format: 'ficus-replay', version: 1, route: 'catalog-products', rules: { redact: ['$.name'], noise: [{ path: '$.generatedAt', kind: 'value' }] } });
    expect(cases.map((c) => c.url.replace(/\?.*/, '')).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `/api/products/${i}`));
    expect(cases[0].requestHeaders.authorization).toBe('[redacted]');
    expect(JSON.parse(cases[0].responseBody.text)).toMatchObject({ name: '[redacted]', price: expect.any(Number) });
  });

  it('passes against a build that answers like the monolith (noise only), exit 0', async () => {
    const good = await startShop();
    try {
      const r = await cli(['replay', 'run', casesFile, '--against', good.url, '--header', 'authorization: Bearer ci-token']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/5 case\(s\), 5 matched, 0 with real differences, 0 without an answer/);
      expect(r.stdout).toMatch(/\$\.generatedAt\s+value\s+5\s+noise/);
      expect(good.requests).toHaveLength(5);
      // redacted credentials are not replayed; the ones given on the command line are
      for (const q of good.requests) expect(q.headers.authorization).toBe('Bearer ci-token');
    } finally {
      await good.close();
    }
  });

  it('fails on a real difference with a table of the differing fields, exit 1', async () => {
    const broken = await startShop({ priceDelta: 1 });
    try {
      const r = await cli(['replay', 'run', casesFile, '--against', broken.url]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/0 matched, 5 with real differences/);
      expect(r.stdout).toMatch(/^FIELD\s+KIND\s+CASES\s+VERDICT/m);
      expect(r.stdout).toMatch(/^\$\.price\s+value\s+5\s+real\s+\/api\/products\/\d\S*\s+\d+ → \d+/m);
      const json = await cli(['replay', 'run', casesFile, '--against', broken.url, '--json']);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report.fields[0]).toMatchObject({ path: '$.price', kind: 'value', cases: 5, noise: false });
    } finally {
      await broken.close();
    }
  });

  it('refuses a file from a newer format version, and a file that is not a replay file', async () => {
    const newer = path.join(dir, 'newer.jsonl');
    const [head, ...rest] = readFileSync(casesFile, 'utf8').trim().split('\n');
    writeFileSync(newer, [JSON.stringify({ ...JSON.parse(head), version: 2 }), ...rest].join('\n'));
    const r = await cli(['replay', 'run', newer, '--against', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2); // a bad input file, as the error table says (1 is kept for a failed check)
    expect(r.stderr).toMatch(/format version 2 is newer than this ficus reads \(1\); upgrade ficus \(FICUS_REPLAY_VERSION\)/);
    expect(() => parseCaseFile('{"hello":1}\n', 'x.jsonl')).toThrow(expect.objectContaining({ code: 'FICUS_REPLAY_FILE' }));
    expect(() => parseCaseFile(`${head}\n{"method":"GET"}\nnot json\n`, 'x.jsonl')).toThrow(expect.objectContaining({ code: 'FICUS_REPLAY_FILE', message: expect.stringMatching(/2 bad case\(s\):\n {2}line 2: .*\n {2}line 3/) }));
  });

  it('gives a hanging build a deadline per case and per run; the cases still to start count as not run', async () => {
    const { header, cases } = parseCaseFile(readFileSync(casesFile, 'utf8'), casesFile);
    const hang = await startShop({ hang: true });
    try {
      const report = await runCases(header, cases, { against: hang.url, timeoutMs: 200, concurrency: 2 });
      expect(report.failed).toBe(5);
      expect(report.cases.map((c) => c.outcome)).toEqual(Array(5).fill('upstream_timeout'));
      const cut = await runCases(header, [...cases, ...cases], { against: hang.url, timeoutMs: 60_000, deadlineMs: 300, concurrency: 2 });
      expect(cut.cases.filter((c) => c.outcome === 'upstream_timeout')).toHaveLength(2); // the two in flight, cut at the run's deadline
      expect(cut.skipped.deadline).toBe(8);
    } finally {
      await hang.close();
    }
  });

  it('keeps to its concurrency, and replays writes only when allowed', async () => {
    const { header, cases } = parseCaseFile(readFileSync(casesFile, 'utf8'), casesFile);
    const slow = await startShop({ delayMs: 50 });
    const post = { ...cases[0], method: 'POST', requestBody: { text: '{"qty":1}', encoding: 'utf8' as const } };
    try {
      const report = await runCases(header, [...cases, ...cases, post], { against: slow.url, concurrency: 3 });
      expect(slow.maxInFlight()).toBeLessThanOrEqual(3);
      expect(slow.maxInFlight()).toBeGreaterThan(1);
      expect(report.skipped.write).toBe(1);
      expect(slow.requests.filter((q) => q.method === 'POST')).toHaveLength(0);
      await runCases(header, [post], { against: slow.url, allowWrites: true });
      expect(slow.requests.filter((q) => q.method === 'POST').map((q) => q.body)).toEqual(['{"qty":1}']);
    } finally {
      await slow.close();
    }
  });
});
