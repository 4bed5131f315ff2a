// Entry of the webhook thread (sender.ts). Like bin.mjs: the sender is TypeScript,
// compiled on the fly by tsx, which each thread registers for itself.
import { register } from 'tsx/esm/api';

register();
await import('./sender-thread.ts');
