// The setup every browser test file shares: one served site and one
// Chromium per file, and a fresh browser context per test that must end clean
// (no cross-origin request, console error or CSP violation).

import { before, after } from 'node:test';
import { launch, open } from './browser.mjs';
import { serve } from './server.mjs';

/**
 * Serves `root` (with `serve`'s options) and launches Chromium for this test
 * file. The returned handles are filled in before the first test runs.
 */
export function servedSite(root, options) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serve(root, options);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Runs `fn(page)` in a fresh context and requires a clean page afterwards. */
export async function inFreshContext(env, fn, options) {
  const { page, context, assertClean } = await open(env.browser, env.server, options);
  try {
    await fn(page);
    await assertClean();
  } finally {
    await context.close();
  }
}
