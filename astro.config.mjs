// @ts-check
import { readdirSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import react from '@astrojs/react';
import starlightLinksValidator from 'starlight-links-validator';
import { siteOptions } from './src/site/base.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { baseLinksPlugin } from './src/site/base-links-plugin.ts';

// Static files for any host: at the root by default, or under a sub-path (a GitHub
// project page, say) with BASE_PATH=/repo-name. SITE_URL sets the canonical origin.
// The site's top-level paths are passed along, so that a BASE_PATH cannot be mistaken for one of them.
const routes = readdirSync(new URL('./src/content/docs/', import.meta.url)).map((name) => name.replace(/\.mdx?$/, ''));
const { site, base } = siteOptions(process.env, routes);

export default defineConfig({
  site,
  base,
  // Pages write root-relative links (`/simulator/`); this adds the base to them.
  markdown: { processor: satteri({ hastPlugins: base === '/' ? [] : [baseLinksPlugin(base)] }) },
  // The dev toolbar sits over the bottom of the page, where the terminal's prompt is.
  devToolbar: { enabled: false },
  integrations: [
    starlight({
      title: 'MailPace SMTP Playground',
      description: 'Learn, practise and set up sending email over SMTP with MailPace.',
      favicon: '/favicon.svg',
      social: [{ icon: 'github', label: 'MailPace on GitHub', href: 'https://github.com/mailpace' }],
      lastUpdated: false,
      // Our 404 is a docs page (src/content/docs/404.mdx), built by the docs route.
      // Starlight's own 404 route would build the same /404 a second time.
      disable404Route: true,
      // Every internal link must resolve, or the build fails.
      plugins: [starlightLinksValidator()],
      sidebar: [
        { label: 'Start', items: [{ autogenerate: { directory: 'start' } }] },
        { label: 'Simulator', link: '/simulator/' },
        { label: 'Message checker', link: '/checker/' },
        { label: 'Config snippets', link: '/snippets/' },
        { label: 'Connecting', items: [{ autogenerate: { directory: 'connecting' } }] },
        { label: 'Your message', items: [{ autogenerate: { directory: 'message' } }] },
        { label: 'Errors', items: [{ autogenerate: { directory: 'errors' } }] },
        { label: 'The protocol', items: [{ autogenerate: { directory: 'protocol' } }] },
        { label: 'Guides', items: [{ autogenerate: { directory: 'guides' } }] },
        { label: 'Lessons', items: [{ autogenerate: { directory: 'lessons' } }] },
      ],
    }),
    react(),
  ],
  vite: {
    // Module workers can split code: the MIME parser then loads with the first message,
    // not with the page.
    worker: { format: 'es' },
  },
});
