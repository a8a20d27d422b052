//! A catalog in another of the site's languages: the translations editors
//! wrote (`<slug>.<lang>.md`, `faqs.<lang>.yaml`) laid over the text of the
//! default-language files. Only text is translated; every fact (fees,
//! dates, eligibility, references) stays the default file's, so the
//! languages can never disagree about one (docs/i18n.md).

use std::collections::{BTreeMap, BTreeSet};

use super::{Catalog, Markdown};

/// The text of one content file in another language. A field left out
/// keeps the default-language file's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Translation {
    /// `title` (program, page, post, home) or `name` (specialty, hospital).
    pub title: Option<String>,
    /// `summary` (program, specialty) or `description` (page, post, home).
    pub summary: Option<String>,
    /// The Markdown body, when the translation has one.
    pub body: Option<Markdown>,
    /// A program's FAQs, in the original's order: (question, answer).
    pub faqs: Vec<(String, Markdown)>,
    /// `fees.<lang>.yaml`'s text.
    pub fees: Option<FeesText>,
}

/// A text an editor writes, which a translation may give: the key of
/// `Catalog::untranslated`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Text {
    Home,
    /// faqs.yaml
    Faqs,
    /// fees.yaml's text (bundle names, refund terms, deposit method, aid)
    Fees,
    Specialty(String),
    Hospital(String),
    Program(String),
    Page(String),
    Post(String),
}

/// Every translation into one language, by kind and slug.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Translations {
    pub home: Option<Translation>,
    pub specialties: BTreeMap<String, Translation>,
    pub hospitals: BTreeMap<String, Translation>,
    pub programs: BTreeMap<String, Translation>,
    pub pages: BTreeMap<String, Translation>,
    pub posts: BTreeMap<String, Translation>,
    /// `faqs.<lang>.yaml`: the site's FAQs in faqs.yaml's order.
    pub faqs: Option<Vec<(String, Markdown)>>,
    /// `fees.<lang>.yaml`: fees.yaml's text.
    pub fees: Option<FeesText>,
}

/// The text of fees.yaml in another language; its amounts, days and
/// percentages stay fees.yaml's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeesText {
    /// Each bundle's name, in fees.yaml's order.
    pub bundles: Vec<String>,
    /// A refund tier's name -> its sentence.
    pub refund_tiers: BTreeMap<String, String>,
    pub deposit_method: Option<String>,
    pub financial_aid: Option<Markdown>,
}

impl super::FeePolicy {
    /// Whether fees.yaml has any text to translate.
    pub fn has_text(&self) -> bool {
        !self.bundles.is_empty()
            || !self.refund_tiers.is_empty()
            || self.deposit_method.is_some()
            || self.financial_aid.is_some()
    }
}

impl Catalog {
    /// The catalog as its `language` pages show it: each translated text in
    /// place of the default one, `config.language` and `config.lang_prefix`
    /// set, and `untranslated` naming the texts still in the default
    /// language. For the default language, the catalog as it is.
    pub fn localized(&self, language: &str) -> Catalog {
        let mut c = Catalog {
            translations: BTreeMap::new(),
            ..self.clone()
        };
        if language == self.config.default_language() {
            return c;
        }
        c.untranslated = self.untranslated_in(language);
        c.config.lang_prefix = self.config.prefix_of(language);
        c.config.language = language.to_string();
        let Some(t) = self.translations.get(language) else {
            return c;
        };
        if let Some(tr) = &t.home {
            lay(&mut c.home.title, &tr.title);
            lay(&mut c.home.description, &tr.summary);
            body(&mut c.home.body, tr);
        }
        for s in &mut c.specialties {
            if let Some(tr) = t.specialties.get(&s.slug) {
                set(&mut s.name, &tr.title);
                set(&mut s.summary, &tr.summary);
                body(&mut s.body, tr);
            }
        }
        for h in &mut c.hospitals {
            if let Some(tr) = t.hospitals.get(&h.slug) {
                set(&mut h.name, &tr.title);
                body(&mut h.body, tr);
            }
        }
        for p in &mut c.programs {
            if let Some(tr) = t.programs.get(&p.slug) {
                set(&mut p.title, &tr.title);
                lay(&mut p.summary, &tr.summary);
                body(&mut p.body, tr);
                faqs(&mut p.faqs, &tr.faqs);
            }
        }
        for p in &mut c.pages {
            if let Some(tr) = t.pages.get(&p.slug) {
                set(&mut p.title, &tr.title);
                lay(&mut p.description, &tr.summary);
                body(&mut p.body, tr);
            }
        }
        for p in &mut c.posts {
            if let Some(tr) = t.posts.get(&p.slug) {
                set(&mut p.title, &tr.title);
                lay(&mut p.description, &tr.summary);
                body(&mut p.body, tr);
            }
        }
        if let Some(list) = &t.faqs {
            faqs(&mut c.faqs, list);
        }
        if let Some(f) = &t.fees {
            fees(&mut c, f);
        }
        c
    }

    /// The texts with no translation into `language` (none for the default
    /// language), whose pages show the default language's text. A hospital
    /// with no text of its own is all facts and interface, so never listed.
    pub fn untranslated_in(&self, language: &str) -> BTreeSet<Text> {
        if language == self.config.default_language() {
            return BTreeSet::new();
        }
        let none = Translations::default();
        let t = self.translations.get(language).unwrap_or(&none);
        let mut missing = BTreeSet::new();
        if t.home.is_none() {
            missing.insert(Text::Home);
        }
        if t.faqs.is_none() && !self.faqs.is_empty() {
            missing.insert(Text::Faqs);
        }
        if t.fees.is_none() && self.fees.has_text() {
            missing.insert(Text::Fees);
        }
        let slugs = |have: &BTreeMap<String, Translation>, slug: &str| !have.contains_key(slug);
        missing.extend(
            self.specialties
                .iter()
                .filter(|s| slugs(&t.specialties, &s.slug))
                .map(|s| Text::Specialty(s.slug.clone())),
        );
        missing.extend(
            self.hospitals
                .iter()
                .filter(|h| !h.body.html.is_empty() && slugs(&t.hospitals, &h.slug))
                .map(|h| Text::Hospital(h.slug.clone())),
        );
        missing.extend(
            self.programs
                .iter()
                .filter(|p| slugs(&t.programs, &p.slug))
                .map(|p| Text::Program(p.slug.clone())),
        );
        missing.extend(
            self.pages
                .iter()
                .filter(|p| slugs(&t.pages, &p.slug))
                .map(|p| Text::Page(p.slug.clone())),
        );
        missing.extend(
            self.posts
                .iter()
                .filter(|p| slugs(&t.posts, &p.slug))
                .map(|p| Text::Post(p.slug.clone())),
        );
        missing
    }
}

/// fees.yaml's translated text laid over the policy and over what programs
/// took from it (their tier's sentence, the deposit method, bundle names).
fn fees(c: &mut Catalog, f: &FeesText) {
    let renamed: BTreeMap<String, String> = c
        .fees
        .bundles
        .iter()
        .zip(&f.bundles)
        .map(|(b, name)| (b.name.clone(), name.clone()))
        .collect();
    for (b, name) in c.fees.bundles.iter_mut().zip(&f.bundles) {
        b.name.clone_from(name);
    }
    for (tier, text) in &mut c.fees.refund_tiers {
        if let Some(t) = f.refund_tiers.get(tier) {
            text.clone_from(t);
        }
    }
    let method = c.fees.deposit_method.clone();
    if f.deposit_method.is_some() {
        c.fees.deposit_method.clone_from(&f.deposit_method);
    }
    if f.financial_aid.is_some() {
        c.fees.financial_aid.clone_from(&f.financial_aid);
    }
    for p in &mut c.programs {
        if let Some(super::Refund::Tier { name, text }) = &mut p.refund
            && let Some(t) = f.refund_tiers.get(name)
        {
            text.clone_from(t);
        }
        // The policy's method, which the program did not set itself.
        if f.deposit_method.is_some() && p.deposit_method == method {
            p.deposit_method.clone_from(&f.deposit_method);
        }
        for cost in &mut p.costs {
            if let Some(d) = &mut cost.discount
                && let Some(name) = renamed.get(&d.name)
            {
                d.name.clone_from(name);
            }
        }
    }
}

fn set(target: &mut String, with: &Option<String>) {
    if let Some(t) = with {
        target.clone_from(t);
    }
}

fn lay(target: &mut Option<String>, with: &Option<String>) {
    if with.is_some() {
        target.clone_from(with);
    }
}

fn body(target: &mut Markdown, tr: &Translation) {
    if let Some(b) = &tr.body {
        target.clone_from(b);
    }
}

fn faqs(target: &mut [super::Faq], with: &[(String, Markdown)]) {
    for (faq, (q, a)) in target.iter_mut().zip(with) {
        faq.question.clone_from(q);
        faq.answer = a.clone();
    }
}
