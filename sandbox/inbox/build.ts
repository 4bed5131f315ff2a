/**
 * Bundles the inbox page (index.html + main.tsx) into sandbox/inbox-dist/ with Vite,
 * so the sandbox can serve it with only Node: `npm run build:inbox`, also run by
 * `prepare` and `prepack`. Relative asset URLs (`base: './'`), no inline scripts.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
export const INBOX_DIST = fileURLToPath(new URL('../inbox-dist/', import.meta.url));

// Vite follows NODE_ENV, and test runners set it to "test" (the pack test runs
// prepack from vitest): the page always ships React's production build.
process.env.NODE_ENV = 'production';

await build({
  root,
  base: './',
  configFile: false,
  mode: 'production',
  logLevel: 'warn',
  plugins: [react()],
  build: {
    outDir: INBOX_DIST,
    emptyOutDir: true,
    // The polyfill is for browsers without modulepreload; every supported one has it.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
process.stdout.write(`inbox page built into ${INBOX_DIST}\n`);
