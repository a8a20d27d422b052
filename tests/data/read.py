"""Reads a built site's /data/programs.json and /data/programs.csv with
independent parsers, the way a data user would: the JSON validated with
`jsonschema` (tests/requirements.txt) against docs/programs.schema.json, the
CSV with Python's csv module (RFC 4180 quoting). Prints one JSON object for
tests/data.rs: the schema problems, the parsed JSON, and the CSV's BOM, line
ends, header and rows.

    python3 tests/data/read.py SCHEMA OUTPUT_DIR
"""

import csv
import io
import json
import sys

import jsonschema

schema_path, out = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
with open(f"{out}/data/programs.json", encoding="utf-8") as f:
    data = json.load(f)
validator = jsonschema.Draft202012Validator(
    schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
problems = [
    f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
    for e in validator.iter_errors(data)
]

with open(f"{out}/data/programs.csv", "rb") as f:
    raw = f.read()
bom = raw.startswith(b"\xef\xbb\xbf")
text = raw.decode("utf-8-sig")
# Every record ends with CRLF: no bare LF outside quoted fields. The csv
# module keeps the line ends inside quoted fields, so count records' ends.
reader = csv.reader(io.StringIO(text, newline=""), strict=True)
records = list(reader)
bare_lf = text.replace("\r\n", "").count("\n")
quoted_lf = sum(field.count("\n") for rec in records for field in rec) - sum(
    field.count("\r\n") for rec in records for field in rec
)
header, rows = records[0], records[1:]
json.dump(
    {
        "problems": problems,
        "json": data,
        "csv": {
            "bom": bom,
            "ends_with_crlf": text.endswith("\r\n"),
            "bare_lf_outside_fields": bare_lf - quoted_lf,
            "header": header,
            "rows": [dict(zip(header, r)) for r in rows],
            "widths": sorted({len(r) for r in records}),
        },
    },
    sys.stdout,
)
