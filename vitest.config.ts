import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'analyzer/**/*.test.ts', 'gateway/**/*.test.ts', 'services/**/*.test.ts', 'monolith-fixture/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    // Servers on port 0 and child processes: 2 cores are shared by everything, so keep runs patient.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
