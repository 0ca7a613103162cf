// W3C trace context through the gateway, and spans over OTLP/HTTP: real upstreams, a real gateway
// and a small OTLP/HTTP receiver on port 0 that decodes the JSON export requests it is sent.
import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { readTraceContext } from '../../gateway/telemetry/trace-context.js';
import { request } from './support/http-client.js';
import { startGateway, type RunningGateway } from './support/start-gateway.js';
import { attr, startReceiver as startOtlpReceiver, type Receiver } from './support/otlp-receiver.js';
import { waitFor } from './support/wait-for.js';
import { product, sendJson, startUpstream, type Upstream } from './support/upstreams.js';

const TOKEN = 'tracing-test-token-0123456789';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** A receiver closed after the test. */
async function startReceiver(): Promise<Receiver> {
  const receiver = await startOtlpReceiver();
  open.push(receiver);
  return receiver;
}

async function up(): Promise<Upstream> {
  const u = await startUpstream((req, res) => sendJson(res, product(Number(req.url.split('/')[3]))));
  open.push(u);
  return u;
}

async function shadowGateway(monolith: Upstream, service: Upstream, telemetry?: object): Promise<RunningGateway> {
  const gw = await startGateway({
    monolith: { url: monolith.url },
    services: { catalog: { url: service.url } },
    admin: { token: TOKEN },
    ...(telemetry ? { telemetry } : {}),
    routes: [{ id: 'products', match: { path: '/api/products/:id' }, service: 'catalog', mode: 'shadow', shadow: { noise: 'off' } }],
  });
  open.push(gw);
  return gw;
}

/** Waits until the shadow plane compared `n` copies (read from the admin API). */
async function compared(gw: RunningGateway, n: number): Promise<void> {
  const end = Date.now() + 15_000;
  for (;;) {
    const reply = await request(gw.adminPort, '/api/routes/products/diffs', { headers: { authorization: `Bearer ${TOKEN}` } });
    if (reply.json<{ compared: number }>().compared >= n) return;
    if (Date.now() > end) throw new Error(`shadow comparisons not done: ${reply.body}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('trace context without span export', () => {
  it('passes a valid traceparent and tracestate to the monolith and the shadow copy unchanged, and logs it', async () => {
    const monolith = await up();
    const service = await up();
    const gw = await shadowGateway(monolith, service);
    const traceparent = `00-${TRACE}-${CALLER}-01`;
    const reply = await request(gw.port, '/api/products/1', { headers: { traceparent, tracestate: 'vendor=abc,other=1' } });
    expect(reply.status).toBe(200);
    await waitFor(() => service.seen.length === 1, 10_000);
    for (const seen of [monolith.seen[0]!, service.seen[0]!]) {
      expect(seen.headers.traceparent).toBe(traceparent);
      expect(seen.headers.tracestate).toBe('vendor=abc,other=1');
    }
    expect(gw.logs.find((l) => l.msg === 'request')).toMatchObject({ traceparent });
  });

  it('creates a traceparent when there is none or it is malformed, the same for the copy and the log', async () => {
    const monolith = await up();
    const service = await up();
    const gw = await shadowGateway(monolith, service);
    await request(gw.port, '/api/products/1');
    await request(gw.port, '/api/products/2', { headers: { traceparent: `00-${'0'.repeat(32)}-${CALLER}-01`, tracestate: 'orphan=1' } });
    await waitFor(() => service.seen.length === 2, 10_000);
    const sent = monolith.seen.map((s) => String(s.headers.traceparent));
    expect(sent[0]).toMatch(TRACEPARENT);
    expect(sent[1]).toMatch(TRACEPARENT);
    expect(sent[1]).not.toContain('0'.repeat(32));
    expect(new Set(sent.map((t) => t.split('-')[1])).size).toBe(2); // a new trace each
    expect(monolith.seen[1]!.headers.tracestate).toBeUndefined(); // a tracestate without its traceparent is dropped
    expect(service.seen.map((s) => s.headers.traceparent).sort()).toEqual([...sent].sort());
    expect(gw.logs.filter((l) => l.msg === 'request').map((l) => l.traceparent).sort()).toEqual([...sent].sort());
  });
});

describe('spans over OTLP/HTTP (telemetry.otlp)', () => {
  it('exports the exchange as a child of the caller, with the span id the upstream was told, and the shadow copy as a linked span', async () => {
    const receiver = await startReceiver();
    const monolith = await up();
    const service = await up();
    const gw = await shadowGateway(monolith, service, { otlp: { url: receiver.url, serviceName: 'edge-gw' } });
    const reply = await request(gw.port, '/api/products/7', { headers: { traceparent: `00-${TRACE}-${CALLER}-01`, tracestate: 'vendor=abc' } });
    expect(reply.status).toBe(200);
    await compared(gw, 1);
    const [, upTrace, upParent] = TRACEPARENT.exec(String(monolith.seen[0]!.headers.traceparent))!;
    expect(upTrace).toBe(TRACE);
    expect(upParent).not.toBe(CALLER); // the gateway's own span stands between
    expect(monolith.seen[0]!.headers.tracestate).toBe('vendor=abc');
    const [, copyTrace, copyParent] = TRACEPARENT.exec(String(service.seen[0]!.headers.traceparent))!;
    expect(copyTrace).toBe(TRACE);
    expect(copyParent).not.toBe(upParent); // the copy has a span of its own
    await gw.close(); // flushes the batch

    expect(receiver.services).toContain('edge-gw');
    const exchange = receiver.spans.find((s) => s.spanId === upParent)!;
    expect(exchange).toMatchObject({ traceId: TRACE, parentSpanId: CALLER, kind: 2 });
    expect(attr(exchange.attributes, 'ficus.route')).toBe('products');
    expect(attr(exchange.attributes, 'ficus.backend')).toBe('monolith');
    expect(attr(exchange.attributes, 'ficus.mode')).toBe('shadow');
    expect(attr(exchange.attributes, 'ficus.outcome')).toBe('ok');
    expect(attr(exchange.attributes, 'http.response.status_code')).toBe(200);

    const copy = receiver.spans.find((s) => s.spanId === copyParent)!;
    expect(copy).toMatchObject({ traceId: TRACE, parentSpanId: CALLER, kind: 3 });
    expect(copy.links).toEqual([expect.objectContaining({ traceId: TRACE, spanId: upParent })]);
    expect(attr(copy.attributes, 'ficus.backend')).toBe('service');
    expect(attr(copy.attributes, 'ficus.outcome')).toBe('ok');
    expect(receiver.spans).toHaveLength(2);
  });

  it('starts a trace for a request without traceparent, and exports nothing for an unsampled one while still passing it on', async () => {
    const receiver = await startReceiver();
    const monolith = await up();
    const service = await up();
    const gw = await startGateway({
      monolith: { url: monolith.url },
      services: { catalog: { url: service.url } },
      telemetry: { otlp: { url: `${receiver.url}/` } }, // no path: /v1/traces
      routes: [{ id: 'orders', match: { path: '/api/orders' }, service: 'catalog', mode: 'service' }],
    });
    open.push(gw);
    await request(gw.port, '/api/orders');
    await request(gw.port, '/api/nowhere');
    await request(gw.port, '/api/orders', { headers: { traceparent: `00-${TRACE}-${CALLER}-00` } });
    await gw.close();
    const [, rootTrace, rootSpan] = TRACEPARENT.exec(String(service.seen[0]!.headers.traceparent))!;
    const [, unsampledTrace, unsampledParent] = TRACEPARENT.exec(String(service.seen[1]!.headers.traceparent))!;
    expect(unsampledTrace).toBe(TRACE);
    expect(String(service.seen[1]!.headers.traceparent).endsWith('-00')).toBe(true);
    expect(unsampledParent).not.toBe(CALLER);

    expect(receiver.spans).toHaveLength(2); // the sampled two; the unsampled trace is passed on, not recorded
    const root = receiver.spans.find((s) => s.spanId === rootSpan)!;
    expect(root).toMatchObject({ traceId: rootTrace, kind: 2 });
    expect(root.parentSpanId ?? '').toBe('');
    expect(attr(root.attributes, 'ficus.backend')).toBe('service');
    expect(attr(root.attributes, 'ficus.mode')).toBe('service');
    const unmatched = receiver.spans.find((s) => s !== root)!;
    expect(attr(unmatched.attributes, 'ficus.route')).toBe('(unmatched)');
  });

  it('logs a failed export (a collector that is not there) and still answers every request', async () => {
    const receiver = await startReceiver();
    await receiver.close(); // its port, with nothing listening any more
    open.splice(open.indexOf(receiver), 1);
    const monolith = await up();
    const gw = await startGateway({ monolith: { url: monolith.url }, telemetry: { otlp: { url: receiver.url, timeoutMs: 2000 } } });
    open.push(gw);
    expect((await request(gw.port, '/api/products/1')).status).toBe(200);
    await gw.close();
    expect(gw.logs.some((l) => l.level === 40 && /OpenTelemetry|spans not exported/.test(String(l.msg)))).toBe(true);
  });

  it('lets config problems in telemetry.otlp be listed with their paths', async () => {
    await expect(startGateway({ monolith: { url: 'http://127.0.0.1:1' }, telemetry: { otlp: { url: 'grpc://collector:4317' } } as never })).rejects.toThrow(
      /telemetry\.otlp\.url/,
    );
  });
});

describe('readTraceContext', () => {
  const ids = (bytes: 8 | 16) => (bytes === 16 ? 'a'.repeat(32) : 'b'.repeat(16));
  it.each([
    ['version ff', `ff-${TRACE}-${CALLER}-01`],
    ['an all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${CALLER}-01`],
    ['version 00 with a fifth field', `00-${TRACE}-${CALLER}-01-extra`],
    ['two headers', [`00-${TRACE}-${CALLER}-01`, `00-${TRACE}-${CALLER}-01`]],
  ])('starts a new trace for %s', (_name, traceparent) => {
    expect(readTraceContext({ traceparent } as never, false, ids)).toEqual({ traceId: 'a'.repeat(32), parentSpanId: undefined, spanId: 'b'.repeat(16), flags: '01', tracestate: undefined });
  });

  it('reads a later version by its first four fields, keeping only the sampled flag', () => {
    expect(readTraceContext({ traceparent: `01-${TRACE}-${CALLER}-03-more` }, true, ids)).toMatchObject({ traceId: TRACE, parentSpanId: CALLER, spanId: 'b'.repeat(16), flags: '01' });
  });

  it('drops tracestate members from the right past 512 characters', () => {
    const long = Array.from({ length: 60 }, (_, i) => `k${i}=${'v'.repeat(8)}`).join(',');
    const ctx = readTraceContext({ traceparent: `00-${TRACE}-${CALLER}-01`, tracestate: long }, false, ids);
    expect(ctx.tracestate!.length).toBeLessThanOrEqual(512);
    expect(long.startsWith(ctx.tracestate!)).toBe(true);
  });
});

describe('the OpenTelemetry SDK off the hot path', () => {
  // A child node whose module resolver refuses every @opentelemetry/ import: a gateway that loaded
  // the SDK (statically or at start) could not serve at all.
  const child = (otlp: boolean) => `
    import http from 'node:http';
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent("export async function resolve(s, c, next) { if (s.startsWith('@opentelemetry/')) throw new Error('SDK loaded: ' + s); return next(s, c); }"));
    const dist = ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist', 'gateway')).href)};
    const { validateConfig } = await import(dist + '/config/validate-config.js');
    const { createGateway } = await import(dist + '/create-gateway.js');
    const { pino } = await import('pino');
    const upstream = http.createServer((req, res) => res.end(String(req.headers.traceparent)));
    await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
    const config = validateConfig({
      listen: { host: '127.0.0.1', port: 0 }, admin: { host: '127.0.0.1', port: 0 }, store: { url: 'sqlite::memory:' },
      monolith: { url: 'http://127.0.0.1:' + upstream.address().port },
      ${otlp ? "telemetry: { otlp: { url: 'http://127.0.0.1:9/v1/traces' } }," : ''}
    }).config;
    const gateway = createGateway(config, { logger: pino({ level: 'silent' }) });
    try {
      const { port } = await gateway.listen();
      const answer = await (await fetch('http://127.0.0.1:' + port + '/x')).text();
      console.log('served ' + answer);
    } catch (err) {
      console.log('failed ' + err.message);
    }
    await gateway.close();
    upstream.close();
  `;
  const run = (otlp: boolean) =>
    new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', child(otlp)], { cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim()),
      ),
    );

  it('is never loaded without telemetry.otlp, while traceparent still reaches the upstream; with it, it is', async () => {
    expect(await run(false)).toMatch(/^served 00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(await run(true)).toMatch(/^failed SDK loaded: @opentelemetry\//); // the same resolver does see the SDK when it is wanted
  });
});
