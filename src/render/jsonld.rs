//! schema.org JSON-LD for search engines: Course with a CourseInstance per
//! start (its start date, and its application deadline as the end of its
//! own Offer) and an Offer per duration (the total for that length) on program pages, FAQPage on /faq/,
//! BreadcrumbList everywhere.

use serde_json::{Value, json};

use super::context::{Link, Views};
use super::routes;
use crate::model::{Cents, Faq, Hospital, Post, Program, ProgramKind, Status};

/// Serializes for a `<script type="application/ld+json">` element: `<`, `>`
/// and `&` are escaped so no text can close the element.
pub fn to_script(value: &Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

pub fn graph(items: Vec<Value>) -> Value {
    let mut v = json!({ "@context": "https://schema.org" });
    v["@graph"] = Value::Array(items);
    v
}

pub fn breadcrumbs(views: &Views, crumbs: &[Link]) -> Value {
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let route = c.url.strip_prefix(&views.catalog.config.base_path).unwrap_or(&c.url);
            json!({ "@type": "ListItem", "position": i + 1, "name": c.name, "item": views.absolute(route) })
        })
        .collect();
    let mut v = json!({ "@context": "https://schema.org", "@type": "BreadcrumbList" });
    v["itemListElement"] = Value::Array(items);
    v
}

pub fn organization(views: &Views) -> Value {
    let c = &views.catalog.config;
    let mut org =
        json!({ "@type": "EducationalOrganization", "name": c.title, "url": views.absolute("/") });
    if let Some(email) = &c.contact.email {
        org["email"] = json!(email);
    }
    org
}

fn price(c: Cents) -> String {
    format!("{}.{:02}", c.0 / 100, c.0 % 100)
}

pub fn hospital(views: &Views, h: &Hospital) -> Value {
    let mut v = json!({
        "@type": "Hospital",
        "name": h.name,
        "url": views.absolute(&routes::hospital(&h.slug)),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": h.city,
            "addressRegion": h.state,
            "addressCountry": "US",
        },
    });
    if let Some(a) = &h.address {
        v["address"]["streetAddress"] = json!(a);
    }
    v
}

pub fn program(views: &Views, p: &Program) -> Value {
    let cat = views.catalog;
    let h = &cat.hospitals[p.hospital];
    let mode = if p.kind == ProgramKind::Telehealth {
        "online"
    } else {
        "onsite"
    };
    let location = hospital(views, h);
    let instances: Vec<Value> = p
        .sessions
        .iter()
        .map(|s| {
            let mut i = json!({
                "@type": "CourseInstance",
                "courseMode": mode,
                "courseWorkload": format!("P{}W", p.weeks.first().copied().unwrap_or(1)),
            });
            i["location"] = location.clone();
            if let Some(d) = s.date {
                i["startDate"] = json!(d.to_string());
            }
            // The application deadline: when this start's offer ends
            // (schema.org has no deadline on a CourseInstance itself).
            if let Some(dl) = s.deadline {
                let mut offer = json!({
                    "@type": "Offer",
                    "availabilityEnds": dl.to_string(),
                    "validThrough": dl.to_string(),
                    "availability": if s.open { "https://schema.org/InStock" } else { "https://schema.org/SoldOut" },
                });
                if let Some(url) = &s.apply_url {
                    offer["url"] = json!(url);
                }
                i["offers"] = offer;
            }
            i
        })
        .collect();
    let offers: Vec<Value> = p
        .costs
        .iter()
        .map(|c| {
            json!({
                "@type": "Offer",
                "name": format!("{} weeks", c.weeks),
                "price": price(c.total),
                "priceCurrency": cat.config.currency,
                "category": "Paid",
                "availability": availability(p),
                "eligibleDuration": { "@type": "QuantitativeValue", "value": c.weeks, "unitCode": "WEE", "unitText": "weeks" },
            })
        })
        .collect();
    let mut course = json!({
        "@type": "Course",
        "name": p.title,
        "description": p
            .summary
            .clone()
            .unwrap_or_else(|| super::context::first_sentences(&p.body.first_paragraph, 300)),
        "url": views.absolute(&routes::program(&p.slug)),
        "about": cat.specialties[p.specialty].name,
        "educationalCredentialAwarded": p.letter.map(|l| views.vocab("letter", l.slug())),
    });
    course["provider"] = organization(views);
    course["hasCourseInstance"] = Value::Array(instances);
    course["offers"] = Value::Array(offers);
    course
}

pub fn faq_page(faqs: &[Faq]) -> Value {
    let items: Vec<Value> = faqs
        .iter()
        .map(|f| {
            json!({
                "@type": "Question",
                "name": f.question,
                "acceptedAnswer": { "@type": "Answer", "text": f.answer.text },
            })
        })
        .collect();
    let mut v = json!({ "@type": "FAQPage" });
    v["mainEntity"] = Value::Array(items);
    v
}

pub fn article(views: &Views, p: &Post) -> Value {
    json!({
        "@type": "BlogPosting",
        "headline": p.title,
        "datePublished": p.date.to_string(),
        "url": views.absolute(&routes::post(&p.slug)),
        "publisher": organization(views),
    })
}

/// An ItemList of the programs a listing page shows, in its order (a
/// summary page: each item is the program's URL and name). `first` is the
/// position of the first of them in the whole list, which has `total`.
pub fn item_list(
    views: &Views,
    name: &str,
    programs: &[&Program],
    first: usize,
    total: usize,
) -> Value {
    let items: Vec<Value> = programs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "@type": "ListItem",
                "position": first + i,
                "url": views.absolute(&routes::program(&p.slug)),
                "name": p.title,
            })
        })
        .collect();
    let mut v = json!({
        "@type": "ItemList",
        "name": name,
        "numberOfItems": total,
    });
    v["itemListElement"] = Value::Array(items);
    v
}

/// The catalog as a Dataset with its two downloads (docs/data.md).
pub fn dataset(views: &Views) -> Value {
    let c = &views.catalog.config;
    let download = |format: &str, route: String| json!({ "@type": "DataDownload", "encodingFormat": format, "contentUrl": views.absolute_root(&route) });
    let mut v = json!({
        "@type": "Dataset",
        "name": format!("{}: program catalog", c.title),
        "description": format!(
            "Every clinical rotation program of {} with its decision facts: experience type, eligibility, total cost per length with all fees, refund terms, hospital, letter, open starts with their apply-by dates, visa, how to apply and when it was last verified. JSON (format version {}) and CSV.",
            c.title,
            super::data::FORMAT_VERSION
        ),
        "url": views.absolute(&routes::programs()),
        "dateModified": views.catalog.today.to_string(),
        "isAccessibleForFree": true,
    });
    v["creator"] = organization(views);
    v["distribution"] = json!([
        download("application/json", routes::data_json()),
        download("text/csv", routes::data_csv()),
    ]);
    v
}

/// schema.org's availability of a program's offers: a waitlisted program
/// takes names for a seat that may come free (`BackOrder`), it does not sell
/// seats now (`InStock`).
fn availability(p: &Program) -> &'static str {
    match (p.status, p.next_open().is_some()) {
        (Status::Closed, _) | (_, false) => "https://schema.org/SoldOut",
        (Status::Waitlist, true) => "https://schema.org/BackOrder",
        (Status::Open, true) => "https://schema.org/InStock",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_element() {
        let s = to_script(&json!({ "name": "</script><b>&" }));
        assert!(!s.contains('<') && !s.contains('>'));
        assert!(s.contains("\\u003c/script\\u003e"));
    }
}
