// Measures what full-text search costs a visitor on a built site: the index size on disk and
// the bytes fetched from /pagefind/ for a query, loading Pagefind from a page as search.js does.
//
//   node measure-search.mjs DIR "upstream timed out" "Retry-After"
//
// DIR is a built site with a pagefind/ folder.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './lib/site.js';
import { startServer } from './lib/server.js';
import { chromium } from 'playwright-core';

async function sizeOf(dir) {
  let total = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = await sizeOf(full);
      total += inner.total;
      files += inner.files;
    } else {
      total += (await stat(full)).size;
      files += 1;
    }
  }
  return { total, files };
}

const [dir, ...queries] = process.argv.slice(2);
if (!dir || queries.length === 0) {
  console.error('usage: node measure-search.mjs DIR QUERY...');
  process.exit(2);
}
const index = await sizeOf(path.join(dir, 'pagefind'));
console.log(`index on disk: ${(index.total / 1024).toFixed(0)} KiB in ${index.files} files`);
const server = await startServer({ root: dir, applyHeadersFile: false });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const query of queries) {
    const page = await browser.newPage();
    let bytes = 0;
    let requests = 0;
    page.on('response', async (response) => {
      if (!response.url().includes('/pagefind/')) return;
      try {
        bytes += (await response.body()).length;
        requests += 1;
      } catch {
        // a response without a body
      }
    });
    await page.goto(server.origin + '/', { waitUntil: 'load' });
    const found = await page.evaluate(async ({ base, query }) => {
      const pagefind = await import(base + '/pagefind/pagefind.js');
      await pagefind.options({ baseUrl: base + '/' });
      const search = await pagefind.search(query);
      await Promise.all(search.results.slice(0, 8).map((r) => r.data()));
      return search.results.length;
    }, { base: server.origin, query });
    await new Promise((r) => setTimeout(r, 300));
    console.log(`"${query}": ${found} results, ${requests} requests, ${(bytes / 1024).toFixed(0)} KiB fetched from /pagefind/ (first 8 results loaded)`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
