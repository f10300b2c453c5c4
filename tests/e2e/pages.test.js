// What the built pages show in a real browser: the home page cards, an article's quick facts
// and table of contents, FAQ deep links, console errors and mobile overflow.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { collectPageErrors, pollUntil, settle, siteAndBrowser, viewportState } from './lib/site.js';

const env = siteAndBrowser();

async function newPage(options = {}) {
  const context = await env.browser.newContext(options);
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

test('home page: featured cards with described images and links to real articles', async () => {
  const { context, page } = await newPage();
  try {
    const res = await page.goto(env.site.url('/'), { waitUntil: 'load' });
    assert.equal(res.status(), 200);
    // Cards below the fold load their images lazily: bring them into view and give them
    // time, so a slow machine is not mistaken for a missing image (asserted below).
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page
      .waitForFunction(
        () => [...document.querySelectorAll('.card img')].every((i) => i.complete && i.naturalWidth > 0),
        null,
        { timeout: 10000 },
      )
      .catch(() => {});

    const cards = await page.$$eval('.card', (els) =>
      els.map((card) => ({
        html: card.outerHTML.slice(0, 200),
        images: [...card.querySelectorAll('img')].map((img) => ({
          src: img.currentSrc || img.src,
          alt: img.getAttribute('alt'),
          loaded: img.complete && img.naturalWidth > 0,
        })),
        links: [...card.querySelectorAll('a[href]')].map((a) => a.href),
      })),
    );
    assert.ok(cards.length > 0, 'the home page has no featured cards (.card)');

    const targets = new Set();
    for (const card of cards) {
      assert.ok(card.images.length > 0, `card has no img: ${card.html}`);
      const img = card.images[0];
      assert.ok(
        typeof img.alt === 'string' && img.alt.trim().length > 0,
        `card image ${img.src} has an empty or missing alt`,
      );
      for (const other of card.images) {
        assert.ok(other.loaded, `card image ${other.src} did not load`);
      }
      assert.ok(card.links.length > 0, `card has no link: ${card.html}`);
      for (const href of card.links) {
        assert.ok(href.startsWith(env.site.baseURL), `card link ${href} does not point into the site`);
        targets.add(href.split('#')[0]);
      }
    }

    for (const href of targets) {
      const r = await page.goto(href, { waitUntil: 'domcontentloaded' });
      assert.equal(r.status(), 200, `${href} answered ${r.status()}`);
      const h1 = await page.locator('h1').count();
      assert.ok(h1 >= 1, `${href} has no h1`);
      assert.ok(
        (await page.locator('h1').first().innerText()).trim().length > 0,
        `${href} has an empty h1`,
      );
    }
  } finally {
    await context.close();
  }
});

test('article /502/: quick facts, table of contents targets, and scrolling to a heading', async () => {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 720 } });
  try {
    const res = await page.goto(env.site.url('/502/'), { waitUntil: 'load' });
    assert.equal(res.status(), 200);

    const facts = page.locator('.facts');
    assert.equal(await facts.count(), 1, 'expected exactly one .facts panel on /502/');
    assert.ok(await facts.isVisible(), '.facts is not visible');
    assert.match(await facts.innerText(), /\b502\b/, '.facts does not show the code 502');

    const toc = await page.$$eval('nav.toc a', (links) =>
      links.map((a) => {
        const url = new URL(a.href, document.baseURI);
        const samePage = url.origin + url.pathname === location.origin + location.pathname;
        const id = decodeURIComponent(url.hash.slice(1));
        return { href: a.getAttribute('href'), samePage, id, exists: !!id && !!document.getElementById(id) };
      }),
    );
    assert.ok(toc.length > 0, 'no links in nav.toc');
    const broken = toc.filter((l) => !l.samePage || !l.id || !l.exists);
    assert.deepEqual(broken, [], 'table of contents links whose target id is not on the page');

    await settle(page);
    // Click the first entry whose heading starts below the fold, so the click must scroll.
    let chosen = null;
    for (const link of toc) {
      const state = await viewportState(page, link.id, { byId: true });
      if (state.top > state.viewportHeight) {
        chosen = link;
        break;
      }
    }
    assert.ok(chosen, 'every table of contents target is already on screen: nothing to scroll to');
    await page.locator(`nav.toc a[href="${chosen.href}"]`).first().click();
    const state = await pollUntil(
      () => viewportState(page, chosen.id, { byId: true }),
      (s) => s.inView && s.unobscured,
    );
    assert.ok(state.scrollY > 0, `the page did not scroll: ${JSON.stringify(state)}`);
    assert.ok(state.inView, `#${chosen.id} is not inside the viewport after the click: ${JSON.stringify(state)}`);
    assert.ok(state.unobscured, `#${chosen.id} is covered by another element: ${JSON.stringify(state)}`);
    assert.equal(decodeURIComponent(new URL(page.url()).hash.slice(1)), chosen.id, 'the URL hash did not follow the click');
  } finally {
    await context.close();
  }
});

test('FAQ: deep links to the first three questions land on their headings', async () => {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 720 } });
  let ids;
  try {
    const res = await page.goto(env.site.url('/faq/'), { waitUntil: 'load' });
    assert.equal(res.status(), 200);
    // The questions: h2[id] in the content, not the headings of the TOC or the facts panel.
    ids = await page.$$eval('main h2[id]', (hs) =>
      hs.filter((h) => !h.closest('nav, aside, header, footer')).map((h) => h.id),
    );
  } finally {
    await context.close();
  }
  assert.ok(ids.length >= 3, `expected at least three h2[id] questions on /faq/, found ${ids.length}`);

  for (const id of ids.slice(0, 3)) {
    const { context: ctx, page: p } = await newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await p.goto(env.site.url(`/faq/#${encodeURIComponent(id)}`), { waitUntil: 'load' });
      const state = await pollUntil(
        () => viewportState(p, id, { byId: true }),
        (s) => s.inView && s.unobscured,
      );
      assert.ok(state.exists, `#${id} not found`);
      assert.ok(state.inView, `/faq/#${id}: heading not inside the viewport: ${JSON.stringify(state)}`);
      assert.ok(state.unobscured, `/faq/#${id}: heading covered by another element: ${JSON.stringify(state)}`);
    } finally {
      await ctx.close();
    }
  }
});

test('no console errors, page errors or failed requests', async (t) => {
  const pages = ['/', '/502/', '/faq/', '/4xx/', '/tags/', '/this-page-does-not-exist/'];

  // Chromium asks for /favicon.ico on its own, once per origin per browser run, and logs a
  // console error when it is missing; whether a given page sees that depends on test order.
  // So the per-page checks below leave that one request out, and this checks it directly.
  await t.test('console: the site icon exists', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto(env.site.url('/'), { waitUntil: 'load' });
      const declared = await page.$$eval('link[rel~="icon"]', (ls) => ls.map((l) => l.href));
      const icons = declared.length ? declared : [env.site.url('/favicon.ico')];
      for (const icon of icons) {
        const r = await context.request.get(icon);
        assert.equal(
          r.status(),
          200,
          declared.length
            ? `the icon ${icon} declared by <link rel="icon"> answered ${r.status()}`
            : `the home page declares no <link rel="icon">, so browsers ask for /favicon.ico, which answered ${r.status()} (a console error on first visit)`,
        );
      }
    } finally {
      await context.close();
    }
  });

  for (const path of pages) {
    await t.test(`console: ${path}`, async () => {
      const { context, page } = await newPage();
      try {
        const errors = collectPageErrors(page);
        const url = env.site.url(path);
        const res = await page.goto(url, { waitUntil: 'networkidle' });
        const missing = path.startsWith('/this-page-does-not-exist');
        assert.equal(res.status(), missing ? 404 : 200, `${path} answered ${res.status()}`);
        await settle(page);
        await page.waitForTimeout(200);
        const favicon = env.site.url('/favicon.ico');
        const real = errors.filter(
          (e) =>
            // The missing page's own document is meant to answer 404; Chromium logs that.
            !(missing && e.kind === 'console.error' && e.url === url && /status of 404/.test(e.text)) &&
            // Checked once above, deterministically.
            e.url !== favicon,
        );
        assert.deepEqual(real, [], `errors on ${path}:\n${JSON.stringify(real, null, 2)}`);
      } finally {
        await context.close();
      }
    });
  }
});

test('no horizontal overflow at 360 px wide', async (t) => {
  // /codes/ holds the all-codes table, the widest page of the env.site.
  const pages = ['/', '/502/', '/faq/', '/4xx/', '/codes/'];
  for (const path of pages) {
    await t.test(`360px: ${path}`, async (st) => {
      const { context, page } = await newPage({ viewport: { width: 360, height: 800 } });
      try {
        const res = await page.goto(env.site.url(path), { waitUntil: 'load' });
        assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
        await settle(page);
        const m = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          // Inside a box that clips or scrolls sideways, a wide element does not widen the page.
          const clipped = (el) => {
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
              const style = getComputedStyle(a);
              if (style.overflowX !== 'visible' && !/^(inline-)?table/.test(style.display)) return true;
            }
            return false;
          };
          const culprits = [];
          const note = (el, right, what) => {
            if (clipped(el) || culprits.some((c) => c.el.contains(el))) return;
            culprits.push({ el, right: Math.round(right), what });
          };
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > width + 0.5) note(el, r.right, 'element');
          }
          // Text that does not wrap (a long word, a long inline code) can stick out of a box
          // that itself fits; only a Range sees that.
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.textContent.trim() || !n.parentElement) continue;
            const range = document.createRange();
            range.selectNodeContents(n);
            const r = range.getBoundingClientRect();
            if (r.width > 0 && r.right > width + 0.5) {
              note(n.parentElement, r.right, `text "${n.textContent.trim().slice(0, 60)}"`);
            }
          }
          return {
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: width,
            culprits: culprits.slice(0, 10).map((c) => ({
              right: c.right,
              what: c.what,
              element: c.el.outerHTML.slice(0, 140),
            })),
          };
        });
        assert.ok(
          m.scrollWidth <= 360,
          `${path}: document.documentElement.scrollWidth is ${m.scrollWidth} (> 360). ` +
            `Elements reaching past the right edge:\n${JSON.stringify(m.culprits, null, 2)}`,
        );
      } finally {
        await context.close();
      }
    });
  }
});

test('an article weighs under 30 KB gzipped with everything it loads before a search', async () => {
  const { context, page } = await newPage();
  const sizes = new Map();
  page.on('response', async (response) => {
    if (!response.url().startsWith(env.site.url('/'))) return;
    try {
      sizes.set(response.url(), gzipSync(await response.body()).length);
    } catch {
      // A redirect has no body.
    }
  });
  try {
    for (const path of ['/502/', '/429/', '/headers/retry-after/']) {
      sizes.clear();
      await page.goto(env.site.url(path), { waitUntil: 'networkidle' });
      const total = [...sizes.values()].reduce((a, b) => a + b, 0);
      const listed = [...sizes].map(([url, size]) => `${url}: ${size} B`).join('\n');
      assert.ok(sizes.size >= 3, `only ${sizes.size} requests for ${path}:\n${listed}`);
      assert.ok(total < 30 * 1024, `${path} weighs ${total} B gzipped:\n${listed}`);
    }
  } finally {
    await context.close();
  }
});
