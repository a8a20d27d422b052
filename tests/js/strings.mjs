// The English script strings (strings-en.json, kept equal to the build's by
// tests/i18n.rs) for Node tests, which have no page and so no #i18n block.
// The modules import i18n.js with its stamp: the same module instance here.
import fs from 'node:fs';

const dir = new URL('../../themes/default/static/', import.meta.url);
const stamp = fs.readFileSync(new URL('dates.js', dir), 'utf8').match(/i18n\.js\?v=([0-9a-f]+)/)[1];
const { setStrings } = await import(new URL(`i18n.js?v=${stamp}`, dir).href);
setStrings(JSON.parse(fs.readFileSync(new URL('strings-en.json', import.meta.url), 'utf8')));
