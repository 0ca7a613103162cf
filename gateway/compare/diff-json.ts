// Structural JSON diff: monolith answer (left) against service answer (right), field by field.
// Kinds: type (number vs string…), value, missing (in left only), extra (in right only),
// array_length, array_order (same elements, other order). Ignored paths are skipped whole.
import { formatFoldedPath, formatPath, type PathSegment } from './json-path.js';
import type { PathPatterns } from './path-pattern.js';

export const DIFF_KINDS = ['type', 'value', 'missing', 'extra', 'array_length', 'array_order'] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

/** One difference: `path` is folded for counting (`$.items[*].price`), `at` is where it was found (`$.items[3].price`). */
export interface FieldDifference {
  path: string;
  at: string;
  kind: DiffKind;
  /** `at` as segments (JSON body differences only), to look values up again after redaction. */
  segments?: PathSegment[];
  left?: unknown;
  right?: unknown;
}

export interface DiffJsonOptions {
  ignore?: PathPatterns;
  /** Numbers closer than this are equal. */
  tolerance?: number;
  /** Stop after this many differences (a wholly different body would otherwise cost one entry per leaf). */
  maxDifferences?: number;
}

type JsonType = 'null' | 'array' | 'object' | 'number' | 'string' | 'boolean';

function jsonType(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as JsonType;
}

/** Differences between two parsed JSON values, in document order. Example: `diffJson({a:1}, {a:2})` → `[{ path: '$.a', kind: 'value', … }]`. */
export function diffJson(left: unknown, right: unknown, options: DiffJsonOptions = {}): FieldDifference[] {
  const out: FieldDifference[] = [];
  const ctx: DiffContext = {
    ignore: options.ignore && options.ignore.size > 0 ? options.ignore : undefined,
    tolerance: options.tolerance ?? 0,
    max: options.maxDifferences ?? 200,
    out,
  };
  walk(left, right, [], ctx);
  return out;
}

interface DiffContext {
  ignore: PathPatterns | undefined;
  tolerance: number;
  max: number;
  out: FieldDifference[];
}

function push(ctx: DiffContext, segs: PathSegment[], kind: DiffKind, left: unknown, right: unknown): void {
  if (ctx.out.length >= ctx.max) return;
  const d: FieldDifference = { path: formatFoldedPath(segs), at: formatPath(segs), kind, segments: segs.slice() };
  if (left !== undefined) d.left = left;
  if (right !== undefined) d.right = right;
  ctx.out.push(d);
}

function walk(left: unknown, right: unknown, segs: PathSegment[], ctx: DiffContext): void {
  if (ctx.out.length >= ctx.max) return;
  if (ctx.ignore?.matches(segs)) return;
  const lt = jsonType(left);
  const rt = jsonType(right);
  if (lt !== rt) return push(ctx, segs, 'type', left, right);
  if (lt === 'object') return walkObject(left as Record<string, unknown>, right as Record<string, unknown>, segs, ctx);
  if (lt === 'array') return walkArray(left as unknown[], right as unknown[], segs, ctx);
  if (left === right) return;
  if (lt === 'number' && Math.abs((left as number) - (right as number)) <= ctx.tolerance) return;
  push(ctx, segs, 'value', left, right);
}

function walkObject(left: Record<string, unknown>, right: Record<string, unknown>, segs: PathSegment[], ctx: DiffContext): void {
  for (const key of Object.keys(left)) {
    segs.push(key);
    if (!Object.hasOwn(right, key)) {
      if (!ctx.ignore?.matches(segs)) push(ctx, segs, 'missing', left[key], undefined);
    } else {
      walk(left[key], right[key], segs, ctx);
    }
    segs.pop();
  }
  for (const key of Object.keys(right)) {
    if (Object.hasOwn(left, key)) continue;
    segs.push(key);
    if (!ctx.ignore?.matches(segs)) push(ctx, segs, 'extra', undefined, right[key]);
    segs.pop();
  }
}

function walkArray(left: unknown[], right: unknown[], segs: PathSegment[], ctx: DiffContext): void {
  if (left.length !== right.length) push(ctx, segs, 'array_length', left.length, right.length);
  const start = ctx.out.length;
  const n = Math.min(left.length, right.length);
  for (let i = 0; i < n && ctx.out.length < ctx.max; i++) {
    segs.push(i);
    walk(left[i], right[i], segs, ctx);
    segs.pop();
  }
  // Same elements in another order is one difference of its own, not one per shifted element.
  if (ctx.out.length > start && left.length === right.length && sameMultiset(left, right)) {
    ctx.out.length = start;
    push(ctx, segs, 'array_order', undefined, undefined);
  }
}

function sameMultiset(left: unknown[], right: unknown[]): boolean {
  const a = left.map(canonicalJson).sort();
  const b = right.map(canonicalJson).sort();
  return a.every((v, i) => v === b[i]);
}

/** JSON with object keys sorted, so equal values serialise equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}
