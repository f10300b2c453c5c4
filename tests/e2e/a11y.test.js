// axe-core on the main page types, in the light and the dark colour scheme: no violation of
// impact "serious" or "critical" is allowed.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { settle, siteAndBrowser } from './lib/site.js';

const require = createRequire(import.meta.url);
const axe = require('axe-core');

const PAGES = [
  { path: '/', status: 200 },
  { path: '/502/', status: 200 },
  { path: '/5xx/', status: 200 },
  { path: '/faq/', status: 200 },
  { path: '/522/', status: 200 },
  { path: '/headers/', status: 200 },
  { path: '/headers/retry-after/', status: 200 },
  { path: '/what-am-i-seeing/', status: 200 },
  { path: '/this-page-does-not-exist/', status: 404 },
];

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

for (const colorScheme of ['light', 'dark']) {
  test(`axe: no serious or critical violations (${colorScheme} colour scheme)`, async (t) => {
    // bypassCSP: the site's Content-Security-Policy (script-src 'self') would block the
    // injected axe script; it changes nothing else on the page.
    const context = await env.browser.newContext({ colorScheme, bypassCSP: true });
    context.setDefaultTimeout(20_000);
    try {
      for (const { path, status } of PAGES) {
        await t.test(`axe ${colorScheme}: ${path}`, async () => {
          const page = await context.newPage();
          try {
            const res = await page.goto(env.site.url(path), { waitUntil: 'load' });
            assert.equal(res.status(), status, `${path} answered ${res.status()}`);
            await settle(page);
            await page.addScriptTag({ content: axe.source });
            const results = await page.evaluate(() => window.axe.run(document));
            const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
            assert.equal(
              bad.length,
              0,
              `${path} (${colorScheme}): ${bad.length} serious/critical axe violation(s):\n\n${describe(bad)}`,
            );
          } finally {
            await page.close();
          }
        });
      }
    } finally {
      await context.close();
    }
  });
}
