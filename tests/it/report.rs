//! The numbers report: `.rapport/report.json` and `report.html` after a
//! successful build, with listening (`data/questions.csv`) and conversations
//! (`data/analytics.csv`).

use crate::support::{TestSite, rapport};
use rapport::diagnostic::Severity;
use serde_json::Value;

const POSTS: &[(&str, &str, &str, &str)] = &[
    // slug, title, tags, extra front matter
    (
        "plan-calendar",
        "How to Plan a Content Calendar",
        "[planning, content calendar]",
        "",
    ),
    (
        "subject-lines",
        "Writing Better Email Subject Lines",
        "[email, writing]",
        "",
    ),
    (
        "pulse",
        "Introducing Acme Pulse",
        "[product]",
        "kind: promotional",
    ),
    ("seo-basics", "A Guide to SEO for Small Blogs", "[seo]", ""),
    (
        "replies",
        "How to Measure Replies Instead of Likes",
        "[measurement]",
        "",
    ),
    (
        "repurposing",
        "Repurposing One Post into Ten",
        "[repurposing]",
        "",
    ),
    (
        "pricing",
        "Our New Pricing Plans",
        "[pricing]",
        "kind: promotional",
    ),
    (
        "interviews",
        "Interviewing Customers for Story Ideas",
        "[interviews]",
        "",
    ),
    (
        "self-editing",
        "Editing Your Own Drafts",
        "[editing, writing]",
        "",
    ),
    ("images", "Choosing Images for Blog Posts", "[images]", ""),
];

/// Ten posts, one a month from January 2025 (the last is the newest).
fn ten_posts() -> TestSite {
    let mut site = TestSite::new();
    for (i, (slug, title, tags, extra)) in POSTS.iter().enumerate() {
        let front = format!(
            "title: \"{title}\"\ndate: 2025-{:02}-10\ndescription: \"About {title}.\"\ntags: {tags}\n{extra}",
            i + 1
        );
        let body = format!("Some words about {title}.\n\n## Where to start\n\nMore words.\n");
        site = site.post(slug, &front, &body);
    }
    site
}

fn json(site: &TestSite) -> Value {
    let path = site.root().join(".rapport/report.json");
    let text = std::fs::read_to_string(&path).expect("report.json is written");
    serde_json::from_str(&text).expect("report.json is JSON")
}

fn html(site: &TestSite) -> String {
    std::fs::read_to_string(site.root().join(".rapport/report.html")).expect("report.html")
}

#[test]
fn the_report_has_the_headline_numbers_and_posts_newest_first() {
    let site = ten_posts();
    site.build().assert_ok();
    let report = json(&site);
    assert_eq!(report["schema"], 1);
    let summary = &report["summary"];
    assert_eq!(summary["posts"], 10);
    assert_eq!(summary["promotional"], 2);
    assert_eq!(summary["promotional_share"], 0.2);
    let posts = report["posts"].as_array().expect("posts");
    assert_eq!(posts.len(), 10);
    assert_eq!(posts[0]["url"], "/posts/images/", "newest first");
    assert_eq!(posts[0]["date"], "2025-10-10");
    assert_eq!(posts[3]["kind"], "promotional");
    assert_eq!(posts[3]["kind_declared"], true);
    assert!(posts[0]["words"].as_u64().expect("words") > 3);
    assert!(posts[0]["page_bytes"].as_u64().expect("weighed") > 0);
    let months = report["mix"]["months"].as_array().expect("months");
    assert_eq!(months.len(), 10);
    assert_eq!(months[2]["month"], "2025-03");
    assert_eq!(months[2]["promotional_share"], 1.0);
    assert_eq!(
        months[2]["rolling_share"], 0.3333,
        "1 of the 3 posts so far"
    );
    assert_eq!(months[9]["rolling_share"], 0.2, "2 of the latest 10");
    assert_eq!(report["mix"]["band"], serde_json::json!([0.2, 0.3]));
    assert!(report["weight"]["pages"].as_array().expect("pages").len() > 10);
    assert!(report["listening"].is_null() && report["conversations"].is_null());

    let page = html(&site);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<svg class=\"chart\" role=\"img\""));
    assert!(page.contains("Introducing Acme Pulse"));
    assert!(
        page.contains("data/questions.csv"),
        "says how to turn listening on"
    );
    assert!(!page.contains("<script"), "no JavaScript");
}

#[test]
fn the_unanswered_questions_come_first_most_asked_first() {
    let site = ten_posts().file(
        "data/questions.csv",
        "question,count,date\n\
         How do I plan a content calendar?,20,2025-09-01\n\
         Should we start a podcast?,2,2025-08-01\n\
         How do I edit my own drafts?,7,2025-07-01\n\
         Which webinar software do you recommend?,9,\n\
         What's a good subject line for a newsletter email?,3,\n",
    );
    let built = site.build().assert_ok();
    assert!(
        built
            .report
            .diagnostics
            .iter()
            .all(|d| d.code != "data-file")
    );
    let listening = &json(&site)["listening"];
    assert_eq!(listening["source"], "data/questions.csv");
    assert_eq!(listening["unanswered"], 2);
    let questions = listening["questions"].as_array().expect("questions");
    let order: Vec<(&str, bool)> = questions
        .iter()
        .map(|q| (q["text"].as_str().expect("text"), q["answered"] == true))
        .collect();
    assert_eq!(
        order,
        [
            ("Which webinar software do you recommend?", false),
            ("Should we start a podcast?", false),
            ("How do I plan a content calendar?", true),
            ("How do I edit my own drafts?", true),
            ("What's a good subject line for a newsletter email?", true),
        ]
    );
    assert_eq!(questions[2]["best"]["url"], "/posts/plan-calendar/");
    assert_eq!(questions[3]["best"]["url"], "/posts/self-editing/");
    assert_eq!(questions[4]["best"]["url"], "/posts/subject-lines/");
    let page = html(&site);
    assert!(page.contains("Which webinar software do you recommend?"));
    assert!(page.contains("2 of 5 questions"), "{page}");
}

#[test]
fn analytics_rows_map_to_posts_kinds_and_tags() {
    let site = ten_posts().file(
        "data/analytics.csv",
        "Page path,Views,Comments,Shares\n\
         https://example.com/posts/plan-calendar/?utm_source=x,1000,12,3\n\
         /posts/plan-calendar/,500,3,1\n\
         /posts/pricing/index.html,2000,2,10\n\
         /,5000,0,0\n",
    );
    site.build().assert_ok();
    let talk = &json(&site)["conversations"];
    assert_eq!(talk["rows"], 4);
    assert_eq!(talk["rows_matched"], 3);
    let posts = talk["posts"].as_array().expect("posts");
    assert_eq!(posts[0]["url"], "/posts/plan-calendar/");
    assert_eq!(posts[0]["views"], 1500);
    assert_eq!(posts[0]["replies"], 15);
    assert_eq!(posts[0]["replies_per_1000_views"], 10.0);
    assert_eq!(posts[1]["url"], "/posts/pricing/");
    assert_eq!(posts[1]["replies_per_1000_views"], 1.0);
    let kinds: Vec<&str> = talk["kinds"]
        .as_array()
        .expect("kinds")
        .iter()
        .map(|k| k["name"].as_str().expect("name"))
        .collect();
    assert_eq!(kinds, ["helpful", "promotional"]);
    // The calendar post's two tags tie on its rate; names break the tie.
    assert_eq!(talk["tags"][0]["name"], "content calendar");
    assert_eq!(talk["tags"][1]["name"], "planning");
    assert_eq!(talk["tags"][1]["replies_per_1000_views"], 10.0);
    assert_eq!(talk["unmatched"][0]["url"], "/");
    assert!(html(&site).contains("Posts by replies per 1,000 views"));
}

#[test]
fn a_bad_csv_is_a_warning_with_file_and_line_and_the_build_succeeds() {
    let site = ten_posts()
        .file(
            "data/analytics.csv",
            "url,views,replies\n/posts/pricing/,100,1\n/posts/seo-basics/,lots,2\n",
        )
        .file("data/questions.csv", "topic\nSomething\n");
    let built = site.build().assert_ok();
    let data: Vec<_> = built.with_code("data-file");
    assert_eq!(data.len(), 2, "{data:#?}");
    let analytics = data
        .iter()
        .find(|d| d.file.as_deref() == Some("data/analytics.csv"))
        .expect("analytics warning");
    assert_eq!(analytics.severity, Severity::Warning);
    assert_eq!(analytics.line, Some(3));
    assert!(
        analytics.message.contains("`lots`"),
        "{}",
        analytics.message
    );
    let questions = data
        .iter()
        .find(|d| d.file.as_deref() == Some("data/questions.csv"))
        .expect("questions warning");
    assert!(questions.message.contains("no question column"));
    // The good row still counts, and the warnings are among the report's findings.
    let report = json(&site);
    assert_eq!(report["conversations"]["rows_matched"], 1);
    assert_eq!(report["summary"]["warnings_by_rule"]["data-file"], 2);
    assert!(html(&site).contains("data/analytics.csv:3"));
}

#[test]
fn two_builds_write_byte_identical_reports() {
    let site = ten_posts()
        .file(
            "data/questions.csv",
            "question,count\nHow do I plan?,2\nPodcast?,1\n",
        )
        .file(
            "data/analytics.csv",
            "url,views,comments\n/posts/replies/,300,9\n",
        );
    site.build().assert_ok();
    let first = (json(&site), html(&site));
    let first_bytes = std::fs::read(site.root().join(".rapport/report.json")).expect("json");
    site.build().assert_ok();
    let second_bytes = std::fs::read(site.root().join(".rapport/report.json")).expect("json");
    assert_eq!(first_bytes, second_bytes);
    assert_eq!(first.1, html(&site));
    assert_eq!(first.0, json(&site));
}

#[test]
fn report_and_data_files_are_not_published() {
    let site = ten_posts()
        .file("data/questions.csv", "question\nSecret roadmap question?\n")
        .file(
            "data/analytics.csv",
            "url,views,comments\n/posts/replies/,300,9\n",
        );
    let built = site.build().assert_ok();
    let mut published = Vec::new();
    for entry in walk(&built.output) {
        let text = std::fs::read(&entry).unwrap_or_default();
        let name = entry.to_string_lossy().into_owned();
        assert!(
            !name.contains("report.")
                && !name.contains("questions")
                && !name.contains("analytics.csv"),
            "{name} is published"
        );
        published.push(name);
        assert!(
            !String::from_utf8_lossy(&text).contains("Secret roadmap question"),
            "{} holds a question",
            entry.display()
        );
    }
    assert!(!published.is_empty());
    assert!(site.root().join(".rapport/report.html").is_file());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn site_text_is_escaped_in_the_report() {
    let site = TestSite::new().post(
        "hostile",
        "title: \"<script>alert(1)</script> & friends\"\ndate: 2025-01-01\ntags: [\"<b>bold</b>\"]",
        "Body.\n",
    )
    .file("data/questions.csv", "question\n\"<img src=x onerror=alert(1)>?\"\n");
    site.build().assert_ok();
    let page = html(&site);
    assert!(!page.contains("<script"), "no script tag gets through");
    assert!(!page.contains("<img"), "no markup from data gets through");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;?"));
}

#[test]
fn a_failed_build_and_a_check_write_no_report() {
    let site = ten_posts().file("content/posts/broken.md", "---\ntitle: [unclosed\n---\nx\n");
    let built = site.build();
    assert!(!built.report.ok);
    assert!(built.report.numbers.is_none());
    assert!(!site.root().join(".rapport/report.json").exists());

    let site = ten_posts();
    let checked = rapport::check(&site.options()).expect("check runs");
    assert!(
        checked.ok && checked.numbers.is_some(),
        "the report is made in memory"
    );
    assert!(
        !site.root().join(".rapport/report.json").exists(),
        "but check writes nothing"
    );
}

#[test]
fn the_build_summary_names_the_report() {
    let site = ten_posts();
    let root = site.root().to_string_lossy().into_owned();
    let out = rapport(&["build", &root]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("  report: ") && stdout.contains(".rapport/report.html"),
        "{stdout}"
    );
}
