//! `rapport check` follows every local link in the built output.

use crate::support::{CONFIG, TestSite};
use rapport::diagnostic::{Diagnostic, Severity};

const FRONT: &str = "date: 2025-01-01\ndescription: d\ntags: [t]\nimage: /c.jpg\nimage_alt: c";

fn post(title: &str) -> String {
    format!("title: \"{title}\"\n{FRONT}")
}

fn findings(site: &TestSite, code: &str) -> Vec<Diagnostic> {
    let report = rapport::check(&site.options()).expect("check runs");
    report
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

fn linked_site(config: &str) -> TestSite {
    TestSite::with_config(config)
        .post(
            "a",
            &post("How to start"),
            "Intro.\n\n## Set up\n\nRead [how](@/posts/b.md#how-it-works), [top](#top), [here](#set-up).\n\nThen [gone](/gone/) and [typo](@/posts/b.md#how-it-work).\n",
        )
        .post("b", &post("How it works"), "## How it works\n\nText [back](@/posts/a.md).\n")
}

#[test]
fn dead_links_and_anchors_are_found_at_their_line() {
    let site = linked_site(CONFIG);
    let dead = findings(&site, "dead-link");
    assert_eq!(dead.len(), 1, "{dead:#?}");
    assert_eq!(dead[0].severity, Severity::Error);
    assert!(
        dead[0].message.contains("`/gone/` on /posts/a/"),
        "{}",
        dead[0].message
    );
    assert_eq!(dead[0].file.as_deref(), Some("content/posts/a.md"));
    assert_eq!(dead[0].line, Some(15));

    let anchors = findings(&site, "dead-anchor");
    assert_eq!(anchors.len(), 1, "{anchors:#?}");
    assert_eq!(anchors[0].severity, Severity::Warning);
    assert!(
        anchors[0]
            .message
            .contains("/posts/b/ has no element with id `how-it-work`"),
        "{}",
        anchors[0].message
    );
    assert_eq!(anchors[0].line, Some(15));

    // The build itself does not follow links (it stays fast); `check` does.
    let built = site.build();
    assert!(
        !built
            .report
            .diagnostics
            .iter()
            .any(|d| d.code.starts_with("dead-")),
        "{:#?}",
        built.report.diagnostics
    );
}

#[test]
fn a_template_link_on_every_page_is_one_finding_at_the_template() {
    let theme =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html");
    let base = std::fs::read_to_string(theme).expect("theme base.html");
    let broken = base.replacen("</footer>", "<a href=\"/careers/\">Careers</a></footer>", 1);
    assert_ne!(base, broken, "the theme's base.html has a footer");
    let site = linked_site(CONFIG)
        .file("templates/base.html", &broken)
        .file(
            "content/posts/a.md",
            &format!("---\n{}\n---\nFine.\n", post("A")),
        );
    let dead = findings(&site, "dead-link");
    let careers: Vec<_> = dead
        .iter()
        .filter(|d| d.message.contains("/careers/"))
        .collect();
    assert_eq!(careers.len(), 1, "{dead:#?}");
    assert!(
        careers[0].message.contains("pages ("),
        "{}",
        careers[0].message
    );
    assert_eq!(careers[0].file.as_deref(), Some("templates/base.html"));
}

#[test]
fn root_links_must_keep_the_base_path() {
    let config = CONFIG.replace("https://example.com/", "https://example.com/blog/");
    let site = TestSite::with_config(&config)
        .post(
            "a",
            &post("A"),
            "<a href=\"/about/\">About</a> and <a href=\"/blog/about/\">about</a>.\n",
        )
        .file("content/about.md", "---\ntitle: About\n---\nUs.\n");
    let dead = findings(&site, "dead-link");
    assert_eq!(dead.len(), 1, "{dead:#?}");
    assert!(
        dead[0]
            .message
            .contains("outside the site's base path `/blog/`"),
        "{}",
        dead[0].message
    );
}

#[test]
fn levels_apply_and_the_example_site_has_no_dead_links() {
    let config = format!("{CONFIG}\n[guidelines]\ndead-link = \"allow\"\ndead-anchor = \"deny\"\n");
    let site = linked_site(&config);
    assert!(findings(&site, "dead-link").is_empty());
    let anchors = findings(&site, "dead-anchor");
    assert_eq!(anchors[0].severity, Severity::Error);

    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    let report = rapport::check(&rapport::BuildOptions {
        site: example,
        output: None,
        base_url: None,
        drafts: false,
        today: None,
        progress: None,
    })
    .expect("check runs");
    let dead: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("dead-"))
        .collect();
    assert!(dead.is_empty(), "{dead:#?}");
}
