import { defineConfig } from 'vitest/config';

// `npm run bench`: benchmarks live in bench/*.bench.ts; results are recorded in docs/BENCHMARKS.md.
export default defineConfig({ test: { include: [], benchmark: { include: ['bench/**/*.bench.ts'] } } });
