// Fans one exchange out to every hook's tap. Taps must never throw; if one does anyway, the
// exchange goes on and the error is reported (counted), never swallowed silently. A method no tap
// implements stays undefined, so the data plane can skip, e.g., listening to body chunks.
import type { ExchangeInfo, ExchangeTap, GatewayHooks } from '../hooks.js';

const METHODS = ['onRequestChunk', 'onRequestEnd', 'onResponse', 'onResponseChunk', 'onComplete'] as const;
type AnyFn = (...args: unknown[]) => void;

/** One tap calling every hook's tap in order, or undefined when no hook taps this exchange. */
export function openTaps(hooks: readonly GatewayHooks[], info: ExchangeInfo, onError: (err: unknown) => void): ExchangeTap | undefined {
  const taps: ExchangeTap[] = [];
  for (const hook of hooks) {
    try {
      const tap = hook.tapExchange?.(info);
      if (tap) taps.push(tap);
    } catch (err) {
      onError(err);
    }
  }
  if (taps.length === 0) return undefined;
  const combined: Record<string, AnyFn> = {};
  for (const method of METHODS) {
    const fns = taps.filter((t) => t[method]).map((t) => [t, t[method] as AnyFn] as const);
    if (fns.length === 0) continue;
    combined[method] = (...args) => {
      for (const [tap, fn] of fns) {
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
