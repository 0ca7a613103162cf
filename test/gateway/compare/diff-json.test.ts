import { describe, expect, it } from 'vitest';
import { diffJson } from '../../../gateway/compare/diff-json.js';
import { compilePathPatterns } from '../../../gateway/compare/path-pattern.js';

const kinds = (d: { path: string; kind: string }[]) => d.map((x) => `${x.path} ${x.kind}`);

describe('diffJson', () => {
  it('finds nothing in equal documents whatever their key order', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2], d: null } }, { b: { d: null, c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('tells value, type, missing and extra apart', () => {
    const d = diffJson({ price: 10, id: '7', name: 'x', old: true }, { price: 11, id: 7, name: 'x', added: 1 });
    expect(kinds(d)).toEqual(['$.price value', '$.id type', '$.old missing', '$.added extra']);
    expect(d[0]).toMatchObject({ at: '$.price', left: 10, right: 11 });
  });

  it('folds array indexes for counting but keeps where it was found', () => {
    const d = diffJson({ items: [{ price: 1 }, { price: 2 }, { price: 3 }] }, { items: [{ price: 1 }, { price: 5 }, { price: 3 }] });
    expect(d).toEqual([{ path: '$.items[*].price', at: '$.items[1].price', segments: ['items', 1, 'price'], kind: 'value', left: 2, right: 5 }]);
  });

  it('reports a different array length once and still compares the common elements', () => {
    expect(kinds(diffJson({ a: [1, 2, 3] }, { a: [1, 9] }))).toEqual(['$.a array_length', '$.a[*] value']);
  });

  it('reports the same elements in another order as array_order, not as shifted values', () => {
    expect(kinds(diffJson({ tags: ['a', 'b', { x: 1, y: 2 }] }, { tags: [{ y: 2, x: 1 }, 'b', 'a'] }))).toEqual(['$.tags array_order']);
  });

  it('skips ignored paths and everything beneath them', () => {
    const ignore = compilePathPatterns(['$.generatedAt', '$.items[*].updatedAt', '$.meta']);
    const left = { generatedAt: 1, meta: { rid: 'a' }, items: [{ updatedAt: 1, p: 1 }] };
    const right = { generatedAt: 2, items: [{ updatedAt: 2, p: 2 }], meta: { rid: 'b', extra: 1 } };
    expect(kinds(diffJson(left, right, { ignore }))).toEqual(['$.items[*].p value']);
  });

  it('ignores a missing or extra field when its path is ignored', () => {
    const ignore = compilePathPatterns(['$.a', '$.b']);
    expect(diffJson({ a: 1 }, { b: 2 }, { ignore })).toEqual([]);
  });

  it('treats numbers within the tolerance as equal', () => {
    expect(kinds(diffJson({ a: 1.0, b: 2 }, { a: 1.004, b: 2.5 }, { tolerance: 0.01 }))).toEqual(['$.b value']);
  });

  it('quotes keys that are not plain names', () => {
    expect(kinds(diffJson({ 'a.b': 1, 'x y': [1] }, { 'a.b': 2, 'x y': [2] }))).toEqual(['$["a.b"] value', '$["x y"][*] value']);
  });

  it('stops at maxDifferences', () => {
    const left = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    const right = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, -i - 1]));
    expect(diffJson(left, right, { maxDifferences: 10 })).toHaveLength(10);
  });

  it('compares top-level scalars and nulls', () => {
    expect(kinds(diffJson(null, 0))).toEqual(['$ type']);
    expect(diffJson('a', 'a')).toEqual([]);
  });
});
