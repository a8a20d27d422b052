//! Resolving references between decoded files (specialty, hospital, refund
//! tier), checking what needs more than one file (the deposit against the
//! bundle-discounted totals), and scheduling each program's open starts.

use super::*;

/// Resolves references, computes derived facts and sorts everything into a
/// deterministic order.
pub fn resolve(
    parts: Parts,
    config: Config,
    today: Date,
    static_files: Vec<(PathBuf, String)>,
    diags: &mut Vec<Diagnostic>,
) -> Catalog {
    let Parts {
        home,
        mut specialties,
        mut hospitals,
        programs: raw_programs,
        mut pages,
        mut posts,
        faqs,
        fees,
        broken,
        alias_sites,
    } = parts;
    let fees = fees.unwrap_or_default();
    let home = home.unwrap_or_default();
    specialties.sort_by(|a, b| a.slug.cmp(&b.slug));
    hospitals.sort_by(|a, b| a.slug.cmp(&b.slug));
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));

    // Pages must not take the URL of a generated section.
    for p in &pages {
        if routes::RESERVED.contains(&p.slug.as_str()) {
            diags.push(
                Diagnostic::file(
                    format!("content/pages/{}.md", p.slug),
                    Severity::Error,
                    format!(
                        "the page `{}` would replace the generated /{}/ page",
                        p.slug, p.slug
                    ),
                )
                .with_hint("rename the file"),
            );
        }
    }

    let program_files: Vec<String> = raw_programs.iter().map(|r| r.slug.clone()).collect();
    let refs = Refs::new(&specialties, &hospitals, &fees, &broken, &config, today);
    let mut programs: Vec<Program> = raw_programs
        .into_iter()
        .filter_map(|raw| resolve_program(raw, &refs, diags))
        .collect();
    programs.sort_by(|a, b| a.slug.cmp(&b.slug));
    for p in &mut programs {
        p.sessions = schedule(p, &config, today, &specialties, &hospitals);
    }
    same_text(&programs, diags);
    let live = |kind: Kind, slugs: Vec<&str>| -> HashSet<String> {
        let mut live: HashSet<String> = slugs.into_iter().map(str::to_string).collect();
        live.extend(
            broken
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, s)| s.clone()),
        );
        live
    };
    check_aliases(
        (Kind::Program, &alias_sites),
        "program",
        "programs",
        &live(
            Kind::Program,
            program_files.iter().map(String::as_str).collect(),
        ),
        // `/programs/page/<n>/` is the program list's pagination.
        &["page"],
        programs
            .iter()
            .map(|p| (p.slug.as_str(), p.aliases.as_slice())),
        diags,
    );
    check_aliases(
        (Kind::Hospital, &alias_sites),
        "hospital",
        "hospitals",
        &live(
            Kind::Hospital,
            hospitals.iter().map(|h| h.slug.as_str()).collect(),
        ),
        &[],
        hospitals
            .iter()
            .map(|h| (h.slug.as_str(), h.aliases.as_slice())),
        diags,
    );
    check_aliases(
        (Kind::Specialty, &alias_sites),
        "specialty",
        "specialties",
        &live(
            Kind::Specialty,
            specialties.iter().map(|s| s.slug.as_str()).collect(),
        ),
        &[],
        specialties
            .iter()
            .map(|s| (s.slug.as_str(), s.aliases.as_slice())),
        diags,
    );

    Catalog {
        config,
        today,
        home,
        specialties,
        hospitals,
        programs,
        faqs,
        fees,
        pages,
        posts,
        static_files,
        translations: Default::default(),
        untranslated: Default::default(),
    }
}

/// What a program's references are resolved against.
struct Refs<'a> {
    specialties: &'a [Specialty],
    hospitals: &'a [Hospital],
    specialty_index: HashMap<&'a str, usize>,
    hospital_index: HashMap<&'a str, usize>,
    fees: &'a FeePolicy,
    fees_broken: bool,
    broken: &'a HashSet<(Kind, String)>,
    /// The site's currency, for messages about money.
    currency: &'static str,
    /// The build date and `stale_after_days`, for the editorial checks.
    today: Date,
    stale_after_days: u32,
}

impl<'a> Refs<'a> {
    fn new(
        specialties: &'a [Specialty],
        hospitals: &'a [Hospital],
        fees: &'a FeePolicy,
        broken: &'a HashSet<(Kind, String)>,
        config: &Config,
        today: Date,
    ) -> Refs<'a> {
        Refs {
            specialties,
            hospitals,
            specialty_index: specialties
                .iter()
                .enumerate()
                .map(|(i, s)| (s.slug.as_str(), i))
                .collect(),
            hospital_index: hospitals
                .iter()
                .enumerate()
                .map(|(i, h)| (h.slug.as_str(), i))
                .collect(),
            fees,
            fees_broken: broken.contains(&(Kind::Fees, "fees".to_string())),
            broken,
            currency: config.currency,
            today,
            stale_after_days: config.stale_after_days,
        }
    }

    fn is_broken(&self, kind: Kind, slug: &str) -> bool {
        self.broken.contains(&(kind, slug.to_string()))
    }
}

/// Resolves one program's references and prices; `None` (with diagnostics)
/// when a reference is wrong. Its sessions are computed by the caller.
fn resolve_program(raw: RawProgram, refs: &Refs, diags: &mut Vec<Diagnostic>) -> Option<Program> {
    // `/programs/page/N/` holds the pages of the program list.
    if raw.slug == "page" {
        diags.push(
            Diagnostic::file(
                "content/programs/page.md",
                Severity::Error,
                "the program slug `page` is reserved: /programs/page/ holds the pages of the program list",
            )
            .with_hint("rename the file, e.g. to the specialty and hospital: cardiology-chicago.md"),
        );
    }
    let RawProgram {
        file,
        program: draft,
        slug: _,
        specialty,
        hospital,
        refund,
        deposit_pos,
        marks,
    } = raw;
    let mut ctx = Ctx::new(&file);
    let specialty = specialty
        .and_then(|s| refs.reference(&mut ctx, Kind::Specialty, &s))
        .map(SpecialtyId);
    let hospital = hospital
        .and_then(|h| refs.reference(&mut ctx, Kind::Hospital, &h))
        .map(HospitalId);
    let refund = refs.refund(&mut ctx, refund);
    let Some(draft) = draft else {
        // The file has errors (reported already): only its references were checked.
        diags.append(&mut ctx.diags);
        return None;
    };
    let costs = pricing::costs(&draft.fee, &draft.weeks, &refs.fees.bundles);
    let deposit_ok = refs.check_deposit(&mut ctx, draft.fee.deposit, &costs, deposit_pos);
    let verified_ok = editorial(&mut ctx, &draft, marks, refs.today, refs.stale_after_days);
    diags.append(&mut ctx.diags);
    match (specialty, hospital, refund, deposit_ok && verified_ok) {
        (Some(s), Some(h), Ok(refund), true) => {
            let mut p = draft.resolved(s, h, refund, costs);
            refs.fill_policy(&mut p);
            Some(p)
        }
        _ => None,
    }
}

impl Refs<'_> {
    /// What a program takes from the fee policy when it does not say: when
    /// the balance is due, how the deposit is taken, its tier's schedule.
    fn fill_policy(&self, p: &mut Program) {
        let fees = self.fees;
        p.balance_due_days = p.balance_due_days.or(fees.balance_due_days);
        if p.deposit_method.is_none() {
            p.deposit_method = fees.deposit_method.clone();
        }
        if let Some(Refund::Tier { name, .. }) = &p.refund
            && let Some((_, steps)) = fees.refund_schedules.iter().find(|(n, _)| n == name)
        {
            p.refund_schedule = steps.clone();
        }
    }
}

/// A mistake already reported (or not to be reported again: the file it
/// names is broken).
struct Reported;

impl Refs<'_> {
    /// The index of the specialty or hospital that `r` names; reported when
    /// unknown, unless that file is broken (reported already).
    fn reference(&self, ctx: &mut Ctx, kind: Kind, r: &Spanned<String>) -> Option<usize> {
        let (index, what, folder) = match kind {
            Kind::Specialty => (&self.specialty_index, "specialty", "content/specialties/"),
            _ => (&self.hospital_index, "hospital", "content/hospitals/"),
        };
        if let Some(&i) = index.get(r.value.as_str()) {
            return Some(i);
        }
        let lower = r.value.to_ascii_lowercase();
        if lower != r.value {
            if index.contains_key(lower.as_str()) || self.is_broken(kind, &lower) {
                decode::case_only(ctx, r.pos, what, &r.value, &lower, false);
            } else {
                ctx.error(
                    r.pos,
                    format!(
                        "`{what}` must be a slug (a file name without .md), found `{}`",
                        r.value
                    ),
                    Some(format!(
                        "write the file name of the {what}, e.g. `{what}: {}`",
                        lower
                    )),
                );
            }
            return None;
        }
        if !self.is_broken(kind, &r.value) {
            let known: Vec<&str> = match kind {
                Kind::Specialty => self.specialties.iter().map(|s| s.slug.as_str()).collect(),
                _ => self.hospitals.iter().map(|h| h.slug.as_str()).collect(),
            };
            unknown_ref(ctx, what, r, known.into_iter(), folder);
        }
        None
    }

    /// The refund terms: a sentence as written, or the fee policy's tier that
    /// a single lowercase word names.
    fn refund(
        &self,
        ctx: &mut Ctx,
        refund: Option<Spanned<String>>,
    ) -> Result<Option<Refund>, Reported> {
        let Some(refund) = refund else {
            return Ok(None);
        };
        // One word that names a tier but for case: never silently the text.
        if !refund.value.contains(char::is_whitespace)
            && let Some((name, _)) = self
                .fees
                .refund_tiers
                .iter()
                .find(|(n, _)| *n != refund.value && n.eq_ignore_ascii_case(&refund.value))
        {
            decode::case_only(ctx, refund.pos, "refund", &refund.value, name, false);
            return Err(Reported);
        }
        let is_tier_name = !refund.value.contains(char::is_whitespace)
            && refund
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !is_tier_name {
            return Ok(Some(Refund::Text(refund.value)));
        }
        let tiers = &self.fees.refund_tiers;
        if let Some((name, text)) = tiers.iter().find(|(n, _)| *n == refund.value) {
            return Ok(Some(Refund::Tier {
                name: name.clone(),
                text: text.clone(),
            }));
        }
        if self.fees_broken {
            return Err(Reported);
        }
        let hint = match did_you_mean(&refund.value, tiers.iter().map(|(n, _)| n.as_str())) {
            Some(s) => format!("did you mean `{s}`? Or write the refund terms as a sentence"),
            None if tiers.is_empty() => "content/fees.yaml defines no refund_tiers; add one, or write the refund terms as a sentence".to_string(),
            None => format!(
                "the tiers in content/fees.yaml are {}; or write the refund terms as a sentence",
                tiers.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        ctx.error(
            refund.pos,
            format!("unknown refund tier `{}`", refund.value),
            hint,
        );
        Err(Reported)
    }

    /// The deposit is part of what is paid: it cannot exceed the lowest
    /// total of any offered length, bundle discounts included (unknown while
    /// fees.yaml is broken, so not checked then). False when it does.
    fn check_deposit(
        &self,
        ctx: &mut Ctx,
        deposit: Option<Cents>,
        costs: &[pricing::Cost],
        pos: Pos,
    ) -> bool {
        let lowest = costs.iter().min_by_key(|c| (c.total, c.weeks));
        let (Some(deposit), Some(lowest), false) = (deposit, lowest, self.fees_broken) else {
            return true;
        };
        if deposit <= lowest.total {
            return true;
        }
        // Messages are in English, whatever the pages' language.
        let money = |c| crate::model::locale::locale("en").money(c, self.currency);
        ctx.error(
            pos,
            format!(
                "the deposit ({}) is more than the lowest total of an offered rotation ({} for {} weeks)",
                money(deposit),
                money(lowest.total),
                lowest.weeks
            ),
            Some("the deposit is part of the total (after bundle discounts); lower it or check the fee".to_string()),
        );
        false
    }
}

/// Decodes program files again into a resolved catalog (for `serve`): each
/// is resolved against the catalog's specialties, hospitals and fees, as
/// [`resolve`] would. `None` for a file with errors (in `diags`).
pub fn resolve_into(
    raw: RawProgram,
    catalog: &Catalog,
    diags: &mut Vec<Diagnostic>,
) -> Option<Program> {
    let broken = HashSet::new();
    let refs = Refs::new(
        &catalog.specialties,
        &catalog.hospitals,
        &catalog.fees,
        &broken,
        &catalog.config,
        catalog.today,
    );
    let mut program = resolve_program(raw, &refs, diags)?;
    program.sessions = schedule(
        &program,
        &catalog.config,
        catalog.today,
        &catalog.specialties,
        &catalog.hospitals,
    );
    Some(program)
}

/// The editorial checks of one program against the build date: facts
/// verified in the future (an error: false) or too long ago, an open program
/// with nothing left to apply for.
fn editorial(
    ctx: &mut Ctx,
    draft: &ProgramDraft,
    marks: Marks,
    today: Date,
    stale_after_days: u32,
) -> bool {
    let mut ok = true;
    if let Some(verified) = draft.details.last_verified {
        if verified > today {
            ctx.error(
                marks.last_verified,
                format!("`last_verified` ({verified}) is after the build date ({today})"),
                Some(
                    "write the day the facts were last checked, on or before today (a typo in the year?)"
                        .to_string(),
                ),
            );
            ok = false;
        } else {
            let age = (today - verified).whole_days();
            if age > i64::from(stale_after_days) {
                ctx.warning(
                    marks.last_verified,
                    format!(
                        "`last_verified` is {age} days old (more than `stale_after_days`, {stale_after_days})"
                    ),
                    Some(
                        "check the program's facts with the hospital, then write today's date"
                            .to_string(),
                    ),
                );
            }
        }
    }
    let Starts::Dates(dates) = &draft.starts else {
        return ok;
    };
    if draft.status == Status::Closed {
        return ok;
    }
    let future: Vec<Date> = dates.iter().copied().filter(|&d| d > today).collect();
    if future.is_empty() {
        if draft.status == Status::Open {
            ctx.warning(
                marks.starts,
                format!(
                    "the program is open but none of its starts is after the build date ({today})"
                ),
                Some(
                    "add the next start dates, write `starts: rolling`, or set `status: closed`"
                        .to_string(),
                ),
            );
        }
        return ok;
    }
    let days = i64::from(draft.details.apply_by_days.unwrap_or(0));
    let deadline = |d: Date| d.checked_sub(time::Duration::days(days));
    if future
        .iter()
        .all(|&d| deadline(d).is_none_or(|dl| dl < today))
    {
        let last = future
            .iter()
            .filter_map(|&d| deadline(d))
            .max()
            .map_or_else(String::new, |d| d.to_string());
        ctx.warning(
            marks.starts,
            format!("the application deadline has passed for every start (the last was {last})"),
            Some(format!(
                "applications close `apply_by_days` ({days}) before each start: add later starts, or lower `apply_by_days`"
            )),
        );
    }
    ok
}

/// A warning for each program whose text is the same as an earlier one's
/// (by slug): usually a copied file whose text was not rewritten.
fn same_text(programs: &[Program], diags: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &str> = HashMap::new();
    for p in programs {
        let text = p.body.text.trim();
        if text.is_empty() {
            continue;
        }
        match first.get(text) {
            Some(original) => diags.push(
                Diagnostic::file(
                    format!("content/programs/{}.md", p.slug),
                    Severity::Warning,
                    format!("the program's text is the same as {original}'s"),
                )
                .with_hint(format!(
                    "write this program's own description below the front matter (content/programs/{original}.md has the same text)"
                )),
            ),
            None => {
                first.insert(text, &p.slug);
            }
        }
    }
}

fn unknown_ref<'a>(
    ctx: &mut Ctx,
    what: &str,
    r: &Spanned<String>,
    known: impl Iterator<Item = &'a str> + Clone,
    folder: &str,
) {
    let hint = match did_you_mean(&r.value, known.clone()) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None if known.clone().next().is_none() => format!("there are no files in {folder} yet"),
        None => format!("it must be the name of a file in {folder} without .md"),
    };
    ctx.error(r.pos, format!("unknown {what} \"{}\"", r.value), hint);
}

/// Each start with its deadline, open state and apply link, given the build date.
fn schedule(
    p: &Program,
    config: &Config,
    today: Date,
    specialties: &[Specialty],
    hospitals: &[Hospital],
) -> Vec<Session> {
    let template = p.apply_url.as_deref().or(config.apply.url.as_deref());
    let accepting = p.status != Status::Closed;
    let link = |start: &str| {
        template.map(|t| {
            fill_template(t, &|name| match name {
                "program" => p.slug.clone(),
                "specialty" => specialties[p.specialty].slug.clone(),
                "hospital" => hospitals[p.hospital].slug.clone(),
                "start" => start.to_string(),
                "weeks" => p.weeks.first().map(|w| w.to_string()).unwrap_or_default(),
                "status" => p.status.slug().to_string(),
                _ => String::new(),
            })
        })
    };
    match &p.starts {
        Starts::Rolling => vec![Session {
            date: None,
            deadline: None,
            open: accepting,
            apply_url: if accepting { link("rolling") } else { None },
        }],
        Starts::Dates(dates) => dates
            .iter()
            .map(|&d| {
                let deadline = d.checked_sub(time::Duration::days(i64::from(
                    p.apply_by_days.unwrap_or(0),
                )));
                let open = accepting && deadline.is_some_and(|dl| today <= dl);
                Session {
                    date: Some(d),
                    deadline,
                    open,
                    apply_url: if open { link(&d.to_string()) } else { None },
                }
            })
            .collect(),
    }
}

/// Aliases of one kind (`what`, in `content/<folder>/`): an alias may not be
/// the slug of a file of that kind (its URL is live, so it cannot redirect),
/// nor a `reserved` route under the folder, nor be given twice (an old URL
/// redirects to one page). `items` are (slug, aliases) in slug order.
#[allow(clippy::type_complexity)]
fn check_aliases<'a>(
    (kind, sites): (Kind, &HashMap<(Kind, String), Vec<Diagnostic>>),
    what: &str,
    folder: &str,
    live: &HashSet<String>,
    reserved: &[&str],
    items: impl Iterator<Item = (&'a str, &'a [Spanned<String>])>,
    diags: &mut Vec<Diagnostic>,
) {
    // The diagnostic at the `i`th alias of `slug`, with its snippet.
    let at = |slug: &str, i: usize, alias: &Spanned<String>, message: String, hint: String| {
        let mut d = match sites.get(&(kind, slug.to_string())).and_then(|s| s.get(i)) {
            Some(site) => site.clone(),
            None => {
                let mut d = Diagnostic::file(
                    format!("content/{folder}/{slug}.md"),
                    Severity::Error,
                    String::new(),
                );
                d.line = alias.pos.line;
                d.column = alias.pos.column;
                d.length = alias.pos.len.max(1);
                d
            }
        };
        d.message = message;
        d.hint = Some(hint);
        d
    };
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (slug, aliases) in items {
        for (i, alias) in aliases.iter().enumerate() {
            let name = alias.value.as_str();
            if live.contains(name) || reserved.contains(&name) {
                diags.push(at(
                    slug,
                    i,
                    alias,
                    format!("the alias `{name}` is the live URL /{folder}/{name}/"),
                    if live.contains(name) {
                        format!(
                            "remove it: content/{folder}/{name}.md exists, and an alias must be a slug no {what} has any more"
                        )
                    } else {
                        format!("remove it: /{folder}/{name}/ is a generated page")
                    },
                ));
            } else if let Some(first) = seen.get(name) {
                diags.push(at(
                    slug,
                    i,
                    alias,
                    format!(
                        "the alias `{name}` is given twice, also in content/{folder}/{first}.md"
                    ),
                    format!("keep it on one {what}: the old URL can redirect to only one page"),
                ));
            } else {
                seen.insert(name, slug);
            }
        }
    }
}
