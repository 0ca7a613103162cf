// One problem in a config (gateway YAML, ficus.config.yaml, a service's environment, a request body),
// located by its path in one notation: `routes[3].match.path`.

export interface ConfigProblem {
  path: string;
  message: string;
}

/** `['routes', 3, 'match', 'path']` → `routes[3].match.path`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Zod issues as problems, one per unknown key (`helpers.sqll: unknown field`) so each has its own path. */
export function problemsFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[]): ConfigProblem[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown field' }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}

/** `path: message` joined by `separator`; a problem without a path is its message alone. */
export function formatProblemList(problems: readonly ConfigProblem[], separator: string): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join(separator);
}
