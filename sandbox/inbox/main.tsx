/** Entry point of the inbox page (bundled by build.ts into sandbox/inbox-dist/). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../src/components/terminal/terminal.css';
import './inbox.css';
import App from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
