//! Compiling the theme: Tera 2 templates, with every mistake reported at a
//! file and line of the site's theme where there is one (Tera's combined
//! report is read back into problems; a built-in template broken by a site's
//! copy of another is put down to that copy).

use std::collections::BTreeMap;

use tera::Tera;

use super::{Theme, ThemeSources, theme};
use crate::diagnostics::{Diagnostic, Severity};

/// Compiles the theme's templates. A template error is reported against the
/// template's file. When a site's own template breaks built-in templates
/// that use it (a `base.html` without `{% block main %}`, a `macros.html`
/// without a component), the mistake is reported once, at the site's file,
/// not as one error per built-in template.
pub fn compile(sources: ThemeSources) -> Result<Theme, Vec<Diagnostic>> {
    let duplicates = duplicate_components(&sources);
    if !duplicates.is_empty() {
        return Err(duplicates);
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    super::i18n::register(&mut tera, &sources.strings);
    if let Err(e) = tera.add_raw_templates(
        sources
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    ) {
        let hint = "fix the template, or delete your copy to use the built-in one";
        let reports = theme_errors(&e.to_string());
        if reports.is_empty() {
            let mut d = template_error(&sources, &e, "the theme's templates do not compile");
            d.hint = Some(hint.into());
            return Err(vec![d]);
        }
        return Err(compile_errors(&sources, &reports, hint));
    }
    let assets = super::assets::fingerprint(&sources.assets);
    let style_hashes = super::csp::inline_style_hashes(&sources.templates);
    Ok(Theme {
        tera,
        sources,
        assets,
        style_hashes,
    })
}

/// Components defined in more than one template, reported at every
/// definition after the first (by template name), in a stable order. Tera
/// reports only one of them, and which one depends on a hash map's order.
fn duplicate_components(sources: &ThemeSources) -> Vec<Diagnostic> {
    let mut defined: BTreeMap<&str, Vec<(&str, usize, usize)>> = BTreeMap::new();
    let mut templates: Vec<&(String, String)> = sources.templates.iter().collect();
    templates.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in templates {
        for (i, line) in text.lines().enumerate() {
            let mut rest = line;
            let mut offset = 0;
            while let Some(at) = rest.find("{%") {
                let tag = rest[at + 2..].trim_start_matches('-').trim_start();
                if let Some(after) = tag.strip_prefix("component ") {
                    let component: &str = after
                        .trim_start()
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or("");
                    if !component.is_empty() {
                        let column = line[..offset + at].chars().count() + 1;
                        defined
                            .entry(component)
                            .or_default()
                            .push((name, i + 1, column));
                    }
                }
                offset += at + 2;
                rest = &rest[at + 2..];
            }
        }
    }
    let mut diags = Vec::new();
    for (component, places) in defined {
        let Some(&(first, _, _)) = places.first() else {
            continue;
        };
        for &(template, line, column) in places.iter().skip(1).filter(|p| p.0 != first) {
            let source = sources
                .templates
                .iter()
                .find(|(n, _)| n == template)
                .and_then(|(_, text)| text.lines().nth(line - 1));
            diags.push(Diagnostic {
                path: format!("{}/templates/{template}", sources.origin).into(),
                line,
                column,
                length: 2,
                severity: Severity::Error,
                message: format!(
                    "the component `{component}` is defined in both {first} and {template}"
                ),
                hint: Some(
                    "a component is defined in one template: remove one of them (a copy of a built-in template keeps its file name)"
                        .into(),
                ),
                snippet: source.map(|l| crate::diagnostics::Snippet::new(l, column)),
            });
        }
    }
    diags
}

/// One problem of a failed compile, read from Tera's combined report
/// (`error: MESSAGE` then ` --> NAME:LINE:COL`).
struct ThemeError {
    message: String,
    template: String,
    line: usize,
    column: usize,
}

fn theme_errors(report: &str) -> Vec<ThemeError> {
    let lines: Vec<&str> = report.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(place) = lines
            .get(i + 1)
            .and_then(|l| l.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(column), Some(line), Some(template)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(line), Ok(column)) = (line.parse(), column.parse()) else {
            continue;
        };
        out.push(ThemeError {
            message: message.to_string(),
            template: template.to_string(),
            line,
            column,
        });
    }
    out
}

/// Diagnostics for a failed compile: problems in the site's own templates
/// where they are; problems in built-in templates put down to the site's
/// template that took away what they use, once per missing thing.
fn compile_errors(sources: &ThemeSources, reports: &[ThemeError], hint: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // (site template, what is missing) -> the built-in templates that need it
    let mut missing: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for r in reports {
        if sources.is_site(&r.template) {
            diags.push(in_site_template(sources, r, hint));
            continue;
        }
        match culprit(sources, r) {
            Some(key) => missing.entry(key).or_default().push(r.template.clone()),
            None => diags.push(Diagnostic::file(
                format!("{}/templates", sources.origin),
                Severity::Error,
                format!(
                    "the built-in template {} no longer compiles with your theme's templates ({}:{}: {})",
                    r.template, r.template, r.line, r.message
                ),
            )
            .with_hint("compare your templates with the built-in ones (docs/themes.md), or delete your copies")),
        }
    }
    for ((site_file, what), users) in missing {
        diags.push(missing_from_site_template(
            sources, &site_file, &what, users,
        ));
    }
    diags
}

/// A problem in one of the site's own templates, where it is.
fn in_site_template(sources: &ThemeSources, r: &ThemeError, hint: &str) -> Diagnostic {
    let snippet = sources
        .templates
        .iter()
        .find(|(n, _)| *n == r.template)
        .and_then(|(_, text)| text.lines().nth(r.line.saturating_sub(1)))
        .map(|l| crate::diagnostics::Snippet::new(l, r.column));
    Diagnostic {
        path: format!("{}/templates/{}", sources.origin, r.template).into(),
        line: r.line,
        column: r.column,
        length: 1,
        severity: Severity::Error,
        message: format!("the theme's templates do not compile: {}", r.message),
        hint: Some(hint.into()),
        snippet,
    }
}

/// For a problem in a built-in template: the site template that took away
/// what it uses (the one whose built-in version defines it), and what that
/// is (`{% block main %}`).
fn culprit(sources: &ThemeSources, r: &ThemeError) -> Option<(String, String)> {
    let name = backticked(&r.message)?;
    let (marker, what) = if r.message.starts_with("Block ") {
        (
            format!("{{% block {name} %}}"),
            format!("{{% block {name} %}}"),
        )
    } else if r.message.starts_with("Unknown component ") {
        (
            format!("{{% component {name}("),
            format!("{{% component {name} %}}"),
        )
    } else {
        return None;
    };
    theme::TEMPLATES
        .iter()
        .find(|(n, text)| sources.is_site(n) && text.contains(marker.as_str()))
        .map(|(n, _)| (n.to_string(), what))
}

/// One error for everything a site template took away from the built-in
/// templates that use it.
fn missing_from_site_template(
    sources: &ThemeSources,
    site_file: &str,
    what: &str,
    mut users: Vec<String>,
) -> Diagnostic {
    users.sort();
    users.dedup();
    let shown = if users.len() > 3 {
        format!("{} and {} more", users[..3].join(", "), users.len() - 3)
    } else {
        users.join(", ")
    };
    Diagnostic::file(
        format!("{}/templates/{site_file}", sources.origin),
        Severity::Error,
        format!("your {site_file} has no `{what}`, which the built-in templates use ({shown})"),
    )
    .with_hint(format!(
        "put the {what} back into {site_file} (see the built-in one), or delete your copy to use the built-in one"
    ))
}

/// The first `name` in backticks in a message.
fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// A diagnostic located in the template the error came from.
pub(super) fn template_error(sources: &ThemeSources, e: &tera::Error, what: &str) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let Some(r) = report else {
        return Diagnostic::file(
            format!("{}/templates", sources.origin),
            Severity::Error,
            format!("{what}: {e}"),
        );
    };
    let name = r.filename();
    let path = format!("{}/templates/{name}", sources.origin);
    let span = r.span();
    let source_line = sources
        .templates
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, text)| text.lines().nth(span.start_line.saturating_sub(1)))
        .map(|l| crate::diagnostics::Snippet::new(l, span.start_col + 1));
    let length = if span.end_line == span.start_line {
        span.end_col.saturating_sub(span.start_col).max(1)
    } else {
        1
    };
    Diagnostic {
        path: path.into(),
        line: span.start_line,
        column: span.start_col + 1,
        length,
        severity: Severity::Error,
        message: format!("{what}: {}", r.message()),
        hint: None,
        snippet: source_line,
    }
}
