"""Validates YAML files (or the front matter of Markdown files) against a
JSON Schema with Python's `jsonschema` (draft-07), independently of rotalog's
own YAML reader and decoders. Used by tests/schema.rs and tests/cms.rs.

    python3 validate.py SCHEMA.json FILE...   -> {"FILE": ["error", ...], ...}
    python3 validate.py --meta SCHEMA.json... -> {"SCHEMA.json": ["error", ...]}

YAML is read the way YAML 1.2's core schema reads it (as the YAML language
server in VS Code does): only true/false are booleans (`no` stays text) and
dates stay text (`2027-01-04` is a string), unlike PyYAML's YAML 1.1 default.
"""

import json
import re
import sys

import jsonschema
import yaml


class CoreLoader(yaml.SafeLoader):
    pass


CoreLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(path):
    text = open(path, encoding="utf-8").read()
    if path.endswith(".md"):
        lines = text.split("\n")
        assert lines[0].strip() == "---", f"{path}: no front matter"
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        text = "\n".join(lines[1:end])
    data = yaml.load(text, Loader=CoreLoader)
    # What a YAML tool hands a JSON Schema validator: JSON values only.
    return json.loads(json.dumps(data))


def describe(error):
    where = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {error.message}"


def main(args):
    out = {}
    if args[0] == "--meta":
        for path in args[1:]:
            schema = json.load(open(path, encoding="utf-8"))
            meta = jsonschema.Draft7Validator(jsonschema.Draft7Validator.META_SCHEMA)
            out[path] = [describe(e) for e in meta.iter_errors(schema)]
            if schema.get("$schema") != "http://json-schema.org/draft-07/schema#":
                out[path].append("$schema is not draft-07")
    else:
        schema = json.load(open(args[0], encoding="utf-8"))
        jsonschema.Draft7Validator.check_schema(schema)
        validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        for path in args[1:]:
            errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(map(str, e.absolute_path)))
            out[path] = [describe(e) for e in errors]
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


main(sys.argv[1:])
