//! The output folder: replaced only when safe and only on success.

use crate::support::TestSite;
use std::path::Path;

#[test]
fn refuses_a_foreign_non_empty_output_folder() {
    let site = TestSite::new()
        .post("a", "title: A", "x")
        .file("mine/keep.txt", "precious");
    let mut options = site.options();
    options.output = Some(site.root().join("mine"));
    let error = rapport::build(&options).expect_err("refused");
    assert!(error.to_string().contains("not empty"), "{error}");
    assert_eq!(
        std::fs::read_to_string(site.root().join("mine/keep.txt")).expect("kept"),
        "precious"
    );
}

#[test]
fn refuses_the_content_folder_and_the_site_itself() {
    let site = TestSite::new().post("a", "title: A", "x");
    for target in [
        site.root().join("content"),
        site.root().to_path_buf(),
        site.root().join(".rapport/spare-output"),
    ] {
        let mut options = site.options();
        options.output = Some(target.clone());
        assert!(
            rapport::build(&options).is_err(),
            "{} must be refused",
            target.display()
        );
    }
    assert!(site.root().join("content/posts/a.md").exists());
}

#[test]
fn rebuilding_replaces_stale_files() {
    let site = TestSite::new()
        .post("a", "title: A", "x")
        .post("b", "title: B", "x");
    let built = site.build().assert_ok();
    assert!(built.exists("posts/b/index.html"));
    std::fs::remove_file(site.root().join("content/posts/b.md")).expect("rm");
    let built = site.build().assert_ok();
    assert!(
        !built.exists("posts/b/index.html"),
        "removed posts disappear from the output"
    );
}

#[test]
fn a_custom_output_folder_can_be_reused() {
    let site = TestSite::new().post("a", "title: A", "x");
    let out = tempfile::tempdir().expect("tmp");
    let mut options = site.options();
    options.output = Some(out.path().join("site"));
    site.build_with(options.clone()).assert_ok();
    site.build_with(options).assert_ok();
    assert!(out.path().join("site/posts/a/index.html").exists());
}

#[test]
fn hosting_files_are_written_only_when_asked() {
    let post = "---\ntitle: A Trip\ndate: 2025-02-01\naliases: [\"/old-trip/\", \"/2025/trip.html\"]\nimage: photo.jpg\nimage_alt: a photo\n---\nText.\n";
    let plain = crate::support::TestSite::new()
        .file("content/posts/trip/index.md", post)
        .bytes(
            "content/posts/trip/photo.jpg",
            &crate::support::jpeg(900, 600),
        );
    let built = plain.build().assert_ok();
    assert!(!built.exists("_headers") && !built.exists("_redirects"));

    let config = format!(
        "{}\n[hosting]\nheaders = true\nredirects = true\n",
        crate::support::CONFIG
    );
    let site = plain.file("rapport.toml", &config);
    let built = site.build().assert_ok();
    let redirects = built.read("_redirects");
    assert!(
        redirects.contains("/old-trip/ /posts/trip/ 301"),
        "{redirects}"
    );
    assert!(
        redirects.contains("/2025/trip.html /posts/trip/ 301"),
        "{redirects}"
    );
    let headers = built.read("_headers");
    let patterns: Vec<&str> = headers.lines().filter(|l| l.starts_with('/')).collect();
    assert!(!patterns.is_empty(), "{headers}");
    // Every fingerprinted file the build wrote is covered by a rule.
    let page = built.read("posts/trip/index.html");
    let variants: Vec<&str> = page
        .split(['"', ' ', ','])
        .filter(|w| w.starts_with("/posts/trip/photo-") && w.len() > 20)
        .collect();
    assert!(variants.len() >= 4, "{page}");
    for url in variants {
        let (_, name) = url.rsplit_once('/').expect("a file name");
        let covered = patterns.iter().any(|p| {
            let p = p.trim_start_matches("/*");
            let (before, after) = p.split_once(".*.").expect("a fingerprint wildcard");
            name.ends_with(after) && name.contains(&format!("{before}."))
        });
        assert!(covered, "{url} is not covered by {patterns:?}");
    }
}

/// The `href` of the page's stylesheet link.
fn stylesheet_href(page: &str) -> String {
    let link = page
        .split('<')
        .find(|tag| tag.starts_with("link") && tag.contains("stylesheet"))
        .unwrap_or_else(|| panic!("no stylesheet link in {page}"));
    let after = link.split("href=").nth(1).expect("an href");
    after
        .trim_start_matches('"')
        .split(['"', ' ', '>'])
        .next()
        .expect("a value")
        .to_string()
}

#[test]
fn stylesheets_get_content_hashed_names_and_keep_their_plain_ones() {
    let config = format!(
        "{}\n[hosting]\nheaders = true\n",
        crate::support::CONFIG.replace("https://example.com/", "https://example.com/blog/")
    );
    let site = TestSite::with_config(&config)
        .post("a", "title: A\ndate: 2025-01-01", "Text.")
        .file("static/extra.css", "p {\n  color: teal;\n}\n");
    let built = site.build().assert_ok();
    let href = stylesheet_href(&built.read("posts/a/index.html"));
    let name = href
        .strip_prefix("/blog/style.")
        .and_then(|rest| rest.strip_suffix(".css"))
        .unwrap_or_else(|| panic!("not a hashed name under the base path: {href}"));
    assert_eq!(name.len(), 10, "{href}");
    assert!(name.bytes().all(|b| b.is_ascii_hexdigit()), "{href}");
    let hashed = built.read(&href["/blog/".len()..]);
    assert_eq!(
        hashed,
        built.read("style.css"),
        "both names hold the same bytes"
    );
    assert!(!hashed.contains("\n  "), "minified: {hashed}");
    // The site's own stylesheets get one too, and `_headers` covers them.
    let extra: Vec<String> = std::fs::read_dir(&built.output)
        .expect("output")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("extra.") && n.ends_with(".css"))
        .collect();
    assert_eq!(extra.len(), 2, "{extra:?}");
    let headers = built.read("_headers");
    assert!(headers.contains("/blog/*style.*.css"), "{headers}");
    assert!(headers.contains("/blog/*extra.*.css"), "{headers}");

    // Same stylesheet, same name; a changed one gets a new name.
    assert_eq!(
        stylesheet_href(&site.build().read("posts/a/index.html")),
        href
    );
    let theme_css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .expect("the default theme's stylesheet");
    let site = site.file("static/style.css", &format!("{theme_css}\nh1{{color:red}}"));
    let changed = stylesheet_href(&site.build().assert_ok().read("posts/a/index.html"));
    assert_ne!(changed, href);
    assert!(changed.starts_with("/blog/style."), "{changed}");
}

#[test]
fn in_memory_builds_keep_plain_stylesheet_names() {
    let site = TestSite::new().post("a", "title: A\ndate: 2025-01-01", "Text.");
    let (report, files) = rapport::build_in_memory(&site.options()).expect("builds");
    assert!(report.ok);
    let page = files.get("/posts/a/index.html").expect("the post");
    let page = String::from_utf8_lossy(page);
    assert_eq!(stylesheet_href(&page), "/style.css");
    assert!(files.keys().filter(|k| k.ends_with(".css")).count() == 1);
}

/// From the third build on, a build starts from the output before last
/// (`.rapport/spare-output`): after each kind of change its output must be
/// exactly what a build of the same files into an empty folder makes.
#[test]
fn each_rebuild_into_the_output_before_last_equals_a_build_from_scratch() {
    use crate::incremental::{edit, example, written};
    let site = example();
    let public = site.root().join("public");
    site.build().assert_ok();
    site.build().assert_ok();
    let spare = site.root().join(".rapport/spare-output");
    assert_eq!(
        written(&spare),
        written(&public),
        "the replaced output is kept"
    );

    type Change<'a> = (&'a str, &'a dyn Fn(&TestSite));
    let changes: [Change; 4] = [
        ("nothing changed", &|_| {}),
        (
            "a post edited, a page removed, a file dropped into the output",
            &|site| {
                edit(site, "content/posts/utm-naming-convention.md", |text| {
                    text.replacen("title: \"", "title: \"Renamed: ", 1)
                });
                std::fs::remove_file(site.root().join("content/about.md")).expect("rm about");
                std::fs::write(site.root().join("public/stray.txt"), "not rapport's")
                    .expect("stray");
            },
        ),
        (
            "the output with the stray file comes back as the spare",
            &|_| {},
        ),
        ("a post that moves to another folder", &|site| {
            edit(site, "content/posts/measure-replies-not-likes.md", |text| {
                text.replacen("+++\n", "+++\nslug = \"measure-replies\"\n", 1)
            });
        }),
    ];
    for (step, change) in changes {
        change(&site);
        site.build().assert_ok();
        let scratch = TestSite::with_config("");
        crate::browser::copy_tree(site.root(), scratch.root());
        // The same image cache, so both builds share the cards' bytes.
        crate::browser::copy_tree_all(
            &site.root().join(".rapport/cache"),
            &scratch.root().join(".rapport/cache"),
        );
        scratch.build().assert_ok();
        let (got, want) = (written(&public), written(&scratch.root().join("public")));
        let differ: Vec<&String> = got
            .keys()
            .chain(want.keys())
            .filter(|path| got.get(*path) != want.get(*path))
            .collect();
        assert!(differ.is_empty(), "{step}: these files differ: {differ:?}");
        assert!(!public.join("stray.txt").exists(), "{step}");
    }
}
