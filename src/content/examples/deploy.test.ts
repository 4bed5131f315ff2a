/**
 * The "Host your own copy" page's files, checked against the project they build: the
 * commands exist, the Node version matches .nvmrc, the output folder is Astro's, and the
 * GitHub Pages env gives the sub-path build the e2e suite runs (`npm run test:e2e:subpath`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { siteOptions } from '../../site/base.ts';

const ROOT = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const nvmrc = read('.nvmrc').trim();
// Astro writes the site to dist/ unless told otherwise, and the config does not.
const OUT_DIR = 'dist';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

/** `npm run NAME` (or `npm ci`) for a script this project has. */
function expectNpmCommand(command: string): void {
  const script = /^npm run ([\w:-]+)$/.exec(command)?.[1];
  if (command !== 'npm ci') expect(script && pkg.scripts[script], command).toBeTruthy();
}

describe('the GitHub Pages workflow', () => {
  const workflow = parseYaml(read('src/content/examples/deploy/github-pages.yml')) as {
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[]; needs?: string }>;
  };
  const steps = workflow.jobs.build!.steps;

  it('has the permissions Pages publishing needs', () => {
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    expect(workflow.jobs.deploy!.needs).toBe('build');
  });

  it('sets up the Node version the project asks for', () => {
    const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version-file']).toBe('.nvmrc');
    expect(existsSync(new URL('.nvmrc', ROOT))).toBe(true);
  });

  it('runs this project\'s own scripts and uploads what the build writes', () => {
    for (const step of steps.filter((s) => s.run)) expectNpmCommand(step.run!);
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))?.with?.path).toBe(OUT_DIR);
  });

  it('builds under /REPO for a project page', () => {
    const env = steps.find((s) => s.id === 'build')!.env!;
    // What GitHub fills in for a repository named smtp-docs owned by example-org.
    const expand = (value: string) =>
      value.replace('${{ github.event.repository.name }}', 'smtp-docs').replace('${{ github.repository_owner }}', 'example-org');
    const options = siteOptions({ BASE_PATH: expand(env.BASE_PATH!), SITE_URL: expand(env.SITE_URL!) });
    expect(options).toEqual({ base: '/smtp-docs', site: 'https://example-org.github.io' });
    expect(expand(JSON.stringify(env))).not.toContain('${{');
  });
});

describe('the Netlify file', () => {
  const netlify = parseToml(read('src/content/examples/deploy/netlify.toml')) as {
    build: { command: string; publish: string; environment: Record<string, string> };
  };

  it('builds with the project\'s script into Astro\'s output folder', () => {
    expectNpmCommand(netlify.build.command);
    expect(netlify.build.publish).toBe(OUT_DIR);
  });

  it('asks for the Node version in .nvmrc', () => {
    expect(netlify.build.environment.NODE_VERSION).toBe(nvmrc);
  });
});
