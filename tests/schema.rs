//! Issue 13, point 6: the JSON Schemas `rotalog schema` (and `rotalog init`)
//! write, checked by an independent validator, Python's `jsonschema`
//! (tests/requirements.txt; tests/run puts target/validators/bin first on
//! PATH) reading YAML with PyYAML the way YAML 1.2 does: the schemas are
//! valid draft-07; every example file validates against its schema; a
//! misspelt field, a wrong enum value and a missing required field each
//! fail (and `rotalog check` agrees that they are mistakes).

mod harness;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use harness::{DATE, SiteTest};

fn validator() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py")
}

/// `validate.py ARGS`: each file (or schema) with its errors.
fn validate(args: &[&Path]) -> BTreeMap<String, Vec<String>> {
    let out = Command::new("python3")
        .arg(validator())
        .args(args)
        .output()
        .expect("python3 on PATH (tests/run puts target/validators/bin first)");
    assert!(
        out.status.success(),
        "the validator failed (is tests/requirements.txt installed in target/validators?):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The schema of a site file, by its path from the site folder.
fn schema_of(rel: &str) -> Option<&'static str> {
    // A translation: `content/programs/<slug>.<language>.md`, `content/faqs.<language>.yaml`.
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name.matches('.').count() == 2 && !name.starts_with("_index.") {
        return Some(match rel {
            _ if rel.starts_with("content/faqs.") => "faqs-translation",
            _ if rel.starts_with("content/fees.") => "fees-translation",
            _ if rel.starts_with("content/programs/") => "program-translation",
            _ if rel.starts_with("content/hospitals/") => "hospital-translation",
            _ if rel.starts_with("content/specialties/") => "specialty-translation",
            _ if rel.starts_with("content/pages/") => "page-translation",
            _ if rel.starts_with("content/posts/") => "post-translation",
            _ => return None,
        });
    }
    Some(match rel {
        "site.yaml" => "site",
        "content/fees.yaml" => "fees",
        "content/faqs.yaml" => "faqs",
        _ if rel.starts_with("content/programs/") => "program",
        _ if rel.starts_with("content/hospitals/") => "hospital",
        _ if rel.starts_with("content/specialties/") => "specialty",
        _ if rel.starts_with("content/pages/") => "page",
        _ if rel.starts_with("content/posts/") => "post",
        _ => return None,
    })
}

/// Every file of the site with a schema: (schema name, path).
fn files(site: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(site).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("output") || !e.file_type().is_file() {
            continue;
        }
        if let Some(kind) = schema_of(&rel) {
            out.push((kind, e.path().to_path_buf()));
        }
    }
    out
}

/// Validates every file of `site` against the schemas in its
/// .rotalog/schema: the problems found, by file.
fn problems(site: &Path) -> BTreeMap<String, Vec<String>> {
    let dir = site.join(".rotalog/schema");
    let mut by_kind: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
    for (kind, path) in files(site) {
        by_kind.entry(kind).or_default().push(path);
    }
    let mut out = BTreeMap::new();
    for (kind, paths) in &by_kind {
        let schema = dir.join(format!("{kind}.json"));
        let mut args: Vec<&Path> = vec![&schema];
        args.extend(paths.iter().map(PathBuf::as_path));
        out.extend(validate(&args).into_iter().filter(|(_, e)| !e.is_empty()));
    }
    out
}

#[track_caller]
fn write_schemas(t: &SiteTest) {
    let run = t.run(&["schema", "."]);
    run.assert_success();
    assert!(
        run.stderr.contains("wrote 15 JSON Schemas"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_schemas_are_valid_draft_07() {
    let t = SiteTest::example();
    write_schemas(&t);
    let dir = t.path(".rotalog/schema");
    let schemas: Vec<PathBuf> = [
        "site",
        "faqs",
        "fees",
        "program",
        "hospital",
        "specialty",
        "page",
        "post",
        "faqs-translation",
        "fees-translation",
        "program-translation",
        "hospital-translation",
        "specialty-translation",
        "page-translation",
        "post-translation",
    ]
    .iter()
    .map(|k| dir.join(format!("{k}.json")))
    .collect();
    let args: Vec<&Path> = schemas.iter().map(PathBuf::as_path).collect();
    let result = validate(&[&[Path::new("--meta")], &args[..]].concat());
    assert_eq!(result.len(), 15);
    for (schema, errors) in result {
        assert!(errors.is_empty(), "{schema}: {errors:?}");
    }
}

#[test]
fn every_example_file_validates() {
    // The example catalog, the valid fixture and the starter site.
    let example = SiteTest::example();
    let valid = SiteTest::fixture("valid");
    for t in [&example, &valid] {
        write_schemas(t);
        assert!(files(&t.site).len() > 8);
        assert_eq!(problems(&t.site), BTreeMap::new(), "{}", t.site.display());
    }
    let tmp = tempfile::tempdir().unwrap();
    let starter = tmp.path().join("starter");
    let run = Command::new(env!("CARGO_BIN_EXE_rotalog"))
        .args(["init"])
        .arg(&starter)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(run.status.success());
    // init wrote the schemas itself.
    assert!(starter.join(".rotalog/schema/program.json").is_file());
    assert_eq!(problems(&starter), BTreeMap::new());
    // The starter's own specialties and hospitals are the enums.
    let program: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(starter.join(".rotalog/schema/program.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        program["properties"]["hospital"]["enum"],
        serde_json::json!(["hudson-valley-medical", "mercy-chicago"])
    );
}

/// Each mistake: the schema rejects it, naming the field, and so does
/// `rotalog check` (the schema is no stricter, and no looser, here).
#[test]
fn mistakes_fail_against_the_schema() {
    let cases: &[(&str, &str, &str, &str)] = &[
        // (file, from, to, what the validator says)
        (
            "content/programs/im-hands-on-chicago.md",
            "seats: 4",
            "seets: 4",
            "'seets' was unexpected",
        ),
        (
            "content/programs/im-hands-on-chicago.md",
            "kind: hands-on",
            "kind: hands_on",
            "kind: 'hands_on' is not one of",
        ),
        (
            "content/programs/im-hands-on-chicago.md",
            "hospital: mercy-chicago\n",
            "",
            "'hospital' is a required property",
        ),
        (
            "content/programs/im-hands-on-chicago.md",
            "specialty: internal-medicine",
            "specialty: internal-medicne",
            "specialty: 'internal-medicne' is not one of",
        ),
        (
            "content/programs/im-hands-on-chicago.md",
            "includes: [",
            "includes: [emr-acess, ",
            "includes/0: 'emr-acess' is not valid",
        ),
        (
            "content/programs/im-hands-on-chicago.md",
            "per_week: 850",
            "per_week: \"$850\"",
            "fee/per_week: '$850' is not of type 'number'",
        ),
        (
            "content/hospitals/mercy-chicago.md",
            "state: IL",
            "state: Illinois",
            "state: 'Illinois' is not one of",
        ),
        (
            "site.yaml",
            "title:",
            "titel:",
            "'title' is a required property",
        ),
        (
            "content/fees.yaml",
            "min_weeks: 8",
            "min_week: 8",
            "'min_week' was unexpected",
        ),
        (
            "content/faqs.yaml",
            "- q:",
            "- question:",
            "'question' was unexpected",
        ),
        // A translation gives text only: a fact in it fails both.
        (
            "content/programs/im-hands-on-chicago.es.md",
            "title:",
            "weeks: [4]\ntitle:",
            "'weeks' was unexpected",
        ),
        (
            "content/faqs.es.yaml",
            "  a:",
            "  topics: [dates]\n  a:",
            "'topics' was unexpected",
        ),
        (
            "content/fees.es.yaml",
            "  - name: Estancia larga",
            "  - name: Estancia larga\n    min_weeks: 12",
            "'min_weeks' was unexpected",
        ),
    ];
    let t = SiteTest::example();
    write_schemas(&t);
    for (rel, from, to, expected) in cases {
        let original = t.read(rel);
        t.edit(rel, from, to);
        let schema = t.path(&format!(".rotalog/schema/{}.json", schema_of(rel).unwrap()));
        let file = t.path(rel);
        let found = validate(&[&schema, &file]);
        let errors = &found[&file.display().to_string()];
        assert!(!errors.is_empty(), "{rel}: `{to}` passed the schema");
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{rel}: `{to}`: expected {expected:?} in {errors:?}"
        );
        let check = t.run(&["check", ".", "--date", DATE]);
        assert_eq!(
            check.code, 1,
            "rotalog check accepts `{to}` in {rel}:\n{}",
            check.stderr
        );
        t.write(rel, &original);
    }
    assert_eq!(problems(&t.site), BTreeMap::new());
}

/// `rotalog init` maps the schemas for VS Code's YAML extension, recommends
/// it, and gives a task whose problem matcher reads `rotalog check`.
#[test]
fn init_writes_the_vs_code_files() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_rotalog"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(run.status.success());
    let json = |rel: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(site.join(rel)).unwrap())
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let settings = json(".vscode/settings.json");
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    assert!(!schemas.is_empty());
    for (schema, glob) in schemas {
        assert!(site.join(schema).is_file(), "{schema} is not written");
        assert!(
            site.join(glob.as_str().unwrap()).is_file(),
            "{glob} matches nothing"
        );
    }
    let extensions = json(".vscode/extensions.json");
    assert!(
        extensions["recommendations"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("redhat.vscode-yaml"))
    );

    // The problem matcher's patterns (JavaScript regular expressions, the
    // same in Python's `re` for these) read what `rotalog check` prints.
    let tasks = json(".vscode/tasks.json");
    let check = &tasks["tasks"][0];
    assert_eq!(check["args"], serde_json::json!(["check", "."]));
    let patterns: Vec<String> = check["problemMatcher"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["pattern"]["regexp"].as_str().unwrap().to_string())
        .collect();
    std::fs::write(
        site.join("content/programs/im-hands-on-chicago.md"),
        std::fs::read_to_string(site.join("content/programs/im-hands-on-chicago.md"))
            .unwrap()
            .replace("kind: hands-on", "kind: handson"),
    )
    .unwrap();
    std::fs::remove_file(site.join("content/fees.yaml")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rotalog"))
        .args(["check", "."])
        .current_dir(&site)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stderr).to_string();
    let script = r#"
import json, re, sys
patterns, text = json.loads(sys.argv[1]), sys.argv[2]
found = []
for line in text.splitlines():
    for i, p in enumerate(patterns):
        m = re.match(p, line)
        if m:
            found.append([i] + list(m.groups()))
            break
print(json.dumps(found))
"#;
    let matched = Command::new("python3")
        .args([
            "-c",
            script,
            &serde_json::to_string(&patterns).unwrap(),
            &printed,
        ])
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&matched.stdout).unwrap();
    let found = found.as_array().unwrap();
    assert!(
        found.iter().any(|m| m[0] == 0
            && m[1] == "content/programs/im-hands-on-chicago.md"
            && m[4] == "error"
            && m[5]
                .as_str()
                .unwrap()
                .starts_with("`kind` cannot be `handson`")
            && m[6] == "E007"),
        "{found:?}\n{printed}"
    );
    // Every headline (not the `|` excerpt or `= help` lines) is matched once.
    let headlines = printed
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .count();
    assert_eq!(found.len(), headlines, "{found:?}\n{printed}");
}
