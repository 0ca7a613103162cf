// The one parser of whole-number options (--limit, --batch, --port, --hold…): digits only (no "", "1e3",
// "0x10" or "2.5", which Number() would take), within [min, max]; otherwise a usage error (exit 2).
import { InvalidArgumentError } from 'commander';

/** A commander option parser for a whole number from `min` to `max`; `unit` names it in the message ("seconds"). */
export function integerOption(min: number, max = Number.MAX_SAFE_INTEGER, unit = ''): (value: string) => number {
  const what = unit ? `a whole number of ${unit}` : 'a whole number';
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return (value) => {
    const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be ${what} ${range}; got '${value}'`);
    return n;
  };
}
