//! `rotalog new KIND SLUG`: a new content file with every field of its kind
//! (from the model's field table, [`crate::model::schema`]): the required
//! ones filled in with values that build, the optional ones commented out,
//! each under a one-line explanation. Never overwrites a file.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use time::Date;

use crate::diagnostics::{Diagnostic, Severity, did_you_mean};
use crate::model::schema::{self, Field, Object, RefKind, Ty};
use crate::routes;

/// What `rotalog new` can create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewKind {
    Program,
    Hospital,
    Specialty,
    Page,
    Post,
}

impl NewKind {
    /// The folder under content/.
    pub fn folder(self) -> &'static str {
        match self {
            NewKind::Program => "programs",
            NewKind::Hospital => "hospitals",
            NewKind::Specialty => "specialties",
            NewKind::Page => "pages",
            NewKind::Post => "posts",
        }
    }

    fn shape(self) -> &'static Object {
        match self {
            NewKind::Program => &schema::PROGRAM,
            NewKind::Hospital => &schema::HOSPITAL,
            NewKind::Specialty => &schema::SPECIALTY,
            NewKind::Page => &schema::PAGE,
            NewKind::Post => &schema::POST,
        }
    }

    fn name(self) -> &'static str {
        match self {
            NewKind::Program => "program",
            NewKind::Hospital => "hospital",
            NewKind::Specialty => "specialty",
            NewKind::Page => "page",
            NewKind::Post => "post",
        }
    }
}

/// What to create.
pub struct Request<'a> {
    pub site_dir: &'a Path,
    pub kind: NewKind,
    pub slug: &'a str,
    pub specialty: Option<&'a str>,
    pub hospital: Option<&'a str>,
    /// Today: the post's date, `last_verified`, and the example starts.
    pub today: Date,
}

/// Writes the new file; returns its path (inside `site_dir`).
pub fn create(req: &Request) -> Result<PathBuf, Diagnostic> {
    let rel = PathBuf::from("content")
        .join(req.kind.folder())
        .join(format!("{}.md", req.slug));
    let err = |message: String, hint: String| {
        Diagnostic::file(&rel, Severity::Error, message).with_hint(hint)
    };
    if !routes::is_slug(req.slug) {
        return Err(err(
            format!(
                "`{}` is not a usable file name for a {}",
                req.slug,
                req.kind.name()
            ),
            format!(
                "use lowercase letters, digits and `-` between words, e.g. `{}`",
                crate::markdown::slugify(req.slug)
            ),
        ));
    }
    if req.kind == NewKind::Page && routes::RESERVED.contains(&req.slug) {
        return Err(err(
            format!("`{}` is a section the site makes itself", req.slug),
            "choose another name for the page, e.g. `about` or `contact`".to_string(),
        ));
    }
    if !req.site_dir.join("site.yaml").is_file() {
        return Err(Diagnostic::file(
            req.site_dir,
            Severity::Error,
            format!("no site.yaml in {}", req.site_dir.display()),
        )
        .with_hint("run `rotalog new` in a site folder, or give it with --site DIR"));
    }
    let target = req.site_dir.join(&rel);
    if target.exists() {
        return Err(err(
            format!(
                "{} already exists: `rotalog new` never overwrites a file",
                rel.display()
            ),
            "choose another name, or edit the file that is there".to_string(),
        ));
    }
    let known = crate::content::known_values(req.site_dir);
    let refs = Refs {
        specialty: pick(
            req.specialty,
            &known.specialties,
            "specialty",
            "--specialty",
        )?,
        hospital: pick(req.hospital, &known.hospitals, "hospital", "--hospital")?,
        tier: known.tiers.first().cloned(),
    };
    let text = file_text(req, &refs);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::file(
                parent,
                Severity::Error,
                format!("cannot create {}: {e}", parent.display()),
            )
        })?;
    }
    // `create_new`: never replace a file that appeared meanwhile.
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    written.map_err(|e| {
        Diagnostic::file(
            &rel,
            Severity::Error,
            format!("cannot write {}: {e}", rel.display()),
        )
    })?;
    Ok(rel)
}

/// The specialty and hospital a new program names.
struct Refs {
    specialty: Option<String>,
    hospital: Option<String>,
    tier: Option<String>,
}

/// `--specialty`/`--hospital` checked against the site's files; without
/// it, the site's first one (or none, if it has none).
fn pick(
    given: Option<&str>,
    known: &[String],
    what: &str,
    flag: &str,
) -> Result<Option<String>, Diagnostic> {
    let Some(given) = given else {
        return Ok(known.first().cloned());
    };
    if known.iter().any(|k| k == given) {
        return Ok(Some(given.to_string()));
    }
    let folder = if what == "specialty" {
        "specialties"
    } else {
        "hospitals"
    };
    let hint = match did_you_mean(given, known.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{flag} {s}`?"),
        None if known.is_empty() => {
            format!("the site has no {what} yet: create one first with `rotalog new {what} SLUG`")
        }
        None => format!("the site's are: {}", known.join(", ")),
    };
    Err(Diagnostic::file(
        format!("content/{folder}"),
        Severity::Error,
        format!("there is no {what} `{given}` (no content/{folder}/{given}.md)"),
    )
    .with_hint(hint))
}

/// `im-hands-on` → `Im Hands On`: a title to replace.
fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first day of the month `n` months after `today`'s.
fn month_start(today: Date, n: u8) -> Date {
    let mut year = today.year();
    let mut month = u8::from(today.month()) + n;
    while month > 12 {
        month -= 12;
        year += 1;
    }
    let month = time::Month::try_from(month).expect("1-12");
    Date::from_calendar_date(year, month, 1).expect("the first of a month exists")
}

/// The value written for a field, and a comment saying what to change.
fn value(req: &Request, refs: &Refs, f: &Field) -> (String, Option<String>) {
    let title = title_from_slug(req.slug);
    match (f.name, &f.ty) {
        ("title" | "name", Ty::Text) => (title, Some("change it to the real one".into())),
        (_, Ty::Ref(RefKind::Specialty)) => match &refs.specialty {
            Some(s) => (s.clone(), None),
            None => (
                f.example.to_string(),
                Some("create it: rotalog new specialty SLUG".into()),
            ),
        },
        (_, Ty::Ref(RefKind::Hospital)) => match &refs.hospital {
            Some(s) => (s.clone(), None),
            None => (
                f.example.to_string(),
                Some("create it: rotalog new hospital SLUG".into()),
            ),
        },
        (_, Ty::Tier) => (
            refs.tier
                .clone()
                .unwrap_or_else(|| "\"Full refund up to 30 days before the start.\"".to_string()),
            None,
        ),
        ("starts", _) => (
            format!(
                "[{}, {}]",
                month_start(req.today, 2),
                month_start(req.today, 3)
            ),
            None,
        ),
        (_, Ty::Date) => (req.today.to_string(), None),
        (_, Ty::Choice(entries)) => {
            let values: Vec<&str> = entries.iter().map(|(slug, _)| *slug).collect();
            (
                f.example.to_string(),
                Some(format!("one of: {}", values.join(", "))),
            )
        }
        _ if f.required && !matches!(f.ty, Ty::Object(_)) => {
            (f.example.to_string(), Some("an example: replace it".into()))
        }
        _ => (f.example.to_string(), None),
    }
}

/// Writes `shape`'s fields at `indent`: required ones as values, optional
/// ones commented out, each under its explanation.
fn fields(out: &mut String, req: &Request, refs: &Refs, shape: &Object, indent: &str) {
    for f in shape.fields {
        let wanted = f.required || shape.exactly_one_of.first() == Some(&f.name);
        let (v, note) = value(req, refs, f);
        match note {
            Some(n) => {
                let _ = writeln!(out, "{indent}# {} ({n})", f.doc);
            }
            None => {
                let _ = writeln!(out, "{indent}# {}", f.doc);
            }
        }
        match (&f.ty, wanted) {
            (Ty::Object(inner), true) => {
                let _ = writeln!(out, "{indent}{}:", f.name);
                fields(out, req, refs, inner, &format!("{indent}  "));
            }
            (_, true) => {
                let _ = writeln!(out, "{indent}{}: {v}", f.name);
            }
            (_, false) => {
                let _ = writeln!(out, "{indent}# {}: {v}", f.name);
            }
        }
    }
}

fn file_text(req: &Request, refs: &Refs) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(
        out,
        "# A new {} (rotalog new). Lines starting with # are comments: take the `# `",
        req.kind.name()
    );
    let _ = writeln!(
        out,
        "# off a field's line to use it. Fields: docs/content-model.md."
    );
    fields(&mut out, req, refs, req.kind.shape(), "");
    out.push_str("---\n");
    out.push_str(match req.kind {
        NewKind::Program => {
            "**Schedule.** What a week looks like.\n\n**What you will do.** The trainee's duties.\n"
        }
        NewKind::Hospital => "What a visiting trainee should know about the hospital.\n",
        NewKind::Specialty => "What the specialty covers, for an applicant choosing one.\n",
        NewKind::Page => "The page's text, in Markdown.\n",
        NewKind::Post => "The post's text, in Markdown.\n",
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_months() {
        assert_eq!(title_from_slug("im-hands-on"), "Im Hands On");
        let d = Date::from_calendar_date(2026, time::Month::November, 22).unwrap();
        assert_eq!(month_start(d, 2).to_string(), "2027-01-01");
        assert_eq!(month_start(d, 3).to_string(), "2027-02-01");
    }
}
