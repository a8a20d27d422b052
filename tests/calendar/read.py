"""Reads iCalendar files the way calendar apps do, with the independent
`icalendar` parser (PyPI, pinned in tests/requirements.txt), and prints what
it found as JSON: per file, its events (uid, all-day date, summary, stamp)
and any problem with the raw lines (CRLF endings, 75-octet limit)."""

import json
import re
import sys
from datetime import date, datetime

import icalendar

out = {}
for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    problems = []
    if not raw.endswith(b"\r\n"):
        problems.append("does not end in CRLF")
    lines = raw.split(b"\r\n")[:-1]
    for n, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {n}: a bare line break")
        if len(line) > 75:
            problems.append(f"line {n}: {len(line)} octets")
    cal = icalendar.Calendar.from_ical(raw)
    if cal.get("VERSION") != "2.0" or not cal.get("PRODID"):
        problems.append("VERSION 2.0 and PRODID are required")
    events = []
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("DTSTART")
        end = ev.decoded("DTEND")
        stamp = ev.decoded("DTSTAMP")
        if isinstance(start, datetime) or not isinstance(start, date):
            problems.append(f"{ev['UID']}: DTSTART is not an all-day date")
        if (end - start).days != 1:
            problems.append(f"{ev['UID']}: an all-day event lasts one day")
        events.append({
            "uid": str(ev["UID"]),
            "date": start.isoformat(),
            "summary": str(ev["SUMMARY"]),
            "description": str(ev.get("DESCRIPTION", "")),
            "location": str(ev.get("LOCATION", "")),
            "stamp": stamp.isoformat(),
        })
    # X- properties are untyped for the parser (vUnknown, kept escaped):
    # unescape the name as the TEXT value it is (RFC 5545 3.3.11).
    raw_name = cal.get("X-WR-CALNAME", "").to_ical().decode()
    name = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw_name)
    out[path] = {"problems": problems, "events": events, "name": str(name)}
json.dump(out, sys.stdout, sort_keys=True)
