/**
 * The Web Worker that runs one SMTP session off the main thread. The page talks to
 * it through comlink (see `worker-client.ts`); all the work is in `SessionHost`.
 */
import { expose } from 'comlink';
import { SessionHost } from './session-host.ts';

expose(new SessionHost());
