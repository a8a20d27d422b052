//! The browser editor at `/admin/`, when site.yaml has `cms:`: an
//! `index.html` that loads the CMS script from the address the site gives,
//! and a `config.yml` in Decap CMS's configuration format (read by Sveltia
//! CMS and Decap CMS) made from the model's field table
//! ([`crate::model::schema`]), so the editor offers exactly the fields,
//! values and hints the build checks.
//!
//! `config.yml` is written as JSON, which is YAML: no hand-rolled YAML
//! quoting to get wrong, and both CMSs read it with a YAML 1.2 parser.

use serde_json::{Value, json};

use super::xml::escape;
use crate::model::Catalog;
use crate::model::config::Cms;
use crate::model::schema::{self, Field, Object, RefKind, Ty};
use crate::model::vocab::{CURRENCIES, STATES};

/// Where the CMS keeps uploaded pictures, from the site folder, and their
/// address on the site (static/ is copied to the site's root).
const MEDIA_FOLDER: &str = "static/images";
const PUBLIC_FOLDER: &str = "/images";

/// `admin/index.html`: no inline script (a Content-Security-Policy with
/// `script-src` allowing the CMS's origin is enough), not indexed.
pub fn index_html(catalog: &Catalog, cms: &Cms) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Edit {title}</title>\n\
         <link href=\"{config}\" type=\"text/yaml\" rel=\"cms-config-url\">\n\
         </head>\n<body>\n<script src=\"{script}\"></script>\n</body>\n</html>\n",
        csp = escape(&super::csp::admin_policy(
            cms.backend,
            &cms.script,
            cms.auth_url.as_deref(),
            true
        )),
        lang = escape(&catalog.config.language),
        title = escape(&catalog.config.title),
        script = escape(&cms.script),
        // Absolute, so that `/admin` without its slash finds it too; `text/yaml`
        // is the type Decap CMS requires (Sveltia CMS takes any).
        config = escape(&format!(
            "{}{}",
            catalog.config.base_path,
            crate::routes::admin_config()
        )),
    )
}

/// What the configuration offers that depends on the site: its refund
/// tiers, and which of them have a dated schedule.
struct Site<'a> {
    tiers: Vec<&'a str>,
    scheduled: Vec<&'a str>,
}

/// `admin/config.yml`.
pub fn config_yml(catalog: &Catalog, cms: &Cms) -> String {
    let site = Site {
        tiers: catalog
            .fees
            .refund_tiers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect(),
        scheduled: catalog
            .fees
            .refund_schedules
            .iter()
            .map(|(n, _)| n.as_str())
            .collect(),
    };
    let mut backend = json!({
        "name": cms.backend,
        "repo": cms.repo,
        "branch": cms.branch,
    });
    if let Some(url) = &cms.auth_url {
        backend["base_url"] = json!(url);
    }
    let folder = |name: &str, label: &str, one: &str, shape: &Object, id: &str| {
        json!({
            "name": name,
            "label": label,
            "label_singular": one,
            "folder": format!("content/{name}"),
            "extension": "md",
            "format": "yaml-frontmatter",
            "create": true,
            "identifier_field": id,
            "fields": body_fields(shape, &site),
        })
    };
    let config = json!({
        "backend": backend,
        "site_url": catalog.config.base_url,
        "display_url": catalog.config.base_url,
        "app_title": format!("Edit {}", catalog.config.title),
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "output": {
            "omit_empty_optional_fields": true,
            "yaml": { "quote": "none", "indent_sequences": true }
        },
        "collections": [
            folder("programs", "Programs", "Program", &schema::PROGRAM, "title"),
            folder("hospitals", "Hospitals", "Hospital", &schema::HOSPITAL, "name"),
            folder("specialties", "Specialties", "Specialty", &schema::SPECIALTY, "name"),
            folder("pages", "Pages", "Page", &schema::PAGE, "title"),
            folder("posts", "News", "Post", &schema::POST, "title"),
            {
                "name": "data",
                "label": "FAQs and fees",
                "format": "yaml",
                "files": [
                    {
                        "name": "faqs",
                        "label": "FAQs",
                        "file": "content/faqs.yaml",
                        "fields": [{
                            "name": "faqs",
                            "label": "Questions",
                            "label_singular": "Question",
                            "widget": "list",
                            "root": true,
                            "fields": fields(&schema::FAQ, &site),
                        }],
                    },
                    {
                        "name": "fees",
                        "label": "Fees and refunds",
                        "file": "content/fees.yaml",
                        "fields": fields(&schema::FEES, &site),
                    },
                ],
            },
        ],
    });
    let mut text = String::from(
        "# The browser editor's configuration (Decap CMS format, read by Sveltia CMS),\n\
         # made by rotalog from its content model on every build: edit site.yaml's\n\
         # `cms:` instead. Written as JSON, which is YAML.\n",
    );
    text.push_str(&serde_json::to_string_pretty(&config).expect("JSON always serialises"));
    text.push('\n');
    text
}

/// A Markdown file's fields: the front matter's, then its text.
fn body_fields(shape: &Object, site: &Site) -> Vec<Value> {
    let mut out = fields(shape, site);
    out.push(json!({
        "name": "body",
        "label": "Text",
        "widget": "markdown",
        "required": false,
        "hint": "The text of the page, in Markdown.",
    }));
    out
}

fn fields(shape: &Object, site: &Site) -> Vec<Value> {
    shape
        .fields
        .iter()
        .map(|f| {
            let mut v = field(f.name, &f.ty, site);
            v["label"] = json!(label(f.name));
            let mut hint = f.doc.to_string();
            if shape.exactly_one_of.contains(&f.name) {
                let others: Vec<String> = shape
                    .exactly_one_of
                    .iter()
                    .filter(|n| **n != f.name)
                    .map(|n| format!("`{n}`"))
                    .collect();
                hint = format!("{hint} Give this or {}, not both.", others.join(" or "));
            }
            v["hint"] = json!(hint);
            if !is_required(f, shape) {
                v["required"] = json!(false);
            }
            v
        })
        .collect()
}

fn is_required(f: &Field, shape: &Object) -> bool {
    f.required && !shape.exactly_one_of.contains(&f.name)
}

/// `hours_per_week` -> `Hours per week`.
fn label(name: &str) -> String {
    match name {
        "q" => return "Question".into(),
        "a" => return "Answer".into(),
        _ => {}
    }
    let spaced = name.replace('_', " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn options(entries: &[(&str, &str)]) -> Value {
    json!(
        entries
            .iter()
            .map(|(value, label)| json!({ "label": label, "value": value }))
            .collect::<Vec<_>>()
    )
}

/// The CMS field (widget and its settings) for a value of type `ty`.
fn field(name: &str, ty: &Ty, site: &Site) -> Value {
    let relation = |collection: &str| {
        json!({
            "name": name,
            "widget": "relation",
            "collection": collection,
            "value_field": "{{slug}}",
            "search_fields": ["name"],
            "display_fields": ["name"],
        })
    };
    match ty {
        Ty::Text | Ty::Url | Ty::Email | Ty::Language | Ty::Slug | Ty::Word(_) => {
            json!({ "name": name, "widget": "string" })
        }
        Ty::Ref(RefKind::MenuPage) => json!({ "name": name, "widget": "string" }),
        Ty::Markdown => json!({ "name": name, "widget": "markdown" }),
        Ty::Int { min, max } => json!({
            "name": name, "widget": "number", "value_type": "int", "min": min, "max": max,
        }),
        Ty::Money => json!({
            "name": name, "widget": "number", "value_type": "float", "min": 0, "step": 0.01,
        }),
        Ty::Bool => json!({ "name": name, "widget": "boolean" }),
        Ty::Date => json!({
            "name": name,
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": false,
        }),
        Ty::Choice(entries) => {
            json!({ "name": name, "widget": "select", "options": options(entries) })
        }
        Ty::State => json!({ "name": name, "widget": "select", "options": options(STATES) }),
        Ty::Currency => json!({
            "name": name,
            "widget": "select",
            "options": CURRENCIES.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        }),
        Ty::Ref(RefKind::Specialty) => relation("specialties"),
        Ty::Ref(RefKind::Hospital) => relation("hospitals"),
        Ty::Tier if site.tiers.is_empty() => json!({ "name": name, "widget": "string" }),
        Ty::Tier => json!({ "name": name, "widget": "select", "options": site.tiers }),
        Ty::Tags(entries) => json!({
            "name": name, "widget": "select", "multiple": true, "options": options(entries),
        }),
        Ty::Texts => json!({ "name": name, "widget": "list" }),
        Ty::List(inner) => json!({
            "name": name, "widget": "list", "field": field(name, inner, site),
        }),
        Ty::Object(o) => json!({ "name": name, "widget": "object", "fields": fields(o, site) }),
        Ty::Objects(o) => json!({ "name": name, "widget": "list", "fields": fields(o, site) }),
        // The one map of the model, `refund_tiers`: a sentence per tier, or
        // per tier its sentence and schedule when the site dates refunds.
        Ty::Map(value) => {
            let object = match value {
                Ty::OneOf(tys) => tys.iter().find_map(|t| match t {
                    Ty::Object(o) => Some(*o),
                    _ => None,
                }),
                Ty::Object(o) => Some(*o),
                _ => None,
            };
            match object {
                Some(o) if !site.scheduled.is_empty() => json!({
                    "name": name,
                    "widget": "object",
                    "fields": site.tiers.iter().map(|tier| {
                        let mut f = if site.scheduled.contains(tier) {
                            json!({ "name": tier, "widget": "object", "fields": fields(o, site) })
                        } else {
                            json!({ "name": tier, "widget": "string" })
                        };
                        f["label"] = json!(label(tier));
                        f
                    }).collect::<Vec<_>>(),
                }),
                _ => json!({
                    "name": name, "widget": "keyvalue", "key_label": "Tier", "value_label": "Refund terms",
                }),
            }
        }
        // The form a form-based editor can offer: a list (weeks, starts),
        // else the first that is not a single word (housing's true/false,
        // visa's fields).
        Ty::OneOf(tys) => {
            let pick = tys
                .iter()
                .find(|t| matches!(t, Ty::List(_)))
                .or_else(|| tys.iter().find(|t| !matches!(t, Ty::Word(_))))
                .unwrap_or(&Ty::Text);
            field(name, pick, site)
        }
    }
}
