// axe-core on every page of the site, in the light and the dark colour scheme, on a phone
// (390 px) and a laptop (1366 px): no violation of impact "serious" or "critical" is allowed.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import path from 'node:path';

import { filesUnder, settle, siteAndBrowser } from './lib/site.js';

const require = createRequire(import.meta.url);
const axe = require('axe-core');

/** Every HTML page of the built site by its URL path, with the status it is served with. */
async function allPages(dir) {
  return (await filesUnder(dir, '.html')).map((file) => {
    const relative = path.relative(dir, file).split(path.sep).join('/');
    if (relative === '404.html') return { path: '/this-page-does-not-exist/', status: 404 };
    return { path: '/' + relative.replace(/(^|\/)index\.html$/, '$1'), status: 200 };
  });
}

const env = siteAndBrowser();

function describe(violations) {
  return violations
    .map((v) =>
      [
        `[${v.impact}] ${v.id}: ${v.help}`,
        `  ${v.description}`,
        `  ${v.helpUrl}`,
        ...v.nodes.map(
          (n) =>
            `  - ${n.target.join(' ')}\n    ${n.html}\n    ${(n.failureSummary || '').replace(/\n/g, '\n    ')}`,
        ),
      ].join('\n'),
    )
    .join('\n\n');
}

/** The serious and critical axe violations of each page, in one colour scheme at one width. */
async function auditAll(pages, colorScheme, width) {
  // bypassCSP: the site's Content-Security-Policy (script-src 'self') would block the
  // injected axe script; it changes nothing else on the page.
  const context = await env.browser.newContext({ colorScheme, bypassCSP: true, viewport: { width, height: 900 } });
  context.setDefaultTimeout(20_000);
  await context.addInitScript({ content: axe.source });
  const page = await context.newPage();
  const failures = [];
  try {
    for (const { path: pagePath, status } of pages) {
      const res = await page.goto(env.site.url(pagePath), { waitUntil: 'load' });
      if (res.status() !== status) {
        failures.push(`${pagePath} answered ${res.status()}, not ${status}`);
        continue;
      }
      await settle(page);
      const results = await page.evaluate(() => window.axe.run(document));
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      if (bad.length) failures.push(`${pagePath} (${colorScheme}, ${width} px):\n\n${describe(bad)}`);
    }
  } finally {
    await context.close();
  }
  return failures;
}

test('axe: no serious or critical violations on any page, in both colour schemes at 390 and 1366 px', async () => {
  const pages = await allPages(env.site.dir);
  assert.ok(pages.length > 100, `only ${pages.length} pages found`);
  // The four audits run side by side: each is one browser tab that waits on the other's work.
  const runs = ['light', 'dark'].flatMap((scheme) => [390, 1366].map((width) => auditAll(pages, scheme, width)));
  const failures = (await Promise.all(runs)).flat();
  assert.equal(failures.length, 0, failures.join('\n\n'));
});
