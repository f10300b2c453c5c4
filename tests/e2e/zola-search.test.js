// A Zola theme's search box against Zola's default index: the fixture site
// tests/fixtures/zola-search builds `search_index.en.js` and Quire's own `elasticlunr.min.js`,
// and its search.js calls elasticlunr's browser API as themes do.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { REPO, collectPageErrors, siteAndBrowser } from './lib/site.js';

const env = siteAndBrowser({ root: path.join(REPO, 'tests/fixtures/zola-search') });

async function searchFor(page, text) {
  await page.fill('#search', text);
  return page.$$eval('#results a', (links) => links.map((a) => [a.textContent, new URL(a.href).pathname]));
}

test("the theme's search box finds pages by title and body, by prefix and by any word form", async () => {
  const page = await env.browser.newPage();
  const errors = collectPageErrors(page);
  try {
    await page.goto(env.site.url('/'), { waitUntil: 'load' });
    assert.deepEqual(await searchFor(page, 'timeout'), [['Gateway timeouts', '/notes/timeouts/']]);
    // Stemmed: "renewing" finds "Renewing" and "renew"; "expiring" finds "expires".
    assert.deepEqual(await searchFor(page, 'expiring'), [['Expired certificates', '/notes/certificates/']]);
    // Expanded: a prefix finds the longer word.
    assert.deepEqual(await searchFor(page, 'certif'), [['Expired certificates', '/notes/certificates/']]);
    // Every word is required ("bool": "AND"): both words are in the body of one page only.
    assert.deepEqual(await searchFor(page, 'upstream idle'), [['Gateway timeouts', '/notes/timeouts/']]);
    // The title outweighs the body: the page titled "Gateway" comes before the home, whose
    // body says "gateways".
    const gateway = await searchFor(page, 'gateway');
    assert.deepEqual(gateway.map(([, p]) => p), ['/notes/timeouts/', '/']);
    // Code blocks are not indexed.
    assert.deepEqual(await searchFor(page, 'curl'), []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('every word of a page is found as written: the browser stems it as the index was stemmed', async () => {
  const page = await env.browser.newPage();
  try {
    await page.goto(env.site.url('/'), { waitUntil: 'load' });
    const missed = await page.evaluate(() => {
      const index = elasticlunr.Index.load(window.searchIndex);
      const ref = Object.keys(index.documentStore.docs).find((r) => r.endsWith('/notes/words/'));
      const words = index.documentStore.getDoc(ref).body.split(/\s+/);
      return words.filter((word) => {
        const indexed = index.pipeline.run(elasticlunr.tokenizer(word)).length > 0;
        const found = index.search(word, { fields: { body: {} } }).some((r) => r.ref === ref);
        return indexed && !found;
      });
    });
    assert.deepEqual(missed, []);
  } finally {
    await page.close();
  }
});
