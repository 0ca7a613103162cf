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
import { PLANTED, startShop, type ShopUpstream } from './shop-upstreams.js';

const cli = (args: string[]) => runCli(args, { timeoutMs: 120_000 });
const SECRET = 'Bearer s3cr3t-token-value';
const COOKIE = 'sid=planted-request-cookie-55d1';

describe('ficus replay', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-replay-'));
  const configFile = path.join(dir, 'gateway.yaml');
  const casesFile = path.join(dir, 'cases.jsonl');
  let monolith: ShopUpstream;
  let service: ShopUpstream;
  let gw: RunningGateway;

  beforeAll(async () => {
    monolith = await startShop({ secrets: true });
    service = await startShop({ secrets: true });
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
          shadow: { noiseSample: 100, redact: ['$.name', '$.apiKey'] }, // every copy also asks the monolith again, so generatedAt is learned as noise
        },
      ],
    };
    writeFileSync(configFile, stringify(config));
    gw = await startGateway(config as never);
    for (let round = 0; round < 3; round++) {
      for (let id = 1; id <= 5; id++) {
        const r = await request(gw.port, `/api/products/${id}?token=abc${id}`, { headers: { authorization: SECRET, cookie: COOKIE } });
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
    // Every planted secret is searched for: the bearer token, the token query value, the client's
    // cookie, the monolith's set-cookie, the redacted body fields.
    for (const planted of ['s3cr3t', 'abc1', 'planted-request-cookie', 'planted-set-cookie', PLANTED.apiKey, 'product 1"']) expect(text, planted).not.toContain(planted);
    const { header, cases } = parseCaseFile(text, casesFile);
    expect(header).toMatchObject({ format: 'ficus-replay', version: 1, route: 'catalog-products', rules: { redact: ['$.name', '$.apiKey'], noise: [{ path: '$.generatedAt', kind: 'value' }] } });
    expect(cases.map((c) => c.url.replace(/\?.*/, '')).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `/api/products/${i}`));
    expect(cases[0].requestHeaders).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]' });
    expect(cases[0].responseHeaders['set-cookie']).toBe('[redacted]');
    expect(JSON.parse(cases[0].responseBody.text)).toMatchObject({ name: '[redacted]', apiKey: '[redacted]', price: expect.any(Number) });
  });

  it('passes against a build that answers like the monolith (noise only), exit 0', async () => {
    const good = await startShop({ secrets: true });
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
    const broken = await startShop({ priceDelta: 1, secrets: true });
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

  it('from the command line: a hanging build hits the per-case timeout, then the run deadline; unrun cases are reported, exit 1', async () => {
    const hang = await startShop({ hang: true });
    try {
      const slow = await cli(['replay', 'run', casesFile, '--against', hang.url, '--timeout-ms', '200', '--concurrency', '2']);
      expect(slow.code).toBe(1);
      expect(slow.stdout).toMatch(/5 case\(s\), 0 matched, 0 with real differences, 5 without an answer/);
      expect(slow.stdout.match(/^ {2}GET \/api\/products\/\d\S*: upstream_timeout/gm)).toHaveLength(5);
      const cut = await cli(['replay', 'run', casesFile, '--against', hang.url, '--timeout-ms', '600000', '--deadline', '1', '--concurrency', '1', '--json']);
      expect(cut.code).toBe(1);
      const report = JSON.parse(cut.stdout);
      expect(report).toMatchObject({ total: 5, matched: 0, failed: 1, skipped: { deadline: 4, write: 0 } });
      expect(report.cases.map((c: { outcome: string }) => c.outcome)).toEqual(['upstream_timeout', ...Array(4).fill('skipped_deadline')]);
      const table = await cli(['replay', 'run', casesFile, '--against', hang.url, '--deadline', '1', '--concurrency', '1']);
      expect(table.code).toBe(1);
      expect(table.stdout).toMatch(/1 without an answer, 4 not run before the deadline/);
    } finally {
      await hang.close();
    }
  });

  it('from the command line: writes are replayed only with --allow-writes', async () => {
    const [head, ...lines] = readFileSync(casesFile, 'utf8').trim().split('\n');
    const post = { ...JSON.parse(lines[0]), method: 'POST', requestBody: { text: '{"qty":1}', encoding: 'utf8' } };
    const withWrite = path.join(dir, 'with-write.jsonl');
    writeFileSync(withWrite, [head, ...lines, JSON.stringify(post)].join('\n') + '\n');
    const build = await startShop({ secrets: true });
    try {
      const r = await cli(['replay', 'run', withWrite, '--against', build.url]);
      expect(r.code, r.stdout).toBe(0); // a write left out is not a failure
      expect(r.stdout).toMatch(/6 case\(s\), 5 matched, .*1 write\(s\) skipped \(--allow-writes\)/);
      expect(build.requests.filter((q) => q.method === 'POST')).toHaveLength(0);
      const allowed = await cli(['replay', 'run', withWrite, '--against', build.url, '--allow-writes', '--json']);
      expect(JSON.parse(allowed.stdout).skipped.write).toBe(0);
      expect(build.requests.filter((q) => q.method === 'POST').map((q) => q.body)).toEqual(['{"qty":1}']);
    } finally {
      await build.close();
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
