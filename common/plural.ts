/** `plural(1, 'service')` → "1 service", `plural(3, 'service')` → "3 services"; `many` for irregular words. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
