//! The command line: `build`, `check`, `serve` and `init`, their flags and help.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "rotalog",
    version,
    about = "Build a fast, searchable website from a catalog of clinical rotation programs."
)]
#[command(
    after_help = "Exit codes: 0 success, 1 mistakes in the site, 2 usage or I/O failure.\nDiagnostics are printed as path:line:column; set NO_COLOR to disable colour."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate the site and write it to the output folder (atomically).
    Build {
        /// The site folder (holding site.yaml and content/).
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Where to write the site [default: SITE_DIR/output].
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Override site.yaml's base_url, e.g. for a preview deployment.
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
        base_url: Option<String>,
        /// The build date, deciding which start dates are still open
        /// [default: SOURCE_DATE_EPOCH, else today in UTC].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<time::Date>,
        /// Treat warnings as errors: fail (exit code 1) if there are any.
        #[arg(long)]
        strict: bool,
    },
    /// Run every validation, internal links included; write nothing.
    Check {
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
        base_url: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<time::Date>,
        /// Treat warnings as errors: fail (exit code 1) if there are any.
        #[arg(long)]
        strict: bool,
        /// How to print the problems: `text` for people, `json` (one JSON
        /// document on stdout) or `github` (workflow annotations on stdout
        /// and a job summary in $GITHUB_STEP_SUMMARY) for tools.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Preview the site while you write: build it, serve it on this computer,
    /// and rebuild and reload the browser on every save.
    Serve {
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but 127.0.0.1 or ::1 lets other
        /// computers on your network see the preview.
        #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in your web browser.
        #[arg(long)]
        open: bool,
        /// Watch by polling instead of file system events (network drives,
        /// some containers); used automatically when the system's limit is reached.
        #[arg(long)]
        poll: bool,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<time::Date>,
    },
    /// Write JSON Schemas of every kind of file into DIR/.rotalog/schema/,
    /// for completion and checking in editors (VS Code's YAML extension).
    Schema {
        /// The site folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a new content file with every field: the required ones
    /// filled in, the optional ones commented out with what they mean.
    New {
        /// What to create.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its file name without .md: lowercase words joined by `-`.
        slug: String,
        /// A new program's specialty (a file name in content/specialties/)
        /// [default: the site's first].
        #[arg(long, value_name = "SLUG")]
        specialty: Option<String>,
        /// A new program's hospital (a file name in content/hospitals/)
        /// [default: the site's first].
        #[arg(long, value_name = "SLUG")]
        hospital: Option<String>,
        /// The site folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        site: PathBuf,
        /// Today, for dates written into the file
        /// [default: SOURCE_DATE_EPOCH, else today in UTC].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<time::Date>,
    },
    /// Create a new site with a small, working example catalog.
    Init {
        /// The folder to create (must not exist or be empty).
        dir: PathBuf,
    },
}

/// `rotalog new KIND`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewKind {
    Program,
    Hospital,
    Specialty,
    Page,
    Post,
}

impl From<NewKind> for rotalog::scaffold::NewKind {
    fn from(k: NewKind) -> Self {
        use rotalog::scaffold::NewKind as K;
        match k {
            NewKind::Program => K::Program,
            NewKind::Hospital => K::Hospital,
            NewKind::Specialty => K::Specialty,
            NewKind::Page => K::Page,
            NewKind::Post => K::Post,
        }
    }
}

/// `rotalog check --format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Github,
}

fn parse_base_url(s: &str) -> Result<String, String> {
    rotalog::content::decode::check_base_url(s)
        .map(|()| s.to_string())
        .map_err(|why| {
            format!(
                "`{s}` is not usable: {why}; {}",
                rotalog::content::config::BASE_URL_HINT
            )
        })
}

fn parse_date(s: &str) -> Result<time::Date, String> {
    rotalog::content::decode::parse_date(s)
        .map_err(|why| format!("`{s}` is not a date ({why}); write YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap's own check of the definition: conflicting names, defaults that
    /// do not parse, bad `value_name`s… (clap recommends this test).
    #[test]
    fn the_command_line_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
