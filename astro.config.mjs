// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import react from '@astrojs/react';

export default defineConfig({
  site: 'https://smtp-playground.example.com',
  integrations: [
    starlight({
      title: 'MailPace SMTP Playground',
      description: 'Learn, practise and set up sending email over SMTP with MailPace.',
      favicon: '/favicon.svg',
      sidebar: [
        { label: 'Start', items: [{ label: 'Overview', link: '/' }] },
      ],
    }),
    react(),
  ],
});
