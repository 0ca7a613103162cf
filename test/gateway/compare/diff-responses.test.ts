import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compileCompareRules } from '../../../gateway/compare/compare-rules.js';
import { diffResponses, type CapturedResponse } from '../../../gateway/compare/diff-responses.js';
import { routeSchema } from '../../../gateway/config/schema.js';

const rules = (shadow: object = {}) => compileCompareRules(routeSchema.parse({ id: 'r', match: { path: '/x' }, shadow }).shadow);
const json = (v: unknown, status = 200, headers: Record<string, string> = {}): CapturedResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: Buffer.from(JSON.stringify(v)),
});
const keys = (d: { path: string; kind: string }[]) => d.map((x) => `${x.path} ${x.kind}`);

describe('diffResponses', () => {
  it('compares status, configured headers and JSON bodies', () => {
    const d = diffResponses(json({ a: 1 }, 200, { 'cache-control': 'no-store', etag: '1' }), json({ a: 2 }, 404, { etag: '2' }), rules({ headers: ['Cache-Control'] }));
    expect(keys(d)).toEqual(['status value', 'headers.cache-control missing', '$.a value']);
  });

  it('decodes gzip before comparing, so encodings do not count as differences', () => {
    const plain = json({ a: [1, 2] });
    const zipped: CapturedResponse = { ...plain, headers: { ...plain.headers, 'content-encoding': 'gzip' }, body: gzipSync(plain.body) };
    expect(diffResponses(zipped, plain, rules())).toEqual([]);
  });

  it('compares text by equality and binary by hash', () => {
    const text = (s: string): CapturedResponse => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from(s) });
    const bin = (s: string): CapturedResponse => ({ status: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from(s) });
    expect(diffResponses(text('a'), text('a'), rules())).toEqual([]);
    expect(keys(diffResponses(text('a'), text('b'), rules()))).toEqual(['$ value']);
    expect(diffResponses(bin('x'), bin('x'), rules())).toEqual([]);
    expect(diffResponses(bin('x'), bin('y'), rules())[0]).toMatchObject({ path: '$', kind: 'value', left: expect.stringMatching(/^sha256:/) });
  });

  it('reports JSON against text as a type difference at $, and broken JSON compares as text', () => {
    const broken: CapturedResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{oops') };
    expect(keys(diffResponses(json({ a: 1 }), { ...broken, headers: { 'content-type': 'text/html' } }, rules()))).toEqual(['$ type']);
    expect(diffResponses(broken, broken, rules())).toEqual([]);
  });

  it('applies ignore rules and tolerance from the route', () => {
    const r = rules({ ignore: ['$.generatedAt'], tolerance: 0.5 });
    expect(diffResponses(json({ generatedAt: 1, p: 1 }), json({ generatedAt: 2, p: 1.2 }), r)).toEqual([]);
  });
});
