"""Reads a built multilingual site with Python's own HTML and XML parsers
and prints what tests/languages.rs checks, as JSON:

  pages:   { "es/programs/x/index.html": { lang, dir, alternates: {hreflang: href},
             switcher: [[hreflang, href, current]], links: [href or src, ...],
             note: bool, h1_lang: str or null, h1: str } }
  sitemap: { loc: {hreflang: href} }

Usage: read.py OUTPUT_DIR
"""

import json
import os
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.info = {"lang": None, "dir": None, "alternates": {}, "switcher": [],
                     "links": [], "note": False, "h1_lang": None, "h1": ""}
        self.in_switch = 0
        self.in_h1 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.info["lang"] = a.get("lang")
            self.info["dir"] = a.get("dir", "ltr")
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.info["alternates"][a["hreflang"]] = a["href"]
        if tag == "nav" and "lang-switch" in (a.get("class") or ""):
            self.in_switch = 1
        elif tag == "nav" and self.in_switch:
            self.in_switch += 1
        if tag == "a" and self.in_switch:
            self.info["switcher"].append([a.get("hreflang"), a.get("href"), a.get("aria-current") == "page"])
        for attr in ("href", "src"):
            if attr in a and tag in ("a", "link", "script", "img", "form", "source"):
                self.info["links"].append(a[attr])
        if tag == "p" and "untranslated-note" in (a.get("class") or ""):
            self.info["note"] = True
        if tag == "h1":
            self.in_h1 = True
            self.info["h1_lang"] = a.get("lang")

    def handle_endtag(self, tag):
        if tag == "nav" and self.in_switch:
            self.in_switch -= 1
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.in_h1:
            self.info["h1"] += data


def main(out):
    pages = {}
    for root, _, files in os.walk(out):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(root, name)
                p = Page()
                with open(path, encoding="utf-8") as f:
                    p.feed(f.read())
                p.info["h1"] = " ".join(p.info["h1"].split())
                pages[os.path.relpath(path, out).replace(os.sep, "/")] = p.info
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = {}
    for url in ET.parse(os.path.join(out, "sitemap.xml")).getroot().findall("s:url", ns):
        loc = url.find("s:loc", ns).text
        sitemap[loc] = {l.get("hreflang"): l.get("href") for l in url.findall("x:link", ns) if l.get("rel") == "alternate"}
    print(json.dumps({"pages": pages, "sitemap": sitemap}, ensure_ascii=False))


main(sys.argv[1])
