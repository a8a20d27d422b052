//! Dates, numbers and money as each language writes them: small tables per
//! language, by hand, that give what CLDR gives (what `Intl.DateTimeFormat`
//! and `Intl.NumberFormat` print in Debian's Chromium for `en`, `es`, `pt`
//! and `ar`). The page hands the same table to the browser (its `#i18n`
//! block's `@format`, `themes/default/static/format.js`), so a date the
//! script writes reads like one the build wrote. Plain data; docs/i18n.md.
//!
//! Not the ICU crates: four languages need a few dozen strings, and these
//! tables are what the script gets too, so both sides cannot drift apart
//! with a browser's ICU version.

use time::Date;

use super::Cents;
use super::vocab::CURRENCIES;

/// How one language writes dates, numbers and amounts of money.
#[derive(Debug, PartialEq, Eq)]
pub struct Locale {
    /// The primary language subtag: `es`.
    pub language: &'static str,
    /// The months' names as a date uses them, January first.
    pub months: [&'static str; 12],
    /// A full date: `{d}` the day, `{month}` its name, `{y}` the year.
    pub date: &'static str,
    /// A month of a year, as filters list start months.
    pub month_year: &'static str,
    pub decimal: &'static str,
    pub group: &'static str,
    /// CLDR's `minimumGroupingDigits`: a number is grouped in thousands only
    /// when it has at least this many digits before the first separator
    /// (Spanish: 2, so `3500` but `12.500`).
    pub min_grouping: usize,
    /// An amount: `{n}` the number, `{s}` the currency's symbol.
    pub money: &'static str,
    /// The currencies' symbols where they are not the ISO code; `None`:
    /// the site's own symbols ([`CURRENCIES`]).
    pub symbols: Option<&'static [(&'static str, &'static str)]>,
}

/// English: `February 1, 2027`, `$3,500`, the symbols of [`CURRENCIES`]
/// (as rotalog always wrote them).
pub const EN: Locale = Locale {
    language: "en",
    months: [
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
    ],
    date: "{month} {d}, {y}",
    month_year: "{month} {y}",
    decimal: ".",
    group: ",",
    min_grouping: 1,
    money: "{s}{n}",
    symbols: None,
};

/// Spanish: `1 de febrero de 2027`, `3500 US$`, `12.500 US$`.
pub const ES: Locale = Locale {
    language: "es",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    date: "{d} de {month} de {y}",
    month_year: "{month} de {y}",
    decimal: ",",
    group: ".",
    min_grouping: 2,
    money: "{n}\u{a0}{s}",
    symbols: Some(&[("USD", "US$"), ("EUR", "€")]),
};

/// Portuguese: `1 de fevereiro de 2027`, `US$ 3.500`.
pub const PT: Locale = Locale {
    language: "pt",
    months: [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    date: "{d} de {month} de {y}",
    month_year: "{month} de {y}",
    decimal: ",",
    group: ".",
    min_grouping: 1,
    money: "{s}\u{a0}{n}",
    symbols: Some(&[
        ("USD", "US$"),
        ("CAD", "CA$"),
        ("EUR", "€"),
        ("GBP", "£"),
        ("AUD", "AU$"),
        ("INR", "₹"),
        ("JPY", "JP¥"),
        ("MXN", "MX$"),
        ("BRL", "R$"),
        ("CNY", "CN¥"),
        ("KRW", "₩"),
        ("NZD", "NZ$"),
    ]),
};

/// Arabic: `1 فبراير 2027`, `‏3,500 US$` (after a right-to-left mark).
/// Western digits, as CLDR's `ar` has them by default now.
pub const AR: Locale = Locale {
    language: "ar",
    months: [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    date: "{d} {month} {y}",
    month_year: "{month} {y}",
    decimal: ".",
    group: ",",
    min_grouping: 1,
    money: "\u{200f}{n}\u{a0}{s}",
    symbols: Some(&[
        ("USD", "US$"),
        ("CAD", "CA$"),
        ("EUR", "€"),
        ("GBP", "UK£"),
        ("AUD", "AU$"),
        ("INR", "₹"),
        ("JPY", "JP¥"),
        ("MXN", "MX$"),
        ("EGP", "ج.م.\u{200f}"),
        ("BRL", "R$"),
        ("AED", "د.إ.\u{200f}"),
        ("SAR", "ر.س.\u{200f}"),
        ("CNY", "CN¥"),
        ("KRW", "₩"),
        ("NZD", "NZ$"),
    ]),
};

/// Every language with a table of its own.
pub const LOCALES: &[&Locale] = &[&AR, &EN, &ES, &PT];

/// The table of `language` (by its primary subtag: `pt-BR` is `pt`);
/// English for a language without one.
pub fn locale(language: &str) -> &'static Locale {
    let primary = super::i18n::primary(language).to_ascii_lowercase();
    LOCALES
        .iter()
        .find(|l| l.language == primary)
        .copied()
        .unwrap_or(&EN)
}

impl Locale {
    /// `February 1, 2027`, `1 de febrero de 2027`.
    pub fn date(&self, d: Date) -> String {
        self.date
            .replace("{d}", &d.day().to_string())
            .replace("{month}", self.months[usize::from(u8::from(d.month())) - 1])
            .replace("{y}", &d.year().to_string())
    }

    /// `February 2027`, `febrero de 2027`; `month` from 1.
    pub fn month_year(&self, year: i32, month: u8) -> String {
        self.month_year
            .replace("{month}", self.months[usize::from(month.clamp(1, 12)) - 1])
            .replace("{y}", &year.to_string())
    }

    /// A whole number with the language's thousands separator.
    pub fn number(&self, n: i64) -> String {
        let sign = if n < 0 { "−" } else { "" };
        format!("{sign}{}", self.grouped(n.unsigned_abs()))
    }

    /// `$3,500`, `3500 US$`; the cents only when the amount has some
    /// (`$999.50`). A negative amount starts with `−`.
    pub fn money(&self, amount: Cents, currency: &str) -> String {
        let abs = amount.0.unsigned_abs();
        let (whole, cents) = (abs / 100, abs % 100);
        let mut number = self.grouped(whole);
        if cents != 0 {
            number.push_str(self.decimal);
            number.push_str(&format!("{cents:02}"));
        }
        let sign = if amount.0 < 0 { "−" } else { "" };
        format!(
            "{sign}{}",
            self.money_pattern(currency).replace("{n}", &number)
        )
    }

    /// The amount pattern for `currency` with its symbol in: `{n} US$`.
    pub fn money_pattern(&self, currency: &str) -> String {
        let symbol = self.symbol(currency);
        if self.symbols.is_none() && (symbol.is_empty() || symbol == currency) {
            // A currency the site's table has no symbol for: `3,500 XYZ`.
            return format!("{{n}} {currency}");
        }
        self.money.replace("{s}", symbol)
    }

    fn symbol<'a>(&self, currency: &'a str) -> &'a str {
        let table = self.symbols.unwrap_or(CURRENCIES);
        table
            .iter()
            .find(|(code, _)| *code == currency)
            .map_or(currency, |(_, s)| s)
    }

    fn grouped(&self, n: u64) -> String {
        let digits = n.to_string();
        if digits.len() < 3 + self.min_grouping {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(self.group);
            }
            out.push(c);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month;

    fn day(y: i32, m: Month, d: u8) -> Date {
        Date::from_calendar_date(y, m, d).unwrap()
    }

    #[test]
    fn dates_per_language_month_ends_included() {
        let days = [
            day(2027, Month::January, 31),
            day(2027, Month::February, 1),
            day(2028, Month::February, 29),
            day(2027, Month::April, 30),
            day(2026, Month::December, 31),
        ];
        let got = |l: &Locale| days.map(|d| l.date(d));
        assert_eq!(
            got(&EN),
            [
                "January 31, 2027",
                "February 1, 2027",
                "February 29, 2028",
                "April 30, 2027",
                "December 31, 2026"
            ]
        );
        assert_eq!(
            got(&ES),
            [
                "31 de enero de 2027",
                "1 de febrero de 2027",
                "29 de febrero de 2028",
                "30 de abril de 2027",
                "31 de diciembre de 2026"
            ]
        );
        assert_eq!(
            got(&PT),
            [
                "31 de janeiro de 2027",
                "1 de fevereiro de 2027",
                "29 de fevereiro de 2028",
                "30 de abril de 2027",
                "31 de dezembro de 2026"
            ]
        );
        assert_eq!(
            got(&AR),
            [
                "31 يناير 2027",
                "1 فبراير 2027",
                "29 فبراير 2028",
                "30 أبريل 2027",
                "31 ديسمبر 2026"
            ]
        );
        assert_eq!(ES.month_year(2027, 9), "septiembre de 2027");
        assert_eq!(PT.month_year(2027, 3), "março de 2027");
        assert_eq!(EN.month_year(2027, 12), "December 2027");
        assert_eq!(AR.month_year(2027, 1), "يناير 2027");
    }

    #[test]
    fn numbers_and_money_per_language() {
        let m = |l: &Locale, c: i64| l.money(Cents(c), "USD");
        assert_eq!(m(&EN, 350_000), "$3,500");
        assert_eq!(m(&EN, 100_000_000), "$1,000,000");
        assert_eq!(m(&EN, 99_950), "$999.50");
        assert_eq!(m(&EN, 5), "$0.05");
        assert_eq!(m(&ES, 350_000), "3500\u{a0}US$");
        assert_eq!(m(&ES, 1_250_000), "12.500\u{a0}US$");
        assert_eq!(m(&ES, 100_000_000), "1.000.000\u{a0}US$");
        assert_eq!(m(&ES, 123_456_750), "1.234.567,50\u{a0}US$");
        assert_eq!(m(&PT, 350_000), "US$\u{a0}3.500");
        assert_eq!(m(&PT, 123_456_750), "US$\u{a0}1.234.567,50");
        assert_eq!(m(&AR, 350_000), "\u{200f}3,500\u{a0}US$");
        assert_eq!(m(&AR, 100_000_000), "\u{200f}1,000,000\u{a0}US$");
        assert_eq!(m(&AR, 99_950), "\u{200f}999.50\u{a0}US$");
        assert_eq!(EN.money(Cents(-1_000), "USD"), "−$10");
        for l in LOCALES {
            assert_eq!(l.number(999), "999");
        }
        assert_eq!(EN.number(1_000_000), "1,000,000");
        assert_eq!(ES.number(1_000_000), "1.000.000");
        assert_eq!(ES.number(1_000), "1000");
        assert_eq!(PT.number(1_000), "1.000");
        assert_eq!(AR.number(1_000_000), "1,000,000");
    }

    #[test]
    fn english_keeps_the_sites_symbols_others_take_cldrs() {
        assert_eq!(EN.money(Cents(350_000), "CHF"), "CHF 3,500");
        assert_eq!(EN.money(Cents(350_000), "PKR"), "Rs 3,500");
        assert_eq!(EN.money(Cents(350_000), "XYZ"), "3,500 XYZ");
        assert_eq!(ES.money(Cents(350_000), "EUR"), "3500\u{a0}€");
        assert_eq!(ES.money(Cents(350_000), "GBP"), "3500\u{a0}GBP");
        assert_eq!(PT.money(Cents(350_000), "BRL"), "R$\u{a0}3.500");
        assert_eq!(AR.money(Cents(350_000), "GBP"), "\u{200f}3,500\u{a0}UK£");
        assert_eq!(
            AR.money(Cents(350_000), "AED"),
            "\u{200f}3,500\u{a0}د.إ.\u{200f}"
        );
    }

    #[test]
    fn a_language_without_a_table_is_written_as_english() {
        assert_eq!(locale("es-MX"), &ES);
        assert_eq!(locale("pt-BR"), &PT);
        assert_eq!(locale("fr"), &EN);
        assert_eq!(locale("ar"), &AR);
    }
}
