//! The switchboard: parse the command line, call the library, print
//! diagnostics and map the outcome to an exit code.
//!
//! Every path or message printed here goes through
//! [`diagnostics::escape_for_terminal`], like the diagnostics themselves.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use rotalog::{BuildOptions, Failure, diagnostics, say};

use diagnostics::escape_for_terminal as shown;

fn main() -> ExitCode {
    match cli::Cli::parse().command {
        cli::Command::Build {
            site_dir,
            output,
            base_url,
            date,
            strict,
        } => match options(site_dir, output, base_url, date, strict) {
            Some(options) => build(&options),
            None => ExitCode::from(2),
        },
        cli::Command::Check {
            site_dir,
            base_url,
            date,
            strict,
            format,
        } => match options(site_dir, None, base_url, date, strict) {
            Some(options) => check(&options, format),
            None => ExitCode::from(2),
        },
        cli::Command::Serve {
            site_dir,
            port,
            bind,
            open,
            poll,
            date,
        } => match options(site_dir, None, None, date, false) {
            Some(options) => serve(rotalog::serve::Options {
                site_dir: options.site_dir,
                bind,
                port,
                date: options.date,
                open,
                poll,
            }),
            None => ExitCode::from(2),
        },
        cli::Command::Init { dir } => init(&dir),
        cli::Command::Schema { dir } => schema(&dir),
        cli::Command::New {
            kind,
            slug,
            specialty,
            hospital,
            site,
            date,
        } => new(kind, &slug, specialty, hospital, &site, date),
    }
}

fn build(options: &BuildOptions) -> ExitCode {
    let started = std::time::Instant::now();
    match rotalog::build(options) {
        Ok((generated, out)) => {
            // Untranslated pages (W011) can be many: a build counts them per
            // language, `check` lists them.
            let (others, untranslated) = diagnostics::count_untranslated(&generated.warnings);
            report(&others, options, cli::Format::Text);
            for line in untranslated {
                say!("{line}");
            }
            say!(
                "built {} programs, {} files into {} in {} ms",
                generated.programs,
                generated.file_count,
                shown(&out.display().to_string()),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => fail(&failure, "build", options, cli::Format::Text),
    }
}

fn check(options: &BuildOptions, format: cli::Format) -> ExitCode {
    match rotalog::check(options) {
        Ok(generated) => {
            report(&generated.warnings, options, format);
            say!(
                "checked {} programs and {} pages: no errors",
                generated.programs,
                generated.file_count
            );
            ExitCode::SUCCESS
        }
        Err(failure) => fail(&failure, "check", options, format),
    }
}

fn serve(options: rotalog::serve::Options) -> ExitCode {
    match rotalog::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            diagnostics::print(&[d]);
            ExitCode::from(2)
        }
    }
}

fn init(dir: &std::path::Path) -> ExitCode {
    match rotalog::init::site(dir) {
        Ok(n) => {
            let dir = shown(&dir.display().to_string()).into_owned();
            say!("created a new site with {n} files in {dir}");
            say!("next: rotalog build {dir}");
            say!(
                "to publish: push it to GitHub and set Settings > Pages > Source to \"GitHub Actions\" (.github/workflows/publish.yml; other hosts: docs/deploy.md in rotalog's repository)"
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            diagnostics::print(&[d]);
            ExitCode::from(2)
        }
    }
}

fn schema(dir: &std::path::Path) -> ExitCode {
    if let Err(d) = rotalog::site_folder(dir) {
        diagnostics::print(&[d]);
        return ExitCode::from(2);
    }
    match rotalog::init::schemas(dir) {
        Ok(files) => {
            let dir = shown(&dir.display().to_string()).into_owned();
            say!(
                "wrote {} JSON Schemas into {dir}/{}",
                files.len(),
                rotalog::init::SCHEMA_DIR
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            diagnostics::print(&[d]);
            ExitCode::from(2)
        }
    }
}

fn new(
    kind: cli::NewKind,
    slug: &str,
    specialty: Option<String>,
    hospital: Option<String>,
    site: &std::path::Path,
    date: Option<time::Date>,
) -> ExitCode {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .filter(|s| !s.is_empty());
    let today = match rotalog::build_date(date, epoch.as_deref()) {
        Ok(d) => d,
        Err(message) => {
            say!("error: {}", shown(&message));
            return ExitCode::from(2);
        }
    };
    let request = rotalog::scaffold::Request {
        site_dir: site,
        kind: kind.into(),
        slug,
        specialty: specialty.as_deref(),
        hospital: hospital.as_deref(),
        today,
    };
    match rotalog::scaffold::create(&request) {
        Ok(rel) => {
            let path = seen_from_here(site).join(rel);
            let path = shown(&path.display().to_string()).into_owned();
            say!("created {path}");
            say!("next: fill it in, then rotalog check");
            ExitCode::SUCCESS
        }
        Err(mut d) => {
            d.path = seen_from_here(site).join(&d.path);
            diagnostics::print(&[d]);
            ExitCode::from(2)
        }
    }
}

fn options(
    site_dir: std::path::PathBuf,
    output: Option<std::path::PathBuf>,
    base_url: Option<String>,
    date: Option<time::Date>,
    strict: bool,
) -> Option<BuildOptions> {
    if let Err(d) = rotalog::site_folder(&site_dir) {
        diagnostics::print(&[d]);
        return None;
    }
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .filter(|s| !s.is_empty());
    match rotalog::build_date(date, epoch.as_deref()) {
        Ok(date) => Some(BuildOptions {
            site_dir,
            output,
            base_url,
            date,
            strict,
        }),
        Err(message) => {
            say!("error: {}", shown(&message));
            None
        }
    }
}

/// Prints a run's diagnostics in `format`: their paths as seen from the
/// current folder, warnings as errors under `--strict`.
fn report(diags: &[diagnostics::Diagnostic], options: &BuildOptions, format: cli::Format) {
    let site = seen_from_here(&options.site_dir);
    let diags: Vec<diagnostics::Diagnostic> = diags
        .iter()
        .map(|d| {
            let mut d = d.clone().under(&site);
            if options.strict {
                d.severity = diagnostics::Severity::Error;
            }
            d
        })
        .collect();
    match format {
        cli::Format::Text => diagnostics::print(&diags),
        cli::Format::Json => {
            use std::io::Write;
            let _ = std::io::stdout().write_all(diagnostics::json_report(&diags).as_bytes());
        }
        cli::Format::Github => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            for d in &diags {
                let _ = writeln!(out, "{}", d.github_annotation());
            }
            drop(out);
            if let Some(file) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty()) {
                let appended = std::fs::OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(&file)
                    .and_then(|mut f| f.write_all(diagnostics::github_summary(&diags).as_bytes()));
                if let Err(e) = appended {
                    say!("warning: cannot write the job summary to GITHUB_STEP_SUMMARY: {e}");
                }
            }
            diagnostics::print_with(&diags, false);
        }
    }
}

/// The site folder as a path from the current folder.
fn seen_from_here(site: &std::path::Path) -> std::path::PathBuf {
    diagnostics::seen_from(std::env::current_dir().ok().as_deref(), site)
}

fn fail(failure: &Failure, what: &str, options: &BuildOptions, format: cli::Format) -> ExitCode {
    report(failure.diagnostics(), options, format);
    match failure {
        Failure::Site(_) if what == "check" => say!("check failed: fix the errors above"),
        Failure::Site(_) => {
            say!("build failed: fix the errors above; the previous output was left untouched")
        }
        Failure::Io(_) => say!("{what} failed; the previous output was left untouched"),
    }
    ExitCode::from(failure.exit_code())
}
