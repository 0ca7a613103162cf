import { defineConfig } from 'vitest/config';

// The analyzer's tests (and the docs and layering checks) keep no state between files, and each file
// would otherwise load typescript/ts-morph afresh: they share one module graph per worker (isolate:
// false), which cut their CPU time by a third. Everything that starts servers, stores and metrics
// registries stays isolated.
const SHARED = ['test/analyzer/**/*.test.ts', 'test/docs/**/*.test.ts', 'test/layering/**/*.test.ts', 'analyzer/**/*.test.ts'];

export default defineConfig({
  // vite does not load `.cts`: the analyzer's TypeScript loader (analyzer/extract/typescript.cts) is
  // the package itself here.
  resolve: { alias: [{ find: /^(\.\.?\/)+typescript\.cjs$/, replacement: 'typescript' }] },
  test: {
    exclude: ['**/node_modules/**', 'dist/**'],
    // Servers on port 0 and child processes: 2 cores are shared by everything, so keep runs patient.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'shared', include: SHARED, isolate: false } },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['test/**/*.test.ts', 'gateway/**/*.test.ts', 'services/**/*.test.ts', 'monolith-fixture/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'dist/**', ...SHARED],
        },
      },
    ],
  },
});
