// Setup shared by the test files: build the site with the quire binary for a local base URL,
// serve it, and launch the system Chromium through playwright-core.
//
// Environment:
//   QUIRE_BIN        the quire binary (default: <repo>/target/debug/quire)
//   QUIRE_ROOT       the site folder to build (default: the repository root)
//   CHROMIUM_PATH    the browser (default: /usr/bin/chromium)

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { promisify } from 'node:util';

import { startServer } from './server.js';

const execFileP = promisify(execFile);

export const REPO = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const SITE_ROOT = path.resolve(process.env.QUIRE_ROOT || REPO);
export const QUIRE_BIN = path.resolve(process.env.QUIRE_BIN || path.join(REPO, 'target/debug/quire'));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Starts a server on a free port, then builds the site (`root`, the reference site unless
 * given) into a fresh temporary folder with `--base-url http://127.0.0.1:<port>/`, so every
 * absolute link points at that server.
 * Resolves to `{ dir, baseURL, url(p), server, close() }`. Throws (never skips) when the
 * binary is missing or the build fails.
 */
export async function startSite({ applyHeadersFile = true, root = SITE_ROOT } = {}) {
  if (!existsSync(QUIRE_BIN)) {
    throw new Error(
      `quire binary not found at ${QUIRE_BIN}: run \`cargo build\` first or set QUIRE_BIN`,
    );
  }
  const tmp = await mkdtemp(path.join(tmpdir(), 'quire-e2e-'));
  const dir = path.join(tmp, 'site');
  const server = await startServer({ root: dir, applyHeadersFile });
  const baseURL = server.origin + '/';
  try {
    await execFileP(
      QUIRE_BIN,
      ['build', '--root', root, '--output', dir, '--base-url', baseURL],
      { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
    );
  } catch (err) {
    await server.close();
    await rm(tmp, { recursive: true, force: true });
    throw new Error(
      `quire build failed (exit ${err.code}):\n${err.stdout ?? ''}${err.stderr ?? ''}`.trimEnd(),
    );
  }
  return {
    dir,
    baseURL,
    server,
    url: (p = '/') => new URL(p, baseURL).href,
    close: async () => {
      await server.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Launches the system Chromium once; the caller closes it. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Every file under `dir` whose name ends with `ext`, as absolute paths, sorted. */
export async function filesUnder(dir, ext) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) {
      out.push(path.join(entry.parentPath ?? entry.path, entry.name));
    }
  }
  return out.sort();
}

/**
 * Collects console errors, uncaught page errors and failed requests of a page.
 * `ignore(entry)` may drop expected ones (e.g. the 404 of a missing page's own document).
 */
export function collectPageErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      errors.push({ kind: 'console.error', text: msg.text(), url: loc?.url ?? '' });
    }
  });
  page.on('pageerror', (err) => {
    errors.push({ kind: 'pageerror', text: String(err?.stack || err), url: page.url() });
  });
  page.on('requestfailed', (req) => {
    errors.push({
      kind: 'requestfailed',
      text: `${req.method()} ${req.url()}: ${req.failure()?.errorText ?? 'failed'}`,
      url: req.url(),
    });
  });
  return errors;
}

/** Waits until every running CSS animation and transition on the page has finished. */
export async function settle(page) {
  await page.evaluate(async () => {
    const pending = document.getAnimations().map((a) => a.finished.catch(() => {}));
    await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 3000))]);
  });
}

/**
 * Where an element sits against the viewport: whether it is fully inside it vertically,
 * and whether the element at its centre is the element itself (not a sticky header over it).
 */
export async function viewportState(page, selectorOrId, { byId = false } = {}) {
  return page.evaluate(
    ([sel, isId]) => {
      const el = isId ? document.getElementById(sel) : document.querySelector(sel);
      if (!el) return { exists: false };
      const r = el.getBoundingClientRect();
      const vh = window.innerHeight;
      const inView = r.top >= -1 && r.bottom <= vh + 1 && r.height > 0;
      const cx = Math.min(Math.max(r.left + Math.min(r.width, 40) / 2, 0), window.innerWidth - 1);
      const cy = Math.min(Math.max(r.top + r.height / 2, 0), vh - 1);
      const hit = document.elementFromPoint(cx, cy);
      const unobscured = !!hit && (el === hit || el.contains(hit));
      return {
        exists: true,
        inView,
        unobscured,
        top: Math.round(r.top),
        bottom: Math.round(r.bottom),
        viewportHeight: vh,
        scrollY: Math.round(window.scrollY),
        hit: hit ? hit.outerHTML.slice(0, 120) : null,
      };
    },
    [selectorOrId, byId],
  );
}

/**
 * Calls `fn` until `done(value)` holds or `timeout` ms pass; returns the last value either way
 * (so a failing assertion can print where things stood).
 */
export async function pollUntil(fn, done, { timeout = 3000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let last = await fn();
  while (!done(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, interval));
    last = await fn();
  }
  return last;
}

/**
 * Builds (with `startSite(options)`) and serves the site and launches Chromium once for a test
 * file, and closes both after it. Returns `{ site, browser }`, filled in before the first test runs.
 */
export function siteAndBrowser(options = {}) {
  const env = { site: null, browser: null };
  before(async () => {
    env.site = await startSite(options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}
