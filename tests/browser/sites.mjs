// Where the built sites are. tests/run builds them and exports these variables:
//
//   ROTALOG_SITE          the example catalog built with its own base_url (served at /)
//   ROTALOG_SITE_BASE     the same catalog built with --base-url https://example.org/catalog/
//                         (served at /catalog/)
//   ROTALOG_FIXTURE_SRC   the fixture catalog's sources (make-fixture.mjs)
//   ROTALOG_SITE_FIXTURE  the fixture catalog built (served at /)
//   ROTALOG_SITE_CARD     the example catalog with card-theme/card.html as its theme's card
//   ROTALOG_SITE_ES, ROTALOG_SITE_AR  the example catalog with its interface in Spanish, Arabic
//   ROTALOG_SITE_MULTI    tests/fixtures/multilingual built: English at /, Spanish at /es/, Arabic at /ar/
//   ROTALOG_MULTI_SRC     its sources
//   ROTALOG_DATE          the build date all of them were built with
//
// Run `tests/run --browser-only [node --test arguments]` to rebuild and run only
// the browser tests.

import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from './catalog.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATE = process.env.ROTALOG_DATE || '2026-11-22';
export const BASE_MOUNT = '/catalog/';

function dir(name) {
  const d = process.env[name];
  if (!d) throw new Error(`${name} is not set: run the browser tests through tests/run (tests/run --browser-only for these alone)`);
  if (!fs.existsSync(path.join(d, 'index.html'))) throw new Error(`${name}=${d} holds no built site`);
  return d;
}

export const site = () => dir('ROTALOG_SITE');
export const baseSite = () => dir('ROTALOG_SITE_BASE');
export const fixtureSite = () => dir('ROTALOG_SITE_FIXTURE');
export const cardSite = () => dir('ROTALOG_SITE_CARD');
/** The example catalog built with `language: es` / `language: ar` (issue 15). */
export const esSite = () => dir('ROTALOG_SITE_ES');
export const arSite = () => dir('ROTALOG_SITE_AR');
/** The multilingual fixture (English, /es/ Spanish, /ar/ Arabic), built, and its sources. */
export const multiSite = () => dir('ROTALOG_SITE_MULTI');
export const multiCatalog = () => loadCatalog(process.env.ROTALOG_MULTI_SRC, DATE);
export const fixtureSrc = () => {
  const d = process.env.ROTALOG_FIXTURE_SRC;
  if (!d) throw new Error('ROTALOG_FIXTURE_SRC is not set: run the browser tests through tests/run');
  return d;
};

/** The example catalog (repository root), read from its sources. */
export const exampleCatalog = () => loadCatalog(REPO, DATE);
export const fixtureCatalog = () => loadCatalog(fixtureSrc(), DATE);
