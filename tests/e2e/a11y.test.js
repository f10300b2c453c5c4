// axe-core on every page of the site in the light and the dark colour scheme on a phone
// (390 px), and on one page of each layout at laptop width (1366 px): no violation of impact
// "serious" or "critical" is allowed. The wide audit covers what appears only at that width
// (the table of contents beside the text); auditing all pages at both widths took longer than
// the suite's time limit on a 2-core machine.

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

/** One page of each layout the site has, for the wide audit. */
const ONE_OF_EACH_LAYOUT = [
  '/',
  '/502/',
  '/5xx/',
  '/codes/',
  '/faq/',
  '/headers/',
  '/headers/retry-after/',
  '/search/',
  '/tags/',
  '/tags/cloudflare/',
  '/what-am-i-seeing/',
  '/this-page-does-not-exist/',
];

/** Runs the audit in the light and the dark scheme side by side, in one browser tab each. */
async function auditBothSchemes(pages, width) {
  const failures = (await Promise.all(['light', 'dark'].map((scheme) => auditAll(pages, scheme, width)))).flat();
  assert.equal(failures.length, 0, failures.join('\n\n'));
}

test('axe: no serious or critical violations on any page at 390 px, in both colour schemes', async () => {
  const pages = await allPages(env.site.dir);
  assert.ok(pages.length > 100, `only ${pages.length} pages found`);
  await auditBothSchemes(pages, 390);
});

test('axe: no serious or critical violations on one page of each layout at 1366 px, in both colour schemes', async () => {
  const wanted = new Set(ONE_OF_EACH_LAYOUT);
  const pages = (await allPages(env.site.dir)).filter((p) => wanted.has(p.path));
  const missing = ONE_OF_EACH_LAYOUT.filter((p) => !pages.some((page) => page.path === p));
  assert.deepEqual(missing, [], 'these are not pages of the built site');
  await auditBothSchemes(pages, 1366);
});
