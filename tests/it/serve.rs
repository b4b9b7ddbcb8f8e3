//! `rapport serve`: serves the site from memory, refuses paths outside it,
//! reloads pages after an edit and shows a broken edit as an error.

use crate::support::{self, TestSite};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server process; killed when dropped, so a failing test never leaves it running.
pub(crate) struct Server {
    child: Child,
    pub(crate) address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start(site: &TestSite) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["serve", site.root().to_str().expect("utf8"), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start rapport serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let address = loop {
        let line = lines
            .next()
            .expect("serve prints its address")
            .expect("line");
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().expect("host:port").to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, address }
}

/// A raw GET: (status, body).
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.address
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Opens the live-reload stream and returns a reader of its `data:` lines.
fn events(server: &Server) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(stream, "GET /_rapport/events HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
    let mut reader = BufReader::new(stream);
    // The server subscribes before it answers: once `retry:` arrives, no event is missed.
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).expect("event stream") > 0,
            "stream closed"
        );
        if line.starts_with("retry:") {
            return reader;
        }
    }
}

/// The next event: its type and data.
pub(crate) fn next_event(reader: &mut BufReader<TcpStream>) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut kind = String::from("message");
    while Instant::now() < deadline {
        let mut line = String::new();
        if reader.read_line(&mut line).expect("event stream") == 0 {
            break;
        }
        if let Some(name) = line.strip_prefix("event: ") {
            kind = name.trim().to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            return (kind, data.trim().to_string());
        }
    }
    panic!("no event within 10 s");
}

/// The paths a `reload` event names (`None`: every page).
fn reload_paths(event: (String, String)) -> Option<Vec<String>> {
    assert_eq!(event.0, "reload", "{event:?}");
    let data: serde_json::Value = serde_json::from_str(&event.1).expect("json");
    data["paths"].as_array().map(|paths| {
        paths
            .iter()
            .map(|p| p.as_str().expect("a path").to_string())
            .collect()
    })
}

fn site() -> TestSite {
    TestSite::new().post("hello", "title: Hello\ndate: 2025-01-01", "First version.")
}

#[test]
fn serves_pages_with_live_reload_and_refuses_escapes() {
    let site = site();
    let server = start(&site);
    let (status, body) = get(&server, "/posts/hello/");
    assert_eq!(status, 200);
    assert!(body.contains("First version."));
    assert!(
        body.contains("/_rapport/events"),
        "live-reload script injected"
    );
    assert_eq!(get(&server, "/posts/hello").0, 301);
    let (status, body) = get(&server, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
    for escape in [
        "/../rapport.toml",
        "/%2e%2e/rapport.toml",
        "/posts/%2E%2E/%2e%2e/content/posts/hello.md",
        "/content/posts/hello.md",
    ] {
        assert_eq!(get(&server, escape).0, 404, "{escape}");
    }
    assert!(
        !site.root().join("public").exists(),
        "serve never writes the output folder"
    );
}

#[test]
fn an_edit_reloads_and_a_broken_edit_shows_an_error_until_fixed() {
    let site = site();
    let server = start(&site);
    let mut stream = events(&server);
    let post = site.root().join("content/posts/hello.md");

    std::fs::write(
        &post,
        "---\ntitle: Hello\ndate: 2025-01-01\n---\nSecond version.\n",
    )
    .expect("edit");
    let paths = reload_paths(next_event(&mut stream)).expect("the changed pages");
    assert!(paths.contains(&"/posts/hello/".to_string()), "{paths:?}");
    assert!(get(&server, "/posts/hello/").1.contains("Second version."));
    let tools = reload_paths(next_event(&mut stream)).expect("the tools pages");
    assert_eq!(
        tools,
        ["/_rapport/", "/_rapport/social/"],
        "once the checks and numbers are done"
    );

    std::fs::write(&post, "---\ntitle: Hello\ndate: not a date\n---\nBroken.\n").expect("break");
    let (kind, error) = next_event(&mut stream);
    assert_eq!(kind, "failed");
    assert!(error.contains("content/posts/hello.md:3"), "{error}");
    let (status, body) = get(&server, "/posts/hello/");
    assert_eq!(status, 200, "the last good build stays online");
    assert!(body.contains("Second version."));

    std::fs::write(
        &post,
        "---\ntitle: Hello\ndate: 2025-01-01\n---\nThird version.\n",
    )
    .expect("fix");
    let paths = reload_paths(next_event(&mut stream)).expect("the changed pages");
    assert!(paths.contains(&"/posts/hello/".to_string()), "{paths:?}");
    assert!(get(&server, "/posts/hello/").1.contains("Third version."));
}

#[test]
fn pages_shown_before_a_failing_check_are_taken_back() {
    let config = format!(
        "{}\n[guidelines]\nmissing-description = \"deny\"\n",
        support::CONFIG
    );
    let site = TestSite::with_config(&config).post(
        "hello",
        "title: Hello\ndate: 2025-01-01\ndescription: A greeting.",
        "First version.",
    );
    let server = start(&site);
    let mut stream = events(&server);
    let post = site.root().join("content/posts/hello.md");

    // The page builds, so it is shown at once; the guideline check that
    // follows fails the build, and the last good page comes back.
    std::fs::write(
        &post,
        "---\ntitle: Hello\ndate: 2025-01-01\n---\nUndescribed version.\n",
    )
    .expect("edit");
    let shown = reload_paths(next_event(&mut stream)).expect("the changed pages");
    assert!(shown.contains(&"/posts/hello/".to_string()), "{shown:?}");
    let taken_back = reload_paths(next_event(&mut stream)).expect("the same pages");
    assert_eq!(
        taken_back, shown,
        "open pages take the last good version back"
    );
    let (kind, error) = next_event(&mut stream);
    assert_eq!(kind, "failed");
    assert!(error.contains("missing-description"), "{error}");
    let body = get(&server, "/posts/hello/").1;
    assert!(
        body.contains("First version."),
        "the last good build stays online"
    );
    assert!(!body.contains("Undescribed"));
}

#[test]
fn the_report_and_social_kit_are_served_under_rapport_but_never_built() {
    let site = site().post(
        "second",
        "title: How do you plan a week of posts?\ndate: 2025-01-02\ntags: [planning]",
        "Plans and more plans.",
    );
    let server = start(&site);
    let (status, report) = get(&server, "/_rapport/");
    assert_eq!(status, 200);
    assert!(report.contains("Numbers: Test Blog"), "the numbers report");
    assert!(
        report.contains("/_rapport/events"),
        "it reloads after a build"
    );
    assert!(
        report.contains("href=\"/_rapport/social/\""),
        "it links the kit"
    );
    let (status, kit) = get(&server, "/_rapport/social/");
    assert_eq!(status, 200);
    assert!(kit.contains("<h1>Social kit</h1>"), "{kit}");
    assert!(
        kit.contains("How do you plan a week of posts?"),
        "each post's snippets"
    );
    let (status, json) = get(&server, "/_rapport/report.json");
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&json).expect("report.json");
    assert!(json.is_object(), "{json}");
    assert_eq!(get(&server, "/_rapport/social").0, 301);
    assert_eq!(get(&server, "/_rapport/nothing").0, 404);
    assert_eq!(get(&server, "/_rapport/../rapport.toml").0, 404);

    let built = site.build().assert_ok();
    let names: Vec<String> = walkdir::WalkDir::new(&built.output)
        .into_iter()
        .flatten()
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(!names.is_empty());
    assert!(
        names.iter().all(|name| !name.contains("_rapport")),
        "{names:?}"
    );
}

#[test]
fn an_edit_names_only_the_pages_it_changed_and_a_stylesheet_is_swapped() {
    let site = site()
        .post(
            "other",
            "title: Other\ndate: 2024-01-01",
            "An older post that the edit does not touch.",
        )
        .file("static/custom.css", "body { color: black }\n");
    let server = start(&site);
    let mut stream = events(&server);

    let post = site.root().join("content/posts/hello.md");
    std::fs::write(
        &post,
        "---\ntitle: Hello\ndate: 2025-01-01\n---\nA body edit.\n",
    )
    .expect("edit");
    let paths = reload_paths(next_event(&mut stream)).expect("the changed pages");
    assert!(paths.contains(&"/posts/hello/".to_string()), "{paths:?}");
    assert!(
        !paths.contains(&"/posts/other/".to_string()),
        "the other post's page did not change: {paths:?}"
    );
    assert!(get(&server, "/posts/hello/").1.contains("A body edit."));
    let tools = reload_paths(next_event(&mut stream)).expect("the tools pages");
    assert!(
        tools.iter().all(|p| p.starts_with("/_rapport/")),
        "{tools:?}"
    );

    std::fs::write(
        site.root().join("static/custom.css"),
        "body { color: navy }\n",
    )
    .expect("edit css");
    let (kind, data) = next_event(&mut stream);
    assert_eq!(kind, "css", "{data}");
    let data: serde_json::Value = serde_json::from_str(&data).expect("json");
    assert_eq!(data["paths"], serde_json::json!(["/custom.css"]));
    assert!(get(&server, "/custom.css").1.contains("navy"));
    let page = get(&server, "/posts/hello/").1;
    assert!(
        page.contains("addEventListener(\"css\""),
        "the page's script swaps stylesheets"
    );
}
