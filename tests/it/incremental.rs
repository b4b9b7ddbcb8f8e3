//! Incremental rebuilds (`rapport serve`): after every kind of edit, a
//! rebuild from the previous build's memo must make exactly what a full
//! build of the same files makes: the same bytes in every file, the same
//! diagnostics, the same numbers report and social snippets.

use crate::support::TestSite;
use rapport::BuildReport;
use rapport::incremental::Memo;
use std::path::Path;

/// The example site, copied, with its own image cache.
pub(crate) fn example() -> TestSite {
    let site = TestSite::with_config("");
    crate::browser::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        site.root(),
    );
    site
}

/// A build's outcome, minus what may differ between two builds of the same
/// files (timings).
fn outcome(report: &BuildReport) -> serde_json::Value {
    let mut stats = serde_json::to_value(&report.stats).expect("stats");
    if let Some(stats) = stats.as_object_mut() {
        stats.remove("timings_ms");
        stats.remove("work_ms");
        stats.remove("total_ms");
        // Images and cards come from the cache in whichever build runs second.
        stats.remove("images");
        stats.remove("cards");
    }
    serde_json::json!({
        "ok": report.ok,
        "stats": stats,
        "diagnostics": report.diagnostics,
        "numbers": report.numbers,
        "social": report.social,
    })
}

/// Rebuilds from `memo` and checks the result against a full build; returns
/// the memo to use next (the old one if the build failed, as serve does).
fn rebuild_and_compare(site: &TestSite, memo: Memo, step: &str) -> (Memo, BuildReport) {
    let options = site.options();
    let rebuilt = rapport::rebuild_in_memory(&options, &memo).expect("rebuild runs");
    let (full, full_files) = rapport::build_in_memory(&options).expect("full build runs");
    let differing: Vec<&String> = full_files
        .iter()
        .filter(|(path, bytes)| rebuilt.files.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .chain(
            rebuilt
                .files
                .keys()
                .filter(|path| !full_files.contains_key(*path)),
        )
        .collect();
    assert!(
        differing.is_empty(),
        "after {step}: the incremental build differs from a full build in {differing:?}"
    );
    assert_eq!(
        outcome(&rebuilt.report),
        outcome(&full),
        "after {step}: the reports differ"
    );
    let next = rebuilt.memo.unwrap_or(memo);
    (next, rebuilt.report)
}

/// A step's outcome, checked to be a good build.
fn ok((memo, report): (Memo, BuildReport)) -> (Memo, BuildReport) {
    assert!(report.ok, "{:#?}", report.diagnostics);
    (memo, report)
}

pub(crate) fn edit(site: &TestSite, rel: &str, change: impl FnOnce(String) -> String) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {rel}: {e}"));
    let changed = change(text.clone());
    assert_ne!(changed, text, "the edit of {rel} changes nothing");
    std::fs::write(&path, changed).expect("write");
}

#[test]
fn every_kind_of_edit_rebuilds_to_the_same_bytes_as_a_full_build() {
    let site = example();
    let options = site.options();
    let first = rapport::rebuild_in_memory(&options, &Memo::default()).expect("first build");
    assert!(first.report.ok, "{:#?}", first.report.diagnostics);
    let mut memo = first.memo.expect("a good build keeps a memo");
    let posts = "content/posts";
    let measure = format!("{posts}/measure-replies-not-likes.md");
    let utm = format!("{posts}/utm-naming-convention.md");

    let step = |name: &str, memo: Memo| rebuild_and_compare(&site, memo, name);

    // Nothing changed: everything is reused.
    let (next, report) = step("no change", memo);
    assert_eq!(report.stats.pages_rendered, 0, "nothing is rendered again");
    memo = next;

    edit(&site, &measure, |t| {
        t.replace("A like costs", "A like, today, costs")
    });
    let (next, report) = step("a body edit", memo);
    assert!(
        report.stats.pages_rendered > 0 && report.stats.pages_rendered < 20,
        "a body edit renders the post and the lists that show it, not the site: {}",
        report.stats.pages_rendered
    );
    memo = next;

    edit(&site, &measure, |t| {
        t.replace(
            "title = \"Stop Counting Likes",
            "title = \"Please Stop Counting Likes",
        )
    });
    (memo, _) = ok(step("a title change", memo));

    edit(&site, &measure, |t| {
        t.replace(
            "tags = [\"measurement\", \"social media\", \"engagement\"]",
            "tags = [\"measurement\", \"a brand new tag\"]",
        )
    });
    (memo, _) = ok(step("tags added and removed", memo));

    edit(&site, &measure, |t| {
        t.replace("date = 2025-02-11T09:30:00Z", "date = 2023-01-02T09:30:00Z")
    });
    (memo, _) = ok(step("a date that moves the post to the end", memo));

    std::fs::write(
        site.root().join(format!("{posts}/a-new-post.md")),
        "+++\ntitle = \"What Would You Ask a New Marketing Hire?\"\ndate = 2025-06-01\ntags = [\"hiring\", \"measurement\"]\ndescription = \"A new post.\"\nimage = \"/images/cover.jpg\"\nimage_alt = \"A cover\"\n+++\n\nA new post that links to [the UTM guide](@/posts/utm-naming-convention.md).\n",
    )
    .expect("add");
    (memo, _) = ok(step("a new post", memo));

    std::fs::rename(
        site.root().join(&utm),
        site.root().join(format!("{posts}/utm-names.md")),
    )
    .expect("rename");
    let (next, report) = step("a renamed post that others link to", memo);
    assert!(!report.ok, "links to the old file name break the build");
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "broken-link"
                && d.file.as_deref() == Some("content/posts/a-new-post.md")),
        "{:#?}",
        report.diagnostics
    );
    memo = next;

    for rel in [
        format!("{posts}/a-new-post.md"),
        format!("{posts}/content-audit-checklist.md"),
        measure.clone(),
    ] {
        edit(&site, &rel, |t| {
            t.replace("utm-naming-convention.md", "utm-names.md")
        });
    }
    (memo, _) = ok(step("the links fixed", memo));

    std::fs::remove_file(site.root().join(format!("{posts}/a-new-post.md"))).expect("delete");
    (memo, _) = ok(step("a deleted post", memo));

    edit(&site, &measure, |t| {
        t.replace("kind = \"helpful\"", "kind = \"promotional\"")
    });
    (memo, _) = ok(step("a kind that changes the content mix", memo));

    edit(&site, &measure, |t| {
        t.replace("kind = \"promotional\"", "draft = true")
    });
    let (next, report) = step("a post made a draft", memo);
    assert!(!report.ok, "other posts link to the draft");
    memo = next;
    edit(&site, &measure, |t| {
        t.replace("draft = true", "kind = \"helpful\"")
    });
    (memo, _) = ok(step("the draft published again", memo));

    edit(&site, &format!("{posts}/_index.md"), |t| {
        format!("{t}\nA new line in the section's intro.\n")
    });
    (memo, _) = ok(step("a section's intro", memo));

    edit(&site, "content/about.md", |t| {
        t.replace("title: \"About\"", "title: \"All About\"")
    });
    (memo, _) = ok(step("a menu page's title, shown on every page", memo));

    edit(&site, &measure, |t| {
        t.replace("date = 2023-01-02T09:30:00Z", "date = 2023-01-02 nonsense")
    });
    let (next, report) = step("a broken date", memo);
    assert!(!report.ok);
    memo = next;
    edit(&site, &measure, |t| {
        t.replace("date = 2023-01-02 nonsense", "date = 2025-02-12T09:30:00Z")
    });
    ok(step("the date fixed", memo));
}

/// Every file a disk build wrote, by path.
pub(crate) fn written(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(dir).expect("inside");
            let bytes = std::fs::read(entry.path()).expect("read output");
            (rel.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

#[test]
fn the_analysis_cache_is_used_only_for_unchanged_files_and_changes_no_byte() {
    let site = example();
    let cache = site.root().join(rapport::analysis_cache::FILE);
    let build = |step: &str| {
        let built = site.build();
        assert!(built.report.ok, "{step}: {:#?}", built.report.diagnostics);
        let files = written(&built.output);
        (built.report, files)
    };
    let (cold, cold_files) = build("first build");
    assert_eq!(cold.stats.analyses_reused, 0, "nothing to reuse yet");
    assert!(cache.is_file(), "a disk build keeps its analyses");
    let posts = cold.social.len();
    assert!(posts > 5, "the example site has posts: {posts}");

    let (warm, warm_files) = build("no change");
    assert!(
        warm.stats.analyses_reused >= posts,
        "every post's analysis is reused: {} of {posts}",
        warm.stats.analyses_reused
    );
    assert_eq!(outcome(&warm), outcome(&cold), "same report and snippets");
    assert!(warm_files == cold_files, "same bytes in every file");

    // An edited post is analysed again; the others are not.
    let measure = "content/posts/measure-replies-not-likes.md";
    edit(&site, measure, |t| {
        t.replace("A like costs", "We think a like costs")
    });
    let (edited, edited_files) = build("a body edit");
    assert_eq!(edited.stats.analyses_reused, warm.stats.analyses_reused - 1);
    std::fs::remove_file(&cache).expect("delete the cache");
    let (fresh, fresh_files) = build("the same files without a cache");
    assert_eq!(fresh.stats.analyses_reused, 0);
    assert_eq!(outcome(&edited), outcome(&fresh));
    assert!(
        edited_files == fresh_files,
        "a partly reused build is a full build"
    );

    // Another configuration (here only a comment) reuses nothing.
    edit(&site, "rapport.toml", |t| t + "\n# edited\n");
    let (configured, _) = build("a config edit");
    assert_eq!(configured.stats.analyses_reused, 0);

    // A damaged cache is no cache.
    std::fs::write(&cache, "{\"fingerprint\": \"").expect("damage the cache");
    let (damaged, damaged_files) = build("a damaged cache");
    assert_eq!(damaged.stats.analyses_reused, 0);
    assert!(damaged_files == fresh_files);
    let (repaired, _) = build("after the damaged cache");
    assert!(
        repaired.stats.analyses_reused >= posts,
        "it was written again"
    );
}
