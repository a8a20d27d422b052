//! The translations of a multilingual site checked against site.yaml's
//! `languages` and against the files they translate, then laid into the
//! catalog (`Catalog::translations`); the pages still untranslated are
//! listed as warnings (docs/i18n.md).

use super::Kind;
use super::items::{DecodedTranslation, original_path};
use crate::diagnostics::{Diagnostic, Severity, did_you_mean};
use crate::model::Catalog;
use crate::model::translate::Text;
use crate::routes;

/// Checks each decoded translation and puts the good ones in `catalog`.
/// A translation into a language the site does not have, or into its
/// default one, is an error (E027); one whose original is missing is a
/// warning (W010) and is left out; a FAQ list of another length than the
/// original's is an error (E029).
pub fn attach(
    catalog: &mut Catalog,
    decoded: Vec<DecodedTranslation>,
    diags: &mut Vec<Diagnostic>,
) -> Broken {
    let mut broken = Broken::new();
    let config = &catalog.config;
    let default = config.default_language().to_string();
    let others: Vec<String> = config.languages[1..].to_vec();
    for d in decoded {
        let t = &d.file;
        if t.language == default || !others.contains(&t.language) {
            let message = if t.language == default {
                format!("the file is a translation into `{default}`, the site's default language")
            } else {
                format!(
                    "the file is a translation into `{}`, which is not one of the site's languages",
                    t.language
                )
            };
            let hint = if t.language == default {
                format!(
                    "the text in {default} goes in {}; remove this file",
                    original_path(t).display()
                )
            } else {
                let close =
                    did_you_mean(&t.language, others.iter().map(String::as_str)).or_else(|| {
                        others
                            .iter()
                            .find(|o| o.eq_ignore_ascii_case(&t.language))
                            .map(String::as_str)
                    });
                match close {
                    Some(c) => format!(
                        "did you mean `{}`? Rename the file, or add `{}` to `languages:` in site.yaml",
                        t.rel
                            .display()
                            .to_string()
                            .replace(&format!(".{}.", t.language), &format!(".{c}.")),
                        t.language
                    ),
                    None => format!(
                        "add `{}` to `languages:` in site.yaml (docs/i18n.md), or remove the file",
                        t.language
                    ),
                }
            };
            diags.push(Diagnostic::file(&t.rel, Severity::Error, message).with_hint(hint));
            continue;
        }
        if let Some(mut problems) = fees_mismatch(catalog, &d.bundles_site, &d.tier_sites) {
            diags.append(&mut problems);
            broken.insert((t.language.clone(), text_of(t.kind, &t.slug)));
            continue;
        }
        let Some(text) = d.text else {
            // Its errors are reported already; not "untranslated" as well.
            broken.insert((t.language.clone(), text_of(t.kind, &t.slug)));
            continue;
        };
        let original_faqs = match t.kind {
            Kind::Faqs => Some(catalog.faqs.len()),
            Kind::Program => catalog
                .programs
                .iter()
                .find(|p| p.slug == t.slug)
                .map(|p| p.faqs.len()),
            _ => None,
        };
        if !original_exists(catalog, t.kind, &t.slug) {
            let original = original_path(t);
            let slugs = slugs(catalog, t.kind);
            let hint = match did_you_mean(&t.slug, slugs.iter().map(String::as_str)) {
                Some(close) => format!(
                    "did you mean {}? A translation is named after the file it translates",
                    t.rel
                        .with_file_name(format!("{close}.{}.md", t.language))
                        .display()
                ),
                None => format!(
                    "write {} first, with the facts; the translation gives only its text",
                    original.display()
                ),
            };
            diags.push(
                Diagnostic::file(
                    &t.rel,
                    Severity::Warning,
                    format!(
                        "there is no {} for this translation to translate, so it is not published",
                        original.display()
                    ),
                )
                .with_hint(hint),
            );
            continue;
        }
        if let (Some((mut site, count)), Some(expected)) = (d.faqs_site, original_faqs)
            && count != expected
        {
            site.message = format!(
                "the number of translated questions ({count}) is not that of {} ({expected})",
                original_path(t).display()
            );
            site.hint = Some("translate every question of the original, in its order (each `q:` with its `a:`); topics are not repeated".into());
            diags.push(site);
            broken.insert((t.language.clone(), text_of(t.kind, &t.slug)));
            continue;
        }
        let into = catalog.translations.entry(t.language.clone()).or_default();
        let slug = t.slug.clone();
        match t.kind {
            Kind::Home => into.home = Some(text),
            Kind::Specialty => _ = into.specialties.insert(slug, text),
            Kind::Hospital => _ = into.hospitals.insert(slug, text),
            Kind::Program => _ = into.programs.insert(slug, text),
            Kind::Page => _ = into.pages.insert(slug, text),
            Kind::Post => _ = into.posts.insert(slug, text),
            Kind::Faqs => into.faqs = Some(text.faqs),
            Kind::Fees => into.fees = text.fees,
        }
    }
    broken
}

/// Translations with mistakes, by language and text: reported already.
pub type Broken = std::collections::HashSet<(String, Text)>;

fn text_of(kind: Kind, slug: &str) -> Text {
    let slug = slug.to_string();
    match kind {
        Kind::Home => Text::Home,
        Kind::Faqs => Text::Faqs,
        Kind::Fees => Text::Fees,
        Kind::Specialty => Text::Specialty(slug),
        Kind::Hospital => Text::Hospital(slug),
        Kind::Program => Text::Program(slug),
        Kind::Page => Text::Page(slug),
        Kind::Post => Text::Post(slug),
    }
}

/// W011 for every page of a non-default language still shown in the
/// default one, at the file to translate (but those whose translation has
/// mistakes, `broken`).
pub fn untranslated(catalog: &Catalog, broken: &Broken) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for language in &catalog.config.languages[1..] {
        let prefix = catalog.config.prefix_of(language);
        for text in catalog.untranslated_in(language) {
            if broken.contains(&(language.clone(), text.clone())) {
                continue;
            }
            let (route, file) = place(&text);
            let translation = match file.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{language}.{ext}"),
                None => file.clone(),
            };
            out.push(
                Diagnostic::file(
                    &file,
                    Severity::Warning,
                    format!("not translated into `{language}`: {prefix}{route} shows this text, with a note saying so"),
                )
                .with_hint(format!("write {translation} with the translated text (docs/i18n.md)")),
            );
        }
    }
    out
}

/// The page a text shows on and the file it is written in.
fn place(text: &Text) -> (String, String) {
    match text {
        Text::Home => (routes::home(), "content/_index.md".into()),
        Text::Faqs => (routes::faq(), "content/faqs.yaml".into()),
        Text::Fees => (routes::fees(), "content/fees.yaml".into()),
        Text::Specialty(s) => (routes::specialty(s), format!("content/specialties/{s}.md")),
        Text::Hospital(s) => (routes::hospital(s), format!("content/hospitals/{s}.md")),
        Text::Program(s) => (routes::program(s), format!("content/programs/{s}.md")),
        Text::Page(s) => (routes::page(s), format!("content/pages/{s}.md")),
        Text::Post(s) => (routes::post(s), format!("content/posts/{s}.md")),
    }
}

/// A fees translation's bundles and refund tiers against fees.yaml's: as
/// many bundle names as bundles (E029), only tiers fees.yaml has (E014).
fn fees_mismatch(
    catalog: &Catalog,
    bundles: &Option<(Diagnostic, usize)>,
    tiers: &[(Diagnostic, String)],
) -> Option<Vec<Diagnostic>> {
    let mut out = Vec::new();
    if let Some((site, count)) = bundles {
        let expected = catalog.fees.bundles.len();
        if *count != expected {
            let mut d = site.clone();
            d.message = format!(
                "the number of translated bundles ({count}) is not that of content/fees.yaml ({expected})"
            );
            d.hint = Some("give the name of every bundle of fees.yaml, in its order; the weeks and percentages are not repeated".into());
            out.push(d);
        }
    }
    let names: Vec<&str> = catalog
        .fees
        .refund_tiers
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    for (site, name) in tiers {
        if !names.contains(&name.as_str()) {
            let mut d = site.clone();
            d.message = format!("unknown refund tier `{name}`");
            d.hint = Some(match did_you_mean(name, names.iter().copied()) {
                Some(close) => format!(
                    "did you mean `{close}`? A translation names fees.yaml's tiers as they are"
                ),
                None => format!(
                    "the tiers are {}; a translation names them as they are",
                    names.join(", ")
                ),
            });
            out.push(d);
        }
    }
    (!out.is_empty()).then_some(out)
}

fn slugs(catalog: &Catalog, kind: Kind) -> Vec<String> {
    match kind {
        Kind::Specialty => catalog.specialties.iter().map(|s| s.slug.clone()).collect(),
        Kind::Hospital => catalog.hospitals.iter().map(|s| s.slug.clone()).collect(),
        Kind::Program => catalog.programs.iter().map(|s| s.slug.clone()).collect(),
        Kind::Page => catalog.pages.iter().map(|s| s.slug.clone()).collect(),
        Kind::Post => catalog.posts.iter().map(|s| s.slug.clone()).collect(),
        _ => Vec::new(),
    }
}

fn original_exists(catalog: &Catalog, kind: Kind, slug: &str) -> bool {
    match kind {
        Kind::Home => true,
        Kind::Faqs => !catalog.faqs.is_empty(),
        Kind::Fees => catalog.fees.has_text(),
        _ => slugs(catalog, kind).iter().any(|s| s == slug),
    }
}
