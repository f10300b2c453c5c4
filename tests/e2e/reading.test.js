// Long articles on a wide screen: "On this page" stays in view beside the text, prose lines
// stay near 75 characters, and a link leads back to the top.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { settle, siteAndBrowser } from './lib/site.js';

const env = siteAndBrowser();

async function open(path, width) {
  const context = await env.browser.newContext({ viewport: { width, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const res = await page.goto(env.site.url(path), { waitUntil: 'load' });
  assert.equal(res.status(), 200);
  await settle(page);
  return { context, page };
}

test('1366px: "On this page" sits beside the text and stays in view while reading', async () => {
  for (const path of ['/502/', '/faq/']) {
    const { context, page } = await open(path, 1366);
    try {
      const before = await page.evaluate(() => {
        const toc = document.querySelector('.toc').getBoundingClientRect();
        const prose = document.querySelector('.prose').getBoundingClientRect();
        return { tocLeft: toc.left, proseRight: prose.right };
      });
      assert.ok(before.tocLeft >= before.proseRight, `${path}: the contents are not beside the text ${JSON.stringify(before)}`);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight * 0.6));
      const top = await page.evaluate(() => document.querySelector('.toc').getBoundingClientRect().top);
      assert.ok(top >= 0 && top < 100, `${path}: after scrolling, the contents are at ${top}px`);
    } finally {
      await context.close();
    }
  }
});

test('390px: "On this page" comes before the text, as a list to jump from', async () => {
  const { context, page } = await open('/502/', 390);
  try {
    const order = await page.evaluate(() => {
      const toc = document.querySelector('.toc').getBoundingClientRect();
      const prose = document.querySelector('.prose').getBoundingClientRect();
      return { tocBottom: toc.bottom, proseTop: prose.top, position: getComputedStyle(document.querySelector('.toc')).position };
    });
    assert.ok(order.tocBottom <= order.proseTop && order.position === 'static', JSON.stringify(order));
  } finally {
    await context.close();
  }
});

test('prose lines are at most about 75 characters, and a link leads back to the top', async () => {
  const { context, page } = await open('/502/', 1366);
  try {
    const m = await page.evaluate(() => {
      const prose = document.querySelector('.prose');
      const probe = document.createElement('span');
      probe.textContent = '0'.repeat(10);
      prose.querySelector('p').appendChild(probe);
      const ch = probe.getBoundingClientRect().width / 10;
      probe.remove();
      const back = document.querySelector('.back-to-top a');
      return { chars: prose.getBoundingClientRect().width / ch, back: back && back.getAttribute('href') };
    });
    assert.ok(m.chars <= 76, `the prose is ${m.chars.toFixed(1)} characters wide`);
    assert.equal(m.back, '#main');
    await page.click('.back-to-top a');
    // Focus moves to the main content, which is scrolled to the top of the screen.
    await page.waitForFunction(
      () => document.activeElement.tagName === 'MAIN' && Math.abs(document.querySelector('main').getBoundingClientRect().top) < 40,
    );
  } finally {
    await context.close();
  }
});
