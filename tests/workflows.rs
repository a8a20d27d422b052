//! The GitHub workflows: the one `rotalog init` writes (taken from a real
//! `rotalog init` into a temporary folder) and rotalog's own
//! (`.github/workflows/*.yml`). Each is linted by `actionlint` and validated
//! against the GitHub workflow JSON Schema by `check-jsonschema`, both from
//! tests/requirements.txt (tests/run installs them into target/validators and
//! puts its bin/ first on PATH). A missing tool fails these tests: they never
//! skip. Then the structure the deploy guide promises is asserted on the
//! parsed YAML (tests/workflows/read.py).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const HINT: &str = "is tests/requirements.txt installed? tests/run does it; by hand: \
    python3 -m venv target/validators && target/validators/bin/pip install -r tests/requirements.txt \
    && export PATH=$PWD/target/validators/bin:$PATH";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a validator; panics (with its output) unless it exits 0.
fn run(tool: &str, args: &[&str], file: &Path) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .arg(file)
        .current_dir(file.parent().unwrap())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e} ({HINT})"))
}

fn assert_valid(file: &Path) {
    let lint = run("actionlint", &["-no-color"], file);
    assert!(
        lint.status.success(),
        "actionlint {}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&lint.stdout),
        String::from_utf8_lossy(&lint.stderr)
    );
    let schema = run(
        "check-jsonschema",
        &["--builtin-schema", "vendor.github-workflows"],
        file,
    );
    assert!(
        schema.status.success(),
        "check-jsonschema {}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&schema.stdout),
        String::from_utf8_lossy(&schema.stderr)
    );
}

/// The workflows parsed by an independent YAML 1.2 parser, by path.
fn parse(files: &[PathBuf]) -> Value {
    let out = Command::new("python3")
        .arg(repo().join("tests/workflows/read.py"))
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3: {e} ({HINT})"));
    assert!(
        out.status.success(),
        "read.py failed ({HINT}):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A fresh `rotalog init` site in a temporary folder.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("catalog");
    let out = Command::new(env!("CARGO_BIN_EXE_rotalog"))
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, dir)
}

fn own_workflows() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

fn steps_using<'a>(job: &'a Value, action: &str) -> Vec<&'a Value> {
    job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.split('@').next() == Some(action))
        })
        .collect()
}

fn runs(job: &Value) -> String {
    job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_validators_reject_a_broken_workflow() {
    // Proves the tools run and judge: a job with no runner and an unknown
    // expression context must fail both.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("broken.yml");
    std::fs::write(
        &file,
        "on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ nope.x }}\n",
    )
    .unwrap();
    assert!(!run("actionlint", &["-no-color"], &file).status.success());
    let schema = run(
        "check-jsonschema",
        &["--builtin-schema", "vendor.github-workflows"],
        &file,
    );
    assert!(!schema.status.success());
}

#[test]
fn the_init_workflow_passes_both_linters_and_the_site_checks_clean() {
    let (_tmp, dir) = init_site();
    let file = dir.join(".github/workflows/publish.yml");
    assert!(file.is_file(), "init writes .github/workflows/publish.yml");
    assert_valid(&file);
    // The workflow's PR job runs `check --strict`: a fresh site must pass it,
    // its .github folder included.
    let out = Command::new(env!("CARGO_BIN_EXE_rotalog"))
        .args(["check", "--strict", "--date", "2026-11-22"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_init_workflow_checks_pull_requests_and_deploys_main_daily() {
    let (_tmp, dir) = init_site();
    let file = dir.join(".github/workflows/publish.yml");
    let all = parse(std::slice::from_ref(&file));
    let w = &all[file.to_string_lossy().as_ref()];
    let on = &w["on"];
    assert!(on.get("pull_request").is_some());
    assert_eq!(on["push"]["branches"], serde_json::json!(["main"]));
    assert!(on.get("workflow_dispatch").is_some());
    let cron = on["schedule"][0]["cron"].as_str().expect("a schedule");
    let fields: Vec<&str> = cron.split_whitespace().collect();
    assert_eq!(fields.len(), 5, "{cron}");
    assert_eq!(&fields[2..], ["*", "*", "*"], "daily: {cron}");
    assert_eq!(w["permissions"], serde_json::json!({ "contents": "read" }));

    let jobs = w["jobs"].as_object().unwrap();
    let check = &jobs["check"];
    assert_eq!(check["if"], "github.event_name == 'pull_request'");
    let check_runs = runs(check);
    assert!(
        check_runs.contains("rotalog check --strict --format github"),
        "{check_runs}"
    );
    assert!(check_runs.contains("rotalog build"), "{check_runs}");
    assert_eq!(steps_using(check, "actions/upload-artifact").len(), 1);
    assert!(
        check.get("permissions").is_none(),
        "the PR job keeps the read-only default"
    );

    let build = &jobs["build"];
    assert_eq!(build["if"], "github.event_name != 'pull_request'");
    assert_eq!(
        build["permissions"],
        serde_json::json!({ "contents": "read", "pages": "read" })
    );
    let pages = steps_using(build, "actions/configure-pages");
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0]["id"], "pages");
    let build_step = build["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains("--base-url")))
        .expect("a build with --base-url");
    assert_eq!(
        build_step["env"]["BASE_URL"],
        "${{ steps.pages.outputs.base_url }}"
    );
    assert_eq!(steps_using(build, "actions/upload-pages-artifact").len(), 1);
    // Installing: a pinned release with its checksum, else cargo install --locked.
    let install = runs(build);
    for needle in [
        "releases/download/v$ROTALOG_VERSION",
        "sha256sum --check",
        "cargo install --locked",
    ] {
        assert!(install.contains(needle), "{needle} in {install}");
    }
    assert!(w["env"]["ROTALOG_VERSION"].as_str().is_some());
    assert_eq!(
        w["env"]["ROTALOG_VERSION"].as_str().unwrap(),
        env!("CARGO_PKG_VERSION"),
        "the starter pins the rotalog that wrote it"
    );

    let deploy = &jobs["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(
        deploy["permissions"],
        serde_json::json!({ "pages": "write", "id-token": "write" })
    );
    assert_eq!(
        deploy["concurrency"],
        serde_json::json!({ "group": "pages", "cancel-in-progress": false })
    );
    assert_eq!(deploy["environment"]["name"], "github-pages");
    assert_eq!(steps_using(deploy, "actions/deploy-pages").len(), 1);
    // Only the deploy job may write.
    for (name, job) in jobs {
        if name != "deploy" {
            let p = job.get("permissions").cloned().unwrap_or_default();
            assert!(
                !p.to_string().contains("write"),
                "{name} has write permissions: {p}"
            );
        }
    }
}

#[test]
fn rotalogs_own_workflows_pass_both_linters() {
    let files = own_workflows();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"release.yml".to_string()), "{names:?}");
    assert!(names.contains(&"ci.yml".to_string()), "{names:?}");
    for f in &files {
        assert_valid(f);
    }
}

#[test]
fn the_release_builds_every_platform_and_attaches_checksums() {
    let file = repo().join(".github/workflows/release.yml");
    let all = parse(std::slice::from_ref(&file));
    let w = &all[file.to_string_lossy().as_ref()];
    assert_eq!(w["on"]["push"]["tags"], serde_json::json!(["v*"]));
    assert_eq!(w["permissions"], serde_json::json!({ "contents": "read" }));
    let targets: Vec<&str> = w["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    for t in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&t), "{t} in {targets:?}");
    }
    let package = runs(&w["jobs"]["build"]);
    assert!(package.contains("tar -czf"), "{package}");
    assert!(package.contains(".sha256"), "{package}");
    // The names the init workflow downloads.
    assert!(package.contains("name=\"rotalog-$GITHUB_REF_NAME-$TARGET\""));
    let release = &w["jobs"]["release"];
    assert_eq!(
        release["permissions"],
        serde_json::json!({ "contents": "write" })
    );
    assert!(runs(release).contains("gh release create"));
    // CI runs exactly .ci/run.
    let ci = repo().join(".github/workflows/ci.yml");
    let all = parse(std::slice::from_ref(&ci));
    assert_eq!(
        runs(&all[ci.to_string_lossy().as_ref()]["jobs"]["ci"]),
        "bash .ci/run"
    );
}

#[test]
fn the_deploy_guide_covers_five_hosts_with_the_workflows_action_versions() {
    let guide = std::fs::read_to_string(repo().join("docs/deploy.md")).unwrap();
    for heading in [
        "## 1. GitHub Pages",
        "## 2. Netlify",
        "## 3. Cloudflare Pages",
        "## 4. An S3-compatible bucket behind a CDN",
        "## 5. Your own server: nginx or Apache",
        "### nginx",
        "### Apache",
        "## Rebuild every day",
        "## Preview deployments",
    ] {
        assert!(guide.contains(heading), "docs/deploy.md has {heading}");
    }
    // An action the guide's snippets use is pinned as in the init workflow.
    let workflow =
        std::fs::read_to_string(repo().join("src/init_site/.github/workflows/publish.yml"))
            .unwrap();
    let uses = |text: &str| -> Vec<String> {
        text.split("uses: ")
            .skip(1)
            .map(|s| s.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    let pinned = uses(&workflow);
    for u in uses(&guide) {
        let name = u.split('@').next().unwrap();
        let same: Vec<&String> = pinned
            .iter()
            .filter(|p| p.split('@').next() == Some(name))
            .collect();
        assert!(!same.is_empty(), "{u} in the guide but not in the workflow");
        assert!(same.iter().all(|p| **p == u), "{u} vs {same:?}");
    }
}

/// The `run:` script of the step named `name` in `job`.
fn step_script(job: &Value, name: &str) -> String {
    job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("a step {name:?}"))
        .to_string()
}

/// Runs a workflow step's script with bash in `dir`, with `env`.
fn bash(script: &str, dir: &Path, env: &[(&str, &str)]) -> std::process::Output {
    Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[test]
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn the_init_workflow_installs_what_the_release_packages_and_checks_its_checksum() {
    let release = repo().join(".github/workflows/release.yml");
    let (_tmp, site) = init_site();
    let publish = site.join(".github/workflows/publish.yml");
    let all = parse(&[release.clone(), publish.clone()]);
    let package = step_script(
        &all[release.to_string_lossy().as_ref()]["jobs"]["build"],
        "Package",
    );
    let install = step_script(
        &all[publish.to_string_lossy().as_ref()]["jobs"]["build"],
        "Install rotalog",
    );
    let version = env!("CARGO_PKG_VERSION");
    let tag = format!("v{version}");
    let target = "x86_64-unknown-linux-gnu";

    // The release job's packaging, on a checkout holding the built binary.
    let work = tempfile::tempdir().unwrap();
    let checkout = work.path().join("checkout");
    let bin = checkout.join(format!("target/{target}/release"));
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_rotalog"), bin.join("rotalog")).unwrap();
    std::fs::copy(repo().join("README.md"), checkout.join("README.md")).unwrap();
    let out = bash(
        &package,
        &checkout,
        &[
            ("GITHUB_REF_NAME", &tag),
            ("TARGET", target),
            ("RUNNER_OS", "Linux"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // What a release holds: dist/ moved under releases/download/<tag>/.
    let releases = work.path().join("releases");
    std::fs::create_dir_all(&releases).unwrap();
    std::fs::rename(checkout.join("dist"), releases.join(&tag)).unwrap();
    let name = format!("rotalog-{tag}-{target}");
    assert!(releases.join(&tag).join(format!("{name}.tar.gz")).is_file());

    // The provider workflow's install step, pointed at that release.
    let github = "https://github.com/$ROTALOG_REPO/releases/download";
    assert!(install.contains(github), "{install}");
    let local = install.replace(github, &format!("file://{}", releases.display()));
    let run_install = || {
        let runner = tempfile::tempdir().unwrap();
        let path_file = runner.path().join("github_path");
        let out = bash(
            &local,
            runner.path(),
            &[
                ("RUNNER_OS", "Linux"),
                ("RUNNER_ARCH", "X64"),
                ("RUNNER_TEMP", runner.path().to_str().unwrap()),
                ("GITHUB_PATH", path_file.to_str().unwrap()),
                ("ROTALOG_VERSION", version),
                ("ROTALOG_REPO", "example/rotalog"),
                // A fallback to `cargo install` would fail here, not pass.
                ("PATH", "/usr/bin:/bin"),
            ],
        );
        (runner, path_file, out)
    };
    let (_runner, path_file, out) = run_install();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = std::fs::read_to_string(&path_file).unwrap();
    let installed = Path::new(dir.trim()).join("rotalog");
    let v = Command::new(&installed).arg("--version").output().unwrap();
    assert!(v.status.success());
    assert!(String::from_utf8_lossy(&v.stdout).contains(version));

    // A tampered archive fails the checksum, and the job with it.
    let archive = releases.join(&tag).join(format!("{name}.tar.gz"));
    let mut bytes = std::fs::read(&archive).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    let (_runner, path_file, out) = run_install();
    assert!(
        !out.status.success(),
        "a bad checksum must fail the install"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("FAILED")
            || String::from_utf8_lossy(&out.stderr).contains("FAILED"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!path_file.exists(), "nothing put on PATH");
}
