//! Decoding each kind of content file, then resolving references between
//! them and computing the derived facts. Every known field of every kind is
//! listed in a `*_FIELDS` table beside its decoder: a field not listed is a
//! typo. One file per kind: `pages`, `places` (specialties, hospitals),
//! `program`, `data` (FAQs, fees); then `resolve`.

mod data;
mod pages;
mod places;
mod program;
mod resolve;
mod translation;

use data::*;
use pages::*;
use places::*;
use program::*;
pub use resolve::{resolve, resolve_into};
pub use translation::{DecodedTranslation, decode_translation, original_path};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use time::Date;

use super::config;
use super::decode::{self, Ctx, Field, Schemes, SourceFile, fields};
use super::image::{self, Statics};
use super::yaml::{Node, Value};
use super::{Kind, LinkCheck, frontmatter, parse_yaml, read, render_markdown};
use crate::diagnostics::{Diagnostic, Severity, did_you_mean};
use crate::model::config::{Config, fill_template};
use crate::model::timeline::RefundStep;
use crate::model::*;
use crate::routes;

/// One decoded file.
#[derive(Clone)]
pub struct Decoded {
    pub item: Item,
    pub diagnostics: Vec<Diagnostic>,
    pub links: Vec<LinkCheck>,
    /// Where each alias is, in order, for `resolve`'s messages about it.
    pub alias_sites: Vec<Diagnostic>,
}

#[derive(Clone)]
pub enum Item {
    Nothing,
    Home(Home),
    Specialty(Specialty),
    Hospital(Hospital),
    Program(Box<RawProgram>),
    Page(Page),
    Post(Post),
    Faqs(Vec<Faq>),
    Fees(FeePolicy),
}

/// Everything decoded, before references are resolved.
#[derive(Default)]
pub struct Parts {
    home: Option<Home>,
    specialties: Vec<Specialty>,
    hospitals: Vec<Hospital>,
    programs: Vec<RawProgram>,
    pages: Vec<Page>,
    posts: Vec<Post>,
    faqs: Vec<Faq>,
    fees: Option<FeePolicy>,
    /// Files that had errors, by kind and stem: not reported again when referenced.
    pub broken: HashSet<(Kind, String)>,
    /// Where each file's aliases are written (`Decoded::alias_sites`), by
    /// kind and stem.
    pub alias_sites: HashMap<(Kind, String), Vec<Diagnostic>>,
}

impl Parts {
    pub fn add(&mut self, item: Item) {
        match item {
            Item::Nothing => {}
            Item::Home(h) => self.home = Some(h),
            Item::Specialty(s) => self.specialties.push(s),
            Item::Hospital(h) => self.hospitals.push(h),
            Item::Program(p) => self.programs.push(*p),
            Item::Page(p) => self.pages.push(p),
            Item::Post(p) => self.posts.push(p),
            Item::Faqs(f) => self.faqs = f,
            Item::Fees(f) => self.fees = Some(f),
        }
    }
}

/// A program as written, with the positions of what `resolve` still checks.
#[derive(Clone)]
pub struct RawProgram {
    file: SourceFile,
    /// `None` when the file has errors: its references are still checked
    /// (so one mistake never hides another), but it is left out of the site.
    program: Option<ProgramDraft>,
    slug: String,
    specialty: Option<Spanned<String>>,
    hospital: Option<Spanned<String>>,
    refund: Option<Spanned<String>>,
    /// Where `fee.deposit` is, checked against the totals once bundles are known.
    deposit_pos: Pos,
    /// Where the editorial checks point (`resolve::editorial`).
    marks: Marks,
}

/// Where a program's `starts` and `last_verified` are written.
#[derive(Clone, Copy, Default)]
pub struct Marks {
    starts: Pos,
    last_verified: Pos,
}

use super::yaml::Pos;

/// Reads and decodes one content file.
pub fn decode_file(
    site_dir: &Path,
    rel: &Path,
    kind: Kind,
    base_path: &str,
    statics: &Statics,
) -> Decoded {
    let mut out = Decoded {
        item: Item::Nothing,
        diagnostics: Vec::new(),
        links: Vec::new(),
        alias_sites: Vec::new(),
    };
    let text = match read(site_dir, rel) {
        Ok(t) => t,
        Err(d) => {
            out.diagnostics.push(d);
            return out;
        }
    };
    let file = SourceFile::new(rel.to_path_buf(), text);
    let slug = rel
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut ctx = Ctx::new(&file);
    let mut links = Vec::new();

    let item = match kind {
        Kind::Faqs | Kind::Fees => data_file(&mut ctx, kind, base_path, &mut links),
        _ => markdown_file(&mut ctx, kind, slug, base_path, &mut links, statics),
    };
    finish(out, ctx, links, item)
}

/// `faqs.yaml` or `fees.yaml`.
fn data_file(ctx: &mut Ctx, kind: Kind, base_path: &str, links: &mut Vec<LinkCheck>) -> Item {
    let Some(root) = parse_yaml(ctx, &ctx.file.text, 1) else {
        return Item::Nothing;
    };
    match kind {
        Kind::Faqs => Item::Faqs(faqs(ctx, &root, base_path, links)),
        _ => fees(ctx, &root, base_path, links).map_or(Item::Nothing, Item::Fees),
    }
}

/// A Markdown file with front matter: its body rendered, its fields decoded
/// by kind.
fn markdown_file(
    ctx: &mut Ctx,
    kind: Kind,
    slug: String,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
    statics: &Statics,
) -> Item {
    let Some(FrontMatter {
        root,
        body,
        syntax_error: has_syntax_error,
        ..
    }) = front_matter_and_body(ctx, base_path, links)
    else {
        return Item::Nothing;
    };
    let empty = Node {
        value: Value::Map(Vec::new()),
        pos: Pos {
            line: 1,
            column: 1,
            len: 3,
        },
    };
    let root = match root {
        Some(r) if r.is_null() => empty,
        Some(r) => r,
        None if has_syntax_error => return Item::Nothing,
        None => empty,
    };
    match kind {
        Kind::Home => home(ctx, &root, body),
        Kind::Specialty => specialty(ctx, &root, slug, body, statics),
        Kind::Hospital => hospital(ctx, &root, slug, body, statics),
        Kind::Program => program(ctx, &root, slug, body, base_path, links, statics),
        Kind::Page => page(ctx, &root, slug, body),
        Kind::Post => post(ctx, &root, slug, body),
        Kind::Faqs | Kind::Fees => Item::Nothing,
    }
}

/// A Markdown file split: its front matter's YAML and its rendered body.
pub(super) struct FrontMatter {
    pub root: Option<Node>,
    pub body: Markdown,
    /// Whether the body has no text at all.
    pub blank: bool,
    /// Whether the YAML had a syntax error (reported).
    pub syntax_error: bool,
}

/// Splits `ctx.file` into its front matter, parsed, and its body,
/// rendered with its links collected; `None` when the `---` fences are
/// wrong (reported).
pub(super) fn front_matter_and_body(
    ctx: &mut Ctx,
    base_path: &str,
    links: &mut Vec<LinkCheck>,
) -> Option<FrontMatter> {
    let file = ctx.file;
    let split = match frontmatter::split(&file.text) {
        Ok(split) => split,
        Err((pos, message, hint)) => {
            ctx.error(pos, message, Some(hint));
            return None;
        }
    };
    let root = parse_yaml(ctx, split.yaml, split.yaml_line);
    let syntax_error = ctx.diags.iter().any(Diagnostic::is_error);
    let mut body_diags = Vec::new();
    let body = render_markdown(
        file,
        split.body,
        split.body_line,
        base_path,
        &mut body_diags,
        links,
    );
    ctx.diags.extend(body_diags);
    Some(FrontMatter {
        root,
        body,
        blank: split.body.trim().is_empty(),
        syntax_error,
    })
}

/// `aliases: [old-slug, …]`: the earlier slugs of a program, hospital or
/// specialty, whose old URLs redirect to the current one. Each must be a
/// slug; collisions are checked by `resolve`, once every slug is known.
pub(super) fn aliases(ctx: &mut Ctx, f: &decode::Fields) -> Vec<Spanned<String>> {
    let Some(node) = f.get("aliases") else {
        return Vec::new();
    };
    decode::seq(ctx, node, "aliases", |ctx, n| {
        let t = decode::spanned_text(ctx, n, "aliases")?;
        if routes::is_slug(&t.value) {
            let site = ctx.file.diagnostic(n.pos, Severity::Error, String::new());
            ctx.sites.push(site);
            Some(t)
        } else {
            ctx.error(
                n.pos,
                format!(
                    "the alias `{}` is not a slug: lowercase letters, digits and `-`",
                    t.value
                ),
                Some(format!(
                    "write the old file name without .md, e.g. `{}`",
                    crate::markdown::slugify(&t.value)
                )),
            );
            None
        }
    })
    .unwrap_or_default()
}

fn finish(mut out: Decoded, ctx: Ctx, links: Vec<LinkCheck>, item: Item) -> Decoded {
    let has_errors = ctx.diags.iter().any(Diagnostic::is_error);
    out.diagnostics = ctx.diags;
    out.alias_sites = ctx.sites;
    out.links = links;
    out.item = match item {
        // A program with errors still has its references checked.
        Item::Program(mut raw) if has_errors => {
            raw.program = None;
            Item::Program(raw)
        }
        _ if has_errors => Item::Nothing,
        item => item,
    };
    out
}

// ---------------------------------------------------------------- home, pages, posts

#[cfg(test)]
mod schema_drift {
    //! The decoders' `*_FIELDS` lists and the model's field table
    //! (`model::schema`, which the JSON Schemas, the CMS configuration and
    //! `rotalog new` come from) name the same fields.
    use super::*;
    use crate::model::schema::{self, Object};

    fn same(what: &str, decoder: &[Field], table: &Object) {
        let mut a: Vec<&str> = decoder.iter().map(|(n, _)| *n).collect();
        let mut b: Vec<&str> = table.fields.iter().map(|f| f.name).collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(
            a, b,
            "{what}: the decoder's fields (left) and model::schema's (right) differ"
        );
    }

    #[test]
    fn decoders_and_the_field_table_agree() {
        same("program", PROGRAM_FIELDS, &schema::PROGRAM);
        same("fee", FEE_FIELDS, &schema::FEE);
        same("preceptor", PRECEPTOR_FIELDS, &schema::PRECEPTOR);
        same("eligibility", ELIGIBILITY_FIELDS, &schema::ELIGIBILITY);
        same("visa", VISA_FIELDS, &schema::VISA);
        same("specialty", SPECIALTY_FIELDS, &schema::SPECIALTY);
        same("hospital", HOSPITAL_FIELDS, &schema::HOSPITAL);
        same("housing", HOUSING_FIELDS, &schema::HOUSING);
        same("image", IMAGE_FIELDS, &schema::IMAGE);
        same("home", HOME_FIELDS, &schema::HOME);
        same("page", PAGE_FIELDS, &schema::PAGE);
        same("post", POST_FIELDS, &schema::POST);
        same("faq", FAQ_FIELDS, &schema::FAQ);
        same("fees", FEES_FIELDS, &schema::FEES);
        same("refund tier", REFUND_TIER_FIELDS, &schema::REFUND_TIER);
        same("refund step", REFUND_STEP_FIELDS, &schema::REFUND_STEP);
        same("bundle", BUNDLE_FIELDS, &schema::BUNDLE);
        assert_eq!(VISA_NOT_NEEDED, schema::VISA_NOT_NEEDED);
    }
}
