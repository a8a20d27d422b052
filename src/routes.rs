//! The one URL scheme of a site. Every page's route is made here, and turned
//! into an output file path here; templates get ready-made URLs.

/// First path segments that generated pages use; `content/pages` may not take them.
pub const RESERVED: &[&str] = &[
    "programs",
    "specialties",
    "hospitals",
    "states",
    "faq",
    "fees",
    "apply",
    "posts",
    "compare",
    "search",
    "assets",
    "404",
    "sitemap",
    "feed",
    "robots",
    "admin",
    "data",
];

pub fn home() -> String {
    "/".into()
}
pub fn programs() -> String {
    "/programs/".into()
}
pub fn program(slug: &str) -> String {
    format!("/programs/{slug}/")
}
/// Page `n` (from 1) of the server-rendered program list.
pub fn programs_page(n: usize) -> String {
    if n <= 1 {
        programs()
    } else {
        format!("/programs/page/{n}/")
    }
}
/// A program's open starts and deadlines as an iCalendar file.
pub fn program_calendar(slug: &str) -> String {
    format!("/programs/{slug}/dates.ics")
}
/// Every program's open starts and deadlines as one iCalendar file.
pub fn calendar() -> String {
    "/dates.ics".into()
}
/// The browser editor (`cms:` in site.yaml): its page, beside its config.yml.
pub fn admin() -> String {
    "/admin/".into()
}
pub fn admin_config() -> String {
    "/admin/config.yml".into()
}
/// The catalog as JSON (docs/data.md).
pub fn data_json() -> String {
    "/data/programs.json".into()
}
/// The catalog as CSV, one row per program and open start (docs/data.md).
pub fn data_csv() -> String {
    "/data/programs.csv".into()
}
pub fn compare() -> String {
    "/compare/".into()
}
pub fn specialties() -> String {
    "/specialties/".into()
}
pub fn specialty(slug: &str) -> String {
    format!("/specialties/{slug}/")
}
pub fn hospitals() -> String {
    "/hospitals/".into()
}
pub fn hospital(slug: &str) -> String {
    format!("/hospitals/{slug}/")
}
pub fn states() -> String {
    "/states/".into()
}
pub fn state(code: &str) -> String {
    format!("/states/{}/", code.to_ascii_lowercase())
}
pub fn faq() -> String {
    "/faq/".into()
}
pub fn fees() -> String {
    "/fees/".into()
}
pub fn apply() -> String {
    "/apply/".into()
}
pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}
pub fn posts() -> String {
    "/posts/".into()
}
pub fn post(slug: &str) -> String {
    format!("/posts/{slug}/")
}
pub fn not_found() -> String {
    "/404.html".into()
}
pub fn asset(name: &str) -> String {
    format!("/assets/{name}")
}

/// The output file for a route: `/programs/x/` -> `programs/x/index.html`.
pub fn file_for(route: &str) -> String {
    let trimmed = route.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The output file a root-relative link points at, ignoring query and fragment.
pub fn link_target_file(link: &str) -> String {
    let path = link.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    file_for(&decoded)
}

/// A slug — the form of file names and of references between files:
/// `[a-z0-9-]+`.
pub fn is_slug(t: &str) -> bool {
    !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_map_to_files() {
        assert_eq!(file_for(&home()), "index.html");
        assert_eq!(file_for(&program("a")), "programs/a/index.html");
        assert_eq!(file_for(&not_found()), "404.html");
        assert_eq!(file_for(&program_calendar("a")), "programs/a/dates.ics");
        assert_eq!(file_for(&calendar()), "dates.ics");
        assert_eq!(file_for(&state("IL")), "states/il/index.html");
        assert_eq!(link_target_file("/fees/#refunds"), "fees/index.html");
        assert_eq!(link_target_file("/files/a%20b.pdf"), "files/a b.pdf");
    }
}
