import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../../gateway/config/load-config.js';
import { validateConfig } from '../../gateway/config/validate-config.js';
import { ConfigInvalidError, type ConfigProblem } from '../../gateway/errors.js';

const DESIGN_EXAMPLE = `
listen:   { host: 0.0.0.0, port: 8080 }
monolith: { url: http://127.0.0.1:3000 }
services:
  catalog: { url: http://127.0.0.1:4001, timeoutMs: 5000 }
store:    { url: sqlite:.ficus/gateway.db }
admin:    { host: 127.0.0.1, port: 8081, token: \${FICUS_ADMIN_TOKEN} }
routes:
  - id: catalog-products
    match: { methods: [GET, HEAD], path: /api/products/:id }
    service: catalog
    mode: shadow
    percent: 10
    sticky: { header: x-user-id }
    shadow:
      sample: 100
      ignore: [ "$.generatedAt", "$.items[*].updatedAt" ]
    fallback: monolith
`;

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): ConfigProblem[] {
  const result = parseConfigText(text, env);
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.problems;
}

describe('gateway config', () => {
  it('loads the DESIGN.md example with env substitution, applies defaults and freezes it', () => {
    const result = parseConfigText(DESIGN_EXAMPLE, { FICUS_ADMIN_TOKEN: 'a-long-enough-admin-token' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.admin.token).toBe('a-long-enough-admin-token');
    expect(config.headers).toEqual({ route: true, via: 'ficus', trustForwarded: false });
    expect(config.shutdown.graceMs).toBe(10_000);
    expect(config.routes[0]!.shadow.allowWrites).toBe(false);
    expect(config.routes[0]!.sticky).toEqual({ header: 'x-user-id' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.routes[0]!.match)).toBe(true);
    expect(() => ((config.routes as unknown as unknown[]).length = 0)).toThrow(TypeError);
  });

  it('substitutes ${VAR:-default}, keeps $${VAR} literal, and types whole-value numbers', () => {
    const result = parseConfigText(
      'listen: { port: ${PORT:-9090} }\nmonolith: { url: "http://${HOST:-127.0.0.1}:3000" }\nheaders: { via: "$${NOT_A_VAR}" }\n',
      {},
    );
    expect(result.ok && result.config.listen.port).toBe(9090);
    expect(result.ok && result.config.monolith.url).toBe('http://127.0.0.1:3000');
    expect(result.ok && result.config.headers.via).toBe('${NOT_A_VAR}');
  });

  it('reports an unset variable with the path where it is used', () => {
    const problems = problemsOf(DESIGN_EXAMPLE);
    expect(problems).toContainEqual({ path: 'admin.token', message: expect.stringContaining('FICUS_ADMIN_TOKEN') });
  });

  it('reports every problem at once, each with its path', () => {
    const problems = problemsOf(`
monolith: { url: ftp://nope }
services: { catalog: { url: http://127.0.0.1:4001 } }
admin: { host: 0.0.0.0 }
routes:
  - { id: a, match: { path: /api/a }, service: catalog, mode: canary, percent: 101 }
  - { id: a, match: { path: /api/b }, service: catalogue, mode: service }
  - { id: c, match: { path: "/api/(oops" }, mode: shadow }
  - { id: d, match: { path: /api/d }, sticky: { cookie: sid } }
  - { id: e, match: { path: /api/e, methods: [FETCH] }, colour: red }
`);
    const paths = problems.map((p) => p.path).sort();
    expect(paths).toEqual(
      [
        'admin.token',
        'monolith.url',
        'routes[0].percent',
        'routes[1].id',
        'routes[1].service',
        'routes[2].match.path',
        'routes[2].service',
        'routes[3].sticky',
        'routes[4].colour',
        'routes[4].match.methods[0]',
      ].sort(),
    );
  });

  it('refuses credentials in an upstream URL, which would silently not be sent', () => {
    const problems = problemsOf(`
monolith: { url: "http://ops:s3cret@127.0.0.1:3000" }
services: { catalog: { urls: [http://127.0.0.1:4001, "http://svc@127.0.0.1:4002"] } }
routes: []
`);
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['monolith.url', expect.stringContaining('must not hold credentials')],
      ['services.catalog.urls[1]', expect.stringContaining('must not hold credentials')],
    ]);
  });

  it('accepts express-style patterns and the trailing /* prefix form', () => {
    const result = validateConfig({
      monolith: { url: 'http://127.0.0.1:3000' },
      routes: [
        { id: 'a', match: { path: '/api/products/:id' } },
        { id: 'b', match: { path: '/api/orders/*' } },
        { id: 'c', match: { path: '/files/*rest' } },
        { id: 'd', match: { path: '/users{/:id}' } },
      ],
    });
    expect(result.ok).toBe(true);
  });

  it('turns YAML syntax errors into problems with a line', () => {
    const problems = problemsOf('monolith: { url: http://x\nroutes: [\n');
    expect(problems[0]!.path).toMatch(/^line \d+$/);
  });

  it('loadConfig throws stable codes: FICUS_GATEWAY_CONFIG_INVALID with the list, FICUS_GATEWAY_CONFIG_READ', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ficus-config-'));
    const file = path.join(dir, 'gw.yaml');
    writeFileSync(file, 'monolith: { url: http://127.0.0.1:3000 }\nroutes: [ { id: x, match: { path: nope } } ]\n');
    let thrown: unknown;
    try {
      loadConfig(file, {});
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigInvalidError);
    expect((thrown as ConfigInvalidError).code).toBe('FICUS_GATEWAY_CONFIG_INVALID');
    expect((thrown as ConfigInvalidError).problems.map((p) => p.path)).toEqual(['routes[0].match.path']);
    expect(() => loadConfig(path.join(dir, 'missing.yaml'), {})).toThrow(expect.objectContaining({ code: 'FICUS_GATEWAY_CONFIG_READ' }));
  });
});
