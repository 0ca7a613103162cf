// Routes that can never match because an earlier route takes every request they would get: found by
// `findShadowedRoutes`, printed as warnings by `ficus gateway --check` (exit 0; `--strict` fails).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findShadowedRoutes } from '../../gateway/config/find-shadowed-routes.js';
import { runCli } from '../support/cli.js';

const route = (id: string, p: string, methods?: string[]) => ({ id, match: { path: p, ...(methods ? { methods } : {}) } });
const shadowed = (routes: ReturnType<typeof route>[]) => findShadowedRoutes(routes).map((w) => w.path);

describe('findShadowedRoutes', () => {
  it('an SPA fallback listed before the API shadows every GET after it, not the POSTs', () => {
    const routes = [
      route('spa', '/*', ['GET', 'HEAD']),
      route('links', '/api/links', ['GET', 'HEAD']),
      route('link', '/api/links/:id', ['GET']),
      route('add', '/api/links', ['POST']),
    ];
    expect(shadowed(routes)).toEqual(['routes[1]', 'routes[2]']);
    expect(findShadowedRoutes(routes)[0].message).toMatch(/routes\[0\] "spa"/);
  });

  it('a parameter shadows a static segment listed after it; the other way round is fine', () => {
    expect(shadowed([route('one', '/api/users/:id'), route('me', '/api/users/me')])).toEqual(['routes[1]']);
    expect(shadowed([route('me', '/api/users/me'), route('one', '/api/users/:id')])).toEqual([]);
  });

  it('a prefix covers what is below it, but not a sibling; an optional group needs both forms covered', () => {
    expect(shadowed([route('all', '/api/orders/*'), route('one', '/api/orders/:id/items')])).toEqual(['routes[1]']);
    expect(shadowed([route('all', '/api/orders/*'), route('other', '/api/order-items')])).toEqual([]);
    expect(shadowed([route('one', '/api/x/:id'), route('opt', '/api/x{/:id}')])).toEqual([]);
    expect(shadowed([route('any', '/api/*rest'), route('opt', '/api/x{/:id}')])).toEqual(['routes[1]']);
  });

  it('methods count: a GET route serves HEAD; a route for every method is covered only by one for every method', () => {
    expect(shadowed([route('get', '/a', ['GET']), route('head', '/a', ['HEAD'])])).toEqual(['routes[1]']);
    expect(shadowed([route('get', '/a', ['GET']), route('all', '/a')])).toEqual([]);
    expect(shadowed([route('all', '/a'), route('get', '/a', ['GET'])])).toEqual(['routes[1]']);
  });
});

describe('ficus gateway --check warnings', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-shadowed-'));
  const file = path.join(dir, 'gw.yaml');
  writeFileSync(
    file,
    [
      'monolith: { url: http://127.0.0.1:3000 }',
      'routes:',
      '  - { id: spa, match: { methods: [GET, HEAD], path: "/*" } }',
      '  - { id: links, match: { methods: [GET, HEAD], path: /api/links } }',
      '',
    ].join('\n'),
  );

  it('a route that can never match is a warning line, and the check still passes', async () => {
    const result = await runCli(['gateway', '-c', file, '--check']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: routes\[1\]: route "links" .* can never match/);
    expect(result.stdout).toContain('ok (2 routes');
  });

  it('--strict fails on it', async () => {
    const result = await runCli(['gateway', '-c', file, '--check', '--strict']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('warning: routes[1]');
  });
});
