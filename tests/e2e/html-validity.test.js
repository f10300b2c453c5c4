// The Nu Html Checker (vnu.jar from the vnu-jar package) over every .html file the build
// writes: zero errors allowed.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { filesUnder, startSite } from './lib/site.js';

const require = createRequire(import.meta.url);
const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA || 'java';

let site;

before(async () => {
  site = await startSite();
});

after(async () => {
  await site?.close();
});

function runVnu(args) {
  return new Promise((resolve, reject) => {
    execFile(JAVA, ['-jar', VNU_JAR, ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(new Error(`could not run ${JAVA} -jar ${VNU_JAR}: ${err.message} (install a JRE: apt-get install -y default-jre-headless)`));
        return;
      }
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

test('every built .html file passes the Nu Html Checker with no errors', { timeout: 120_000 }, async () => {
  const htmlFiles = await filesUnder(site.dir, '.html');
  assert.ok(htmlFiles.length > 0, `no .html files in ${site.dir}`);

  const { code, stdout, stderr } = await runVnu(['--errors-only', '--format', 'json', '--skip-non-html', site.dir]);
  // The JSON report goes to stderr; anything before it (JVM warnings) is left out.
  const start = stderr.indexOf('{');
  let report;
  try {
    report = JSON.parse(stderr.slice(start));
  } catch {
    assert.fail(`vnu exited ${code} without a JSON report.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
  const errors = report.messages
    .filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .sort((a, b) => (a.url ?? '').localeCompare(b.url ?? '') || (a.lastLine ?? 0) - (b.lastLine ?? 0));
  const rel = (url) => {
    try {
      return path.relative(site.dir, fileURLToPath(url.replace(/^file:(?!\/\/)/, 'file://')));
    } catch {
      return url;
    }
  };
  const shown = errors
    .slice(0, 30)
    .map(
      (m) =>
        `${rel(m.url)}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}` +
        (m.extract ? `\n    ${m.extract.replace(/\n/g, '\u23ce')}` : ''),
    )
    .join('\n');
  assert.equal(
    errors.length,
    0,
    `${errors.length} HTML error(s) in ${new Set(errors.map((m) => m.url)).size} of ${htmlFiles.length} files` +
      ` (first 30):\n${shown}`,
  );
  assert.equal(code, 0, `vnu exited ${code} but reported no errors:\n${stderr}`);
});
