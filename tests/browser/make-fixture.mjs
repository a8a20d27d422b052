// Writes the fixture catalog: a copy of the example catalog (site.yaml, content/,
// static/) where
//   - one program's title is markup (`XSS_TITLE`), which every page and the search
//     UI must show as literal text, never as HTML;
//   - CLONES extra programs are added, each at a hospital of its own, so the
//     catalog has more than one page of 50 programs (the no-JS pagination,
//     /programs/page/2/) and more than 64 hospitals (the search index then loads
//     the hospital facet lazily, docs/search-index.md).
//
// Usage: node tests/browser/make-fixture.mjs DEST   (DEST must not exist)

import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './sites.mjs';

export const XSS_SLUG = 'radiology-telehealth';
export const XSS_TITLE = '<img src=x onerror="window.__xss=1"> Radiology & <b>Reading</b> Room';
export const CLONE_OF = 'im-observership-newburgh';
export const CLONES = 60;
export const cloneSlug = (n) => `zz-clone-${String(n).padStart(2, '0')}`;
export const cloneHospital = (n) => `clone-hospital-${String(n).padStart(2, '0')}`;
const STATES = ['NY', 'TX', 'CA', 'WA', 'OH'];

function main(dest) {
  if (!dest) throw new Error('usage: make-fixture.mjs DEST');
  if (fs.existsSync(dest)) throw new Error(`${dest} exists`);
  fs.mkdirSync(dest, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'site.yaml'), path.join(dest, 'site.yaml'));
  fs.cpSync(path.join(REPO, 'content'), path.join(dest, 'content'), { recursive: true });
  fs.cpSync(path.join(REPO, 'static'), path.join(dest, 'static'), { recursive: true });
  if (fs.existsSync(path.join(REPO, 'static'))) fs.cpSync(path.join(REPO, 'static'), path.join(dest, 'static'), { recursive: true });

  const programs = path.join(dest, 'content', 'programs');
  const xss = path.join(programs, `${XSS_SLUG}.md`);
  const text = fs.readFileSync(xss, 'utf8');
  const edited = text.replace(/^title: .*$/m, `title: ${JSON.stringify(XSS_TITLE)}`);
  if (edited === text) throw new Error(`no title line in ${xss}`);
  fs.writeFileSync(xss, edited);

  const original = fs.readFileSync(path.join(programs, `${CLONE_OF}.md`), 'utf8');
  for (let n = 1; n <= CLONES; n++) {
    const nn = String(n).padStart(2, '0');
    const clone = original
      .replace(/^title: .*$/m, `title: Clone Observership ${nn}`)
      .replace(/^hospital: .*$/m, `hospital: ${cloneHospital(n)}`);
    fs.writeFileSync(path.join(programs, `${cloneSlug(n)}.md`), clone);
    fs.writeFileSync(
      path.join(dest, 'content', 'hospitals', `${cloneHospital(n)}.md`),
      `---\nname: Clone Hospital ${nn}\ncity: Clonetown ${nn}\nstate: ${STATES[n % STATES.length]}\nkind: community-hospital\n---\nA hospital made up for the tests.\n`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv[2]);
