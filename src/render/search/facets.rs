//! The search index's filters: one dictionary-encoded column per facet
//! (specialty, state, hospital, the closed vocabularies, open start
//! months), values in display order.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::{encode, encode_masks, fold, width_for};
use crate::model::{
    Catalog, Letter, Program, ProgramKind, Requirement, Setting, Status, state_name,
};

/// One filter: its dictionary and one code per program (0 = not stated).
#[derive(Serialize)]
pub(super) struct Facet {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    pub(super) values: Vec<String>,
    labels: Vec<String>,
    /// Multi-valued facets hold a bit mask over the dictionary per program.
    pub(super) multi: bool,
    width: usize,
    data: String,
}

/// Every facet, in the order the filters are shown.
pub(super) fn facets(cat: &Catalog, programs: &[&Program]) -> Vec<Facet> {
    let yes_no = |yes: &'static str, no: &'static str| {
        move |v: &str| if v == "true" { yes } else { no }.to_string()
    };
    let boolean = |b: Option<bool>| b.map(|b| if b { "true" } else { "false" });
    vec![
        specialty(cat, programs),
        state(cat, programs),
        hospital(cat, programs),
        closed(
            programs,
            ("kind", "Experience type"),
            ProgramKind::SLUGS,
            |v| ProgramKind::from_slug(v).map(ProgramKind::label),
            &|p| Some(p.kind.slug()),
        ),
        closed(
            programs,
            ("setting", "Setting"),
            Setting::SLUGS,
            |v| Setting::from_slug(v).map(Setting::label),
            &|p| p.setting.map(Setting::slug),
        ),
        start(programs),
        closed(
            programs,
            ("status", "Status"),
            Status::SLUGS,
            |v| Status::from_slug(v).map(Status::label),
            &|p| Some(p.status.slug()),
        ),
        closed(
            programs,
            ("usmle_step1", "USMLE Step 1"),
            Requirement::SLUGS,
            |v| Requirement::from_slug(v).map(Requirement::label),
            &|p| p.eligibility.usmle_step1.map(Requirement::slug),
        ),
        vocab(
            programs,
            ("graduates", "Graduates"),
            &["true", "false"],
            &yes_no("Graduates accepted", "Students only"),
            &|p| boolean(p.eligibility.graduates),
        ),
        closed(
            programs,
            ("letter_of_recommendation", "Letter of recommendation"),
            Letter::SLUGS,
            |v| Letter::from_slug(v).map(Letter::label),
            &|p| p.letter.map(Letter::slug),
        ),
        vocab(
            programs,
            ("invitation_letter", "Visa"),
            &["not-needed", "true", "false"],
            &|v: &str| match v {
                "not-needed" => "No visa needed".to_string(),
                "true" => "Invitation letter provided".to_string(),
                _ => "No invitation letter".to_string(),
            },
            // A program that needs no visa says so, whatever its letter.
            &|p| match p.visa.required {
                Some(false) => Some("not-needed"),
                _ => boolean(p.visa.invitation_letter),
            },
        ),
    ]
}

/// The specialties that have programs, by name.
fn specialty(cat: &Catalog, programs: &[&Program]) -> Facet {
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
        ("specialty", "Specialty"),
        &slugs,
        &|v| names[v].to_string(),
        programs,
        |p| Some(cat.specialties[p.specialty].slug.clone()),
    )
}

/// The states that have programs, by name.
fn state(cat: &Catalog, programs: &[&Program]) -> Facet {
    let mut states: Vec<&str> = programs
        .iter()
        .map(|p| cat.hospitals[p.hospital].state)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    states.sort_by_key(|s| state_name(s));
    single(
        ("state", "State"),
        &states,
        &|v| state_name(v).to_string(),
        programs,
        |p| Some(cat.hospitals[p.hospital].state.to_string()),
    )
}

/// The hospitals that have programs, by name.
fn hospital(cat: &Catalog, programs: &[&Program]) -> Facet {
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
        ("hospital", "Hospital"),
        &slugs,
        &|v| cat.hospitals[by_slug[v]].name.clone(),
        programs,
        |p| Some(cat.hospitals[p.hospital].slug.clone()),
    )
}

/// Open start months, rolling admission first: a program has every month
/// it starts in.
fn start(programs: &[&Program]) -> Facet {
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
    let labels = months.iter().map(|m| month_label(m)).collect();
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
        label: "Open start month",
        labels,
        multi: true,
        width,
        data: encode_masks(&masks, width),
        values: months,
    }
}

/// A facet over one of the model's closed vocabularies, labelled by it.
fn closed(
    programs: &[&Program],
    name: (&'static str, &'static str),
    all: &[&str],
    label: fn(&str) -> Option<&'static str>,
    of: &dyn Fn(&Program) -> Option<&'static str>,
) -> Facet {
    vocab(
        programs,
        name,
        all,
        &|v| label(v).unwrap_or("").to_string(),
        of,
    )
}

/// A facet over the values of `all` that programs have, in `all`'s order.
fn vocab(
    programs: &[&Program],
    name: (&'static str, &'static str),
    all: &[&str],
    labels: &dyn Fn(&str) -> String,
    of: &dyn Fn(&Program) -> Option<&'static str>,
) -> Facet {
    let used: BTreeSet<&str> = programs.iter().filter_map(|p| of(p)).collect();
    let values: Vec<&str> = all.iter().copied().filter(|v| used.contains(v)).collect();
    single(name, &values, labels, programs, |p| {
        of(p).map(str::to_string)
    })
}

/// A single-valued facet over `values`, in display order; `name` is its
/// key and label.
fn single(
    (key, label): (&'static str, &'static str),
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
        label,
        labels: values.iter().map(|v| label_of(v)).collect(),
        values: values.iter().map(|v| v.to_string()).collect(),
        multi: false,
        width,
        data: encode(&codes, width),
    }
}

/// "2027-04" -> "April 2027"; "rolling" -> "Rolling admission".
fn month_label(m: &str) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match m.split_once('-') {
        Some((y, mo)) => {
            let i: usize = mo.parse().unwrap_or(1);
            format!("{} {y}", NAMES[(i.clamp(1, 12)) - 1])
        }
        None => "Rolling admission".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels() {
        assert_eq!(month_label("2027-04"), "April 2027");
        assert_eq!(month_label("rolling"), "Rolling admission");
    }
}
