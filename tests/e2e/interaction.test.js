// What a visitor does with the page: the theme toggle (and its persistence), the page without
// JavaScript, and keyboard navigation (skip link, header links).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { pollUntil, settle, siteAndBrowser } from './lib/site.js';

const env = siteAndBrowser();

async function newPage(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

const opposite = (theme) => (theme === 'dark' ? 'light' : 'dark');
const datasetTheme = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? null);
// The theme in force: the explicit choice, or else the system preference.
const effectiveTheme = (page) =>
  page.evaluate(
    () =>
      document.documentElement.dataset.theme ||
      (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
  );
const pageColors = (page) =>
  page.evaluate(() => {
    const html = getComputedStyle(document.documentElement);
    const body = getComputedStyle(document.body);
    return [html.backgroundColor, html.color, body.backgroundColor, body.color].join(' | ');
  });

async function findToggle(page) {
  const toggle = page.locator('button.theme-toggle');
  assert.equal(await toggle.count(), 1, `expected one button.theme-toggle on ${page.url()}`);
  assert.ok(await toggle.isVisible(), 'button.theme-toggle is not visible');
  return toggle;
}

async function clickAndExpect(page, toggle, expected) {
  await toggle.click();
  const got = await pollUntil(() => datasetTheme(page), (t) => t === expected);
  assert.equal(got, expected, `after clicking the toggle data-theme is ${JSON.stringify(got)}, expected "${expected}"`);
}

test('theme toggle switches data-theme between light and dark, and the colours follow', async () => {
  const { context, page } = await newPage({ colorScheme: 'light' });
  try {
    await page.goto(env.site.url('/'), { waitUntil: 'load' });
    const toggle = await findToggle(page);
    await settle(page);
    const start = await effectiveTheme(page);
    const startColors = await pageColors(page);

    // First click: the other theme than the one in force (light here, from the system).
    await clickAndExpect(page, toggle, opposite(start));
    await settle(page);
    const flippedColors = await pollUntil(() => pageColors(page), (c) => c !== startColors);
    assert.notEqual(flippedColors, startColors, `the page colours did not change with the theme (${startColors})`);

    // Second click: back again.
    await clickAndExpect(page, toggle, start);
    await settle(page);
    const backColors = await pollUntil(() => pageColors(page), (c) => c === startColors);
    assert.equal(backColors, startColors, 'toggling twice did not restore the original colours');
  } finally {
    await context.close();
  }
});

test('theme choice persists across reloads and pages (localStorage)', async () => {
  for (const system of ['light', 'dark']) {
    const { context, page } = await newPage({ colorScheme: system });
    try {
      await page.goto(env.site.url('/'), { waitUntil: 'load' });
      const chosen = opposite(system);
      await clickAndExpect(page, await findToggle(page), chosen);

      const stored = await page.evaluate(() =>
        Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]),
      );
      assert.ok(
        stored.some(([, v]) => String(v).includes(chosen)),
        `system ${system}: the choice "${chosen}" is not in localStorage: ${JSON.stringify(stored)}`,
      );

      await page.reload({ waitUntil: 'load' });
      assert.equal(await datasetTheme(page), chosen, `system ${system}: "${chosen}" was lost on reload`);

      await page.goto(env.site.url('/502/'), { waitUntil: 'load' });
      assert.equal(await datasetTheme(page), chosen, `system ${system}: "${chosen}" was lost on another page`);

      await clickAndExpect(page, await findToggle(page), system);
      await page.reload({ waitUntil: 'load' });
      assert.equal(await effectiveTheme(page), system, `system ${system}: switching back did not persist`);
    } finally {
      await context.close();
    }
  }
});

test('without JavaScript the pages still render their main content', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  try {
    for (const path of ['/', '/502/', '/faq/']) {
      const res = await page.goto(env.site.url(path), { waitUntil: 'load' });
      assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
      const main = page.locator('main#main');
      assert.equal(await main.count(), 1, `${path}: no main#main`);
      assert.ok(await main.isVisible(), `${path}: main#main is not visible without JavaScript`);
      const h1 = page.locator('main h1').first();
      assert.ok(await h1.isVisible(), `${path}: the h1 is not visible without JavaScript`);
      assert.ok((await h1.innerText()).trim().length > 0, `${path}: the h1 is empty`);
      const text = (await main.innerText()).trim();
      assert.ok(text.length > 200, `${path}: main shows only ${text.length} characters without JavaScript`);
      if (path === '/') {
        const cards = page.locator('.card');
        assert.ok((await cards.count()) > 0, 'no .card without JavaScript');
        assert.ok(await cards.first().isVisible(), 'the cards are hidden without JavaScript');
      }
      if (path === '/502/') {
        assert.ok(await page.locator('.facts').isVisible(), '.facts is hidden without JavaScript');
      }
    }
  } finally {
    await context.close();
  }
});

test('keyboard: Tab reaches the skip link first, then the header navigation', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(env.site.url('/'), { waitUntil: 'load' });
    await settle(page);
    const navCount = await page.evaluate(() => {
      const links = [...document.querySelectorAll('header nav a[href]')].filter(
        (a) => a.getClientRects().length > 0,
      );
      links.forEach((a, i) => a.setAttribute('data-e2e-nav', String(i)));
      return links.length;
    });
    assert.ok(navCount > 0, 'no visible links in header nav');

    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return {
        isSkipLink: el.matches('a.skip-link'),
        html: el.outerHTML.slice(0, 120),
        rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
        viewport: { width: innerWidth, height: innerHeight },
      };
    });
    assert.ok(first.isSkipLink, `the first Tab focused ${first.html}, not a.skip-link`);
    const { rect, viewport } = first;
    assert.ok(
      rect.width >= 10 &&
        rect.height >= 10 &&
        rect.right > 0 &&
        rect.bottom > 0 &&
        rect.left < viewport.width &&
        rect.top < viewport.height,
      `the focused skip link is not visible on screen: ${JSON.stringify(rect)}`,
    );

    const reached = new Set();
    const order = [];
    for (let i = 0; i < 30 && reached.size < navCount; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        return {
          nav: el?.getAttribute('data-e2e-nav') ?? null,
          inMain: !!el?.closest('main'),
          html: el ? el.outerHTML.slice(0, 100) : 'none',
        };
      });
      order.push(info.html);
      if (info.inMain) break;
      if (info.nav !== null) reached.add(info.nav);
    }
    assert.equal(
      reached.size,
      navCount,
      `Tab reached ${reached.size} of ${navCount} header nav links before leaving the header. Focus order:\n` +
        order.join('\n'),
    );
  } finally {
    await context.close();
  }
});

test('keyboard: Enter on the skip link moves to #main', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(env.site.url('/'), { waitUntil: 'load' });
    await settle(page);
    await page.keyboard.press('Tab');
    assert.ok(
      await page.evaluate(() => document.activeElement.matches('a.skip-link')),
      'the first Tab did not focus a.skip-link',
    );
    await page.keyboard.press('Enter');
    const hash = await pollUntil(() => page.evaluate(() => location.hash), (h) => h === '#main');
    assert.equal(hash, '#main', 'Enter on the skip link did not go to #main');

    const state = await pollUntil(
      () =>
        page.evaluate(() => {
          const main = document.getElementById('main');
          const r = main.getBoundingClientRect();
          return {
            mainTop: Math.round(r.top),
            inView: r.top >= -1 && r.top < innerHeight && r.bottom > 0,
            focusInMain: main.contains(document.activeElement),
          };
        }),
      (s) => s.inView,
    );
    assert.ok(state.inView, `#main is not scrolled into view: ${JSON.stringify(state)}`);

    if (!state.focusInMain) {
      // Browsers may move only the sequential focus starting point to the target; then the
      // next Tab must land inside main, not back in the header.
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => ({
        inMain: document.getElementById('main').contains(document.activeElement),
        html: document.activeElement.outerHTML.slice(0, 120),
      }));
      assert.ok(next.inMain, `after the skip link, Tab focused ${next.html}, outside #main`);
    }
  } finally {
    await context.close();
  }
});
