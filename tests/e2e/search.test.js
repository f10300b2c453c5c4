// Search on the built site served as static files: the code jump, full-text search through the
// Pagefind index, the /search/ page, keyboard handling, console errors and axe with results open.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { collectPageErrors, pollUntil, siteAndBrowser } from './lib/site.js';

const require = createRequire(import.meta.url);
const axe = require('axe-core');

const env = siteAndBrowser();

async function openHome() {
  const context = await env.browser.newContext();
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(env.site.url('/'), { waitUntil: 'load' });
  return { context, page, errors };
}

async function optionTexts(page) {
  await page.waitForSelector('#site-search-results:not([hidden]) [role=option]');
  return page.$$eval('#site-search-results [role=option]', (nodes) => nodes.map((n) => n.textContent.trim()));
}

test('typing 5, 50 and 504 narrows the codes, and Enter opens 504', async () => {
  const { context, page, errors } = await openHome();
  try {
    const input = page.locator('#site-search-input');
    await input.click();
    await input.fill('5');
    const fives = await optionTexts(page);
    assert.ok(fives.every((t) => t.startsWith('5')), fives.join(' | '));
    await input.fill('50');
    await pollUntil(() => optionTexts(page), (texts) => texts[0]?.startsWith('500'));
    const fifties = await optionTexts(page);
    assert.deepEqual(fifties.map((t) => t.slice(0, 3)), ['500', '501', '502', '503', '504', '505', '506', '507', '508', '509']);
    await input.fill('504');
    await pollUntil(() => optionTexts(page), (texts) => texts.length === 1);
    assert.deepEqual(await optionTexts(page), ['504 Gateway Timeout']);
    assert.match(await page.textContent('#site-search-status'), /1 code starting with 504/);
    await Promise.all([page.waitForURL(/\/504\/$/), input.press('Enter')]);
    assert.match(await page.textContent('h1'), /504/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

for (const [query, expected] of [
  ['upstream timed out', ['504']],
  ['Retry-After', ['429', '503']],
]) {
  test(`full-text search for "${query}" finds ${expected.join(' and ')}`, async () => {
    const { context, page, errors } = await openHome();
    try {
      const input = page.locator('#site-search-input');
      await input.click();
      await input.fill(query);
      const texts = await pollUntil(() => optionTexts(page), (t) => t.length > 1, { timeout: 10_000 });
      const links = await page.$$eval('#site-search-results [role=option]', (os) => os.map((o) => o.getAttribute('data-url')));
      for (const code of expected) {
        assert.ok(links.some((href) => href.includes(`/${code}/`)), `${code} not among ${links.join(', ')}`);
      }
      const marked = await page.$$eval('#site-search-results mark', (m) => m.length);
      assert.ok(marked > 0, 'no highlighted match in the excerpts');
      assert.ok(links.some((href) => href.includes('#')), 'no result links to a heading anchor');
      assert.match(texts[texts.length - 1], /^All results for/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('arrow keys move through results and Escape closes them', async () => {
  const { context, page } = await openHome();
  try {
    const input = page.locator('#site-search-input');
    await input.click();
    await input.fill('40');
    await optionTexts(page);
    assert.equal(await input.getAttribute('aria-activedescendant'), 'site-search-option-0');
    await input.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'site-search-option-1');
    await input.press('ArrowUp');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'site-search-option-0');
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    await input.press('Escape');
    assert.equal(await page.getAttribute('#site-search-results', 'hidden'), '');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
  } finally {
    await context.close();
  }
});

test('the /search/ page takes the query from the URL', async () => {
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(env.site.url('/search/?q=Retry-After'), { waitUntil: 'load' });
    await page.waitForSelector('#search-page-results li', { timeout: 10_000 });
    assert.match(await page.textContent('#search-page-status'), /\d+ results? for/);
    assert.equal(await page.inputValue('#search-page-input'), 'Retry-After');
    assert.equal(await page.isVisible('#search-no-js'), false);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('without JavaScript the search page links to the code list', async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(env.site.url('/search/?q=504'), { waitUntil: 'load' });
    const link = page.locator('#search-no-js a[href$="/codes/"]');
    assert.equal(await link.count(), 1);
    assert.ok(await link.isVisible());
  } finally {
    await context.close();
  }
});

test('axe finds no serious or critical violation with the results open', async () => {
  const context = await env.browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(env.site.url('/'), { waitUntil: 'load' });
    const input = page.locator('#site-search-input');
    await input.click();
    await input.fill('gateway');
    await optionTexts(page);
    await page.addScriptTag({ content: axe.source });
    const results = await page.evaluate(() => window.axe.run(document));
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  } finally {
    await context.close();
  }
});

// What each query must rank first, or among the first three, on the /search/ page.
const RELEVANCE = [
  { query: 'gateway timeout', first: '504' },
  { query: 'bad gateway', first: '502' },
  { query: 'too many requests', first: '429' },
  { query: 'not found', first: '404' },
  { query: 'precondition required', first: '428' },
  { query: 'failed dependency', first: '424' },
  { query: 'timeout', top3: ['504', '408'], before: '598' },
  { query: 'unauthorized', first: '401' },
];

async function searchPageResults(page, query) {
  await page.goto(env.site.url(`/search/?q=${encodeURIComponent(query)}`), { waitUntil: 'load' });
  await page.waitForFunction(() => !/Searching/.test(document.getElementById('search-page-status').textContent));
  return page.$$eval('#search-page-results li a', (links) => links.map((a) => new URL(a.href).pathname.split('/')[1]));
}

test('relevance: a code\'s name ranks that code first', async () => {
  const context = await env.browser.newContext();
  context.setDefaultTimeout(15_000);
  try {
    const page = await context.newPage();
    const problems = [];
    for (const want of RELEVANCE) {
      const codes = await searchPageResults(page, want.query);
      if (want.first && codes[0] !== want.first) problems.push(`${want.query}: first is ${codes[0]}, not ${want.first} (${codes.slice(0, 5).join(', ')})`);
      for (const code of want.top3 || []) {
        if (!codes.slice(0, 3).includes(code)) problems.push(`${want.query}: ${code} not in the first three (${codes.slice(0, 5).join(', ')})`);
      }
      if (want.before) {
        const last = Math.max(...want.top3.map((c) => codes.indexOf(c)));
        const other = codes.indexOf(want.before);
        if (other !== -1 && other < last) problems.push(`${want.query}: ${want.before} before ${want.top3.join(', ')}`);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a word found nowhere gives no results, and "cors" does not find "correct"', async () => {
  const context = await env.browser.newContext();
  context.setDefaultTimeout(15_000);
  try {
    const page = await context.newPage();
    assert.deepEqual(await searchPageResults(page, 'qwxzvvk'), []);
    assert.match(await page.textContent('#search-page-status'), /^No results for/);
    await searchPageResults(page, 'cors');
    const excerpts = await page.$$eval('#search-page-results li', (items) => items.map((i) => i.textContent));
    assert.ok(excerpts.length > 0, 'CORS is in the reference');
    for (const text of excerpts) assert.match(text, /\bcors/i, text);
  } finally {
    await context.close();
  }
});

test('Enter on a word query opens the search page; the two search forms have their own names', async () => {
  const { context, page } = await openHome();
  try {
    const input = page.locator('#site-search-input');
    await input.click();
    await input.fill('gateway');
    await optionTexts(page);
    assert.equal(await input.getAttribute('aria-activedescendant'), null);
    await Promise.all([page.waitForURL(/\/search\/\?q=gateway$/), input.press('Enter')]);
    const names = await page.$$eval('[role=search]', (forms) => forms.map((f) => f.getAttribute('aria-label')));
    assert.equal(names.length, 2);
    assert.notEqual(names[0], names[1]);
    assert.ok(names.every(Boolean), JSON.stringify(names));
  } finally {
    await context.close();
  }
});
