// The English script strings (strings-en.json, kept equal to the build's by
// tests/i18n.rs) for Node tests, which have no page and so no #i18n block.
// The modules import i18n.js by its plain name: the same module instance here.
import fs from 'node:fs';

const dir = new URL('../../themes/default/static/', import.meta.url);
const { setStrings } = await import(new URL('i18n.js', dir).href);
setStrings(JSON.parse(fs.readFileSync(new URL('strings-en.json', import.meta.url), 'utf8')));
