//! The search index's filters: one dictionary-encoded column per facet
//! (specialty, state, hospital, the closed vocabularies, open start
//! months), values in display order.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::{encode, encode_masks, fold, width_for};
use crate::model::{Letter, Program, ProgramKind, Requirement, Setting, Status, state_name};
use crate::render::context::Views;

/// One filter: its dictionary and one code per program (0 = not stated).
#[derive(Serialize)]
pub(super) struct Facet {
    pub(super) key: &'static str,
    pub(super) label: String,
    pub(super) values: Vec<String>,
    labels: Vec<String>,
    /// Multi-valued facets hold a bit mask over the dictionary per program.
    pub(super) multi: bool,
    width: usize,
    data: String,
}

/// Every facet, in the order the filters are shown, labelled in the pages'
/// language: a facet's name is `facet.<key>`, a value of a closed
/// vocabulary its `vocab.` label.
pub(super) fn facets(views: &Views, programs: &[&Program]) -> Vec<Facet> {
    let boolean = |b: Option<bool>| b.map(|b| if b { "true" } else { "false" });
    let vocab = |name: &'static str| move |v: &str| views.vocab(name, v);
    vec![
        specialty(views, programs),
        state(views, programs),
        hospital(views, programs),
        closed(programs, "kind", ProgramKind::SLUGS, &vocab("kind"), &|p| {
            Some(p.kind.slug())
        }),
        closed(
            programs,
            "setting",
            Setting::SLUGS,
            &vocab("setting"),
            &|p| p.setting.map(Setting::slug),
        ),
        start(views, programs),
        closed(programs, "status", Status::SLUGS, &vocab("status"), &|p| {
            Some(p.status.slug())
        }),
        closed(
            programs,
            "usmle_step1",
            Requirement::SLUGS,
            &vocab("requirement"),
            &|p| p.eligibility.usmle_step1.map(Requirement::slug),
        ),
        closed(
            programs,
            "graduates",
            &["true", "false"],
            &|v: &str| {
                views.label(if v == "true" {
                    "facet.graduates_yes"
                } else {
                    "eligibility.students_only"
                })
            },
            &|p| boolean(p.eligibility.graduates),
        ),
        closed(
            programs,
            "letter_of_recommendation",
            Letter::SLUGS,
            &vocab("letter"),
            &|p| p.letter.map(Letter::slug),
        ),
        closed(
            programs,
            "invitation_letter",
            &["not-needed", "true", "false"],
            &|v: &str| {
                views.label(match v {
                    "not-needed" => "label.no_visa_needed",
                    "true" => "visa.letter_yes",
                    _ => "visa.letter_no",
                })
            },
            // A program that needs no visa says so, whatever its letter.
            &|p| match p.visa.required {
                Some(false) => Some("not-needed"),
                _ => boolean(p.visa.invitation_letter),
            },
        ),
    ]
    .into_iter()
    .map(|f| Facet {
        label: views.label(&format!("facet.{}", f.key)),
        ..f
    })
    .collect()
}

/// The specialties that have programs, by name.
fn specialty(views: &Views, programs: &[&Program]) -> Facet {
    let cat = views.catalog;
    let mut specialties: Vec<usize> = (0..cat.specialties.len())
        .filter(|&i| programs.iter().any(|p| p.specialty.0 == i))
        .collect();
    specialties.sort_by_cached_key(|&i| fold(&cat.specialties[i].name));
    let slugs: Vec<&str> = specialties
        .iter()
        .map(|&i| cat.specialties[i].slug.as_str())
        .collect();
    let names: HashMap<&str, &str> = cat
        .specialties
        .iter()
        .map(|s| (s.slug.as_str(), s.name.as_str()))
        .collect();
    single(
        "specialty",
        &slugs,
        &|v| names[v].to_string(),
        programs,
        |p| Some(cat.specialties[p.specialty].slug.clone()),
    )
}

/// The states that have programs, by name.
fn state(views: &Views, programs: &[&Program]) -> Facet {
    let cat = views.catalog;
    let mut states: Vec<&str> = programs
        .iter()
        .map(|p| cat.hospitals[p.hospital].state)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    states.sort_by_key(|s| state_name(s));
    single(
        "state",
        &states,
        &|v| state_name(v).to_string(),
        programs,
        |p| Some(cat.hospitals[p.hospital].state.to_string()),
    )
}

/// The hospitals that have programs, by name.
fn hospital(views: &Views, programs: &[&Program]) -> Facet {
    let cat = views.catalog;
    let mut hospitals: Vec<usize> = programs
        .iter()
        .map(|p| p.hospital.0)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    hospitals.sort_by_cached_key(|&i| (fold(&cat.hospitals[i].name), i));
    let slugs: Vec<&str> = hospitals
        .iter()
        .map(|&i| cat.hospitals[i].slug.as_str())
        .collect();
    let by_slug: HashMap<&str, usize> = cat
        .hospitals
        .iter()
        .enumerate()
        .map(|(i, h)| (h.slug.as_str(), i))
        .collect();
    single(
        "hospital",
        &slugs,
        &|v| cat.hospitals[by_slug[v]].name.clone(),
        programs,
        |p| Some(cat.hospitals[p.hospital].slug.clone()),
    )
}

/// Open start months, rolling admission first: a program has every month
/// it starts in.
fn start(views: &Views, programs: &[&Program]) -> Facet {
    let month = |d: time::Date| format!("{}-{:02}", d.year(), u8::from(d.month()));
    let starts = |p: &Program| -> Vec<String> {
        p.sessions
            .iter()
            .filter(|s| s.open)
            .map(|s| s.date.map_or("rolling".to_string(), month))
            .collect()
    };
    let mut months: Vec<String> = programs
        .iter()
        .flat_map(|p| starts(p))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if let Some(pos) = months.iter().position(|m| m == "rolling") {
        let rolling = months.remove(pos);
        months.insert(0, rolling);
    }
    let labels = months.iter().map(|m| month_label(views, m)).collect();
    let index: HashMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let masks: Vec<Vec<usize>> = programs
        .iter()
        .map(|p| starts(p).iter().map(|m| index[m.as_str()]).collect())
        .collect();
    let width = months.len().div_ceil(6).max(1);
    Facet {
        key: "start",
        label: String::new(),
        labels,
        multi: true,
        width,
        data: encode_masks(&masks, width),
        values: months,
    }
}

/// A facet over the values of `all` that programs have, in `all`'s order.
fn closed(
    programs: &[&Program],
    key: &'static str,
    all: &[&str],
    labels: &dyn Fn(&str) -> String,
    of: &dyn Fn(&Program) -> Option<&'static str>,
) -> Facet {
    let used: BTreeSet<&str> = programs.iter().filter_map(|p| of(p)).collect();
    let values: Vec<&str> = all.iter().copied().filter(|v| used.contains(v)).collect();
    single(key, &values, labels, programs, |p| {
        of(p).map(str::to_string)
    })
}

/// A single-valued facet over `values`, in display order (labelled by
/// [`facets`]).
fn single(
    key: &'static str,
    values: &[&str],
    label_of: &dyn Fn(&str) -> String,
    programs: &[&Program],
    of: impl Fn(&Program) -> Option<String>,
) -> Facet {
    let index: HashMap<&str, usize> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (*v, i + 1))
        .collect();
    let codes: Vec<usize> = programs
        .iter()
        .map(|p| {
            of(p)
                .and_then(|v| index.get(v.as_str()).copied())
                .unwrap_or(0)
        })
        .collect();
    let width = width_for(values.len() + 1);
    Facet {
        key,
        label: String::new(),
        labels: values.iter().map(|v| label_of(v)).collect(),
        values: values.iter().map(|v| v.to_string()).collect(),
        multi: false,
        width,
        data: encode(&codes, width),
    }
}

/// "2027-04" -> "April 2027" (as the pages' language writes a month);
/// "rolling" -> "Rolling admission".
fn month_label(views: &Views, m: &str) -> String {
    match m.split_once('-') {
        Some((y, mo)) => views
            .locale()
            .month_year(y.parse().unwrap_or(0), mo.parse().unwrap_or(1)),
        None => views.label("label.rolling"),
    }
}
