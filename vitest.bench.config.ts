import { defineConfig } from 'vitest/config';
import { ALIASES } from './scripts/aliases.mjs';

// `npm run bench`: benchmarks live in bench/*.bench.ts; results are recorded in docs/BENCHMARKS.md.
export default defineConfig({ resolve: { alias: ALIASES }, test: { include: [], benchmark: { include: ['bench/**/*.bench.ts'] } } });
