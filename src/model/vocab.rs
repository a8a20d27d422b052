//! The closed vocabularies of the content model: each value's slug (what
//! editors write) and label (what IMGs read). Adding a value here is the
//! only change needed for it to be accepted, shown and indexed.

macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $slug:literal : $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every slug, in display order.
            pub const SLUGS: &'static [&'static str] = &[$($slug),+];

            /// Every slug with its label, in display order.
            pub const ENTRIES: &'static [(&'static str, &'static str)] = &[$(($slug, $label)),+];

            pub fn from_slug(s: &str) -> Option<Self> {
                match s { $($slug => Some(Self::$variant),)+ _ => None }
            }

            pub fn slug(self) -> &'static str {
                match self { $(Self::$variant => $slug),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }
    };
}

vocab! {
    /// Core or elective.
    Category { Core = "core": "Core", Elective = "elective": "Elective" }
}

vocab! {
    HospitalKind {
        TeachingHospital = "teaching-hospital": "Teaching hospital",
        CommunityHospital = "community-hospital": "Community hospital",
        Clinic = "clinic": "Clinic",
        PrivatePractice = "private-practice": "Private practice",
    }
}

vocab! {
    /// The experience type: the first fact an IMG checks.
    ProgramKind {
        HandsOn = "hands-on": "Hands-on clinical rotation",
        Observership = "observership": "Observership",
        Externship = "externship": "Externship",
        Research = "research": "Research",
        Telehealth = "telehealth": "Telehealth rotation",
    }
}

impl ProgramKind {
    /// What a trainee actually does, in one sentence, by slug.
    pub const EXPLANATIONS: &'static [(&'static str, &'static str)] = &[
        (
            "hands-on",
            "You examine patients, write notes and present cases under supervision.",
        ),
        (
            "observership",
            "You shadow physicians and attend rounds; no direct patient care.",
        ),
        (
            "externship",
            "Supervised patient care for graduates, closer to a resident's duties.",
        ),
        (
            "research",
            "You work on a research project with a faculty mentor.",
        ),
        (
            "telehealth",
            "You join virtual visits and case discussions remotely; no travel needed.",
        ),
    ];

    /// What a trainee actually does, in one sentence.
    pub fn explanation(self) -> &'static str {
        Self::EXPLANATIONS
            .iter()
            .find(|(slug, _)| *slug == self.slug())
            .map_or("", |(_, text)| text)
    }
}

vocab! {
    Setting {
        Inpatient = "inpatient": "Inpatient",
        Outpatient = "outpatient": "Outpatient",
        Mixed = "mixed": "Inpatient and outpatient",
    }
}

vocab! {
    Status { Open = "open": "Open", Waitlist = "waitlist": "Waitlist", Closed = "closed": "Closed" }
}

vocab! {
    Requirement {
        Required = "required": "Required",
        Recommended = "recommended": "Recommended",
        NotRequired = "not-required": "Not required",
    }
}

vocab! {
    Letter {
        Yes = "yes": "Yes, a letter of recommendation",
        PerformanceBased = "performance-based": "Based on performance",
        No = "no": "No letter",
    }
}

/// USPS two-letter codes: the states, DC and the territories.
pub const STATES: &[(&str, &str)] = &[
    ("AK", "Alaska"),
    ("AL", "Alabama"),
    ("AR", "Arkansas"),
    ("AS", "American Samoa"),
    ("AZ", "Arizona"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DC", "District of Columbia"),
    ("DE", "Delaware"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("GU", "Guam"),
    ("HI", "Hawaii"),
    ("IA", "Iowa"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("MA", "Massachusetts"),
    ("MD", "Maryland"),
    ("ME", "Maine"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MO", "Missouri"),
    ("MP", "Northern Mariana Islands"),
    ("MS", "Mississippi"),
    ("MT", "Montana"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("NE", "Nebraska"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NV", "Nevada"),
    ("NY", "New York"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PR", "Puerto Rico"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VA", "Virginia"),
    ("VI", "U.S. Virgin Islands"),
    ("VT", "Vermont"),
    ("WA", "Washington"),
    ("WI", "Wisconsin"),
    ("WV", "West Virginia"),
    ("WY", "Wyoming"),
];

/// The name of a state from its code.
pub fn state_name(code: &str) -> &'static str {
    STATES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, n)| n)
}

/// What a program includes (`includes`): slug and label. A closed list:
/// an item that is one word must be one of these (a phrase with spaces is
/// free text, shown as written).
pub const INCLUDES: &[(&str, &str)] = &[
    ("emr-access", "EMR access"),
    ("case-presentations", "Case presentations"),
    ("daily-rounds", "Daily rounds"),
    ("procedure-logbook", "Procedure logbook"),
    ("usmle-mentoring", "USMLE mentoring"),
    ("housing-assistance", "Help finding housing"),
    ("housing", "Housing"),
    ("meals", "Meals"),
    ("airport-pickup", "Airport pickup"),
];

/// What a program requires of an applicant (`requirements`).
pub const REQUIREMENTS: &[(&str, &str)] = &[
    ("immunization-records", "Immunization records"),
    ("tb-test", "TB test"),
    ("bls", "BLS certification"),
    ("acls", "ACLS certification"),
    ("hipaa-training", "HIPAA training"),
    ("background-check", "Background check"),
    ("malpractice-insurance", "Malpractice insurance"),
    ("covid-vaccination", "COVID-19 vaccination"),
    ("cv", "CV"),
];

/// What the fee does not cover (`fee.not_included`).
pub const NOT_INCLUDED: &[(&str, &str)] = &[
    ("housing", "Housing"),
    ("travel", "Travel"),
    ("health-insurance", "Health insurance"),
    ("meals", "Meals"),
    ("visa-fees", "Visa fees"),
];

/// The visas a program accepts its visitors on (`visa.accepted`).
pub const VISA_TYPES: &[(&str, &str)] = &[
    ("B1/B2", "B1/B2 visitor visa"),
    ("ESTA", "ESTA (Visa Waiver Program)"),
    ("J-1", "J-1 exchange visitor visa"),
    ("F-1", "F-1 student visa"),
];

/// A closed vocabulary and the fields that use it, for documentation and
/// for tools (docs/content-model.md's list of known values is generated
/// from this table; so are JSON Schema enums).
#[derive(Clone, Copy, Debug)]
pub struct Vocabulary {
    /// Where it is used: `program `kind``.
    pub fields: &'static str,
    /// Whether it is a list field whose one-word items must be known (a
    /// phrase with spaces is free text).
    pub list: bool,
    pub entries: &'static [(&'static str, &'static str)],
}

/// Every closed vocabulary of the content model (states and currencies are
/// listed in docs/content-model.md's tables of their own).
pub const VOCABULARIES: &[Vocabulary] = &[
    Vocabulary {
        fields: "program `kind`",
        list: false,
        entries: ProgramKind::ENTRIES,
    },
    Vocabulary {
        fields: "program `setting`",
        list: false,
        entries: Setting::ENTRIES,
    },
    Vocabulary {
        fields: "program `status`",
        list: false,
        entries: Status::ENTRIES,
    },
    Vocabulary {
        fields: "program `letter_of_recommendation`",
        list: false,
        entries: Letter::ENTRIES,
    },
    Vocabulary {
        fields: "program `eligibility.usmle_step1`, `eligibility.usmle_step2ck`, `eligibility.ecfmg_certified`",
        list: false,
        entries: Requirement::ENTRIES,
    },
    Vocabulary {
        fields: "program `includes`",
        list: true,
        entries: INCLUDES,
    },
    Vocabulary {
        fields: "program `requirements`",
        list: true,
        entries: REQUIREMENTS,
    },
    Vocabulary {
        fields: "program `fee.not_included`",
        list: true,
        entries: NOT_INCLUDED,
    },
    Vocabulary {
        fields: "program `visa.accepted`",
        list: true,
        entries: VISA_TYPES,
    },
    Vocabulary {
        fields: "hospital `kind`",
        list: false,
        entries: HospitalKind::ENTRIES,
    },
    Vocabulary {
        fields: "specialty `category`",
        list: false,
        entries: Category::ENTRIES,
    },
];

/// Where the translation tables hold each vocabulary's labels: the label
/// of `slug` in vocabulary `name` is the key `vocab.<name>.<slug>`
/// (`vocab.kind.hands-on`), and the English table's text is the label
/// here (a test checks it). The visas of `visa.accepted` are shown by
/// their code (`J-1`) and have no keys.
pub const LABEL_KEYS: &[(&str, &[(&str, &str)])] = &[
    ("kind", ProgramKind::ENTRIES),
    ("kind_about", ProgramKind::EXPLANATIONS),
    ("setting", Setting::ENTRIES),
    ("status", Status::ENTRIES),
    ("letter", Letter::ENTRIES),
    ("requirement", Requirement::ENTRIES),
    ("includes", INCLUDES),
    ("requirements", REQUIREMENTS),
    ("not_included", NOT_INCLUDED),
    ("hospital_kind", HospitalKind::ENTRIES),
    ("category", Category::ENTRIES),
];

/// A readable label for a list item such as `emr-access`: known items
/// (the list vocabularies above) get their label; others are humanised.
pub fn item_label(item: &str) -> String {
    let known = [INCLUDES, REQUIREMENTS, NOT_INCLUDED]
        .iter()
        .flat_map(|v| v.iter())
        .find(|(slug, _)| *slug == item);
    if let Some((_, label)) = known {
        return (*label).to_string();
    }
    if !item.contains(' ') && item.contains('-') {
        let spaced = item.replace('-', " ");
        let mut chars = spaced.chars();
        return match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    item.to_string()
}

/// ISO 4217 codes accepted for `currency`, with the symbol we show.
pub const CURRENCIES: &[(&str, &str)] = &[
    ("USD", "$"),
    ("CAD", "CA$"),
    ("EUR", "€"),
    ("GBP", "£"),
    ("AUD", "A$"),
    ("INR", "₹"),
    ("JPY", "¥"),
    ("CHF", "CHF "),
    ("MXN", "MX$"),
    ("NGN", "₦"),
    ("PKR", "Rs "),
    ("PHP", "₱"),
    ("EGP", "E£"),
    ("BRL", "R$"),
    ("AED", "AED "),
    ("SAR", "SAR "),
    ("CNY", "CN¥"),
    ("KRW", "₩"),
    ("ZAR", "R "),
    ("NZD", "NZ$"),
    ("SGD", "S$"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_an_explanation() {
        for s in ProgramKind::SLUGS {
            assert!(!ProgramKind::from_slug(s).unwrap().explanation().is_empty());
        }
    }

    #[test]
    fn vocab_round_trips() {
        for s in ProgramKind::SLUGS {
            assert_eq!(ProgramKind::from_slug(s).unwrap().slug(), *s);
        }
        assert_eq!(ProgramKind::from_slug("hands_on"), None);
    }

    #[test]
    fn states_are_sorted_and_unique() {
        assert!(STATES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(state_name("IL"), "Illinois");
    }

    #[test]
    fn labels_for_list_items() {
        assert_eq!(item_label("tb-test"), "TB test");
        assert_eq!(item_label("night-shifts"), "Night shifts");
        assert_eq!(item_label("Parking on site"), "Parking on site");
    }
}
