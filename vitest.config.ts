import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['simulator/**/*.test.ts', 'sandbox/**/*.test.ts', 'src/**/*.test.ts'],
    // Most files wait on other programs (compilers, language runtimes, a container, real
    // sockets and timers) more than they compute; the default of one worker per core
    // less one runs them one at a time on a 2-core machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
