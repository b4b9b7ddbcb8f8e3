//! Bad input gets a clear error naming the file (and line), never a panic,
//! and the previous output stays as it was.

use crate::support::TestSite;

fn good() -> TestSite {
    TestSite::new().post("fine", "title: Fine\ndate: 2025-01-01", "Fine.")
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let built = good()
        .post("bad", "title: Bad\ntags: [a, b\ndate: 2025-01-01", "x")
        .build();
    let error = built.single_error("front-matter", "content/posts/bad.md");
    assert!(error.message.contains("invalid YAML"), "{}", error.message);
    assert!(error.line.is_some());
}

#[test]
fn malformed_toml_names_file_and_line() {
    let built = good()
        .file(
            "content/posts/bad.md",
            "+++\ntitle = \"Bad\"\ndate = \n+++\nx",
        )
        .build();
    let error = built.single_error("front-matter", "content/posts/bad.md");
    assert!(error.message.contains("invalid TOML"), "{}", error.message);
    assert_eq!(error.line, Some(3));
}

#[test]
fn missing_title_is_an_error() {
    let built = good().post("untitled", "date: 2025-01-01", "x").build();
    built.single_error("missing-title", "content/posts/untitled.md");
}

#[test]
fn bad_date_points_at_its_line() {
    let built = good()
        .post("baddate", "title: T\ndate: 2025-02-30", "x")
        .build();
    let error = built.single_error("front-matter", "content/posts/baddate.md");
    assert_eq!(error.line, Some(3));
    assert!(
        error
            .help
            .as_deref()
            .is_some_and(|h| h.contains("YYYY-MM-DD"))
    );
}

#[test]
fn non_utf8_file_is_an_error() {
    let built = good()
        .bytes("content/posts/latin1.md", b"---\ntitle: Caf\xe9\n---\n")
        .build();
    let error = built.single_error("not-utf8", "content/posts/latin1.md");
    assert_eq!(error.line, Some(2));
}

#[test]
fn empty_file_is_an_error() {
    let built = good().file("content/posts/empty.md", "").build();
    built.single_error("empty-file", "content/posts/empty.md");
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let built = good()
        .file("content/posts/open.md", "---\ntitle: Open\n")
        .build();
    built.single_error("front-matter", "content/posts/open.md");
}

#[test]
fn duplicate_urls_name_both_files() {
    let built = good().post("one", "title: One\nslug: fine", "x").build();
    let error = built.single_error("duplicate-url", "content/posts/one.md");
    assert!(
        error.message.contains("content/posts/fine.md"),
        "{}",
        error.message
    );
}

#[test]
fn slug_escaping_the_output_is_refused() {
    let built = good()
        .post("evil", "title: Evil\nslug: ../../etc", "x")
        .build();
    let error = built.single_error("front-matter", "content/posts/evil.md");
    assert_eq!(error.line, Some(3));
    let built = good()
        .post("abs", "title: Abs\nslug: /etc/passwd", "x")
        .build();
    built.single_error("front-matter", "content/posts/abs.md");
}

#[test]
fn alias_escaping_the_output_is_refused() {
    let built = good()
        .post("evil", "title: Evil\naliases: [\"/a/../../../x/\"]", "x")
        .build();
    built.single_error("front-matter", "content/posts/evil.md");
}

#[test]
fn broken_content_link_names_file_and_line() {
    let built = good()
        .post(
            "links",
            "title: Links",
            "Para.\n\nSee [gone](@/posts/gone.md).\n",
        )
        .build();
    let error = built.single_error("broken-link", "content/posts/links.md");
    assert_eq!(error.line, Some(6));
}

#[test]
fn unknown_config_key_is_an_error() {
    let built = TestSite::with_config(&format!("{}paginate = 5\n", crate::support::CONFIG)).build();
    let error = built.single_error("config", "rapport.toml");
    assert!(error.message.contains("paginate"), "{}", error.message);
    assert_eq!(error.line, Some(5));
}

#[test]
fn template_error_names_template_and_line() {
    let built = good()
        .file("templates/page.html", "line one\n{{ page.nope }}\n")
        .build();
    let error = built.single_error("template", "templates/page.html");
    assert_eq!(error.line, Some(2));
    assert!(
        error.message.contains("content/posts/fine.md"),
        "{}",
        error.message
    );
}

#[test]
fn unknown_filters_and_functions_are_errors_at_their_lines() {
    let built = good()
        .file(
            "templates/page.html",
            "<p>fine</p>\n{{ page.title | shout }}\n\n<p>{{ nowhere() }}</p>\n",
        )
        .build();
    let errors = built.errors();
    let at = |needle: &str| {
        errors
            .iter()
            .find(|e| e.message.contains(needle))
            .unwrap_or_else(|| panic!("no error about {needle}: {errors:#?}"))
    };
    let filter = at("Unknown filter `shout`");
    assert_eq!(filter.file.as_deref(), Some("templates/page.html"));
    assert_eq!((filter.line, filter.column), (Some(2), Some(17)));
    let function = at("Unknown function `nowhere`");
    assert_eq!(function.file.as_deref(), Some("templates/page.html"));
    assert_eq!(function.line, Some(4));
}

#[test]
fn template_syntax_error_is_reported() {
    let built = good().file("templates/page.html", "{% if %}\n").build();
    built.single_error("template", "templates/page.html");
}

#[test]
fn unknown_template_is_reported() {
    let built = good()
        .post("custom", "title: C\ntemplate: nope.html", "x")
        .build();
    let errors = built.errors();
    assert!(!built.report.ok);
    assert!(
        errors
            .iter()
            .any(|e| e.code == "template" && e.message.contains("nope.html")),
        "{errors:#?}"
    );
}

#[test]
fn missing_theme_is_reported() {
    let built =
        TestSite::with_config(&format!("{}theme = \"gone\"\n", crate::support::CONFIG)).build();
    let error = built.single_error("missing-theme", "rapport.toml");
    assert!(error.message.contains("gone"));
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported() {
    let site = good();
    std::os::unix::fs::symlink(
        site.root().join("content"),
        site.root().join("content/posts/loop"),
    )
    .expect("symlink");
    let built = site.build();
    assert!(
        built.errors().iter().any(|e| e.code == "symlink-loop"),
        "{:#?}",
        built.errors()
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let site = good().post("locked", "title: Locked", "x");
    let path = site.root().join("content/posts/locked.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions do not stop reads, so there is nothing to test.
        return;
    }
    let built = site.build();
    built.single_error("unreadable", "content/posts/locked.md");
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let site = good();
    site.build().assert_ok();
    let before =
        std::fs::read(site.root().join("public/posts/fine/index.html")).expect("first build");
    let site = site.post("bad", "title: [", "x");
    let built = site.build();
    assert!(!built.report.ok);
    let after =
        std::fs::read(site.root().join("public/posts/fine/index.html")).expect("still there");
    assert_eq!(before, after);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn all_problems_are_reported_together_and_sorted() {
    let built = good()
        .post("b", "title: B\ndate: nope", "x")
        .post("a", "date: 2025-01-01", "x")
        .build();
    let files: Vec<_> = built
        .errors()
        .iter()
        .map(|e| e.file.clone().unwrap_or_default())
        .collect();
    assert_eq!(files, ["content/posts/a.md", "content/posts/b.md"]);
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_reported_as_unreadable() {
    let site = good();
    std::os::unix::fs::symlink(
        "/nonexistent/rapport-test",
        site.root().join("content/posts/gone.md"),
    )
    .expect("symlink");
    let built = site.build();
    built.single_error("unreadable", "content/posts/gone.md");
}
