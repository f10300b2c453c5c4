// The reference on a phone and on a laptop: a one-row header that does not move when the
// theme toggle appears, code tables that fit the screen, prose tables that scroll in a
// labelled focusable region, copy buttons beside the code rather than over it, and the
// home page's eight questions.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { settle, siteAndBrowser } from './lib/site.js';

const env = siteAndBrowser();
const WIDTHS = [390, 1366];

async function open(path, width, { javaScriptEnabled = true } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const res = await page.goto(env.site.url(path), { waitUntil: 'load' });
  assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
  await settle(page);
  return { context, page };
}

/** The header's size and the vertical middle of its name, search box and toggle. */
function headerLayout() {
  const middle = (selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return r.top + r.height / 2;
  };
  const nav = document.querySelector('.site-nav ul');
  return {
    height: document.querySelector('.site-header').getBoundingClientRect().height,
    name: middle('.site-name'),
    search: middle('#site-search-input'),
    toggle: middle('.theme-toggle'),
    navHidden: nav.scrollWidth - nav.clientWidth,
  };
}

for (const width of WIDTHS) {
  test(`${width}px: the name, search box and theme toggle share one row, and the sections fit below`, async () => {
    const { context, page } = await open('/', width);
    try {
      const layout = await page.evaluate(headerLayout);
      assert.ok(Math.abs(layout.name - layout.search) < 8, JSON.stringify(layout));
      assert.ok(Math.abs(layout.toggle - layout.search) < 8, JSON.stringify(layout));
      assert.ok(layout.height <= 120, `the header is ${layout.height}px tall`);
      assert.ok(layout.navHidden <= 0, `the section links overflow by ${layout.navHidden}px`);
    } finally {
      await context.close();
    }
  });

  test(`${width}px: the header keeps its height whether or not the theme toggle is shown`, async () => {
    const heights = [];
    for (const javaScriptEnabled of [false, true]) {
      const { context, page } = await open('/502/', width, { javaScriptEnabled });
      try {
        heights.push(await page.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().height));
      } finally {
        await context.close();
      }
    }
    assert.equal(heights[0], heights[1], `without and with JavaScript: ${heights.join(' vs ')}px`);
  });

  test(`${width}px: the code tables fit without scrolling sideways`, async () => {
    for (const path of ['/4xx/', '/5xx/', '/codes/']) {
      const { context, page } = await open(path, width);
      try {
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('table.codes')]
            .map((t) => ({ table: t.getBoundingClientRect().width, box: t.parentElement.clientWidth }))
            .filter((m) => m.table > m.box + 0.5),
        );
        assert.deepEqual(wide, [], `${path}: tables wider than their box`);
      } finally {
        await context.close();
      }
    }
  });
}

test('390px: /494/ does not scroll sideways', async () => {
  const { context, page } = await open('/494/', 390);
  try {
    const extra = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(extra <= 0, `the page is ${extra}px wider than the screen`);
  } finally {
    await context.close();
  }
});

test('prose tables scroll inside a focusable, labelled region', async () => {
  for (const path of ['/431/', '/502/', '/525/']) {
    const { context, page } = await open(path, 390);
    try {
      const tables = await page.evaluate(() =>
        [...document.querySelectorAll('.prose table')].map((t) => {
          const box = t.parentElement;
          return {
            inRegion: box.classList.contains('table-scroll') && box.getAttribute('role') === 'region',
            tabindex: box.getAttribute('tabindex'),
            label: box.getAttribute('aria-label') || '',
          };
        }),
      );
      assert.ok(tables.length > 0, `${path} has a table`);
      for (const t of tables) {
        assert.ok(t.inRegion && t.tabindex === '0' && t.label.length > 0, `${path}: ${JSON.stringify(t)}`);
      }
    } finally {
      await context.close();
    }
  }
});

test('390px: copy buttons do not cover the code', async () => {
  const { context, page } = await open('/502/', 390);
  try {
    const overlaps = await page.evaluate(() => {
      const found = [];
      for (const pre of document.querySelectorAll('.prose pre')) {
        const button = pre.querySelector('.copy-button');
        const code = pre.querySelector('code');
        if (!button || !code) continue;
        const b = button.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(code);
        for (const line of range.getClientRects()) {
          const apart = line.right <= b.left || line.left >= b.right || line.bottom <= b.top || line.top >= b.bottom;
          if (!apart) found.push(code.textContent.slice(0, 40));
        }
      }
      return found;
    });
    assert.deepEqual(overlaps, []);
  } finally {
    await context.close();
  }
});

test('the home page answers the eight questions, each linking to its full answer', async () => {
  const { context, page } = await open('/', 390);
  try {
    const items = await page.evaluate(() =>
      [...document.querySelectorAll('.home-faq .faq-item')].map((item) => ({
        question: item.querySelector('h3').textContent.trim(),
        answer: item.querySelector('p').textContent.trim(),
        link: new URL(item.querySelector('.read-more a').href).pathname + new URL(item.querySelector('.read-more a').href).hash,
      })),
    );
    assert.equal(items.length, 8, JSON.stringify(items, null, 2));
    for (const item of items) {
      assert.ok(item.question.endsWith('?'), item.question);
      assert.ok(item.answer.length > 40, `${item.question}: ${item.answer}`);
      assert.match(item.link, /^\/faq\/#[a-z0-9-]+$/);
    }
    assert.match(items[0].question, /4xx and 5xx/);
    assert.ok(items.some((i) => i.link === '/faq/#updates'));
  } finally {
    await context.close();
  }
});
