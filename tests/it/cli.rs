//! The `rapport` binary: commands, exit statuses, JSON output.

use crate::support::{TestSite, rapport};

#[test]
fn init_then_new_post_then_build_works() {
    let dir = tempfile::tempdir().expect("tmp");
    let site = dir.path().join("blog");
    let site_arg = site.to_str().expect("utf8 path");
    let out = rapport(&["init", site_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(site.join(".gitignore"))
            .expect("gitignore")
            .contains("public/")
    );
    let out = rapport(&[
        "new",
        "post",
        "How to Ask Better Questions",
        "--site",
        site_arg,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let post = std::fs::read_to_string(site.join("content/posts/how-to-ask-better-questions.md"))
        .expect("post");
    assert!(post.contains("kind: helpful") && post.contains("prompts:"));
    let out = rapport(&["build", site_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        site.join("public/posts/how-to-ask-better-questions/index.html")
            .exists()
    );
    // A second `new post` with the same title does not overwrite.
    let out = rapport(&[
        "new",
        "post",
        "How to Ask Better Questions",
        "--site",
        site_arg,
    ]);
    assert!(!out.status.success());
}

#[test]
fn json_format_prints_one_object_with_diagnostics() {
    let site = TestSite::new().post("bad", "title: B\ndate: never", "x");
    let out = rapport(&[
        "build",
        site.root().to_str().expect("utf8"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("one JSON object on stdout");
    assert_eq!(value["ok"], false);
    let diagnostic = &value["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["file"], "content/posts/bad.md");
    assert_eq!(diagnostic["line"], 3);
    assert!(diagnostic["help"].is_string());
}

#[test]
fn successful_build_exits_zero_and_reports_stats_in_json() {
    let site = TestSite::new().post("a", "title: A\ndate: 2025-01-01", "x");
    let out = rapport(&[
        "build",
        site.root().to_str().expect("utf8"),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(value["ok"], true);
    assert_eq!(value["stats"]["posts"], 1);
}

#[test]
fn errors_are_printed_rustc_style_and_exit_one() {
    let site = TestSite::new().post("bad", "title: B\ndate: never", "x");
    let out = rapport(&["build", site.root().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[front-matter]"), "{stderr}");
    assert!(stderr.contains("--> content/posts/bad.md:3:1"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn usage_errors_exit_two() {
    let out = rapport(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_folder_without_rapport_toml_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = rapport(&["build", dir.path().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rapport.toml"));
}

#[test]
fn deny_warnings_turns_a_warning_into_failure_and_quiet_prints_nothing() {
    let site = TestSite::new()
        .file(
            "content/posts/kit/index.md",
            "---\ntitle: Kit\ndate: 2025-01-01\n---\nBody",
        )
        .file("content/posts/kit/notes.md", "---\ntitle: Notes\n---\nx");
    let root = site.root().to_str().expect("utf8");
    let out = rapport(&["build", root]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning[inside-bundle]"));
    let out = rapport(&["build", root, "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));
    let out = rapport(&["build", root, "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "--quiet prints nothing on success"
    );
}
