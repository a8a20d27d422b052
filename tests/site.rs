//! Integration tests: fixture sites built with the real binary.

mod harness;

use harness::{DATE, SiteTest};

// ---------------------------------------------------------------- editor mistakes
// Each scenario: the message, file, line and column of every error, exit code 1,
// the same errors from `check`, and the previous output untouched.

#[test]
fn unknown_fields_suggest_the_closest_name() {
    let run = SiteTest::expect_errors(
        "unknown-field",
        &[
            "content/specialties/cardiology.md:2:1: missing required specialty field `category`",
            "content/specialties/cardiology.md:3:1: unknown specialty field `categroy`",
            "content/specialties/cardiology.md:5:1: unknown specialty field `colour`",
        ],
    );
    assert_eq!(run.help_for("`categroy`"), "did you mean `category`?");
    assert_eq!(
        run.help_for("`colour`"),
        "the fields of a specialty are: name, category, summary, image, aliases"
    );
}

#[test]
fn required_fields_must_be_present_and_non_empty() {
    let run = SiteTest::expect_errors(
        "missing-and-empty",
        &[
            "content/pages/about.md:2:1: required field `title` is empty",
            "content/specialties/cardiology.md:2:1: missing required specialty field `name`",
            "content/specialties/cardiology.md:3:1: required field `summary` is empty",
        ],
    );
    assert_eq!(
        run.help_for("field `name`"),
        "add a line like `name: Internal Medicine`"
    );
}

#[test]
fn enumerations_list_the_allowed_values() {
    let run = SiteTest::expect_errors(
        "bad-enums",
        &[
            "content/programs/cardio-observership.md:5:7: `kind` cannot be `observer`",
            "content/programs/cardio-observership.md:6:10: `setting` cannot be `ICU`",
            "content/programs/cardio-observership.md:10:9: `status` cannot be `Open`",
            "content/programs/cardio-observership.md:11:27: `letter_of_recommendation` cannot be `maybe`",
            "content/programs/cardio-observership.md:12:29: `usmle_step1` cannot be `required-ish`",
        ],
    );
    assert!(
        run.help_for("`observer`")
            .starts_with("did you mean `observership`?")
    );
    assert_eq!(
        run.help_for("`ICU`"),
        "the allowed values are `inpatient`, `outpatient`, `mixed`"
    );
    assert!(run.help_for("`Open`").starts_with("did you mean `open`?"));
}

#[test]
fn states_are_usps_codes() {
    let run = SiteTest::expect_errors(
        "bad-state",
        &["content/hospitals/lakeside-clinic.md:4:8: `Texas` is not a U.S. state code"],
    );
    assert_eq!(
        run.help_for("`Texas`"),
        "write the two-letter code for Texas: `TX`"
    );
}

#[test]
fn dates_must_be_iso_and_exist() {
    SiteTest::expect_errors(
        "bad-dates",
        &[
            "content/programs/cardio-observership.md:8:22: `starts`: `2027-02-30` is not a valid date (there is no such day in that month)",
            "content/programs/cardio-observership.md:8:34: `starts`: `4/1/2027` is not a valid date (expected YYYY-MM-DD)",
            "content/programs/cardio-observership.md:9:16: `last_verified`: `2026-13-01` is not a valid date (there is no such month)",
        ],
    );
}

#[test]
fn money_is_a_plain_non_negative_number() {
    SiteTest::expect_errors(
        "bad-money",
        &[
            "content/programs/cardio-observership.md:8:13: `fee.per_week` should be a number, found the text \"1,200\"",
            "content/programs/cardio-observership.md:9:16: `fee.application` cannot be negative (-5)",
            "content/programs/cardio-observership.md:10:12: `fee.deposit` is not a valid amount: `.nan`",
        ],
    );
}

#[test]
fn unsafe_url_schemes_are_errors() {
    SiteTest::expect_errors(
        "unsafe-urls",
        &[
            "content/hospitals/lakeside-clinic.md:6:10: `website` is not a safe link: the `javascript:` scheme is not allowed",
            "content/programs/cardio-observership.md:9:12: `apply_url` is not a safe link: the `data:` scheme is not allowed",
        ],
    );
}

#[test]
fn slugs_come_from_valid_file_names() {
    let run = SiteTest::expect_errors(
        "bad-slug",
        &[
            "content/programs/Cardio_Observership.md: `Cardio_Observership` is not a valid slug: file names may use only lowercase letters, digits and `-`",
        ],
    );
    assert_eq!(
        run.help_for("not a valid slug"),
        "rename the file to cardio-observership.md"
    );
}

#[test]
fn reserved_slugs_are_refused() {
    let run = SiteTest::expect_errors(
        "reserved-slug",
        &[
            "content/pages/compare.md: the page `compare` would replace the generated /compare/ page",
            "content/programs/page.md: the program slug `page` is reserved: /programs/page/ holds the pages of the program list",
        ],
    );
    assert_eq!(
        run.help_for("slug `page` is reserved"),
        "rename the file, e.g. to the specialty and hospital: cardiology-chicago.md"
    );
}

#[test]
fn unknown_references_suggest_the_closest_slug() {
    let run = SiteTest::expect_errors(
        "unknown-references",
        &[
            "content/programs/cardio-observership.md:3:12: unknown specialty \"cardiolgy\"",
            "content/programs/cardio-observership.md:4:11: unknown hospital \"lakeside-clinc\"",
            "content/programs/cardio-observership.md:8:9: unknown refund tier `flexibel`",
        ],
    );
    assert_eq!(
        run.help_for("\"cardiolgy\""),
        "did you mean \"cardiology\"?"
    );
    assert_eq!(
        run.help_for("\"lakeside-clinc\""),
        "did you mean \"lakeside-clinic\"?"
    );
    assert_eq!(
        run.help_for("`flexibel`"),
        "the tiers in content/fees.yaml are `standard`; or write the refund terms as a sentence"
    );
}

#[test]
fn yes_and_no_are_text_in_yaml_1_2() {
    let run = SiteTest::expect_errors(
        "yes-no",
        &[
            "content/hospitals/lakeside-clinic.md:6:10: `housing` should be true or false, found `yes`",
            "content/hospitals/lakeside-clinic.md:7:23: `residency_affiliated` should be true or false, found `no`",
        ],
    );
    assert_eq!(
        run.help_for("found `yes`"),
        "YAML 1.2 reads `yes`/`on` as text: write `true`"
    );
}

#[test]
fn duplicate_keys_are_errors_in_front_matter_and_maps() {
    SiteTest::expect_errors(
        "duplicate-keys",
        &[
            "content/fees.yaml:7:3: duplicate key `standard` (first given on line 6)",
            "content/specialties/cardiology.md:5:1: duplicate key `name` (first given on line 2)",
        ],
    );
}

#[test]
fn tabs_are_reported_where_they_are() {
    SiteTest::expect_errors(
        "tabs",
        &["content/specialties/cardiology.md:6:2: tab character in YAML indentation"],
    );
}

#[test]
fn alias_expansion_is_bounded() {
    SiteTest::expect_errors(
        "alias-bomb",
        &["content/faqs.yaml:5:45: aliases expand to more than 100000 values"],
    );
}

#[test]
fn front_matter_fences_are_checked() {
    SiteTest::expect_errors(
        "front-matter",
        &[
            "content/pages/about.md:1:1: the file does not start with front matter",
            "content/specialties/cardiology.md:1:1: the front matter that starts here is never closed",
        ],
    );
}

#[test]
fn bom_and_crlf_keep_file_line_numbers_and_later_fences_are_body() {
    SiteTest::expect_errors(
        "crlf-bom",
        &["content/specialties/cardiology.md:3:11: `category` cannot be `electiv`"],
    );
}

#[test]
fn broken_internal_links_are_errors() {
    SiteTest::expect_errors(
        "broken-links",
        &[
            "content/pages/about.md:4:36: broken link: there is no page or file at `/prices/`",
            "content/pages/about.md:5:5: broken link: there is no page or file at `/programs/no-such-program/`",
        ],
    );
}

#[test]
fn site_yaml_is_validated() {
    let run = SiteTest::expect_errors(
        "site-config",
        &[
            "site.yaml:2:11: `base_url` is not a safe link: it has no scheme (https://)",
            "site.yaml:3:11: `currency` cannot be `usd`",
            "site.yaml:5:8: `apply.url` has an unknown placeholder {progam}",
        ],
    );
    assert!(run.help_for("`usd`").starts_with("did you mean `USD`?"));
}

#[test]
fn template_errors_point_into_the_template() {
    SiteTest::expect_errors(
        "broken-template",
        &[
            "themes/default/templates/page.html:2:37: the theme's templates do not compile: Found `</` but expected }}.",
        ],
    );
}

#[test]
fn a_site_template_that_breaks_built_in_ones_is_reported_once_at_its_own_file() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let before = t.output();
    t.write(
        "themes/default/templates/base.html",
        "<!doctype html><title>{{ page.title }}</title>{% block content %}{% endblock content %}",
    );
    t.write(
        "themes/default/templates/macros.html",
        "{% component badge(text) %}<b>{{ text }}</b>{% endcomponent badge %}",
    );
    let run = t.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = run.errors();
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    assert!(errors[0].starts_with(
        "themes/default/templates/base.html: your base.html has no `{% block main %}`, which the built-in templates use (404.html, apply.html, compare.html and "
    ), "{}", run.stderr);
    assert_eq!(
        errors[1],
        "themes/default/templates/macros.html: your macros.html has no `{% component program_card %}`, which the built-in templates use (card.html)"
    );
    assert!(errors[2].starts_with(
        "themes/default/templates/macros.html: your macros.html has no `{% component program_list %}`, which the built-in templates use ("
    ));
    assert!(
        !run.stderr.contains("--> "),
        "Tera's raw report leaked:\n{}",
        run.stderr
    );
    assert_eq!(
        run.help_for("block main"),
        "put the {% block main %} back into base.html (see the built-in one), or delete your copy to use the built-in one"
    );
    assert!(before == t.output());
    // The site's own mistakes are still reported where they are.
    t.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ <nothing/> }}{% endblock main %}\n",
    );
    let errors = t.check().errors();
    assert!(errors.contains(&"themes/default/templates/page.html:2:20: the theme's templates do not compile: Unknown component `nothing`".to_string()), "{errors:?}");
}

#[test]
fn files_in_the_templates_folder_that_are_not_html_are_ignored_with_a_warning() {
    // Regression (mutation campaign): a `macros.html.bak` copy was compiled
    // too, and Tera named a different duplicate component from run to run.
    let t = SiteTest::fixture("valid");
    let macros = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/macros.html"),
    )
    .unwrap();
    t.write("themes/default/templates/macros.html.bak", &macros);
    t.write("themes/default/templates/base.html~", "{{ broken");
    let run = t.build();
    run.assert_success();
    assert_eq!(
        run.warnings(),
        [
            "themes/default/templates/base.html~: `base.html~` is not a template (.html file) and is ignored",
            "themes/default/templates/macros.html.bak: `macros.html.bak` is not a template (.html file) and is ignored",
        ]
    );
}

#[test]
fn theme_mistakes_give_the_same_messages_on_every_run() {
    // Regressions (mutation campaign): pages and cards render in parallel and
    // Tera keeps templates in a hash map, so the page named in a rendering
    // error, and the duplicate component named, changed from run to run.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let macros =
        std::fs::read_to_string(root.join("themes/default/templates/macros.html")).unwrap();
    let t = SiteTest::fixture("valid");
    t.write("themes/default/templates/programs.html", &macros);
    let first = t.check();
    assert_eq!(first.code, 1, "{}", first.stderr);
    let errors = first.errors();
    assert_eq!(errors.len(), 2, "{}", first.stderr);
    assert!(errors[0].starts_with("themes/default/templates/programs.html:1:1: the component `program_card` is defined in both macros.html and programs.html"), "{errors:?}");
    assert!(
        errors[1].contains(
            "the component `program_list` is defined in both macros.html and programs.html"
        ),
        "{errors:?}"
    );
    for _ in 0..3 {
        assert_eq!(t.check().errors(), errors);
        assert_eq!(t.build().errors(), errors);
    }

    let t = SiteTest::fixture("valid");
    t.write(
        "themes/default/templates/card.html",
        "<article>{{ program.nope.deeper }}</article>",
    );
    let first = t.check();
    assert_eq!(first.code, 1, "{}", first.stderr);
    let errors = first.errors();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("rendering the card of /catalog/programs/cardio-observership/ failed"),
        "{errors:?}"
    );
    for _ in 0..3 {
        assert_eq!(t.check().errors(), errors);
        assert_eq!(t.build().errors(), errors);
    }
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_or_stderr_never_panics_and_keeps_the_exit_code() {
    use std::process::{Command, Stdio};
    let t = SiteTest::fixture("valid");
    let closed = || {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        Stdio::from(writer)
    };
    let run = |args: &[&str], to_stdout: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rotalog"));
        c.args(args).current_dir(&t.site).env("NO_COLOR", "1");
        if to_stdout {
            c.stdout(closed()).stderr(Stdio::piped());
        } else {
            c.stderr(closed()).stdout(Stdio::piped());
        }
        let out = c.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(run(&["build", "--date", DATE], false).0, Some(0));
    assert_eq!(run(&["check", "--date", DATE], false).0, Some(0));
    assert_eq!(run(&["--help"], true).0, Some(0));
    assert_eq!(run(&["--version"], true).0, Some(0));
    assert_eq!(run(&["check", "no-such-site"], false).0, Some(2));
    assert_eq!(run(&["init", "new-site"], false).0, Some(0));
    t.write("content/pages/about.md", "no front matter");
    assert_eq!(run(&["build", "--date", DATE], false).0, Some(1));
    assert_eq!(run(&["check", "--date", DATE], false).0, Some(1));
}

#[test]
fn misspelt_content_folders_are_errors() {
    let run = SiteTest::expect_errors(
        "unknown-folder",
        &["content/program: unknown content folder `program`"],
    );
    assert_eq!(run.help_for("`program`"), "did you mean content/programs/?");
}

#[test]
fn images_must_exist_under_static() {
    SiteTest::expect_errors(
        "missing-image",
        &[
            "content/hospitals/lakeside-clinic.md:6:15: image not found: there is no static/images/lakeside.jpg",
        ],
    );
}

#[test]
fn images_whose_size_cannot_be_read_are_errors_at_their_src() {
    let run = SiteTest::expect_errors(
        "unusable-images",
        &[
            "content/hospitals/lakeside-clinic.md:6:15: the image `/images/cut-short.png` is damaged: its width and height cannot be read",
            "content/hospitals/mercy-chicago.md:12:8: `/images/scan.bmp` is not an image a page can show: use PNG, JPEG, WebP, GIF, AVIF or SVG",
            "content/specialties/cardiology.md:5:15: the SVG image `/images/logo.svg` states no size",
            "content/specialties/internal-medicine.md:5:40: `/images/notes.jpg` is not an image a page can show: use PNG, JPEG, WebP, GIF, AVIF or SVG",
        ],
    );
    assert_eq!(
        run.help_for("logo.svg"),
        "give its <svg> element width=\"…\" and height=\"…\" in pixels, or a viewBox"
    );
    assert_eq!(
        run.help_for("cut-short.png"),
        "export it again from an image editor; the file may be cut short"
    );
    assert!(run.codes().iter().all(|c| c == "E024"), "{:?}", run.codes());
}

/// A PNG of `width` x `height` pixels, one colour (the header is what counts).
fn png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(data);
        out.extend([0; 4]); // the CRC: not read for the size
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn images_get_their_size_from_the_file_on_pages_cards_and_og_image() {
    let t = SiteTest::fixture("valid");
    std::fs::create_dir_all(t.path("static/images")).unwrap();
    std::fs::write(t.path("static/images/mercy.png"), png(640, 360)).unwrap();
    t.write(
        "static/images/heart.svg",
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 200\"><path d=\"M0 0h1\"/></svg>\n",
    );
    t.edit(
        "content/hospitals/mercy-chicago.md",
        "website: https://mercy.example.org\n",
        "website: https://mercy.example.org\nimage: { src: /images/mercy.png, alt: \"Drawing of the <main> entrance\" }\n",
    );
    t.edit(
        "content/specialties/cardiology.md",
        "summary: Heart and vessels.\n",
        "summary: Heart and vessels.\nimage: { src: /images/heart.svg, alt: A heart }\n",
    );
    t.build().assert_success();
    let page = |rel: &str| String::from_utf8(t.output()[rel].clone()).unwrap();
    let img = r#"src="/catalog/images/mercy.png" alt="Drawing of the &lt;main&gt; entrance" width="640" height="360" loading="lazy" decoding="async""#;
    let hospital = page("hospitals/mercy-chicago/index.html");
    assert!(
        hospital.contains(&format!(
            "<figure class=\"page-image\"><img {img}></figure>"
        )),
        "{hospital}"
    );
    for meta in [
        r#"<meta property="og:image" content="https://rotations.example.org/catalog/images/mercy.png">"#,
        r#"<meta property="og:image:alt" content="Drawing of the &lt;main&gt; entrance">"#,
        r#"<meta property="og:image:width" content="640">"#,
        r#"<meta property="og:image:height" content="360">"#,
    ] {
        assert!(hospital.contains(meta), "{meta} in {hospital}");
    }
    // The card's thumbnail is decorative (the card names the hospital).
    let thumb = r#"<img class="card-thumb" src="/catalog/images/mercy.png" alt="" width="640" height="360" loading="lazy" decoding="async">"#;
    assert!(hospital.contains(thumb), "{hospital}");
    let specialty = page("specialties/cardiology/index.html");
    assert!(
        specialty.contains(r#"alt="A heart" width="300" height="200""#),
        "{specialty}"
    );
    assert!(specialty.contains(r#"<meta property="og:image:width" content="300">"#));
    // A program at Mercy without an image of its own: its hospital's.
    let programs = page("programs/index.html");
    assert!(programs.contains(thumb));
    let slug = t
        .output()
        .keys()
        .filter_map(|k| k.strip_prefix("programs/")?.strip_suffix("/index.html"))
        .filter(|s| !s.contains('/'))
        .map(str::to_string)
        .find(|s| page(&format!("programs/{s}/index.html")).contains("Mercy Teaching Hospital"))
        .expect("a program at Mercy");
    let program = page(&format!("programs/{slug}/index.html"));
    assert!(
        program.contains(&format!(
            "<figure class=\"page-image\"><img {img}></figure>"
        )),
        "the program page shows its hospital's picture: {program}"
    );
    assert!(program.contains(r#"<meta property="og:image" content="https://rotations.example.org/catalog/images/mercy.png">"#));
    // Pages without a picture have no og:image.
    assert!(!page("faq/index.html").contains("og:image"));
    // The search index's card row carries it: [src, width, height].
    let cards = page("search/cards-0.json");
    assert!(
        cards.contains(r#"["/catalog/images/mercy.png",640,360]"#),
        "{cards}"
    );
}

#[test]
fn deposit_cannot_exceed_the_lowest_total_after_discounts() {
    // long-only.md: 12 weeks at $100 is $1,200 before the 10% bundle, $1,080 after.
    let run = SiteTest::expect_errors(
        "deposit-too-high",
        &[
            "content/programs/cardio-observership.md:7:30: the deposit ($2,000) is more than the lowest total of an offered rotation ($1,500 for 4 weeks)",
            "content/programs/long-only.md:9:12: the deposit ($1,150) is more than the lowest total of an offered rotation ($1,080 for 12 weeks)",
        ],
    );
    assert_eq!(
        run.help_for("long-only.md"),
        "the deposit is part of the total (after bundle discounts); lower it or check the fee"
    );
}

#[test]
fn lists_must_not_repeat_values() {
    SiteTest::expect_errors(
        "duplicates-in-lists",
        &[
            "content/programs/cardio-observership.md:6:12: `weeks` lists 4 twice",
            "content/programs/cardio-observership.md:8:22: `starts` lists 2027-01-04 twice",
        ],
    );
}

#[test]
fn wrong_types_are_reported_per_field() {
    SiteTest::expect_errors(
        "bad-types",
        &[
            "content/programs/cardio-observership.md:2:8: `title` should be text, found a list",
            "content/programs/cardio-observership.md:6:12: `weeks` must be from 1 to 52, found 60",
            "content/programs/cardio-observership.md:7:6: expected the fields of the fee (`name: value` lines), found a number",
            "content/programs/cardio-observership.md:9:8: `seats` should be a whole number, found `many`",
            "content/programs/cardio-observership.md:10:11: `includes` should be a list, found text",
        ],
    );
}

#[test]
fn mistakes_in_many_files_are_all_reported_sorted() {
    let t = SiteTest::fixture("valid");
    t.overlay("unknown-references");
    t.overlay("bad-state");
    t.overlay("site-config");
    let run = t.check();
    assert_eq!(run.code, 1);
    let errors = run.errors();
    assert_eq!(errors.len(), 7, "{}", run.stderr);
    let mut sorted = errors.clone();
    sorted.sort_by_key(|e| {
        let mut parts = e.splitn(4, ':');
        let path = parts.next().unwrap().to_string();
        let line: usize = parts.next().unwrap().parse().unwrap_or(0);
        let col: usize = parts.next().unwrap().parse().unwrap_or(0);
        (path, line, col)
    });
    assert_eq!(errors, sorted);
    assert!(run.stderr.contains("7 errors, 0 warnings"));
}

// ---------------------------------------------------------------- safe output

#[test]
fn raw_html_is_escaped_and_unsafe_markdown_links_are_dropped_with_a_warning() {
    let t = SiteTest::broken("unsafe-markdown");
    let run = t.build();
    run.assert_success();
    assert_eq!(
        run.warnings(),
        [
            "content/pages/about.md:6:1: link to `javascript:` removed: only http, https, mailto and tel links are allowed"
        ]
    );
    let html = t.read("output/about/index.html");
    assert!(
        html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
            || html.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("javascript:"));
    assert!(html.contains("Click here"));
}

#[test]
fn builds_are_byte_identical() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let first = t.output();
    t.build().assert_success();
    assert!(first == t.output(), "second build differs");
    let other = SiteTest::fixture("valid");
    other.build().assert_success();
    assert!(first == other.output(), "a build in another folder differs");
}

#[test]
fn every_link_in_the_output_resolves_under_the_base_path() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let files = t.output();
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href=\"", "src=\"", "data-index=\""] {
            for piece in html.split(attr).skip(1) {
                let url = &piece[..piece.find('"').unwrap()];
                if url.starts_with("http")
                    || url.starts_with("mailto:")
                    || url.starts_with('#')
                    || url == "data:,"
                {
                    continue;
                }
                // The search index carries a ?v=<content hash>; assets a fingerprinted name.
                let url = url.split('?').next().unwrap();
                let rest = url
                    .strip_prefix("/catalog")
                    .unwrap_or_else(|| panic!("{path}: link {url} lacks the base path"));
                let target = rest.split('#').next().unwrap().trim_start_matches('/');
                let file = if target.is_empty() || target.ends_with('/') {
                    format!("{target}index.html")
                } else {
                    target.to_string()
                };
                assert!(files.contains_key(&file), "{path}: broken link {url}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn refuses_dangerous_output_directories() {
    let t = SiteTest::fixture("valid");
    for dir in [".", "content", "content/out", "themes", ".."] {
        let run = t.build_into(dir);
        assert_eq!(run.code, 2, "-o {dir}: {}", run.stderr);
        assert!(
            run.stderr.contains("refusing to write the site"),
            "{}",
            run.stderr
        );
    }
    t.write("notes/keep.txt", "precious");
    let run = t.build_into("notes");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("it is not empty and was not made by rotalog")
    );
    assert_eq!(t.read("notes/keep.txt"), "precious");
    t.build_into("fresh").assert_success();
    t.build_into("fresh").assert_success();
    assert!(t.path("fresh/index.html").exists());
}

#[test]
fn output_replaces_the_previous_site_and_leaves_no_staging_behind() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    std::fs::remove_file(t.path("content/pages/about.md")).unwrap();
    t.edit("content/_index.md", "[the FAQ](/faq/)", "the FAQ");
    t.build().assert_success();
    assert!(
        !t.path("output/about/index.html").exists(),
        "deleted page still in output"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&t.site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("rotalog-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---------------------------------------------------------------- derived facts

#[test]
fn open_starts_follow_the_build_date_and_apply_by_days() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let page = t.read("output/programs/im-hands-on/index.html");
    // 2027-01-04 minus 45 days = 2026-11-20, before the build date: closed.
    assert!(page.contains(
        "January 4, 2027</time> — <span class=\"session-state\">Applications closed</span>"
    ));
    assert!(page.contains("February 1, 2027</time> — <span class=\"session-state\">Open — apply by December 18, 2026</span>"));
    assert!(page.contains("https://apply.example.org/form?program=im-hands-on&amp;start=2027-02-01&amp;who=mercy-chicago"));
    assert!(!page.contains("start=2027-01-04"));

    // SOURCE_DATE_EPOCH decides when --date is absent: 2026-11-01.
    let out = t
        .command(&["build"])
        .env("SOURCE_DATE_EPOCH", "1793491200")
        .output()
        .unwrap();
    assert!(out.status.success());
    let page = t.read("output/programs/im-hands-on/index.html");
    assert!(page.contains("January 4, 2027</time> — <span class=\"session-state\">Open — apply by November 20, 2026</span>"));
}

#[test]
fn totals_itemize_discounts_and_fees() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let page = t.read("output/programs/im-hands-on/index.html");
    assert!(page.contains("<th scope=\"row\">12 weeks</th><td data-label=\"Tuition\">$10,200</td><td data-label=\"Discount\">−$1,020 (Long-term placement, 10%)</td><td data-label=\"Application fee\">$100</td><td data-label=\"Total\"><strong>$9,280</strong></td>"));
    assert!(page.contains("Deposit: $300 due on acceptance"));
    let observership = t.read("output/programs/cardio-observership/index.html");
    assert!(observership.contains("Full refund until 14 days before the start."));
    assert!(
        observership.contains("Not stated"),
        "missing facts say Not stated"
    );
    assert!(observership.contains("badge-waitlist"));
}

#[test]
fn closed_programs_have_no_apply_links() {
    let t = SiteTest::fixture("valid");
    t.edit(
        "content/programs/im-hands-on.md",
        "status: open",
        "status: closed",
    );
    t.build().assert_success();
    let page = t.read("output/programs/im-hands-on/index.html");
    assert!(page.contains("This program is closed"));
    assert!(!page.contains("apply.example.org"));
}

#[test]
fn pages_carry_json_ld_canonical_and_open_graph() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let page = t.read("output/programs/im-hands-on/index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://rotations.example.org/catalog/programs/im-hands-on/\">"));
    assert!(page.contains("property=\"og:title\""));
    let ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(ld).unwrap();
    let graph = v["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["@type"], "Course");
    assert_eq!(graph[0]["hasCourseInstance"].as_array().unwrap().len(), 3);
    assert_eq!(graph[0]["offers"][0]["price"], "3500.00");
    assert_eq!(graph[1]["@type"], "BreadcrumbList");
    // Issue 12.8: each Offer is one length's total, as the cost table shows
    // it; each CourseInstance its start and, as its own offer's end, the
    // apply-by date the page lists.
    for (offer, (weeks, total)) in graph[0]["offers"].as_array().unwrap().iter().zip([
        (4, "$3,500"),
        (8, "$6,900"),
        (12, "$9,280"),
    ]) {
        assert_eq!(offer["eligibleDuration"]["value"], weeks);
        assert_eq!(offer["eligibleDuration"]["unitCode"], "WEE");
        let price = offer["price"].as_str().unwrap().trim_end_matches(".00");
        assert_eq!(
            format!(
                "${},{}",
                &price[..price.len() - 3],
                &price[price.len() - 3..]
            ),
            total
        );
        assert!(page.contains(&format!("<th scope=\"row\">{weeks} weeks</th>")));
        assert!(page.contains(&format!(
            "<td data-label=\"Total\"><strong>{total}</strong>"
        )));
    }
    let instances = graph[0]["hasCourseInstance"].as_array().unwrap();
    for (i, (start, by, open)) in [
        ("2027-01-04", "2026-11-20", false),
        ("2027-02-01", "2026-12-18", true),
        ("2027-03-01", "2027-01-15", true),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(instances[i]["startDate"], start);
        assert_eq!(instances[i]["offers"]["availabilityEnds"], by);
        let stock = if open { "InStock" } else { "SoldOut" };
        assert_eq!(
            instances[i]["offers"]["availability"],
            format!("https://schema.org/{stock}")
        );
        assert_eq!(instances[i]["offers"]["url"].is_string(), open);
        if open {
            assert!(
                page.contains(&format!("data-start=\"{start}\""))
                    && page.contains(&format!("data-apply-by=\"{by}\""))
            );
        }
    }
    let faq = t.read("output/faq/index.html");
    assert!(faq.contains("\"@type\":\"FAQPage\""));
}

// ---------------------------------------------------------------- CLI

#[test]
fn cli_exit_codes_and_usage() {
    let t = SiteTest::fixture("valid");
    let run = t.run(&["build", "--date", "2026-02-30"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a date"), "{}", run.stderr);
    let run = t.run(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("build") && run.stdout.contains("check") && run.stdout.contains("init")
    );
    let run = t.run(&["check", "--date", DATE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!t.path("output").exists(), "check wrote output");
    // A site folder that is missing or has no site.yaml is a usage error
    // naming the path, for every command that takes one.
    std::fs::create_dir_all(t.path("empty")).unwrap();
    for command in ["build", "check", "serve"] {
        let nowhere = t.run(&[command, "no-such-site"]);
        assert_eq!(nowhere.code, 2, "{command}: {}", nowhere.stderr);
        assert_eq!(
            nowhere.errors(),
            ["no-such-site: the site folder `no-such-site` does not exist"],
            "{command}"
        );
        let empty = t.run(&[command, "empty"]);
        assert_eq!(empty.code, 2, "{command}: {}", empty.stderr);
        assert_eq!(empty.errors(), ["empty/site.yaml: no site.yaml in `empty`"]);
        assert_eq!(
            empty.help_for("no site.yaml"),
            "run rotalog in a site folder, or create one with `rotalog init DIR`"
        );
    }
    assert!(!t.path("no-such-site").exists() && !t.path("empty/output").exists());
}

/// The harness runs `build` and `check` in process; what it prints must be
/// what the binary prints, or the tests that use it check the wrong text.
#[test]
fn in_process_runs_print_what_the_binary_prints() {
    let t = SiteTest::fixture("valid");
    t.write("content/notes.md", "notes");
    let built = t.build();
    let cli = t.run(&["build", "--date", DATE]);
    assert_eq!((built.code, cli.code), (0, 0), "{}", cli.stderr);
    // All but the closing line, which tells the time taken.
    fn head(s: &str) -> Vec<&str> {
        s.lines().rev().skip(1).collect()
    }
    assert_eq!(head(&built.stderr), head(&cli.stderr));
    assert_eq!(built.warnings().len(), 1, "{}", built.stderr);
    t.overlay("unknown-references");
    for (in_process, args) in [(t.check(), "check"), (t.build(), "build")] {
        let cli = t.run(&[args, "--date", DATE]);
        assert_eq!(in_process.code, cli.code, "{args}");
        assert_eq!(in_process.stderr, cli.stderr, "{args}");
        assert_eq!(in_process.stdout, cli.stdout, "{args}");
        assert_eq!(in_process.errors().len(), 3, "{}", cli.stderr);
    }
}

#[test]
fn base_url_must_be_a_site_root() {
    let run = SiteTest::expect_errors(
        "bad-base-url",
        &[
            "site.yaml:2:11: `base_url` is not usable: it has a query (`?…`); give only the address of the site's root",
        ],
    );
    assert!(
        run.help_for("base_url")
            .starts_with("write the address of the site's root")
    );
    // On the command line it is a usage error naming the flag; nothing is built.
    let t = SiteTest::fixture("valid");
    for bad in [
        "https://example.org/?a=b",
        "https://example.org/#top",
        "https://user@example.org/",
        "https://example.org:99999/",
        "https://example.org:08x/",
        "example.org",
        "javascript:alert(1)",
    ] {
        for command in ["build", "check"] {
            let run = t.run(&[command, "--base-url", bad, "--date", DATE]);
            assert_eq!(run.code, 2, "{command} --base-url {bad}: {}", run.stderr);
            assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
            assert!(run.stderr.contains("is not usable"), "{}", run.stderr);
        }
    }
    assert!(!t.path("output").exists());
    let run = t.run(&[
        "build",
        "--base-url",
        "http://localhost:8080/preview/",
        "--date",
        DATE,
    ]);
    run.assert_success();
    assert!(
        t.read("output/index.html")
            .contains("http://localhost:8080/preview/")
    );
}

#[test]
fn stray_files_in_content_are_warnings_in_every_folder() {
    let t = SiteTest::fixture("valid");
    t.write("content/notes.md", "notes")
        .write("content/faq.yaml", "- q: a")
        .write("content/README.txt", "read me")
        .write("content/programs/draft.txt", "draft")
        .write("content/pages/old/x.md", "old");
    let run = t.build();
    run.assert_success();
    assert!(run.errors().is_empty(), "{}", run.stderr);
    assert_eq!(
        run.warnings(),
        [
            "content/README.txt: `README.txt` is not part of the content model and is ignored",
            "content/faq.yaml: `faq.yaml` is not part of the content model and is ignored",
            "content/notes.md: `notes.md` is not part of the content model and is ignored",
            "content/pages/old: sub-folders are not read; this folder is ignored",
            "content/programs/draft.txt: `draft.txt` is not a Markdown (.md) file and is ignored",
        ]
    );
    assert_eq!(run.help_for("faq.yaml"), "did you mean content/faqs.yaml?");
}

#[test]
fn github_annotations_only_under_github_actions() {
    let t = SiteTest::broken("unknown-references");
    let out = t
        .command(&["check", "--date", DATE])
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(
        "::error file=content/programs/cardio-observership.md,line=4,col=11,endLine=4,endColumn=25,title=E013::unknown hospital \"lakeside-clinc\" (help: did you mean \"lakeside-clinic\"?)"
    ), "{stderr}");
    // The binary, not the harness: these are the binary's choices.
    let plain = t.run(&["check", "--date", DATE]);
    assert!(!plain.stderr.contains("::error"));
    assert!(
        !plain.stderr.contains('\u{1b}'),
        "colour despite NO_COLOR and no terminal"
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rotalog"))
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rotalog"))
        .args(["build", "--date", DATE])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("output/programs/index.html").exists());
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_rotalog"))
        .arg("init")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(2),
        "init over an existing site must refuse"
    );
}

#[test]
fn a_site_can_override_one_template() {
    let t = SiteTest::fixture("valid");
    t.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ page.heading }}</h1>{% endblock main %}");
    t.build().assert_success();
    assert!(
        t.read("output/about/index.html")
            .contains("<h1 class=\"custom\">About us</h1>")
    );
    assert!(
        t.read("output/faq/index.html")
            .contains("Frequently asked questions")
    );
}

// ---------------------------------------------------------------- the bundled example

/// The repository's own example catalog, built on a fixed date.
#[test]
fn example_site_pages_snapshot() {
    let t = SiteTest::example();
    // Assets by their theme name and the shape of their fingerprint, so a
    // theme edit does not rewrite this list (tests/csp.rs checks the hashes).
    let paths: Vec<String> = t
        .output()
        .into_keys()
        .map(|p| match p.strip_prefix("assets/") {
            Some(file) => format!("assets/{}", unfingerprinted(file)),
            None => p,
        })
        .collect();
    insta::assert_snapshot!("example_pages", paths.join("\n"));
}

/// `style.0123456789.css` -> `style.<hash>.css`; panics on a name without
/// a ten-digit hex fingerprint before its extension.
fn unfingerprinted(file: &str) -> String {
    let parts: Vec<&str> = file.rsplitn(3, '.').collect();
    let [ext, hash, stem] = parts[..] else {
        panic!("assets/{file} has no fingerprint");
    };
    assert!(
        hash.len() == 10
            && hash
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "assets/{file}: the fingerprint is not ten hex digits"
    );
    format!("{stem}.<hash>.{ext}")
}

#[test]
fn example_program_page_snapshot() {
    let t = SiteTest::example();
    let html = t.read("output/programs/im-hands-on-chicago/index.html");
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    insta::assert_snapshot!("example_program_main", &html[start..end]);
}

#[test]
fn example_site_meets_the_content_brief() {
    let t = SiteTest::example();
    let out = t.output();
    let programs = out
        .keys()
        .filter(|k| {
            k.starts_with("programs/") && k.ends_with("/index.html") && k.matches('/').count() == 2
        })
        .count();
    assert!(programs >= 12, "{programs} programs");
    let states = out
        .keys()
        .filter(|k| k.starts_with("states/") && k.matches('/').count() == 2)
        .count();
    assert!(states >= 4, "{states} states");
    let hospitals = out
        .keys()
        .filter(|k| k.starts_with("hospitals/") && k.matches('/').count() == 2)
        .count();
    assert!(hospitals >= 5, "{hospitals} hospitals");
    let faq = t.read("output/faq/index.html");
    for q in [
        "Is USMLE Step 1 required to apply?",
        "How long are rotations?",
        "Can I choose my specialty?",
        "Will I get a letter of recommendation?",
    ] {
        assert!(faq.contains(q), "FAQ lacks {q}");
    }
    let apply = t.read("output/apply/index.html");
    let steps = apply
        .split("<ol class=\"steps\">")
        .nth(1)
        .unwrap()
        .split("</ol>")
        .next()
        .unwrap();
    for step in [
        "Submit application form",
        "Upload CV and transcripts",
        "Choose start date and specialty",
        "Confirm clinical setting and fee",
        "Receive onboarding materials",
    ] {
        assert!(
            steps.contains(&format!("<li>{step}</li>")),
            "apply page lacks step {step}"
        );
    }
    for kind in [
        "badge-hands-on",
        "badge-observership",
        "badge-research",
        "badge-telehealth",
    ] {
        assert!(
            t.read("output/programs/index.html").contains(kind),
            "no {kind} program"
        );
    }
}

#[test]
fn an_unchanged_rebuild_rewrites_nothing() {
    use std::os::unix::fs::MetadataExt;
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let inode = |rel: &str| {
        std::fs::metadata(t.path(&format!("output/{rel}")))
            .unwrap()
            .ino()
    };
    let page = "programs/im-hands-on/index.html";
    let marker = inode(rotalog::output::MARKER);
    let other = "programs/cardio-observership/index.html";
    let (page_before, other_before) = (inode(page), inode(other));
    t.build().assert_success();
    assert_eq!(inode(page), page_before, "an unchanged page was rewritten");
    assert_eq!(inode(other), other_before);
    assert_eq!(
        inode(rotalog::output::MARKER),
        marker,
        "the marker was rewritten"
    );
    // A change rewrites the pages it touches, and only those keep new bytes.
    t.edit(
        "content/programs/im-hands-on.md",
        "title: ",
        "title: Renamed ",
    );
    t.build().assert_success();
    assert_ne!(inode(page), page_before, "a changed page was not rewritten");
    assert_eq!(
        inode(other),
        other_before,
        "an unrelated page was rewritten"
    );
    assert!(t.read(&format!("output/{page}")).contains("Renamed"));
}

// ---------------------------------------------------------------- issue 11: status, visa, menu

#[test]
fn i11_visa_mistakes_name_the_field_and_the_fix() {
    let run = SiteTest::expect_errors(
        "i11-visa",
        &[
            "content/programs/tele-cardio.md:10:13: `visa.required` should be true or false, found `no`",
            "content/programs/tele-psychiatry.md:9:7: `visa` should be `not-needed` or the visa fields, found `not needed`",
            "content/programs/tele-radiology.md:9:26: `visa.accepted` contradicts `required: false` (no visa needed)",
            "content/programs/tele-radiology.md:9:45: `visa.invitation_letter` contradicts `required: false` (no visa needed)",
        ],
    );
    assert_eq!(
        run.help_for("found `not needed`"),
        "did you mean `visa: not-needed`?"
    );
    assert_eq!(
        run.help_for("`visa.accepted` contradicts"),
        "remove `accepted`, or write `required: true` if visitors need a visa"
    );
}

#[test]
fn i11_menu_mistakes_name_the_entry_and_the_fix() {
    let run = SiteTest::expect_errors(
        "i11-menu",
        &[
            "site.yaml:9:5: `menu` names `abuot`, which is no page or section of the site",
            "site.yaml:10:20: give either `page` or `url` in a menu entry, not both",
            "site.yaml:11:5: a menu entry needs a `page` or a `url`",
            "site.yaml:12:25: `menu.url` is not a safe link: the `javascript:` scheme is not allowed",
        ],
    );
    assert_eq!(run.help_for("`abuot`"), "did you mean `about`?");
}

#[test]
fn i11_menu_paths_are_checked_like_links_and_posts_must_exist() {
    let t = SiteTest::fixture("valid");
    let site = t.read("site.yaml");
    t.write(
        "site.yaml",
        &format!("{site}menu: [programs, {{ title: Prices, url: /prices/ }}]\n"),
    );
    let run = t.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.errors(),
        ["site.yaml:7:40: broken link: there is no page or file at `/prices/`"]
    );
    t.write("site.yaml", &format!("{site}menu: [programs, posts]\n"));
    std::fs::remove_file(t.path("content/posts/texas.md")).unwrap();
    let run = t.build();
    assert_eq!(
        run.errors(),
        ["site.yaml:7:18: `menu` names `posts`, but the site has no posts"]
    );
    assert_eq!(
        run.help_for("no posts"),
        "add a post under content/posts/, or take `posts` out of the menu"
    );
}

/// The header menu's links, `(name, href)`, in order (the wide menu's copy).
fn menu_links(html: &str) -> Vec<(String, String)> {
    let start = html.find(r#"<nav class="nav-wide""#).expect("a wide menu");
    let nav = &html[start..start + html[start..].find("</nav>").expect("its end")];
    nav.split("<a href=\"")
        .skip(1)
        .map(|a| {
            let (href, rest) = a.split_once('"').expect("an href");
            let name = rest.split_once('>').expect("a tag").1;
            let name = name.split_once("</a>").expect("a link's end").0;
            (name.to_string(), href.to_string())
        })
        .collect()
}

#[test]
fn i11_the_default_menu_lists_the_sections_and_every_free_page() {
    let t = SiteTest::fixture("valid");
    t.write(
        "content/pages/how-to-apply.md",
        "---\ntitle: Applying\n---\nBring your **passport**.\n",
    );
    t.build().assert_success();
    let html = t.read("output/about/index.html");
    let names: Vec<String> = menu_links(&html).into_iter().map(|(n, _)| n).collect();
    // how-to-apply is shown at /apply/ ("How to apply"), so it is not listed again.
    assert_eq!(
        names,
        [
            "Programs",
            "Specialties",
            "Hospitals",
            "Fees",
            "FAQ",
            "How to apply",
            "News",
            "About us"
        ]
    );
    // The page's own entry is marked current, in both copies of the menu.
    assert_eq!(
        html.matches(r#"<a href="/catalog/about/" aria-current="page">About us</a>"#)
            .count(),
        2
    );
    // Narrow screens get the same links behind a <details> disclosure.
    let details = &html[html
        .find(r#"<details class="nav-menu">"#)
        .expect("a menu button")..];
    assert!(details.starts_with("<details class=\"nav-menu\">\n      <summary>Menu</summary>"));
}

#[test]
fn i11_site_yaml_menu_orders_pages_sections_and_links() {
    let t = SiteTest::fixture("valid");
    let site = t.read("site.yaml");
    t.write(
        "site.yaml",
        &format!(
            "{site}menu:\n  - {{ page: about, title: Who we are }}\n  - programs\n  - {{ title: Refunds, url: \"/fees/#refunds\" }}\n  - {{ title: Blog, url: https://blog.example.org/ }}\n"
        ),
    );
    t.build().assert_success();
    let html = t.read("output/programs/index.html");
    assert_eq!(
        menu_links(&html),
        [
            ("Who we are".to_string(), "/catalog/about/".to_string()),
            ("Programs".to_string(), "/catalog/programs/".to_string()),
            ("Refunds".to_string(), "/catalog/fees/#refunds".to_string()),
            ("Blog".to_string(), "https://blog.example.org/".to_string()),
        ]
    );
    assert!(html.contains(r#"<a href="/catalog/programs/" aria-current="page">Programs</a>"#));
}

#[test]
fn i11_waitlisted_programs_invite_to_the_waitlist_and_are_not_counted_as_open() {
    let t = SiteTest::fixture("valid");
    t.edit("site.yaml", "&who={hospital}", "&who={hospital}&s={status}");
    t.build().assert_success();
    // cardio-observership is waitlisted (rolling); im-hands-on is open.
    let page = t.read("output/programs/cardio-observership/index.html");
    assert!(page.contains(
        r#"<a class="button" href="https://apply.example.org/form?program=cardio-observership&amp;start=rolling&amp;who=lakeside-clinic&amp;s=waitlist" rel="noopener">Join the waitlist</a>"#
    ), "{page}");
    assert!(page.contains("Join the waitlist online</a>"));
    assert!(!page.contains(">Apply"), "a waitlisted program says Apply");
    let open = t.read("output/programs/im-hands-on/index.html");
    assert!(open.contains("&amp;s=open\" rel=\"noopener\">Apply for "));
    // Cards, server-rendered and the script's templates, follow the status.
    let list = t.read("output/programs/index.html");
    let card = &list[list.find(r#"data-program="cardio-observership""#).unwrap()..];
    let card = &card[..card.find("</article>").unwrap()];
    assert!(card.contains(
        ">Join the waitlist<span class=\"visually-hidden\"> of Cardiology Observership</span></a>"
    ));
    let template = &list[list
        .find(r#"data-status="waitlist" data-apply="yes""#)
        .unwrap()..];
    let template = &template[..template.find("</template>").unwrap()];
    assert!(template.contains(">Join the waitlist<") && !template.contains(">Apply<"));
    // Only the open program counts as accepting applications.
    let home = t.read("output/index.html");
    assert!(
        home.contains("2 programs · 1 open for applications"),
        "{home}"
    );
    let apply = t.read("output/apply/index.html");
    assert!(
        apply.contains("1 program accepts applications now."),
        "{apply}"
    );
    assert!(apply.contains("1 more has a waitlist you can join"));
    assert!(!apply.contains(r#"data-program="cardio-observership""#));
}

#[test]
fn i11_closed_programs_show_no_apply_link() {
    let t = SiteTest::fixture("valid");
    t.edit(
        "content/programs/cardio-observership.md",
        "status: waitlist",
        "status: closed",
    );
    t.build().assert_success();
    let page = t.read("output/programs/cardio-observership/index.html");
    assert!(page.contains("This program is closed and not accepting applications."));
    assert!(!page.contains("apply.example.org"), "{page}");
    assert!(!page.contains(">Apply") && !page.contains("Join the waitlist"));
    let list = t.read("output/programs/index.html");
    let card = &list[list.find(r#"data-program="cardio-observership""#).unwrap()..];
    let card = &card[..card.find("</article>").unwrap()];
    assert!(!card.contains("apply.example.org") && !card.contains("class=\"button\""));
    assert!(
        t.read("output/index.html")
            .contains("1 open for applications")
    );
}

#[test]
fn i11_a_program_that_needs_no_visa_says_so_and_not_stated_means_not_given() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    // cardio-observership gives no visa facts at all: one "Not stated", not three.
    let page = t.read("output/programs/cardio-observership/index.html");
    assert!(page.contains(
        r#"<div data-fact="visa" data-summary="Not stated"><dt>Visa</dt><dd>Not stated</dd></div>"#
    ), "{page}");
    t.edit(
        "content/programs/cardio-observership.md",
        "status: waitlist",
        "status: waitlist\nvisa: not-needed",
    );
    t.build().assert_success();
    let page = t.read("output/programs/cardio-observership/index.html");
    assert!(page.contains(
        r#"<div data-fact="visa" data-summary="No visa needed."><dt>Visa</dt><dd>No visa needed.</dd></div>"#
    ), "{page}");
    let other = t.read("output/programs/im-hands-on/index.html");
    assert!(other.contains(r#"data-summary="Accepted: B1/B2. Invitation letter provided.""#));
    // The filter offers "No visa needed" (URL value not-needed).
    let index = t.read("output/search/index.json");
    assert!(index.contains(r#""key":"invitation_letter","label":"Visa","labels":["No visa needed","Invitation letter provided"],"multi":false,"values":["not-needed","true"]"#), "{index}");
    // The long form says the same.
    t.edit(
        "content/programs/cardio-observership.md",
        "visa: not-needed",
        "visa: { required: false, invitation_letter: false }",
    );
    t.build().assert_success();
    let page = t.read("output/programs/cardio-observership/index.html");
    assert!(page.contains(r#"data-summary="No visa needed.""#));
}

#[test]
fn i11_apply_shows_the_providers_how_to_apply_page_with_the_steps() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let before = t.read("output/apply/index.html");
    assert!(!before.contains("passport"));
    t.write(
        "content/pages/how-to-apply.md",
        "---\ntitle: Applying\ndescription: What to send and when.\n---\nBring your **passport**.\n",
    );
    t.build().assert_success();
    let apply = t.read("output/apply/index.html");
    let body = apply
        .find("<p>Bring your <strong>passport</strong>.</p>")
        .expect("the page's text");
    let steps = apply
        .find(r#"<ol class="steps"><li>Submit application form</li>"#)
        .expect("the steps");
    assert!(body < steps, "the provider's text comes before the steps");
    assert!(apply.contains(r#"<meta name="description" content="What to send and when.">"#));
}

#[test]
fn i11_an_empty_menu_leaves_no_menu_button() {
    let t = SiteTest::fixture("valid");
    let site = t.read("site.yaml");
    t.write("site.yaml", &format!("{site}menu: []\n"));
    t.build().assert_success();
    let html = t.read("output/index.html");
    assert!(
        !html.contains("nav-menu") && !html.contains("nav-wide"),
        "{html}"
    );
}

#[test]
fn i12_money_timeline_mistakes_are_located() {
    let run = SiteTest::expect_errors(
        "i12-money-timeline",
        &[
            "content/fees.yaml:10:9: the refund schedule of `standard` lists 30 days before twice",
            "content/fees.yaml:15:9: the refund schedule of `flexible` refunds more nearer the start: 100% at 7 days before, but 50% at 14",
            "content/fees.yaml:17:5: missing required refund tier field `text`",
            "content/fees.yaml:18:19: `balance_due_days` should be a whole number, found `soon`",
            "content/hospitals/lakeside-clinic.md:6:10: `housing` should be true, false or `{ per_week, note }`, found a list",
            "content/hospitals/mercy-chicago.md:6:22: `housing.per_week` is not a valid amount: `about 250`",
            "content/hospitals/mercy-chicago.md:6:33: unknown housing field `nots`",
            "content/programs/im-hands-on.md:19:19: `balance_due_days` must be from 0 to 365, found 400",
            "site.yaml:7:19: `stale_after_days` must be from 1 to 3650, found 0",
        ],
    );
    assert_eq!(
        run.help_for("lists 30 days before twice"),
        "give each number of days once"
    );
    assert_eq!(
        run.help_for("refunds more nearer the start"),
        "a later cancellation gets back the same or less; check the percentages"
    );
    assert_eq!(
        run.help_for("`housing` should be true, false"),
        "write `housing: true`, or `housing: { per_week: 250, note: Shared apartment }`"
    );
    assert_eq!(
        run.help_for("unknown housing field"),
        "did you mean `note`?"
    );
}

/// Today's files stay valid: a refund tier may still be a bare sentence, a
/// hospital's `housing` a boolean, and a site without `stale_after_days`
/// flags facts older than 180 days.
#[test]
fn i12_the_old_forms_still_build_and_the_new_ones_date_the_timeline() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let page = t.read("output/programs/im-hands-on/index.html");
    // A sentence tier has no schedule: the page shows the sentence and no refund dates.
    assert!(
        page.contains("Full refund up to 30 days before the start; 50% up to 14 days; none after.")
    );
    assert!(!page.contains("Full refund until"));
    // No balance_due_days anywhere: no balance date.
    assert!(!page.contains("Balance due"));
    assert!(page.contains("<span class=\"milestone-label\">Apply by</span> <span class=\"milestone-when\"><time datetime=\"2026-12-18\">December 18, 2026</time>"));

    t.write(
        "content/fees.yaml",
        "refund_tiers:\n  standard:\n    text: \"Full refund up to 30 days before; half up to 14.\"\n    schedule: [{ days_before: 14, percent: 50 }, { days_before: 30, percent: 100 }]\nbalance_due_days: 21\ndeposit_method: By card\n",
    );
    t.edit(
        "content/hospitals/mercy-chicago.md",
        "housing: true",
        "housing: { per_week: 200, note: Shared room }",
    );
    t.build().assert_success();
    let page = t.read("output/programs/im-hands-on/index.html");
    // Start March 1, 2027: balance 21 days before (February 8), full refund to
    // 30 days before (January 30), half to 14 days before (February 15).
    let march = &page[page
        .find("<div class=\"timeline-start\" data-start=\"2027-03-01\"")
        .unwrap()..];
    let march = &march[..march.find("</div>").unwrap()];
    for (label, iso) in [
        ("Apply by", "2027-01-15"),
        ("Balance due", "2027-02-08"),
        ("Full refund until", "2027-01-30"),
        ("50% refund until", "2027-02-15"),
    ] {
        assert!(
            march.contains(&format!("<span class=\"milestone-label\">{label}</span> <span class=\"milestone-when\"><time datetime=\"{iso}\">")),
            "{label} {iso} in {march}"
        );
    }
    assert!(march.contains("$300, part of the total. By card"));
    assert!(page.contains("With housing, about $4,300 for 4 weeks"));
    assert!(page.contains("From $3,500 for 4 weeks (all fees included)"));
    // Verified 21 days before the build: fresh. The observership gives no
    // last_verified: flagged on its page and its card.
    assert!(page.contains("November 1, 2026 (21 days ago)"));
    assert!(!page.contains("may be out of date"));
    let observership = t.read("output/programs/cardio-observership/index.html");
    assert!(observership.contains("This information may be out of date"));
    let list = t.read("output/programs/index.html");
    let card = &list[list.find("data-program=\"cardio-observership\"").unwrap()..];
    assert!(card[..card.find("</article>").unwrap()].contains("badge-stale"));
    let card = &list[list.find("data-program=\"im-hands-on\"").unwrap()..];
    assert!(!card[..card.find("</article>").unwrap()].contains("badge-stale"));
    // stale_after_days moves the line: 20 days flags the hands-on program too.
    let site = t.read("site.yaml");
    t.write("site.yaml", &format!("{site}stale_after_days: 20\n"));
    t.build().assert_success();
    assert!(
        t.read("output/programs/im-hands-on/index.html")
            .contains("This information may be out of date")
    );
}

#[test]
fn i11_refund_tiers_show_their_labels_and_pages_both_colour_schemes() {
    let t = SiteTest::fixture("valid");
    let fees = t.read("content/fees.yaml").replace(
        "refund_tiers:\n",
        "refund_tiers:\n  non-refundable: \"No refund once a seat is confirmed.\"\n",
    );
    t.write("content/fees.yaml", &fees);
    t.build().assert_success();
    let fees = t.read("output/fees/index.html");
    assert!(
        fees.contains("<dt>Non-refundable</dt><dd>No refund once a seat is confirmed.</dd>"),
        "{fees}"
    );
    assert!(!fees.contains("<dt>non-refundable</dt>"));
    let home = t.read("output/index.html");
    assert!(home.contains(r#"<meta name="color-scheme" content="light dark">"#));
    assert!(home.contains(r#"media="(prefers-color-scheme: dark)""#));
    assert!(home.contains(r#"media="(prefers-color-scheme: light)""#));
}

#[test]
fn i11_json_ld_availability_follows_the_status() {
    let t = SiteTest::fixture("valid");
    t.build().assert_success();
    let offers = |slug: &str| {
        let page = t.read(&format!("output/programs/{slug}/index.html"));
        let ld = page
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .unwrap()
            .split("</script>")
            .next()
            .unwrap()
            .to_string();
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        v["@graph"][0]["offers"][0]["availability"].clone()
    };
    assert_eq!(offers("im-hands-on"), "https://schema.org/InStock");
    // A waitlist takes names: it does not sell a seat now.
    assert_eq!(
        offers("cardio-observership"),
        "https://schema.org/BackOrder"
    );
}

/// Issue 15: `language` must have a translation table (did-you-mean among
/// those that do); a site table's malformed plural is an error at its line.
#[test]
fn an_unknown_language_and_a_bad_table_are_errors_at_their_lines() {
    let run = SiteTest::expect_errors(
        "i15-language",
        &[
            "i18n/es.yaml:4:3: the plural message `common.programs` has no `other` form",
            "i18n/es.yaml:5:3: `several` is not a plural category",
            "site.yaml:3:11: unknown language `sp`: there is no translation table for it",
        ],
    );
    assert!(
        run.help_for("`sp`").starts_with("did you mean `es`?"),
        "{}",
        run.help_for("`sp`")
    );
    assert!(
        run.warnings().iter().any(|w| w
            .contains("i18n/es.yaml:2:1: `common.aply` is not a key of the theme's English table")),
        "{:?}",
        run.warnings()
    );
    assert!(
        run.help_for("`common.aply`")
            .starts_with("did you mean `common.apply`?")
    );
}

/// Issue 15: a site's table for a language the theme does not ship is used
/// over English, its missing keys a warning that `check` lists, and a
/// site's rewording of a shipped language replaces only its keys.
#[test]
fn a_site_table_translates_the_interface_and_missing_keys_are_warned() {
    let t = SiteTest::fixture("valid");
    t.edit(
        "site.yaml",
        "title: Test Rotations\n",
        "title: Test Rotations\nlanguage: fr\n",
    );
    t.write(
        "i18n/fr.yaml",
        "programs.search: Rechercher des programmes\ncommon.programs:\n  one: \"{n} programme\"\n  other: \"{n} programmes\"\n",
    );
    let run = t.check();
    run.assert_success();
    let w = run.warnings();
    assert!(
        w.iter().any(
            |w| w.starts_with("i18n/fr.yaml: the `fr` table has no text for ")
                && w.contains("English is shown for them")
        ),
        "{w:?}"
    );
    t.build().assert_success();
    let programs = t.read("output/programs/index.html");
    assert!(
        programs.contains(">Rechercher des programmes</label>"),
        "the site's French label"
    );
    assert!(
        programs.contains(">Sort by</label>"),
        "English for a key fr.yaml lacks"
    );
    assert!(programs.contains("<html lang=\"fr\""));
    t.edit("site.yaml", "language: fr\n", "language: es\n");
    t.write("i18n/es.yaml", "programs.search: Busque un programa\n");
    let run = t.build();
    run.assert_success();
    assert!(run.warnings().is_empty(), "{:?}", run.warnings());
    let programs = t.read("output/programs/index.html");
    assert!(programs.contains(">Busque un programa</label>"));
    assert!(
        programs.contains(">Ordenar por</label>"),
        "the built-in Spanish table under the site's"
    );
}

/// Issue 15.6: a site built in Spanish shows none of the English table's
/// interface strings (each text, or each part of it between placeholders,
/// of 12 characters or more, unless Spanish writes it the same way); the
/// labels rotalog makes (issue 15.3) included.
#[test]
fn a_spanish_site_shows_no_english_interface_string() {
    assert_no_english_interface_string("es");
}

/// Issue 15.3: the same for Arabic, whose table has a form per plural category.
#[test]
fn an_arabic_site_shows_no_english_interface_string() {
    assert_no_english_interface_string("ar");
}

#[track_caller]
fn assert_no_english_interface_string(lang: &str) {
    let t = SiteTest::fixture("valid");
    t.edit(
        "site.yaml",
        "title: Test Rotations\n",
        &format!("title: Test Rotations\nlanguage: {lang}\n"),
    );
    t.build().assert_success();
    let found = harness::english_interface_strings(&t, lang, "");
    // The labels the Rust side makes (issue 15.3) come from the tables too.
    assert!(found.is_empty(), "English on {lang} pages:\n{found:#?}");
}

/// Issue 15.3: dates, money and vocabulary labels as each language writes
/// them, on a program page, a card, the search index and the calendar.
#[test]
fn dates_money_and_labels_follow_the_sites_language() {
    let cases = [
        (
            "es",
            "1 de febrero de 2027",
            "3500\u{a0}US$",
            "Rotación clínica práctica",
            "febrero de 2027",
            "Según el desempeño",
        ),
        (
            "pt",
            "1 de fevereiro de 2027",
            "US$\u{a0}3.500",
            "Estágio clínico prático",
            "fevereiro de 2027",
            "Conforme o desempenho",
        ),
        (
            "ar",
            "1 فبراير 2027",
            "\u{200f}3,500\u{a0}US$",
            "تدريب سريري عملي",
            "فبراير 2027",
            "حسب الأداء",
        ),
    ];
    for (lang, date, money, kind, month, letter) in cases {
        let t = SiteTest::fixture("valid");
        t.edit(
            "site.yaml",
            "title: Test Rotations\n",
            &format!("title: Test Rotations\nlanguage: {lang}\n"),
        );
        t.build().assert_success();
        let page = t.read("output/programs/im-hands-on/index.html");
        for want in [date, money, kind, letter] {
            assert!(page.contains(want), "{lang}: {want:?} on the program page");
        }
        let list = t.read("output/programs/index.html");
        for want in [money, kind] {
            assert!(list.contains(want), "{lang}: {want:?} on a card");
        }
        let (_, index) = t
            .output()
            .into_iter()
            .find(|(p, _)| p == "search/index.json")
            .expect("the search index");
        let index = String::from_utf8(index).unwrap();
        for want in [kind, month] {
            let json = serde_json::to_string(want).unwrap();
            assert!(
                index.contains(&json),
                "{lang}: {want:?} in the index's facets"
            );
        }
        assert!(
            !index.contains("\"Experience type\""),
            "{lang}: a facet's name"
        );
        let ics = t
            .read("output/programs/im-hands-on/dates.ics")
            .replace("\r\n ", "");
        assert!(ics.contains(date), "{lang}: {date:?} in the calendar");
    }
}
