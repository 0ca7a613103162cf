import { describe, expect, it } from 'vitest';
import { compilePathPatterns } from '../../../gateway/compare/path-pattern.js';

describe('compilePathPatterns', () => {
  it('matches keys, wildcards, indexes, quoted keys and any depth', () => {
    const p = compilePathPatterns(['$.a.b', '$.items[*].price', '$.*.id', '$..token', '$["odd key"]', '$.list[0]']);
    expect(p.matches(['a', 'b'])).toBe(true);
    expect(p.matches(['a'])).toBe(false);
    expect(p.matches(['items', 4, 'price'])).toBe(true);
    expect(p.matches(['items', 4, 'cost'])).toBe(false);
    expect(p.matches(['user', 'id'])).toBe(true);
    expect(p.matches(['deep', 1, 'x', 'token'])).toBe(true);
    expect(p.matches(['token'])).toBe(true);
    expect(p.matches(['odd key'])).toBe(true);
    expect(p.matches(['list', 0])).toBe(true);
    expect(p.matches(['list', 1])).toBe(false);
  });

  it('matches the whole body with $', () => {
    expect(compilePathPatterns(['$']).matches([])).toBe(true);
  });

  it.each(['items', '$.a[', '$.a[x]', '$..', '$.a..', '$a'])('rejects %s with a stable code', (bad) => {
    expect(() => compilePathPatterns([bad])).toThrow(expect.objectContaining({ code: 'FICUS_COMPARE_BAD_PATH' }));
  });
});

describe('shadow patterns in the gateway config', () => {
  it('reports every bad ignore and redact pattern with its path', async () => {
    const { validateConfig } = await import('../../../gateway/config/validate-config.js');
    const result = validateConfig({
      monolith: { url: 'http://127.0.0.1:1' },
      services: { s: { url: 'http://127.0.0.1:2' } },
      routes: [{ id: 'r', match: { path: '/x' }, service: 's', mode: 'shadow', shadow: { ignore: ['$.a[', 'items', '$.ok'], redact: ['$..'] } }],
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['routes[0].shadow.ignore[0]', 'routes[0].shadow.ignore[1]', 'routes[0].shadow.redact[0]']);
  });
});
