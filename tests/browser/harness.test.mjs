// The harness can fail: a page that breaks the rules makes assertClean throw, so
// a green run of the other tests means something.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, open, go } from './browser.mjs';
import { serve } from './server.mjs';
import { assertNoViolations } from './axe.mjs';

let dir;
let server;
let browser;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rotalog-harness-'));
  const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;
  fs.writeFileSync(path.join(dir, '404.html'), page('<h1>Not found</h1>'));
  fs.writeFileSync(path.join(dir, 'ok.js'), 'document.body.dataset.ran = "yes";');
  fs.writeFileSync(path.join(dir, 'throws.js'), 'throw new Error("boom");');
  fs.writeFileSync(path.join(dir, 'clean.html'), page('<h1>Clean</h1><script src="ok.js"></script>'));
  fs.writeFileSync(path.join(dir, 'inline.html'), page('<h1>Inline</h1><script>document.title = "ran"</script>'));
  fs.writeFileSync(path.join(dir, 'handler.html'), page('<h1>Handler</h1><img src="missing.png" alt="" onerror="document.title=1">'));
  fs.writeFileSync(path.join(dir, 'foreign.html'), page('<h1>Foreign</h1><img src="http://127.0.0.2:9/x.png" alt="">'));
  fs.writeFileSync(path.join(dir, 'inaccessible.html'), '<!doctype html><html><head><title>t</title></head><body><img src="ok.js"><a href="clean.html"></a><p style="color:#bbb;background:#fff">faint</p></body></html>');
  fs.writeFileSync(path.join(dir, 'error.html'), page('<h1>Error</h1><script src="throws.js"></script>'));
  server = await serve(dir);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function problemsOf(file) {
  const { page, context, assertClean } = await open(browser, server);
  try {
    await go(page, server.url(file));
    await page.waitForTimeout(200);
    try {
      await assertClean();
      return [];
    } catch (e) {
      return e.actual;
    }
  } finally {
    await context.close();
  }
}

test('a clean page with a same-origin script passes', async () => {
  assert.deepEqual(await problemsOf('clean.html'), []);
});

test('an inline script is blocked by the CSP and reported', async () => {
  const problems = await problemsOf('inline.html');
  assert.ok(problems.some((p) => p.startsWith('CSP violation')), problems.join('\n'));
});

test('an inline event handler is blocked by the CSP and reported', async () => {
  const problems = await problemsOf('handler.html');
  assert.ok(problems.some((p) => p.startsWith('CSP violation')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('missing.png')), 'the missing image is reported too');
});

test('a request to another origin is reported', async () => {
  const problems = await problemsOf('foreign.html');
  assert.ok(problems.some((p) => p.startsWith('request to another origin: http://127.0.0.2:9/')), problems.join('\n'));
});

test('an uncaught exception is reported', async () => {
  const problems = await problemsOf('error.html');
  assert.ok(problems.some((p) => p.includes('boom')), problems.join('\n'));
});

test('axe reports WCAG violations', async () => {
  const { page, context } = await open(browser, server);
  try {
    await go(page, server.url('inaccessible.html'));
    await assert.rejects(assertNoViolations(page), (e) => {
      for (const rule of ['html-has-lang', 'image-alt', 'link-name', 'color-contrast']) assert.match(e.message, new RegExp(rule));
      return true;
    });
  } finally {
    await context.close();
  }
});
