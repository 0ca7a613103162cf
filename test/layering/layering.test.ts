// The layering of docs/architecture.md as a test: every import of every source file against the rules.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { readImports } from './import-graph.js';
import { checkLayering } from './layering-rules.js';

describe('layering', () => {
  it('no source file imports across a rule', () => {
    const edges = readImports(repoRoot);
    expect(edges.length).toBeGreaterThan(500); // the scan saw the tree
    expect(checkLayering(edges)).toEqual([]);
  });

  describe('the check itself', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ficus-layering-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };

    it('names the file, line and import of an added forbidden import, once per rule it breaks', () => {
      write('gateway/config/schema.ts', "import { z } from 'zod';\nimport { isLoopbackHost } from '../admin/admin-auth.js';\n");
      write('gateway/routing/decide.ts', "import type { X } from '../config/schema.js';\nimport { readFileSync } from 'node:fs';\n");
      write('monolith-fixture/src/app.ts', "export { openKnex } from '../../services/kit/index.js';\n");
      write('analyzer/report/json.ts', "import type { Report } from '../types.js';\nimport { rankSeams } from '../seams/rank-seams.js';\n");
      const violations = checkLayering(readImports(root, ['gateway/config/schema.ts', 'gateway/routing/decide.ts', 'monolith-fixture/src/app.ts', 'analyzer/report/json.ts']));
      expect(violations).toEqual([
        expect.stringMatching(/^gateway\/config\/schema\.ts:2 imports gateway\/admin\/admin-auth\.ts \(config-first: /),
        expect.stringMatching(/^gateway\/routing\/decide\.ts:2 imports node:fs \(routing-is-pure: /),
        expect.stringMatching(/^monolith-fixture\/src\/app\.ts:1 imports services\/kit\/index\.ts \(fixture-imports-nothing-of-ficus: /),
        expect.stringMatching(/^analyzer\/report\/json\.ts:2 imports analyzer\/seams\/rank-seams\.ts \(reports-only-format: /),
      ]);
    });

    it('lets the allowed direction through', () => {
      write('gateway/shadow/mirror.ts', "import { upstreamPath } from '../upstream/upstream-path.js';\nimport type { ShadowConfig } from '../config/schema.js';\n");
      write('bin/commands/x.ts', "import { analyze } from '../../analyzer/analyze.js';\nimport { createGateway } from '../../gateway/create-gateway.js';\n");
      expect(checkLayering(readImports(root, ['gateway/shadow/mirror.ts', 'bin/commands/x.ts']))).toEqual([]);
    });
  });
});
