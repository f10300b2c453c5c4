// A small static file server for the built site, with no dependencies beyond Node.
//
// - listens on 127.0.0.1 only, on a free port unless one is given;
// - a folder answers with its index.html; a folder asked for without its trailing slash
//   (`/500`) is redirected with 301 to `/500/`;
// - anything missing answers 404 with the site's own 404.html (a plain text body if the
//   site has none);
// - a request can never reach a file outside the root: `..` segments, encoded slashes,
//   backslashes, NUL bytes and symlinks that lead out are refused;
// - when the site has a `_headers` file (the Netlify / Cloudflare Pages format Quire writes)
//   its headers are sent too, so the pages run under the Content-Security-Policy they get
//   in production; `applyHeadersFile: false` turns that off.
//
// The root is read on every request, so it may be (re)built after the server started.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Parses a `_headers` file: a line at column 0 is a path pattern (`*` matches anything),
 * the indented `Name: value` lines under it are the headers for the paths it matches.
 */
export function parseHeadersFile(text) {
  const rules = [];
  let current = null;
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim() || raw.trim().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      const pattern = raw.trim();
      const re = new RegExp(
        '^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$',
      );
      current = { pattern, re, headers: [] };
      rules.push(current);
      continue;
    }
    const m = /^\s+([^:\s]+)\s*:\s*(.*)$/.exec(raw);
    if (m && current) current.headers.push([m[1], m[2].trim()]);
  }
  return rules;
}

function isInside(root, candidate) {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Starts the server. Resolves to `{ server, port, origin, url(p), close() }`.
 * @param {{ root: string, port?: number, host?: string, applyHeadersFile?: boolean }} options
 */
export async function startServer({ root, port = 0, host = '127.0.0.1', applyHeadersFile = true }) {
  const absRoot = path.resolve(root);

  async function realRoot() {
    try {
      return await realpath(absRoot);
    } catch {
      return null;
    }
  }

  // Resolves a URL pathname to a file inside the root, or explains why not.
  async function resolveFile(pathname) {
    if (pathname.includes('\0') || pathname.includes('\\')) return { kind: 'missing' };
    let decoded;
    try {
      // Decode each segment on its own so that an encoded slash (%2F) cannot make a new one.
      decoded = pathname.split('/').map((seg) => decodeURIComponent(seg));
    } catch {
      return { kind: 'bad' };
    }
    if (decoded.some((seg) => seg.includes('/') || seg.includes('\\') || seg.includes('\0'))) {
      return { kind: 'missing' };
    }
    if (decoded.some((seg) => seg === '..')) return { kind: 'missing' };
    const rootReal = await realRoot();
    if (!rootReal) return { kind: 'missing' };
    const candidate = path.resolve(absRoot, '.' + path.sep + decoded.join(path.sep));
    if (!isInside(absRoot, candidate)) return { kind: 'missing' };
    let real;
    try {
      real = await realpath(candidate);
    } catch {
      return { kind: 'missing' };
    }
    if (!isInside(rootReal, real)) return { kind: 'missing' };
    const info = await stat(real);
    if (info.isDirectory()) {
      if (!pathname.endsWith('/')) return { kind: 'redirect', location: pathname + '/' };
      const index = path.join(real, 'index.html');
      try {
        const indexInfo = await stat(index);
        if (indexInfo.isFile()) return { kind: 'file', file: index, size: indexInfo.size };
      } catch {
        /* no index.html: missing */
      }
      return { kind: 'missing' };
    }
    if (!info.isFile()) return { kind: 'missing' };
    return { kind: 'file', file: real, size: info.size };
  }

  async function extraHeaders(pathname) {
    if (!applyHeadersFile) return [];
    let text;
    try {
      text = await readFile(path.join(absRoot, '_headers'), 'utf8');
    } catch {
      return [];
    }
    const out = [];
    for (const rule of parseHeadersFile(text)) {
      if (rule.re.test(pathname)) out.push(...rule.headers);
    }
    return out;
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const pathname = url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    // The raw request target, not the WHATWG-normalised one: `/a/../../x` must not be
    // quietly turned into `/x` before the checks above see it.
    const rawPath = (req.url.split('?')[0] || '/').split('#')[0];
    if (!rawPath.startsWith('/')) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('bad request\n');
      return;
    }
    const found = await resolveFile(rawPath);
    const headers = { 'Cache-Control': 'no-store' };
    for (const [name, value] of await extraHeaders(pathname)) headers[name] = value;

    if (found.kind === 'bad') {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('bad request\n');
      return;
    }
    if (found.kind === 'redirect') {
      res.writeHead(301, { ...headers, Location: found.location + url.search });
      res.end();
      return;
    }
    if (found.kind === 'missing') {
      let body;
      let type = 'text/html; charset=utf-8';
      try {
        body = await readFile(path.join(absRoot, '404.html'));
      } catch {
        body = Buffer.from('404 not found (the site has no 404.html)\n');
        type = 'text/plain; charset=utf-8';
      }
      res.writeHead(404, { ...headers, 'Content-Type': type, 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeFor(found.file),
      'Content-Length': found.size,
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`server error: ${err.message}\n`);
      } else {
        res.destroy();
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const origin = `http://${host}:${actualPort}`;
  return {
    server,
    port: actualPort,
    origin,
    url: (p = '/') => new URL(p, origin + '/').href,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// `node lib/server.js DIR [PORT]` serves a folder by hand (used by lighthouse.sh).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node lib/server.js DIR [PORT]');
    process.exit(2);
  }
  const s = await startServer({ root: dir, port: Number(port ?? 0) });
  console.log(s.origin + '/');
  const stop = () => s.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
