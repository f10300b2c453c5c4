// The static server the browser tests rely on: folders, redirects, 404s, content types and
// path containment. Runs against a small hand-made folder, not the built site.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { parseHeadersFile, startServer } from './lib/server.js';

let tmp;
let root;
let srv;

// A raw GET: unlike fetch(), it sends the path exactly as written (`..` included).
function get(rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: srv.port, path: rawPath, method },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'quire-e2e-server-'));
  root = path.join(tmp, 'site');
  await mkdir(path.join(root, '500'), { recursive: true });
  await mkdir(path.join(root, 'empty'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>home</title>');
  await writeFile(path.join(root, '404.html'), '<!doctype html><title>not found</title>NOT-FOUND-PAGE');
  await writeFile(path.join(root, '500', 'index.html'), '<!doctype html><title>500</title>');
  await writeFile(path.join(root, 'style.css'), 'body{}');
  await writeFile(path.join(root, 'app.js'), 'void 0;');
  await writeFile(path.join(root, 'a.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(root, 'sitemap.xml'), '<urlset/>');
  await writeFile(path.join(root, 'data.json'), '{}');
  await writeFile(path.join(root, 'robots.txt'), 'User-agent: *');
  await writeFile(path.join(root, 'with space.txt'), 'spaced');
  await writeFile(path.join(root, '_headers'), '/*\n  X-Test: all\n/500/*\n  X-Five: yes\n');
  await writeFile(path.join(tmp, 'secret.txt'), 'SECRET-OUTSIDE-ROOT');
  await symlink(path.join(tmp, 'secret.txt'), path.join(root, 'link-out.txt'));
  srv = await startServer({ root });
});

after(async () => {
  await srv?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('listens on 127.0.0.1 on a free port', () => {
  assert.equal(srv.server.address().address, '127.0.0.1');
  assert.ok(srv.port > 0);
});

test('a folder serves its index.html', async () => {
  const home = await get('/');
  assert.equal(home.status, 200);
  assert.match(home.body, /<title>home<\/title>/);
  const five = await get('/500/');
  assert.equal(five.status, 200);
  assert.match(five.body, /<title>500<\/title>/);
});

test('a folder without its slash redirects to the slash form, keeping the query', async () => {
  const r = await get('/500');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/500/');
  const q = await get('/500?x=1');
  assert.equal(q.status, 301);
  assert.equal(q.headers.location, '/500/?x=1');
});

test('missing paths answer 404 with the site 404.html', async () => {
  for (const p of ['/nope', '/nope/', '/500/nope.html', '/empty/']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.match(r.headers['content-type'], /^text\/html/, p);
    assert.match(r.body, /NOT-FOUND-PAGE/, p);
  }
});

test('content types', async () => {
  const expected = {
    '/': /^text\/html; charset=utf-8$/,
    '/style.css': /^text\/css/,
    '/app.js': /^text\/javascript/,
    '/a.svg': /^image\/svg\+xml/,
    '/sitemap.xml': /^application\/xml/,
    '/data.json': /^application\/json/,
    '/robots.txt': /^text\/plain/,
  };
  for (const [p, type] of Object.entries(expected)) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.match(r.headers['content-type'], type, p);
  }
});

test('percent-encoded names are decoded', async () => {
  const r = await get('/with%20space.txt');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'spaced');
});

test('no path escapes the root', async () => {
  const attempts = [
    '/../secret.txt',
    '/500/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/500/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%00/../secret.txt',
    '/link-out.txt',
    '/' + path.join(tmp, 'secret.txt'),
    '//' + path.join(tmp, 'secret.txt'),
  ];
  for (const p of attempts) {
    const r = await get(p);
    assert.notEqual(r.status, 200, `${p} answered 200`);
    assert.ok([400, 404].includes(r.status), `${p} answered ${r.status}`);
    assert.doesNotMatch(r.body, /SECRET-OUTSIDE-ROOT/, p);
  }
});

test('HEAD has headers and no body; other methods are refused', async () => {
  const h = await get('/style.css', 'HEAD');
  assert.equal(h.status, 200);
  assert.equal(h.body, '');
  assert.equal(h.headers['content-length'], '6');
  const p = await get('/', 'POST');
  assert.equal(p.status, 405);
});

test('headers from _headers are applied by path pattern', async () => {
  const home = await get('/');
  assert.equal(home.headers['x-test'], 'all');
  assert.equal(home.headers['x-five'], undefined);
  const five = await get('/500/');
  assert.equal(five.headers['x-five'], 'yes');
  const missing = await get('/nope');
  assert.equal(missing.headers['x-test'], 'all');
});

test('parseHeadersFile reads the Netlify format', () => {
  const rules = parseHeadersFile('/*\n  A: 1\n  B: two words\n/x.css\n  C: 3\n');
  assert.deepEqual(
    rules.map((r) => [r.pattern, r.headers]),
    [
      ['/*', [['A', '1'], ['B', 'two words']]],
      ['/x.css', [['C', '3']]],
    ],
  );
  assert.ok(rules[0].re.test('/anything/here'));
  assert.ok(rules[1].re.test('/x.css'));
  assert.ok(!rules[1].re.test('/xxcss'));
});
