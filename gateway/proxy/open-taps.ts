// Fans one exchange out to every hook's tap. Taps must never throw; if one does anyway, the
// exchange goes on and the error is reported (counted), never swallowed silently. A method no tap
// implements stays undefined, so the data plane can skip, e.g., listening to body chunks.
import type { ExchangeInfo, ExchangeTap, GatewayHooks } from '../hooks.js';

const METHODS = ['onRequestChunk', 'onRequestEnd', 'onResponse', 'onResponseChunk', 'onComplete'] as const;
type AnyFn = (...args: unknown[]) => void;

/** One tap calling every hook's tap in order, or undefined when no hook taps this exchange. */
export function openTaps(hooks: readonly GatewayHooks[], info: ExchangeInfo, onError: (err: unknown) => void): ExchangeTap | undefined {
  let taps: ExchangeTap[] | undefined; // most exchanges get none: allocate only when one is opened
  for (const hook of hooks) {
    try {
      const tap = hook.tapExchange?.(info);
      if (tap) (taps ??= []).push(tap);
    } catch (err) {
      onError(err);
    }
  }
  if (!taps) return undefined;
  const opened = taps;
  const combined: Record<string, AnyFn> = {};
  for (const method of METHODS) {
    if (!anyImplements(opened, method)) continue;
    combined[method] = (...args) => {
      for (const tap of opened) {
        const fn = tap[method] as AnyFn | undefined;
        if (!fn) continue;
        try {
          fn.apply(tap, args);
        } catch (err) {
          onError(err);
        }
      }
    };
  }
  return combined as ExchangeTap;
}

function anyImplements(taps: readonly ExchangeTap[], method: (typeof METHODS)[number]): boolean {
  for (const tap of taps) if (tap[method]) return true;
  return false;
}
