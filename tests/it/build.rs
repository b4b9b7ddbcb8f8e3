//! What a successful build writes.

use crate::support::TestSite;

fn blog() -> TestSite {
    TestSite::new()
        .file("content/posts/_index.md", "---\ntitle: Articles\ndescription: All the articles\n---\nSection intro.\n")
        .post(
            "plan-a-calendar",
            "title: \"How to Plan a Calendar\"\ndate: 2025-03-01\ntags: [\"Planning\", \"content calendar\"]\ncategories: [Guides]\ndescription: \"Plan it.\"\naliases: [\"/old/calendar/\"]",
            "Intro paragraph about *calendars*.\n\n## Why plan\n\nSee [the audit](@/posts/audit.md#scoring) and [the bundle](bundle/index.md).\n\n## Why plan\n\nAgain.\n",
        )
        .post("audit", "title: \"Content Audit\"\ndate: 2025-02-01T10:00:00+02:00\ntags: [planning]", "First.\n\n<!-- more -->\n\n## Scoring\n\nRest.\n")
        .file(
            "content/posts/bundle/index.md",
            "+++\ntitle = \"A Bundle\"\ndate = 2025-01-15\nimage = \"cover.jpg\"\nimage_alt = \"A cover\"\n+++\n![Chart](chart.png)\n",
        )
        .bytes("content/posts/bundle/cover.jpg", &crate::support::jpeg(64, 40))
        .bytes("content/posts/bundle/chart.png", &crate::support::png(32, 20))
        .file("content/posts/2024-12-24-jekyll-style.md", "---\ntitle: Jekyll\n---\nOld post.\n")
        .file("content/about.md", "---\ntitle: About\n---\nWho we are.\n")
        .file("static/robots-extra.txt", "hello")
}

#[test]
fn pages_get_pretty_urls_and_bundles_keep_their_files() {
    let site = blog();
    let built = site.build().assert_ok();
    for path in [
        "index.html",
        "posts/index.html",
        "posts/plan-a-calendar/index.html",
        "posts/audit/index.html",
        "posts/bundle/index.html",
        "posts/bundle/cover.jpg",
        "posts/bundle/chart.png",
        "posts/jekyll-style/index.html",
        "about/index.html",
        "robots-extra.txt",
        "404.html",
        "style.css",
    ] {
        assert!(built.exists(path), "{path} should exist");
    }
    assert_eq!(built.report.stats.posts, 4);
}

#[test]
fn markdown_links_headings_and_summaries() {
    let site = blog();
    let built = site.build().assert_ok();
    built
        .assert_contains(
            "posts/plan-a-calendar/index.html",
            "href=\"/posts/audit/#scoring\"",
        )
        .assert_contains("posts/plan-a-calendar/index.html", "href=\"/posts/bundle/")
        .assert_contains("posts/plan-a-calendar/index.html", "id=\"why-plan\"")
        .assert_contains("posts/plan-a-calendar/index.html", "id=\"why-plan-1\"");
    // The summary of `audit` stops at <!-- more -->; the home page shows it (no description).
    built
        .assert_contains("index.html", "First.")
        .assert_not_contains("index.html", "Rest.");
}

#[test]
fn jekyll_file_names_give_date_and_slug() {
    let built = blog().build().assert_ok();
    built.assert_contains(
        "posts/jekyll-style/index.html",
        "datetime=\"2024-12-24T00:00:00Z\"",
    );
}

#[test]
fn home_and_sections_paginate() {
    let mut site = TestSite::with_config(&format!("{}paginate_by = 2\n", crate::support::CONFIG));
    for day in 1..=5 {
        site = site.post(
            &format!("p{day}"),
            &format!("title: Post {day}\ndate: 2025-01-0{day}"),
            "Body.",
        );
    }
    let built = site.build().assert_ok();
    // Every post is in posts/: the home page goes on into that section
    // rather than repeating its pages under /page/N/.
    built
        .assert_contains("index.html", "Post 5")
        .assert_contains("index.html", "Post 4")
        .assert_not_contains("index.html", "Post 3")
        .assert_contains("index.html", "href=\"/posts/page/2/\"")
        .assert_contains("posts/page/2/index.html", "Post 3")
        .assert_contains("posts/page/3/index.html", "Post 1")
        .assert_contains("posts/page/1/index.html", "http-equiv=\"refresh\"");
    assert!(!built.exists("page/2/index.html"));
    assert!(!built.exists("posts/page/4/index.html"));

    // A post in another section: the home page lists more than posts/ does,
    // so it has pages of its own.
    let built = site
        .file(
            "content/guides/g1.md",
            "---\ntitle: Guide 1\ndate: 2025-01-06\n---\nBody.\n",
        )
        .build()
        .assert_ok();
    built
        .assert_contains("index.html", "Guide 1")
        .assert_contains("index.html", "Post 5")
        .assert_contains("page/2/index.html", "Post 4")
        .assert_contains("page/3/index.html", "Post 2")
        .assert_contains("page/1/index.html", "http-equiv=\"refresh\"")
        .assert_contains("posts/page/2/index.html", "Post 3");
    assert!(!built.exists("page/4/index.html"));
}

#[test]
fn taxonomies_have_list_term_pages_and_feeds() {
    let built = blog().build().assert_ok();
    built
        .assert_contains("tags/index.html", "content calendar")
        .assert_contains("tags/planning/index.html", "How to Plan a Calendar")
        .assert_contains("tags/planning/index.html", "Content Audit")
        .assert_contains("categories/guides/index.html", "How to Plan a Calendar")
        .assert_contains(
            "tags/planning/rss.xml",
            "<title>How to Plan a Calendar</title>",
        )
        .assert_not_contains("tags/content-calendar/rss.xml", "Content Audit");
}

#[test]
fn feeds_and_sitemap_use_absolute_urls() {
    let built = blog().build().assert_ok();
    built
        .assert_contains(
            "rss.xml",
            "<link>https://example.com/posts/plan-a-calendar/</link>",
        )
        .assert_contains(
            "rss.xml",
            "<pubDate>Sat, 1 Mar 2025 00:00:00 +0000</pubDate>",
        )
        .assert_contains(
            "atom.xml",
            "<published>2025-02-01T10:00:00+02:00</published>",
        )
        .assert_contains("sitemap.xml", "<loc>https://example.com/posts/audit/</loc>")
        .assert_contains(
            "sitemap.xml",
            "<loc>https://example.com/tags/planning/</loc>",
        )
        .assert_contains("robots.txt", "Sitemap: https://example.com/sitemap.xml");
    // Feed items are newest first.
    let rss = built.read("rss.xml");
    let first = rss.find("How to Plan a Calendar").expect("newest");
    let second = rss.find("Content Audit").expect("older");
    assert!(first < second);
    // Relative image URLs in feed content become absolute.
    built.assert_contains("rss.xml", "https://example.com/posts/bundle/chart-32w.");
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = blog();
    let mut options = site.options();
    options.base_url = Some("https://user.github.io/repo/".into());
    let built = site.build_with(options).assert_ok();
    built
        .assert_contains(
            "posts/plan-a-calendar/index.html",
            "href=\"/repo/posts/audit/#scoring\"",
        )
        .assert_contains("posts/plan-a-calendar/index.html", "href=\"/repo/style.")
        .assert_contains(
            "posts/plan-a-calendar/index.html",
            "href=\"https://user.github.io/repo/posts/plan-a-calendar/\"",
        )
        .assert_contains("index.html", "href=\"/repo/posts/audit/")
        .assert_contains(
            "sitemap.xml",
            "<loc>https://user.github.io/repo/posts/audit/</loc>",
        )
        .assert_contains(
            "rss.xml",
            "<link>https://user.github.io/repo/posts/audit/</link>",
        )
        .assert_contains(
            "old/calendar/index.html",
            "https://user.github.io/repo/posts/plan-a-calendar/",
        );
}

#[test]
fn aliases_redirect_to_the_page() {
    let built = blog().build().assert_ok();
    built.assert_contains(
        "old/calendar/index.html",
        "url=https://example.com/posts/plan-a-calendar/",
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = blog().post(
        "secret",
        "title: Secret\ndate: 2025-04-01\ndraft: true",
        "Hidden.",
    );
    let built = site.build().assert_ok();
    assert!(!built.exists("posts/secret/index.html"));
    built
        .assert_not_contains("index.html", "Secret")
        .assert_not_contains("rss.xml", "Secret");
    let mut options = site.options();
    options.drafts = true;
    let built = site.build_with(options).assert_ok();
    assert!(built.exists("posts/secret/index.html"));
}

#[test]
fn pages_are_minified_and_css_too() {
    let built = blog().build().assert_ok();
    let html = built.read("posts/audit/index.html");
    assert!(
        html.starts_with("<!doctype html>") || html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..40]
    );
    assert!(!html.contains("\n\n"), "minified pages have no blank lines");
    let css = built.read("style.css");
    assert!(
        !css.contains("/*") && !css.contains("\n  "),
        "CSS is minified"
    );
}

#[test]
fn unknown_front_matter_keys_reach_templates_as_extra() {
    let site = blog()
        .post("extra", "title: Extra\ndate: 2025-05-01\nparams:\n  mood: sunny\nkeywords: [a]", "Body.")
        .file(
            "templates/page.html",
            "{{ page.title }}|{{ page.extra.mood | default(value='') }}|{{ page.extra.keywords | default(value=['']) | first }}",
        );
    let built = site.build().assert_ok();
    assert_eq!(built.read("posts/extra/index.html").trim(), "Extra|sunny|a");
}

#[test]
fn crlf_files_and_a_byte_order_mark_work() {
    let site = TestSite::new().bytes(
        "content/posts/windows.md",
        "\u{feff}---\r\ntitle: Windows\r\ndate: 2025-01-01\r\n---\r\nLine one.\r\n\r\n## Head\r\n"
            .as_bytes(),
    );
    let built = site.build().assert_ok();
    built.assert_contains("posts/windows/index.html", "id=\"head\"");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = blog();
    let first = rapport::build_in_memory(&site.options()).expect("build").1;
    let second = rapport::build_in_memory(&site.options()).expect("build").1;
    assert!(first.len() > 20);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between builds");
    }
}

#[test]
fn site_templates_override_the_theme_one_by_one() {
    let site = blog().file("templates/404.html", "custom not found");
    let built = site.build().assert_ok();
    assert_eq!(built.read("404.html").trim(), "custom not found");
    built.assert_contains("index.html", "Latest posts");
}

#[test]
fn a_theme_from_the_site_themes_folder_is_used() {
    let site = TestSite::with_config(&format!("{}theme = \"plain\"\n", crate::support::CONFIG))
        .post("a", "title: A\ndate: 2025-01-01", "Body")
        .file("themes/plain/templates/page.html", "PLAIN {{ page.title }}")
        .file("themes/plain/static/plain.css", "p { color: red; }");
    let built = site.build().assert_ok();
    assert_eq!(built.read("posts/a/index.html").trim(), "PLAIN A");
    assert!(built.exists("plain.css"));
}

#[test]
fn markdown_inside_a_bundle_is_not_a_page_and_warns() {
    let site = TestSite::new()
        .file(
            "content/posts/kit/index.md",
            "---\ntitle: Kit\ndate: 2025-01-01\n---\nBody",
        )
        .file(
            "content/posts/kit/notes.md",
            "---\ntitle: Notes\n---\nPrivate notes",
        );
    let built = site.build().assert_ok();
    assert!(
        built
            .report
            .diagnostics
            .iter()
            .any(|d| d.code == "inside-bundle")
    );
    built.assert_contains("posts/kit/index.html", "Kit");
    assert!(!built.exists("posts/kit/notes/index.html"));
}

#[test]
fn the_example_site_builds_with_zero_warnings() {
    let out = tempfile::tempdir().expect("tmp");
    let options = rapport::BuildOptions {
        site: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        output: Some(out.path().join("site")),
        base_url: None,
        drafts: false,
        today: None,
        progress: None,
    };
    let report = rapport::build(&options).expect("build");
    assert!(report.ok);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert!(report.stats.posts >= 12);
    assert!(
        report.stats.promotional_posts >= 2,
        "the example shows both kinds"
    );
}

#[test]
fn posts_carry_open_graph_twitter_and_json_ld_meta() {
    let built = blog().build().assert_ok();
    let page = "posts/bundle/index.html";
    built
        .assert_contains(page, "content=\"https://example.com/posts/bundle/cover-64x34.")
        .assert_contains(page, ".jpg\" property=og:image>")
        .assert_contains(page, "<meta content=\"64\" property=og:image:width><meta content=\"34\" property=og:image:height>")
        .assert_contains(page, "content=\"A cover\" property=og:image:alt")
        .assert_contains(page, "content=summary_large_image name=twitter:card")
        .assert_contains(page, "content=\"2025-01-15T00:00:00Z\" property=article:published_time")
        .assert_contains(page, r#"<script type=application/ld+json>{"@context":"https://schema.org","@type":"BlogPosting","headline":"A Bundle""#);
    built.assert_contains("about/index.html", "content=website property=og:type");
}

/// A template written with indentation, whose Tera tags all stand for text.
const INDENTED_PAGE: &str = "{% extends \"base.html\" %}\n{% block content %}\n  <article class=\"post\">\n    <h1 title=\"{{ page.title }}\">{{ page.title }}</h1>\n    <div class=\"prose\">\n      {{ page.content | safe }}\n    </div>\n  </article>\n{% endblock content %}\n";

#[test]
fn templates_are_minified_once_and_pages_come_out_minified() {
    let built = blog()
        .file("templates/page.html", INDENTED_PAGE)
        .build()
        .assert_ok();
    let page = "posts/plan-a-calendar/index.html";
    built
        // The template's own markup is minified; printed values stay quoted.
        .assert_contains(
            page,
            "<article class=post><h1 title=\"How to Plan a Calendar\">",
        )
        .assert_contains(
            page,
            "<link href=\"https://example.com/posts/plan-a-calendar/\" rel=canonical>",
        )
        // The body comes compact, without pulldown-cmark's line breaks.
        .assert_contains(
            page,
            "<div class=prose><p>Intro paragraph about <em>calendars</em>.</p><h2 ",
        )
        .assert_not_contains(page, "\n  ");
}

#[test]
fn a_template_that_cannot_be_minified_once_still_gives_minified_pages() {
    // A Tera tag in a single-quoted value: the template is kept as written
    // and each page is minified on its own.
    let template = INDENTED_PAGE.replace("title=\"{{ page.title }}\"", "title='{{ page.title }}'");
    let built = blog()
        .file("templates/page.html", &template)
        .build()
        .assert_ok();
    let page = "posts/plan-a-calendar/index.html";
    built
        .assert_contains(
            page,
            "<article class=post><h1 title=\"How to Plan a Calendar\">",
        )
        .assert_contains(
            page,
            "<div class=prose><p>Intro paragraph about <em>calendars</em>.",
        )
        // Minified as a page: printed values unquoted too.
        .assert_contains(
            page,
            "<link href=https://example.com/posts/plan-a-calendar/ rel=canonical>",
        )
        .assert_not_contains(page, "\n  ");
}

#[test]
fn elements_opened_in_one_template_and_closed_in_another_survive() {
    // A header partial opens <main> and a footer partial closes it: neither
    // can be minified alone (minify-html would drop the unmatched end tags).
    let built = blog()
        .file(
            "templates/page.html",
            "{% include \"partials/top.html\" %}\n<p>{{ page.title }}</p>\n{% include \"partials/bottom.html\" %}\n",
        )
        .file(
            "templates/partials/top.html",
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>{{ page.title }}</title></head>\n<body>\n<main>\n<div class=\"wrap\">\n",
        )
        .file(
            "templates/partials/bottom.html",
            "</div>\n</main>\n<footer>Footer</footer>\n</body>\n</html>\n",
        )
        .build()
        .assert_ok();
    built.assert_contains(
        "posts/audit/index.html",
        "</div></main><footer>Footer</footer>",
    );
}
