//! A real browser: `rapport serve` on a copy of the example site, opened in
//! headless Chromium (Debian's `chromium` and `chromium-driver`, driven over
//! WebDriver), a post edited on disk, and the open page must show the edit
//! (its new body swapped in, without a reload); then its title edited, and
//! the page must reload (its head changed); then a stylesheet edited, and
//! the page must show the new style without reloading. Prints how long the
//! first and last took.
//!
//! Without Chromium the test says what to install and passes, except under
//! `CI=true`, where a missing browser is a failure.

use crate::support::TestSite;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// The browser and its driver, or `None` after saying what to install.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let browser = find(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = find(&["chromedriver"]);
    match (browser, driver) {
        (Some(browser), Some(driver)) => Some((browser, driver)),
        _ => {
            let message = "the browser test needs Chromium and ChromeDriver: \
                           `apt-get install -y chromium chromium-driver`";
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{message} (CI=true: a missing browser is a failure)");
            }
            eprintln!("\n==== SKIPPED: {message} ====\n");
            None
        }
    }
}

/// Kills the driver (and so its browser) when the test ends, however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A WebDriver request over plain HTTP/1.1; returns the JSON `value`.
fn webdriver(port: u16, method: &str, path: &str, body: &serde_json::Value) -> serde_json::Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromedriver");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let body = body.to_string();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    // chromedriver keeps the connection open: read the headers, then
    // exactly Content-Length bytes.
    let mut raw: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 8192];
    let (head_end, length) = loop {
        let n = stream.read(&mut chunk).expect("read");
        assert!(
            n > 0,
            "chromedriver closed the connection: {}",
            String::from_utf8_lossy(&raw)
        );
        raw.extend_from_slice(&chunk[..n]);
        let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .expect("a Content-Length");
        break (end + 4, length);
    };
    while raw.len() < head_end + length {
        let n = stream.read(&mut chunk).expect("read body");
        assert!(n > 0, "short body");
        raw.extend_from_slice(&chunk[..n]);
    }
    let response = String::from_utf8_lossy(&raw[head_end..head_end + length]).into_owned();
    let json = response.as_str();
    let value: serde_json::Value = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("bad WebDriver answer to {path} ({e}): {response}"));
    value["value"].clone()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Copies a site (without its output and `.rapport/`).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    copy_files(from, to, |rel| {
        rel.starts_with("public") || rel.starts_with(".rapport")
    });
}

/// Copies a whole folder.
pub(crate) fn copy_tree_all(from: &Path, to: &Path) {
    copy_files(from, to, |_| false);
}

fn copy_files(from: &Path, to: &Path, skip: impl Fn(&Path) -> bool) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("inside");
        if skip(rel) {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn an_edit_shows_in_an_open_browser_tab() {
    let Some((browser, driver)) = tools() else {
        return;
    };
    let site = TestSite::with_config("");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        site.root(),
    );
    let server = crate::serve::start(&site);

    let port = free_port();
    let _driver = Driver(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let profile = tempfile::tempdir().expect("profile dir");
    let session = webdriver(
        port,
        "POST",
        "/session",
        &serde_json::json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": browser,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }}}),
    );
    let id = session["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {session}"))
        .to_string();
    let run = |script: &str, args: serde_json::Value| {
        webdriver(
            port,
            "POST",
            &format!("/session/{id}/execute/sync"),
            &serde_json::json!({"script": script, "args": args}),
        )
    };

    let url = format!("http://{}/posts/content-audit-checklist/", server.address);
    webdriver(
        port,
        "POST",
        &format!("/session/{id}/url"),
        &serde_json::json!({"url": url}),
    );
    let title = run("return document.title", serde_json::json!([]));
    assert!(
        title
            .as_str()
            .is_some_and(|t| t.contains("The Content Audit Checklist")),
        "{title}"
    );
    // Give the page's live-reload stream a moment to connect, and mark this
    // body so that a new one (swapped in, or from a reload) is visible.
    std::thread::sleep(Duration::from_millis(300));
    run(
        "window.rapportBefore = true; document.body.dataset.before = '1'; return true",
        serde_json::json!([]),
    );

    let post = site.root().join("content/posts/content-audit-checklist.md");
    let mut text = std::fs::read_to_string(&post).expect("read post");
    let marker = "Edited while the browser watched";
    text.push_str(&format!("\n\n{marker}.\n"));
    let saved = Instant::now();
    std::fs::write(&post, text).expect("edit post");

    let shown = loop {
        let seen = run(
            "return !document.body.dataset.before && document.body.innerText.includes(arguments[0])",
            serde_json::json!([marker]),
        );
        if seen == serde_json::Value::Bool(true) {
            break saved.elapsed();
        }
        assert!(
            saved.elapsed() < Duration::from_secs(30),
            "the page did not reload with the edit"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    // The page has no scripts (a post with a discussion would have one) and
    // the edit left its head as it was: the new body is swapped in, no reload.
    let swapped = run(
        "return window.rapportBefore === true",
        serde_json::json!([]),
    );
    assert_eq!(
        swapped,
        serde_json::Value::Bool(true),
        "a body edit must swap the page's body in, not reload the page"
    );
    eprintln!(
        "browser: the edit showed {} ms after saving the post",
        shown.as_millis()
    );

    // A new title changes the page's head: that page reloads.
    let retitled = std::fs::read_to_string(&post).expect("read post").replacen(
        "title: \"The Content Audit Checklist",
        "title: \"The Content Review Checklist",
        1,
    );
    assert!(
        retitled.contains("Content Review Checklist"),
        "the post's title line moved"
    );
    std::fs::write(&post, retitled).expect("retitle post");
    let saved = Instant::now();
    loop {
        let seen = run(
            "return !window.rapportBefore && document.title.includes('The Content Review Checklist')",
            serde_json::json!([]),
        );
        if seen == serde_json::Value::Bool(true) {
            break;
        }
        assert!(
            saved.elapsed() < Duration::from_secs(30),
            "the page did not reload with its new title"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // A stylesheet alone is swapped in place: the page restyles, no reload.
    run(
        "window.rapportBefore = true; return true",
        serde_json::json!([]),
    );
    let theme_css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .expect("the theme's stylesheet");
    let saved = Instant::now();
    std::fs::write(
        site.root().join("static/style.css"),
        format!("{theme_css}\nhtml{{border-top:7px solid rgb(1,2,3)}}\n"),
    )
    .expect("override the stylesheet");
    let restyled = loop {
        let seen = run(
            "return getComputedStyle(document.documentElement).borderTopColor",
            serde_json::json!([]),
        );
        if seen.as_str() == Some("rgb(1, 2, 3)") {
            break saved.elapsed();
        }
        assert!(
            saved.elapsed() < Duration::from_secs(30),
            "the page did not take the new stylesheet: {seen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let reloaded = run("return !window.rapportBefore", serde_json::json!([]));
    assert_eq!(
        reloaded,
        serde_json::Value::Bool(false),
        "a stylesheet edit must not reload the page"
    );
    eprintln!(
        "browser: the new stylesheet applied {} ms after saving it, without a reload",
        restyled.as_millis()
    );
    webdriver(
        port,
        "DELETE",
        &format!("/session/{id}"),
        &serde_json::json!({}),
    );
}
