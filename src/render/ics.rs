//! iCalendar files (RFC 5545): each program's open starts and apply-by
//! deadlines as all-day events, and the catalog's in one file. Written by
//! hand (the format is a few property lines; the crates that write it stamp
//! DTSTAMP from the clock): DTSTAMP is the build date, UIDs come from the
//! slug and date, so the same site and date give the same bytes. Lines end
//! in CRLF and are folded at 75 octets; text values are escaped.

use time::Date;

use super::context::Views;
use super::routes;
use crate::model::Program;

/// The calendar of one program.
pub fn program(views: &Views, p: &Program) -> String {
    let mut cal = Calendar::new(views, &p.title);
    cal.program(views, p);
    cal.finish()
}

/// The calendar of every program.
pub fn catalog(views: &Views) -> String {
    let mut cal = Calendar::new(views, &views.catalog.config.title);
    for p in &views.catalog.programs {
        cal.program(views, p);
    }
    cal.finish()
}

struct Calendar {
    out: String,
    /// `DTSTAMP`: midnight UTC of the build date.
    stamp: String,
    /// The UIDs' domain: the site's host.
    host: String,
}

impl Calendar {
    fn new(views: &Views, name: &str) -> Calendar {
        let c = &views.catalog.config;
        let host = c
            .base_url
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split(['/', ':'])
            .next()
            .unwrap_or("")
            .to_string();
        let mut cal = Calendar {
            out: String::new(),
            stamp: format!("{}T000000Z", ics_date(views.catalog.today)),
            host,
        };
        cal.line("BEGIN:VCALENDAR");
        cal.line("VERSION:2.0");
        cal.line(&format!("PRODID:-//rotalog//{}//EN", escape(&c.title)));
        cal.line("CALSCALE:GREGORIAN");
        cal.line("METHOD:PUBLISH");
        cal.line(&format!("X-WR-CALNAME:{}", escape(name)));
        cal
    }

    /// The events of one program: its open dated starts and their deadlines.
    fn program(&mut self, views: &Views, p: &Program) {
        let url = views.absolute(&routes::program(&p.slug));
        let h = &views.catalog.hospitals[p.hospital];
        let place = format!("{}, {}, {}", h.name, h.city, h.state);
        for s in p.sessions.iter().filter(|s| s.open) {
            let Some(start) = s.date else { continue };
            let when = views.date(start);
            let args = [
                ("title", p.title.as_str()),
                ("date", &when),
                ("place", &place),
            ];
            if let Some(dl) = s.deadline {
                self.event(
                    &format!("apply-by-{start}-{}", p.slug),
                    dl,
                    &views.t("ics.apply_by", None, &args),
                    &format!("{}\n{url}", views.t("ics.apply_by_about", None, &args)),
                    &place,
                    &url,
                );
            }
            self.event(
                &format!("start-{start}-{}", p.slug),
                start,
                &views.t("ics.starts", None, &args),
                &format!("{}\n{url}", views.t("ics.about", None, &args)),
                &place,
                &url,
            );
        }
    }

    fn event(
        &mut self,
        id: &str,
        day: Date,
        summary: &str,
        description: &str,
        place: &str,
        url: &str,
    ) {
        let next = day.next_day().unwrap_or(day);
        self.line("BEGIN:VEVENT");
        self.line(&format!("UID:{id}@{}", self.host));
        self.line(&format!("DTSTAMP:{}", self.stamp));
        self.line(&format!("DTSTART;VALUE=DATE:{}", ics_date(day)));
        self.line(&format!("DTEND;VALUE=DATE:{}", ics_date(next)));
        self.line(&format!("SUMMARY:{}", escape(summary)));
        self.line(&format!("DESCRIPTION:{}", escape(description)));
        self.line(&format!("LOCATION:{}", escape(place)));
        self.line(&format!("URL:{url}"));
        self.line("TRANSP:TRANSPARENT");
        self.line("END:VEVENT");
    }

    fn line(&mut self, line: &str) {
        fold_into(&mut self.out, line);
    }

    fn finish(mut self) -> String {
        self.line("END:VCALENDAR");
        self.out
    }
}

/// `20270201`.
fn ics_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            // Other control characters have no place in a property value.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so no line is longer than 75 octets
/// (continuations start with a space, which counts), never inside a
/// character; each line ends in CRLF.
pub fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(60));
        fold_into(&mut out, &line);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        let mut short = String::new();
        fold_into(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }
}
