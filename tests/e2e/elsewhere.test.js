// The built site served from another address than its base_url (a preview deploy, a local
// copy): with root-relative links it is still styled, its links stay on that address, and
// search still finds pages.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startServer } from './lib/server.js';
import { siteAndBrowser } from './lib/site.js';

const env = siteAndBrowser();

test('served from another origin, the site is styled, its links stay there and search works', async () => {
  const elsewhere = await startServer({ root: env.site.dir });
  const context = await env.browser.newContext();
  context.setDefaultTimeout(15_000);
  try {
    assert.notEqual(elsewhere.origin + '/', env.site.baseURL);
    const page = await context.newPage();
    const failed = [];
    // A request the next navigation cancels (the icon, fetched late) fails as ERR_ABORTED:
    // that is the browser's doing, not a missing file, which shows as a 4xx answer.
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(request.url());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()}: ${response.url()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(elsewhere.origin)) failed.push(`left the origin: ${request.url()}`);
    });
    await page.goto(elsewhere.url('/502/'), { waitUntil: 'load' });
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).borderBottomStyle);
    assert.equal(styled, 'solid', 'the stylesheet did not load');
    const away = await page.$$eval('main a[href]', (as, origin) => as.map((a) => a.href).filter((href) => href.startsWith(origin)), env.site.server.origin);
    assert.deepEqual(away, [], 'links lead back to the base_url');
    const ownLinks = await page.$$eval('main a[href^="/"]', (as) => as.length);
    assert.ok(ownLinks > 5, `only ${ownLinks} root-relative links in the article`);
    await page.goto(elsewhere.url('/search/?q=upstream'), { waitUntil: 'load' });
    await page.waitForSelector('#search-page-results li a');
    const first = await page.$eval('#search-page-results li a', (a) => a.href);
    assert.ok(first.startsWith(elsewhere.origin), first);
    assert.deepEqual(failed, []);
  } finally {
    await context.close();
    await elsewhere.close();
  }
});
