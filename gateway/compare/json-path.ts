// JSONPath-like field paths for differences: `$.items[3].price` as found, `$.items[*].price` for counting.
// A path is kept as segments while diffing (cheap to extend) and formatted only when a difference is found.

/** One step into a JSON value: an object key or an array index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['items', 3, 'price']` → `$.items[3].price`; odd keys are quoted: `$["a.b"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const s of segments) out += formatSegment(s);
  return out;
}

/** Array indexes folded to `[*]`, so one field counts once whatever element it sits in: `$.items[*].price`. */
export function formatFoldedPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const s of segments) out += typeof s === 'number' ? '[*]' : formatSegment(s);
  return out;
}

function formatSegment(s: PathSegment): string {
  if (typeof s === 'number') return `[${s}]`;
  return PLAIN_KEY.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
}
