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
        } => match options(site_dir, output, base_url, date) {
            Some(options) => build(&options),
            None => ExitCode::from(2),
        },
        cli::Command::Check {
            site_dir,
            base_url,
            date,
        } => match options(site_dir, None, base_url, date) {
            Some(options) => check(&options),
            None => ExitCode::from(2),
        },
        cli::Command::Serve {
            site_dir,
            port,
            bind,
            open,
            poll,
            date,
        } => match options(site_dir, None, None, date) {
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
    }
}

fn build(options: &BuildOptions) -> ExitCode {
    let started = std::time::Instant::now();
    match rotalog::build(options) {
        Ok((generated, out)) => {
            diagnostics::print(&generated.warnings);
            say!(
                "built {} programs, {} files into {} in {} ms",
                generated.programs,
                generated.file_count,
                shown(&out.display().to_string()),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => fail(&failure, "build"),
    }
}

fn check(options: &BuildOptions) -> ExitCode {
    match rotalog::check(options) {
        Ok(generated) => {
            diagnostics::print(&generated.warnings);
            say!(
                "checked {} programs and {} pages: no errors",
                generated.programs,
                generated.file_count
            );
            ExitCode::SUCCESS
        }
        Err(failure) => fail(&failure, "check"),
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
            ExitCode::SUCCESS
        }
        Err(d) => {
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
        }),
        Err(message) => {
            say!("error: {}", shown(&message));
            None
        }
    }
}

fn fail(failure: &Failure, what: &str) -> ExitCode {
    diagnostics::print(failure.diagnostics());
    match failure {
        Failure::Site(_) if what == "check" => say!("check failed: fix the errors above"),
        Failure::Site(_) => {
            say!("build failed: fix the errors above; the previous output was left untouched")
        }
        Failure::Io(_) => say!("{what} failed; the previous output was left untouched"),
    }
    ExitCode::from(failure.exit_code())
}
