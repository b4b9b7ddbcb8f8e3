//! Guideline rules fire where they should, stay quiet where they should not,
//! and obey their configured levels.

use crate::support::{CONFIG, TestSite};
use rapport::diagnostic::Severity;

/// A post with everything the basic rules ask for.
fn complete(kind: &str, day: u32) -> String {
    format!(
        "title: Post {day}\ndate: 2025-03-{day:02}\ndescription: \"A useful post.\"\ntags: [planning]\nkind: {kind}\nimage: /images/cover.jpg\nimage_alt: \"A cover\""
    )
}

/// Ten posts, the given days promotional, the others helpful.
fn mix(promotional_days: &[u32]) -> TestSite {
    let mut site = TestSite::new();
    for day in 1..=10 {
        let kind = if promotional_days.contains(&day) {
            "promotional"
        } else {
            "helpful"
        };
        site = site.post(
            &format!("p{day:02}"),
            &complete(kind, day),
            "Some helpful text for you.",
        );
    }
    site
}

fn rule_messages(site: &TestSite, rule: &str) -> Vec<String> {
    let built = site.build();
    built
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == rule)
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn five_promotional_posts_of_ten_fail_deny_warnings_with_the_content_mix_message() {
    let site = mix(&[1, 3, 5, 7, 9]);
    let messages = rule_messages(&site, "content-mix");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0]
            .starts_with("5 of all 10 posts are promotional (50%); the guideline is at most 30%"),
        "{}",
        messages[0]
    );
    assert!(
        messages[0].contains("content/posts/p09.md"),
        "{}",
        messages[0]
    );
    let out = crate::support::rapport(&[
        "build",
        site.root().to_str().expect("utf8"),
        "--deny-warnings",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning[content-mix]"));
}

#[test]
fn a_healthy_mix_is_quiet() {
    let site = mix(&[2, 6, 10]);
    assert!(rule_messages(&site, "content-mix").is_empty());
    let built = site.build().assert_ok();
    assert!(
        built.report.diagnostics.is_empty(),
        "{:#?}",
        built.report.diagnostics
    );
    assert_eq!(
        (
            built.report.stats.helpful_posts,
            built.report.stats.promotional_posts
        ),
        (7, 3)
    );
}

#[test]
fn the_latest_window_is_checked_on_its_own() {
    let mut site = mix(&[]);
    for day in 11..=14 {
        site = site.post(
            &format!("p{day:02}"),
            &complete("promotional", day),
            "Launch news.",
        );
    }
    let messages = rule_messages(&site, "content-mix");
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("4 of the latest 10 posts are promotional (40%)")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("4 promotional posts in a row")),
        "{messages:?}"
    );
    // Over all 14 posts the share is 29%: under the guideline, so no overall warning.
    assert!(
        !messages.iter().any(|m| m.contains("of all")),
        "{messages:?}"
    );
}

#[test]
fn runs_of_promotional_posts_are_named() {
    let site = mix(&[4, 5, 6]);
    let messages = rule_messages(&site, "content-mix");
    let run = messages
        .iter()
        .find(|m| m.contains("in a row"))
        .expect("a run warning");
    assert!(run.contains("p04.md") && run.contains("p06.md"), "{run}");
}

#[test]
fn levels_from_config_change_severity_or_silence_a_rule() {
    let deny = TestSite::with_config(&format!("{CONFIG}\n[guidelines]\ncontent-mix = \"deny\"\n"));
    let deny = (1..=4).fold(deny, |site, day| {
        site.post(&format!("p{day}"), &complete("promotional", day), "x")
    });
    let built = deny.build();
    assert!(!built.report.ok, "deny makes the build fail");
    assert!(built.errors().iter().any(|d| d.code == "content-mix"));
    assert!(
        !deny.root().join("public").exists(),
        "a failed build writes nothing"
    );

    let allow = TestSite::with_config(&format!(
        "{CONFIG}\n[guidelines]\ncontent-mix = \"allow\"\nmissing-visual = \"allow\"\n"
    ));
    let allow = (1..=4).fold(allow, |site, day| {
        site.post(
            &format!("p{day}"),
            &format!(
                "title: P{day}\ndate: 2025-01-0{day}\ndescription: d\ntags: [a]\nkind: promotional"
            ),
            "x",
        )
    });
    let built = allow.build().assert_ok();
    assert!(
        built.report.diagnostics.is_empty(),
        "{:#?}",
        built.report.diagnostics
    );
}

#[test]
fn content_mix_parameters_are_configurable() {
    let site = TestSite::with_config(&format!(
        "{CONFIG}\n[guidelines.content-mix]\nmax_promotional_share = 0.6\nmax_promotional_run = 5\n"
    ));
    let site = (1..=10).fold(site, |site, day| {
        let kind = if day % 2 == 0 {
            "promotional"
        } else {
            "helpful"
        };
        site.post(&format!("p{day:02}"), &complete(kind, day), "x")
    });
    assert!(rule_messages(&site, "content-mix").is_empty());
}

#[test]
fn unknown_guideline_in_config_is_an_error() {
    let built = TestSite::with_config(&format!(
        "{CONFIG}\n[guidelines]\nmissing-tag = \"allow\"\n"
    ))
    .build();
    let error = built.single_error("config", "rapport.toml");
    assert!(error.message.contains("missing-tags"), "{}", error.message);
}

#[test]
fn basic_rules_fire_with_file_and_line() {
    let site = TestSite::new()
        .post(
            "bare",
            "title: Bare\ndate: 2025-01-01",
            "Text without pictures.",
        )
        .post(
            "noalt",
            "title: No alt\ndate: 2025-01-02\ndescription: d\ntags: [a]\nimage: /c.jpg",
            "![](chart.png)",
        );
    let built = site.build().assert_ok();
    let find = |code: &str, file: &str| {
        built
            .report
            .diagnostics
            .iter()
            .filter(|d| d.code == code && d.file.as_deref() == Some(file))
            .cloned()
            .collect::<Vec<_>>()
    };
    for code in ["missing-visual", "missing-description", "missing-tags"] {
        let found = find(code, "content/posts/bare.md");
        assert_eq!(found.len(), 1, "{code}: {found:#?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].line, Some(2), "{code} points at the title line");
    }
    assert!(find("missing-visual", "content/posts/noalt.md").is_empty());
    let alt = find("missing-alt", "content/posts/noalt.md");
    assert_eq!(alt.len(), 2, "{alt:#?}");
    let cover = alt
        .iter()
        .find(|d| d.message.contains("cover"))
        .expect("cover warning");
    assert_eq!(
        cover.line,
        Some(6),
        "the cover's warning points at `image:`"
    );
    assert!(alt.iter().any(|d| d.message.contains("chart.png")));
}

#[test]
fn check_command_writes_nothing() {
    let site = mix(&[1, 3, 5, 7, 9]);
    let out = crate::support::rapport(&["check", site.root().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning[content-mix]"));
    assert!(!site.root().join("public").exists());
}

const LAUNCH_BODY: &str = "We're excited to announce Acme Pulse, our new analytics add-on. \
Starting today, every Acme customer can start a free trial of Acme Pulse. \
We built it because our customers love Acme and asked us for reporting. \
Sign up for our launch webinar to see a live demo, and check out the new pricing page.";

#[test]
fn a_launch_marked_helpful_is_a_kind_mismatch_with_reasons() {
    let config = format!("{CONFIG}\n[brand]\nnames = [\"Acme\", \"Acme Pulse\"]\n");
    let site = TestSite::with_config(&config).post(
        "pulse",
        "title: \"Introducing Acme Pulse\"\ndate: 2025-01-01\ndescription: d\ntags: [news]\nimage: /c.jpg\nimage_alt: c\nkind: helpful",
        LAUNCH_BODY,
    );
    let built = site.build().assert_ok();
    let mismatch: Vec<_> = built
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == "kind-mismatch")
        .collect();
    assert_eq!(mismatch.len(), 1, "{:#?}", built.report.diagnostics);
    assert_eq!(mismatch[0].line, Some(8), "points at `kind:`");
    assert!(
        mismatch[0].message.contains("names the brand"),
        "{}",
        mismatch[0].message
    );
}

#[test]
fn posts_without_kind_are_classified_from_their_text() {
    let config = format!("{CONFIG}\n[brand]\nnames = [\"Acme\", \"Acme Pulse\"]\n");
    let front = |title: &str, day: u32| {
        format!(
            "title: \"{title}\"\ndate: 2025-01-{day:02}\ndescription: d\ntags: [x]\nimage: /c.jpg\nimage_alt: c"
        )
    };
    let site = TestSite::with_config(&config)
        .post("launch", &front("Introducing Acme Pulse", 3), LAUNCH_BODY)
        .post(
            "howto",
            &front("How to Write a Brief Your Writers Will Thank You For", 2),
            "Your writers need three things from you: the reader, the question, and the one thing \
             the post must leave them with. Write those down before you write anything else.",
        )
        .post(
            "mistakes",
            &front("7 Mistakes That Make Your Newsletter Easy to Ignore", 1),
            "You send it on time, you fill every slot, and your readers still scroll past it. \
             Here is what usually goes wrong, and what you can change this week.",
        );
    let built = site.build().assert_ok();
    assert_eq!(
        (
            built.report.stats.helpful_posts,
            built.report.stats.promotional_posts
        ),
        (2, 1)
    );
    let mix: Vec<_> = built
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == "content-mix")
        .collect();
    assert_eq!(mix.len(), 1, "1 of 3 posts is 33%, over 30%: {mix:#?}");
    assert!(mix[0].message.contains("content/posts/launch.md"));
}
