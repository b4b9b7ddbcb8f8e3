//! Social snippets: fitted to each platform, written to .rapport/social/,
//! shown on the page, and checked for promotional or closed prompts.

use crate::support::{CONFIG, TestSite};

const FRONT: &str = "title: \"How to Plan a Content Calendar\"\ndate: 2025-01-01\ndescription: d\ntags: [\"content calendar\", planning, team]\nimage: /c.jpg\nimage_alt: c";

#[test]
fn snippets_fit_every_platform_and_land_in_the_social_kit() {
    let site = TestSite::new().post(
        "calendar",
        &format!("{FRONT}\nprompts:\n  - \"What does your team's calendar look like on a Monday morning?\""),
        "Body.",
    );
    let built = site.build().assert_ok();
    let json = std::fs::read_to_string(site.root().join(".rapport/social/calendar.json"))
        .expect("snippet file");
    let post: serde_json::Value = serde_json::from_str(&json).expect("json");
    let snippets = post["snippets"].as_array().expect("snippets");
    assert_eq!(snippets.len(), 5, "{json}");
    for snippet in snippets {
        let text = snippet["text"].as_str().expect("text");
        assert!(
            text.starts_with("What does your team's calendar look like on a Monday morning?"),
            "{text}"
        );
        assert!(snippet["length"].as_u64() <= snippet["limit"].as_u64());
        let platform = snippet["platform"].as_str().expect("platform");
        assert!(
            text.contains(&format!(
                "?utm_source={platform}&utm_medium=social&utm_campaign=calendar"
            )),
            "{text}"
        );
    }
    let x = snippets.iter().find(|s| s["platform"] == "x").expect("x");
    assert!(
        x["text"]
            .as_str()
            .expect("text")
            .ends_with("#ContentCalendar #Planning"),
        "X takes two hashtags"
    );
    let threads = snippets
        .iter()
        .find(|s| s["platform"] == "threads")
        .expect("threads");
    assert!(
        threads["text"]
            .as_str()
            .expect("text")
            .ends_with("#ContentCalendar"),
        "Threads takes one"
    );
    assert!(site.root().join(".rapport/social/index.html").exists());
    assert!(!built.exists(".rapport"), "the kit is not published");
    built
        .assert_contains("posts/calendar/index.html", "Join the conversation")
        .assert_contains(
            "posts/calendar/index.html",
            "https://x.com/intent/tweet?text=What%20does%20your%20team%27s",
        );
}

#[test]
fn posts_without_prompts_get_generated_open_questions() {
    let site = TestSite::new().post(
        "calendar",
        FRONT,
        "Most teams plan too far ahead. Start with two weeks.",
    );
    let built = site.build().assert_ok();
    assert!(
        built
            .report
            .diagnostics
            .iter()
            .all(|d| d.code != "no-prompts"),
        "{:#?}",
        built.report.diagnostics
    );
    let post = &built.report.social[0];
    assert!(!post.prompts.is_empty());
    for prompt in &post.prompts {
        assert!(prompt.text.ends_with('?'), "{}", prompt.text);
        assert!(
            rapport::social::prompts::assess(&prompt.text, &[]).is_empty(),
            "{}",
            prompt.text
        );
    }
    built.assert_contains("posts/calendar/index.html", "Join the conversation");
}

#[test]
fn promotional_and_yes_no_prompts_warn_at_their_lines() {
    let config = format!("{CONFIG}\n[brand]\nnames = [\"Acme\"]\n");
    let site = TestSite::with_config(&config).post(
        "calendar",
        &format!("{FRONT}\nprompts:\n  - \"Check out our new Acme calendar!\"\n  - \"Do you plan weekly?\"\n  - \"How do you plan your week?\""),
        "Body.",
    );
    let built = site.build().assert_ok();
    let find = |code: &str| {
        built
            .report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .collect::<Vec<_>>()
    };
    let promotional = find("prompt-promotional");
    assert_eq!(promotional.len(), 1, "{:#?}", built.report.diagnostics);
    assert_eq!(promotional[0].line, Some(9));
    assert!(
        promotional[0].message.contains("Acme"),
        "{}",
        promotional[0].message
    );
    assert_eq!(find("prompt-not-a-question")[0].line, Some(9));
    let yes_no = find("prompt-yes-no");
    assert_eq!(yes_no.len(), 1);
    assert_eq!(yes_no[0].line, Some(10));
}

#[test]
fn social_command_prints_json_for_one_platform() {
    let site = TestSite::new().post(
        "calendar",
        &format!("{FRONT}\nprompts: [\"How do you plan?\"]"),
        "Body.",
    );
    let out = crate::support::rapport(&[
        "social",
        site.root().to_str().expect("utf8"),
        "--platform",
        "bluesky",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let posts: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let snippets = posts[0]["snippets"].as_array().expect("snippets");
    assert_eq!(snippets.len(), 1);
    assert_eq!(snippets[0]["platform"], "bluesky");
    assert!(
        !site.root().join("public").exists(),
        "rapport social writes nothing"
    );
}
