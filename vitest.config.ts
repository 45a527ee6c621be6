import { defineConfig } from 'vitest/config';
import { ALIASES } from './scripts/aliases.mjs';

// Two projects: `unit` (core vectors, main process against a typed fake of electron, CLI, lint fixtures, bundle
// smoke, security gates) and `e2e` (the built renderer in Chromium with the real bridge and handlers).
export default defineConfig({
  resolve: { alias: ALIASES },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
