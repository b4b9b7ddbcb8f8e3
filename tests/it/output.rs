//! The output folder: replaced only when safe and only on success.

use crate::support::TestSite;

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
    for target in [site.root().join("content"), site.root().to_path_buf()] {
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
