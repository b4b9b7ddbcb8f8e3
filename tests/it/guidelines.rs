//! Guideline rules fire where they should, stay quiet where they should not,
//! and obey their configured levels.

use crate::support::{CONFIG, TestSite};
use rapport::diagnostic::Severity;

/// A post with everything the basic rules ask for.
fn complete(kind: &str, day: u32) -> String {
    format!(
        "title: Post {day}\ndate: 2025-03-{day:02}\ndescription: \"A useful post.\"\ntags: [{}]\nkind: {kind}\nimage: /images/cover.jpg\nimage_alt: \"A cover\"",
        ["planning", "email", "seo"][day as usize % 3]
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
        // Each post links to the next, the last to the first: no orphans.
        let next = day % 10 + 1;
        site = site.post(
            &format!("p{day:02}"),
            &complete(kind, day),
            &format!("Some helpful text for you. Then read [the next one](@/posts/p{next:02}.md)."),
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
        "{CONFIG}\n[guidelines]\ncontent-mix = \"allow\"\nmissing-visual = \"allow\"\norphan-post = \"allow\"\nno-internal-links = \"allow\"\n"
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
        )
        .bytes("static/posts/noalt/chart.png", &crate::support::png(16, 16));
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
    let mismatch: Vec<_> = built.with_code("kind-mismatch");
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
    let mix: Vec<_> = built.with_code("content-mix");
    assert_eq!(mix.len(), 1, "1 of 3 posts is 33%, over 30%: {mix:#?}");
    assert!(mix[0].message.contains("content/posts/launch.md"));
}

/// A complete post on a given day of 2025.
fn dated(day: &str, tags: &str) -> String {
    format!(
        "title: Post of {day}\ndate: 2025-{day}\ndescription: \"A useful post.\"\ntags: [{tags}]\nkind: helpful\nimage: /images/cover.jpg\nimage_alt: \"A cover\""
    )
}

#[test]
fn publishing_gaps_between_posts_and_until_today_are_named() {
    let site = TestSite::new()
        .post("a", &dated("01-02", "email"), "Some helpful text for you.")
        .post("b", &dated("01-20", "seo"), "Some helpful text for you.")
        .post("c", &dated("03-10", "social"), "Some helpful text for you.");
    let built = site.build();
    let gaps: Vec<_> = built.with_code("publishing-gap");
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(
        gaps[0].message,
        "no new post for 49 days before this one (the previous, \"Post of 01-20\", is from 2025-01-20); the guideline is at most 30 days"
    );
    assert_eq!(gaps[0].file.as_deref(), Some("content/posts/c.md"));
    assert_eq!(gaps[0].line, Some(3), "the line of `date:`");

    // The library never reads the clock: today comes with the options.
    let mut options = site.options();
    options.today = Some("2025-05-01T00:00:00Z".parse().expect("timestamp"));
    let built = site.build_with(options);
    let messages: Vec<_> = built
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == "publishing-gap")
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages.contains(&"nothing published for 52 days: this, the newest post, is from 2025-03-10; the guideline is a new post at least every 30 days"),
        "{messages:#?}"
    );

    // The CLI takes today from RAPPORT_TODAY; a bigger limit silences both.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["check", site.root().to_str().expect("utf8")])
        .env("RAPPORT_TODAY", "2025-03-20")
        .env("NO_COLOR", "1")
        .output()
        .expect("run rapport");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no new post for 49 days"), "{stderr}");
    assert!(!stderr.contains("nothing published"), "{stderr}");
    let relaxed = TestSite::with_config(&format!(
        "{CONFIG}\n[guidelines.publishing-gap]\nmax_days = 60\n"
    ))
    .post("a", &dated("01-02", "email"), "Some helpful text for you.")
    .post("c", &dated("03-01", "social"), "Some helpful text for you.");
    assert!(rule_messages(&relaxed, "publishing-gap").is_empty());
}

#[test]
fn one_tag_on_most_posts_is_topic_concentration() {
    let mut site = TestSite::new();
    for day in 1..=10 {
        let tags = if day <= 7 { "email, news" } else { "seo" };
        site = site.post(
            &format!("p{day:02}"),
            &dated(&format!("02-{day:02}"), tags),
            "Some helpful text for you.",
        );
    }
    let built = site.build();
    let found: Vec<_> = built.with_code("topic-concentration");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "7 of 10 posts (70%) are tagged \"email\"; the guideline is at most 50%"
    );
    assert_eq!(found[0].file.as_deref(), Some("rapport.toml"));

    let few = TestSite::new()
        .post("a", &dated("02-01", "email"), "Some helpful text for you.")
        .post("b", &dated("02-02", "email"), "Some helpful text for you.");
    assert!(
        rule_messages(&few, "topic-concentration").is_empty(),
        "two posts are too few to judge"
    );
}

#[test]
fn a_helpful_post_about_the_company_is_self_talk() {
    let we_text =
        "We built Acme because we were tired of spreadsheets. Our team spent a year on it, \
                   and our customers tell us it changed how we all work. We think our approach is \
                   the right one, and we are proud of what our engineers made. "
            .repeat(4);
    let you_text = "You can plan a month of posts in an afternoon. Start with your readers' questions, \
                    then pick the three your team can answer best, and give yourself a deadline you \
                    can keep. Your calendar will thank you. "
        .repeat(4);
    let site = TestSite::with_config(&format!("{CONFIG}\n[brand]\nnames = [\"Acme\"]\n"))
        .post("story", &dated("02-01", "story"), &we_text)
        .post("plan", &dated("02-10", "planning"), &you_text);
    let found: Vec<_> = site
        .build()
        .report
        .diagnostics
        .into_iter()
        .filter(|d| d.code == "self-talk")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].file.as_deref(), Some("content/posts/story.md"));
    assert!(
        found[0].message.starts_with(
            "this helpful post talks about the brand more than about the reader: \"we/our/us\" "
        ),
        "{}",
        found[0].message
    );
    assert!(
        found[0].message.contains("brand names 4 times"),
        "{}",
        found[0].message
    );
}

#[test]
fn heavy_pages_are_named_with_their_heaviest_resources() {
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><desc>{}</desc></svg>",
        "x".repeat(600 * 1024)
    );
    let site = TestSite::new()
        .post(
            "heavy/index",
            &dated("02-01", "email"),
            "Some helpful text for you.\n\n![A very detailed chart](chart.svg)\n",
        )
        .file("content/posts/heavy/chart.svg", &svg)
        .post(
            "light",
            &dated("02-10", "seo"),
            "Some helpful text for you.",
        );
    let built = site.build();
    let found: Vec<_> = built.with_code("page-weight");
    assert!(!found.is_empty(), "{:#?}", built.report.diagnostics);
    let post = found
        .iter()
        .find(|d| d.file.as_deref() == Some("content/posts/heavy/index.md"))
        .expect("the post is named");
    assert!(
        post.message.starts_with("this page downloads 6"),
        "{}",
        post.message
    );
    assert!(post.message.contains(", over the 500 KB budget; images are over their 350 KB budget; heaviest: posts/heavy/chart.svg 600 KB"), "{}", post.message);
    assert!(
        !found
            .iter()
            .any(|d| d.file.as_deref() == Some("content/posts/light.md")),
        "{found:#?}"
    );

    let roomy = TestSite::with_config(&format!(
        "{CONFIG}\n[guidelines.page-weight]\ntotal_kb = 2000\nimage_kb = 1000\n"
    ))
    .post(
        "heavy/index",
        &dated("02-01", "email"),
        "Some helpful text for you.\n\n![A very detailed chart](chart.svg)\n",
    )
    .file("content/posts/heavy/chart.svg", &svg);
    assert!(rule_messages(&roomy, "page-weight").is_empty());
}

#[test]
fn posts_nothing_links_to_and_posts_that_link_nowhere_are_named() {
    let site = TestSite::new()
        .post(
            "a",
            &dated("02-01", "email"),
            "Start with [the plan](@/posts/b.md#steps), then [the tags](/tags/).",
        )
        .post(
            "b",
            &dated("02-10", "seo"),
            "Back to [the start](https://example.com/posts/a/?utm_source=x).",
        )
        .post(
            "c",
            &dated("02-20", "social"),
            "Only [elsewhere](https://elsewhere.example/) and [itself](/posts/c/#top).",
        );
    let built = site.build();
    let named = |rule: &str| -> Vec<String> {
        built
            .report
            .diagnostics
            .iter()
            .filter(|d| d.code == rule)
            .map(|d| {
                format!(
                    "{}:{}",
                    d.file.as_deref().unwrap_or("-"),
                    d.line.unwrap_or(0)
                )
            })
            .collect()
    };
    assert_eq!(named("orphan-post"), ["content/posts/c.md:2"]);
    assert_eq!(named("no-internal-links"), ["content/posts/c.md:2"]);

    let two = TestSite::new()
        .post("a", &dated("02-01", "email"), "No links.")
        .post("b", &dated("02-10", "seo"), "No links.");
    assert!(
        rule_messages(&two, "orphan-post").is_empty(),
        "too few posts to judge"
    );
}
