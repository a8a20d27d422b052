"""Reads GitHub workflow files the way a YAML 1.2 parser does (ruamel.yaml,
installed with check-jsonschema from tests/requirements.txt) and prints them
as one JSON object keyed by path, for tests/workflows.rs to assert on.
YAML 1.2 keeps `on:` a string key (YAML 1.1 parsers make it `true`)."""

import json
import sys

from ruamel.yaml import YAML

yaml = YAML(typ="safe")
out = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        out[path] = yaml.load(f)
json.dump(out, sys.stdout, default=str)
