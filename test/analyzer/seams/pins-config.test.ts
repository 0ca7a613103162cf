// `pins` and `infrastructure` in ficus.config.yaml reach the seam stage through `analyze`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../analyzer/analyze.js';

describe('pins and infrastructure in ficus.config.yaml', () => {
  let dir: string;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ficus-pins-'));
    write('src/orders/repo.ts', "import { helper } from '../legacy/helper.js';\nexport const find = () => helper('orders');\n");
    write('src/orders/routes.ts', "import { find } from './repo.js';\nexport const get = () => find();\n");
    write('src/legacy/helper.ts', 'export const helper = (x: string) => x;\n');
    write('src/legacy/old-report.ts', "import { helper } from './helper.js';\nexport const r = () => helper('r');\n");
    write('src/users/repo.ts', "export const u = () => 'u';\n");
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a pinned folder lands in the named seam; a listed module is infrastructure', async () => {
    write('ficus.config.yaml', 'pins:\n  - { path: "src/legacy/**", seam: billing }\ninfrastructure: [src/users/repo.ts]\n');
    const { report } = await analyze({ dir });
    const seamOf = (p: string) => report.modules.find((m) => m.path === p)!.seam;
    expect(seamOf('src/legacy/helper.ts')).toBe('billing');
    expect(seamOf('src/legacy/old-report.ts')).toBe('billing');
    expect(seamOf('src/users/repo.ts')).toBeNull();
    expect(report.infrastructureWhy?.['src/users/repo.ts']).toMatch(/config/);
  });

  it('a pin without a seam is a config error naming its path', async () => {
    write('ficus.config.yaml', 'pins:\n  - { path: "src/legacy/**" }\n');
    const error = (await analyze({ dir }).then(
      () => undefined,
      (e: unknown) => e,
    )) as { code: string; problems: { path: string }[] };
    expect(error).toMatchObject({ code: 'FICUS_ANALYZE_CONFIG_INVALID' });
    expect(error.problems.map((p) => p.path)).toEqual(['pins[0].seam']);
  });
});
