#!/usr/bin/env node
// Entry point of `npm run sandbox` and the `mailpace-sandbox` bin. The sandbox is
// TypeScript that shares the protocol core with the browser; tsx compiles it on the
// fly, so it runs from a fresh clone without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
