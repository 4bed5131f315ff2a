/**
 * Markdown plugin for Sätteri, Astro's Markdown processor: adds the site's base to
 * root-relative links in the docs, so pages keep writing `/guides/throughput/` and still
 * work under a sub-path build. Covers HTML elements (a, img, …) and the string props of
 * MDX components (LinkCard's and LinkButton's href).
 */
import { defineHastPlugin, type HastPluginEntry, type HastVisitorContext } from 'satteri';
import { withBase } from './base.ts';

// Single-URL attributes only: srcset lists several, and the pages do not use it.
const URL_PROPS = ['href', 'src', 'action', 'poster'];

interface JsxNode {
  attributes: ReadonlyArray<{ type: string; name?: string; value?: unknown }>;
}

function rewriteJsx(base: string, node: Readonly<JsxNode>, ctx: HastVisitorContext): void {
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || !URL_PROPS.includes(attribute.name ?? '') || typeof attribute.value !== 'string') continue;
    const moved = withBase(base, attribute.value);
    // The context types its node as a hast node; an MDX element is one at run time.
    if (moved !== attribute.value) ctx.setProperty(node as never, attribute.name!, moved);
  }
}

export function baseLinksPlugin(base: string): HastPluginEntry {
  return defineHastPlugin({
    name: 'site-base-links',
    element: {
      filter: [],
      visit(node, ctx) {
        for (const key of URL_PROPS) {
          const value = node.properties[key];
          if (typeof value === 'string' && withBase(base, value) !== value) ctx.setProperty(node, key, withBase(base, value));
        }
      },
    },
    mdxJsxFlowElement: { filter: [], visit: (node, ctx) => rewriteJsx(base, node, ctx) },
    mdxJsxTextElement: { filter: [], visit: (node, ctx) => rewriteJsx(base, node, ctx) },
  });
}
