//! Issue 13, point 8: with `cms:` in site.yaml the build emits the browser
//! editor, `/admin/index.html` and `/admin/config.yml` (Decap CMS's format,
//! read by Sveltia CMS), made from the model's field table. The config is
//! checked against the JSON Schema that the `@sveltia/cms` npm package
//! publishes (tests/cms/package.json, installed by tests/run with `npm ci
//! --prefix tests/cms`) with Python's `jsonschema`; and every content file,
//! saved again the way the CMS saves it (tests/cms/resave.mjs, with the
//! YAML library and options the CMS uses), builds into the same site.

mod harness;

use std::path::{Path, PathBuf};
use std::process::Command;

use harness::{SiteTest, copy_dir, read_tree};
use serde_json::Value;

const CMS: &str = "cms:
  backend: github
  repo: example-org/rotations
  branch: content
  script: \"https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js\"
";

fn cms_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cms")
}

#[track_caller]
fn sveltia_schema() -> PathBuf {
    let p = cms_dir().join("node_modules/@sveltia/cms/schema/sveltia-cms.json");
    assert!(
        p.is_file(),
        "{} is missing: run `npm ci --prefix tests/cms` (tests/run does)",
        p.display()
    );
    p
}

/// The example catalog with `cms:` in its site.yaml, built.
fn example_with_cms() -> SiteTest {
    let t = SiteTest::example();
    let site = t.read("site.yaml");
    t.write("site.yaml", &format!("{site}{CMS}"));
    t.build().assert_success();
    t
}

/// The generated config.yml, read by an independent YAML parser (PyYAML).
fn config(t: &SiteTest) -> Value {
    let out = Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(t.path("output/admin/config.yml"))
        .output()
        .expect("python3 on PATH (tests/run puts target/validators/bin first)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {fields}"))
}

#[test]
fn the_admin_page_loads_the_sites_script_and_is_not_indexed() {
    let t = example_with_cms();
    let html = t.read("output/admin/index.html");
    assert!(html.contains(
        "<script src=\"https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js\"></script>"
    ));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(
        html.contains(
            "<link href=\"/admin/config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">"
        )
    );
    // No inline script: the one <script> has a src.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(t.read("output/robots.txt").contains("Disallow: /admin/\n"));

    // Its own Content-Security-Policy, in the page and in _headers: the
    // CMS's script origin and the git host's API, nothing of it elsewhere.
    let headers = t.read("output/_headers");
    let block = headers
        .split("\n\n")
        .find(|b| b.starts_with("/admin/*\n"))
        .unwrap_or_else(|| panic!("no /admin/* block in {headers}"));
    assert!(
        block.contains("script-src 'self' https://unpkg.com;"),
        "{block}"
    );
    assert!(
        block.contains("connect-src 'self' https://api.github.com"),
        "{block}"
    );
    assert!(block.contains("frame-ancestors 'none'"), "{block}");
    let meta = html
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a meta CSP in admin/index.html")
        .replace("&#39;", "'");
    assert!(
        meta.contains("script-src 'self' https://unpkg.com;"),
        "{meta}"
    );
    assert!(!meta.contains("frame-ancestors"), "{meta}");
    let home = headers
        .split("\n\n")
        .find(|b| b.starts_with("/\n"))
        .expect("a block for /");
    assert!(home.contains("script-src 'self';"), "{home}");
    assert!(!t.read("output/sitemap.xml").contains("/admin/"));

    // The same inputs give the same bytes.
    t.build_into("again").assert_success();
    for f in ["admin/index.html", "admin/config.yml", "robots.txt"] {
        assert_eq!(
            t.read(&format!("output/{f}")),
            t.read(&format!("again/{f}")),
            "{f}"
        );
    }

    // Without `cms:` there is no /admin/ and robots.txt is as before.
    let plain = SiteTest::example();
    assert!(!plain.path("output/admin").exists());
    assert!(!plain.read("output/robots.txt").contains("admin"));
}

#[test]
fn the_config_validates_against_sveltia_cms_schema() {
    let t = example_with_cms();
    let out = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py"))
        .arg(sveltia_schema())
        .arg(t.path("output/admin/config.yml"))
        .output()
        .expect("python3 on PATH");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = result.as_object().unwrap().values().next().unwrap();
    assert_eq!(
        errors,
        &serde_json::json!([]),
        "config.yml does not fit the schema"
    );

    // A wrong config does fail (the schema is applied, not ignored).
    let bad = t.read("output/admin/config.yml").replacen(
        "\"value_type\": \"int\"",
        "\"value_type\": \"int\", \"colour\": \"red\"",
        1,
    );
    t.write("bad.yml", &bad);
    let out = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py"))
        .arg(sveltia_schema())
        .arg(t.path("bad.yml"))
        .output()
        .unwrap();
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(
        result.as_object().unwrap().values().next().unwrap(),
        &serde_json::json!([])
    );
}

#[test]
fn the_config_has_the_models_collections_and_widgets() {
    let t = example_with_cms();
    let c = config(&t);
    assert_eq!(c["backend"]["name"], "github");
    assert_eq!(c["backend"]["repo"], "example-org/rotations");
    assert_eq!(c["backend"]["branch"], "content");
    assert_eq!(c["output"]["omit_empty_optional_fields"], true);
    for (name, folder) in [
        ("programs", "content/programs"),
        ("hospitals", "content/hospitals"),
        ("specialties", "content/specialties"),
        ("pages", "content/pages"),
        ("posts", "content/posts"),
    ] {
        let col = collection(&c, name);
        assert_eq!(col["folder"], folder);
        assert_eq!(col["extension"], "md");
        assert_eq!(col["format"], "yaml-frontmatter");
        assert_eq!(field(&col["fields"], "body")["widget"], "markdown");
    }
    let program = &collection(&c, "programs")["fields"];
    // Relations for specialty and hospital, by file name.
    let specialty = field(program, "specialty");
    assert_eq!(specialty["widget"], "relation");
    assert_eq!(specialty["collection"], "specialties");
    assert_eq!(specialty["value_field"], "{{slug}}");
    assert_eq!(field(program, "hospital")["collection"], "hospitals");
    // Selects for vocabularies, with every value.
    let kind = field(program, "kind");
    assert_eq!(kind["widget"], "select");
    let kinds: Vec<&str> = kind["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, rotalog::model::ProgramKind::SLUGS);
    assert_eq!(field(program, "includes")["multiple"], true);
    // The site's refund tiers.
    assert!(
        field(program, "refund")["options"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("standard"))
    );
    // Lists and objects for weeks, starts and the fee.
    let weeks = field(program, "weeks");
    assert_eq!(weeks["widget"], "list");
    assert_eq!(weeks["field"]["widget"], "number");
    assert_eq!(weeks["field"]["value_type"], "int");
    let starts = field(program, "starts");
    assert_eq!(starts["field"]["widget"], "datetime");
    assert_eq!(starts["field"]["format"], "YYYY-MM-DD");
    let fee = field(program, "fee");
    assert_eq!(fee["widget"], "object");
    assert_eq!(field(&fee["fields"], "per_week")["widget"], "number");
    assert_eq!(field(&fee["fields"], "per_week")["required"], false);
    assert!(
        field(&fee["fields"], "per_week")["hint"]
            .as_str()
            .unwrap()
            .contains("Give this or `total`")
    );
    // Required flags and hints from the field table.
    assert!(
        field(program, "title").get("required").is_none(),
        "required is the CMS default"
    );
    assert_eq!(field(program, "seats")["required"], false);
    assert_eq!(
        field(program, "seats")["hint"],
        "How many trainees per start."
    );
    // FAQs and fees: file collections.
    let data = collection(&c, "data");
    let files = data["files"].as_array().unwrap();
    let faqs = files.iter().find(|f| f["name"] == "faqs").unwrap();
    assert_eq!(faqs["file"], "content/faqs.yaml");
    assert_eq!(faqs["fields"][0]["root"], true);
    let fees = files.iter().find(|f| f["name"] == "fees").unwrap();
    assert_eq!(fees["file"], "content/fees.yaml");
    assert_eq!(field(&fees["fields"], "bundles")["widget"], "list");
}

/// Every content file saved again as the CMS saves it (its key order,
/// block lists, its quoting) builds into exactly the same site.
#[test]
fn files_saved_by_the_cms_build_unchanged() {
    let t = example_with_cms();
    let before = t.output();
    let copy = t.path("../resaved");
    copy_dir(&t.path("content"), &copy.join("content"));
    std::fs::copy(t.path("site.yaml"), copy.join("site.yaml")).unwrap();
    // The pictures the content names (not edited by the CMS here).
    if t.path("static").is_dir() {
        copy_dir(&t.path("static"), &copy.join("static"));
    }
    sveltia_schema();
    let out = Command::new("node")
        .arg(cms_dir().join("resave.mjs"))
        .arg(t.path("output/admin/config.yml"))
        .arg(&copy)
        .current_dir(cms_dir())
        .output()
        .expect("node on PATH");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let resaved = String::from_utf8_lossy(&out.stdout);
    assert!(resaved.lines().count() > 30, "{resaved}");
    let program =
        std::fs::read_to_string(copy.join("content/programs/im-hands-on-chicago.md")).unwrap();
    assert!(
        program.contains("\nweeks:\n  - 4\n  - 8\n  - 12\n"),
        "not in the CMS's style:\n{program}"
    );
    assert!(program.contains("\nstarts:\n  - 2027-01-04\n"), "{program}");
    assert_ne!(program, t.read("content/programs/im-hands-on-chicago.md"));
    let run = harness::build(&rotalog::BuildOptions {
        site_dir: copy.clone(),
        output: Some(copy.join("output")),
        ..t.options()
    });
    run.assert_success();
    assert!(run.errors().is_empty(), "{}", run.stderr);
    let after = read_tree(&copy.join("output"));
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "the site changed: {changed:?}");
}

/// A mistake in `cms:` is reported with the field, and the previous output
/// is kept.
#[test]
fn mistakes_in_cms_settings() {
    let run = SiteTest::expect_errors(
        "i13-cms",
        &[
            "site.yaml:8:12: `cms.backend` cannot be `githb`",
            "site.yaml:9:9: `cms.repo` should be the repository as `owner/name`, found `https://github.com/example-org/rotations`",
            "site.yaml:10:11: `cms.script` must be an https:// address, found `http://unpkg.com/@sveltia/cms/dist/sveltia-cms.js`",
            "site.yaml:11:13: `cms.auth_url` must be an https:// address, found `javascript:alert(1)`",
        ],
    );
    assert_eq!(run.codes(), ["E007", "E031", "E031", "E031"]);
    assert!(
        run.stderr.contains("did you mean `github`?"),
        "{}",
        run.stderr
    );
}

/// `admin` is the editor's: a free page cannot take it.
#[test]
fn admin_is_a_reserved_route() {
    assert!(rotalog::routes::RESERVED.contains(&"admin"));
    let t = SiteTest::fixture("valid");
    t.write("content/pages/admin.md", "---\ntitle: Admin\n---\nHello.\n");
    let run = t.check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.starts_with("content/pages/admin.md")),
        "{}",
        run.stderr
    );
}
