// A route's shadow config compiled once for comparison: patterns parsed, header names ready.
// Cached per config object: configs are immutable and swapped whole on reload.
import { compilePathPatterns, type PathPatterns } from './path-pattern.js';
import { compileRedaction, type Redaction } from './redact.js';

export interface CompareRules {
  ignore: PathPatterns;
  redact: Redaction;
  headers: readonly string[];
  tolerance: number;
}

/** What a route's `shadow` block says about comparing (compare is a library: it takes plain data, not the config's types). */
export interface CompareRulesInput {
  ignore: readonly string[];
  redact: readonly string[];
  headers: readonly string[];
  tolerance?: number;
}

const cache = new WeakMap<CompareRulesInput, CompareRules>();

/** The compiled comparison rules of a route's `shadow` block. */
export function compileCompareRules(shadow: CompareRulesInput): CompareRules {
  let rules = cache.get(shadow);
  if (!rules) {
    rules = {
      ignore: compilePathPatterns(shadow.ignore),
      redact: compileRedaction(shadow.redact),
      headers: shadow.headers.map((h) => h.toLowerCase()),
      tolerance: shadow.tolerance ?? 0,
    };
    cache.set(shadow, rules);
  }
  return rules;
}
