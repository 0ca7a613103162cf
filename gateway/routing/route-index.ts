// Which routes can match a path, filed by the literal segments their patterns start with: a route
// whose prefix is `/api/products/` is only tried for paths under /api/products, one with no complete
// literal segment for every path. Matching then costs a map lookup or two instead of a prefix
// comparison per route (~17 ns each: 50 routes took 0.85 µs a request). Each list holds route
// positions in config order, so the first match still wins.

export interface RouteIndex {
  byTwo: ReadonlyMap<string, readonly number[]>; // 'api/products' → every route that can match below it
  byOne: ReadonlyMap<string, readonly number[]>; // 'api' → every route that can match below /api when byTwo has nothing
  always: readonly number[]; // routes without a complete literal segment
}

/** Files each route (by position) under the complete literal segments of its lower-cased prefix. */
export function buildRouteIndex(prefixes: readonly string[]): RouteIndex {
  const two = new Map<string, number[]>();
  const one = new Map<string, number[]>();
  const always: number[] = [];
  prefixes.forEach((prefix, position) => {
    const complete = prefix.split('/').slice(1, -1); // the last piece may be a partial segment
    if (complete.length >= 2) push(two, `${complete[0]}/${complete[1]}`, position);
    else if (complete.length === 1) push(one, complete[0]!, position);
    else always.push(position);
  });
  const byOne = new Map<string, number[]>();
  for (const [key, list] of one) byOne.set(key, merge(list, always));
  const byTwo = new Map<string, number[]>();
  for (const [key, list] of two) byTwo.set(key, merge(list, byOne.get(key.slice(0, key.indexOf('/'))) ?? always));
  return { byTwo, byOne, always };
}

function push(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}

const merge = (a: readonly number[], b: readonly number[]): number[] => [...a, ...b].sort((x, y) => x - y);

/** The routes, in config order, that can match a lower-cased path. */
export function routeCandidates(index: RouteIndex, lower: string): readonly number[] {
  const end1 = lower.indexOf('/', 1);
  if (end1 < 0) return index.byOne.get(lower.slice(1)) ?? index.always;
  const end2 = lower.indexOf('/', end1 + 1);
  return index.byTwo.get(lower.slice(1, end2 < 0 ? undefined : end2)) ?? index.byOne.get(lower.slice(1, end1)) ?? index.always;
}
