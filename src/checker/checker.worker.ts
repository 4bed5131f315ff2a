/**
 * The Web Worker that runs the message checker off the main thread: parsing a 30 MB
 * message must not freeze the page. The page talks to it through `checker-client.ts`.
 */
import { expose } from 'comlink';
import { CheckerHost } from './checker-host.ts';

expose(new CheckerHost());
