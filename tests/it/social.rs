//! Social snippets: fitted to each platform, written to .rapport/social/,
//! shown on the page, and checked for promotional or closed prompts.

use crate::support::{CONFIG, TestSite};

const FRONT: &str = "title: \"How to Plan a Content Calendar\"\ndate: 2025-01-01\ndescription: d\ntags: [\"content calendar\", planning, team]\nimage: /c.jpg\nimage_alt: c";

#[test]
fn snippets_fit_every_platform_and_land_in_the_social_kit() {
    let site = TestSite::new().post(
        "calendar",
        &format!("{FRONT}\nprompts:\n  - \"What does your team's calendar look like on a Monday morning?\""),
        "Body.",
    );
    let built = site.build().assert_ok();
    let json = std::fs::read_to_string(site.root().join(".rapport/social/calendar.json"))
        .expect("snippet file");
    let post: serde_json::Value = serde_json::from_str(&json).expect("json");
    let snippets = post["snippets"].as_array().expect("snippets");
    assert_eq!(snippets.len(), 5, "{json}");
    for snippet in snippets {
        let text = snippet["text"].as_str().expect("text");
        assert!(
            text.starts_with("What does your team's calendar look like on a Monday morning?"),
            "{text}"
        );
        assert!(snippet["length"].as_u64() <= snippet["limit"].as_u64());
        let platform = snippet["platform"].as_str().expect("platform");
        assert!(
            text.contains(&format!(
                "?utm_source={platform}&utm_medium=social&utm_campaign=calendar"
            )),
            "{text}"
        );
    }
    let x = snippets.iter().find(|s| s["platform"] == "x").expect("x");
    assert!(
        x["text"]
            .as_str()
            .expect("text")
            .ends_with("#ContentCalendar #Planning"),
        "X takes two hashtags"
    );
    let threads = snippets
        .iter()
        .find(|s| s["platform"] == "threads")
        .expect("threads");
    assert!(
        threads["text"]
            .as_str()
            .expect("text")
            .ends_with("#ContentCalendar"),
        "Threads takes one"
    );
    assert!(site.root().join(".rapport/social/index.html").exists());
    assert!(!built.exists(".rapport"), "the kit is not published");
    built
        .assert_contains("posts/calendar/index.html", "Join the conversation")
        .assert_contains(
            "posts/calendar/index.html",
            "https://x.com/intent/tweet?text=What%20does%20your%20team%27s",
        );
}

#[test]
fn posts_without_prompts_get_generated_open_questions() {
    let site = TestSite::new().post(
        "calendar",
        FRONT,
        "Most teams plan too far ahead. Start with two weeks.",
    );
    let built = site.build().assert_ok();
    assert!(
        built
            .report
            .diagnostics
            .iter()
            .all(|d| d.code != "no-prompts"),
        "{:#?}",
        built.report.diagnostics
    );
    let post = &built.report.social[0];
    assert!(!post.prompts.is_empty());
    for prompt in &post.prompts {
        assert!(prompt.text.ends_with('?'), "{}", prompt.text);
        assert!(
            rapport::social::prompts::assess(&prompt.text, &[]).is_empty(),
            "{}",
            prompt.text
        );
    }
    built.assert_contains("posts/calendar/index.html", "Join the conversation");
}

#[test]
fn promotional_and_yes_no_prompts_warn_at_their_lines() {
    let config = format!("{CONFIG}\n[brand]\nnames = [\"Acme\"]\n");
    let site = TestSite::with_config(&config).post(
        "calendar",
        &format!("{FRONT}\nprompts:\n  - \"Check out our new Acme calendar!\"\n  - \"Do you plan weekly?\"\n  - \"How do you plan your week?\""),
        "Body.",
    );
    let built = site.build().assert_ok();
    let find = |code: &str| {
        built
            .report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .collect::<Vec<_>>()
    };
    let promotional = find("prompt-promotional");
    assert_eq!(promotional.len(), 1, "{:#?}", built.report.diagnostics);
    assert_eq!(promotional[0].line, Some(9));
    assert!(
        promotional[0].message.contains("Acme"),
        "{}",
        promotional[0].message
    );
    assert_eq!(find("prompt-not-a-question")[0].line, Some(9));
    let yes_no = find("prompt-yes-no");
    assert_eq!(yes_no.len(), 1);
    assert_eq!(yes_no[0].line, Some(10));
}

#[test]
fn social_command_prints_json_for_one_platform() {
    let site = TestSite::new().post(
        "calendar",
        &format!("{FRONT}\nprompts: [\"How do you plan?\"]"),
        "Body.",
    );
    let out = crate::support::rapport(&[
        "social",
        site.root().to_str().expect("utf8"),
        "--platform",
        "bluesky",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let posts: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let snippets = posts[0]["snippets"].as_array().expect("snippets");
    assert_eq!(snippets.len(), 1);
    assert_eq!(snippets[0]["platform"], "bluesky");
    assert!(
        !site.root().join("public").exists(),
        "rapport social writes nothing"
    );
}

/// The first inline `<script>` of a page, as written (minified).
fn inline_script(page: &str) -> &str {
    let start = page.find("<script>").expect("an inline script") + "<script>".len();
    &page[start..start + page[start..].find("</script>").expect("closed")]
}

#[test]
fn without_an_instance_mastodon_shares_through_the_picker_page() {
    let config = "title = \"T\"\nbase_url = \"https://example.com/blog/\"\n";
    let site = TestSite::with_config(config).post(
        "calendar",
        &format!("{FRONT}\nprompts: [\"How do you plan?\"]"),
        "Body.",
    );
    let built = site.build().assert_ok();
    let post = built.read("posts/calendar/index.html");
    assert!(
        post.contains("href=\"/blog/share/mastodon/?text=How%20do%20you%20plan%3F%0A%0Ahttps%3A%2F%2Fexample.com%2Fblog%2Fposts%2Fcalendar%2F%3Futm_source%3Dmastodon")
            || post.contains("href=/blog/share/mastodon/?text=How%20do%20you%20plan%3F%0A%0Ahttps%3A%2F%2Fexample.com%2Fblog%2Fposts%2Fcalendar%2F%3Futm_source%3Dmastodon"),
        "{post}"
    );
    let picker = built.read("share/mastodon/index.html");
    for needle in ["<noscript>", "noindex", "localStorage", "/share?text="] {
        assert!(picker.contains(needle), "{needle} in {picker}");
    }
    assert!(!picker.contains("\n  var form"), "minified: {picker}");
    assert!(picker.len() < 4000, "minified: {} bytes", picker.len());
    built.assert_not_contains("sitemap.xml", "share/mastodon");

    let with_instance = format!("{config}\n[social]\nmastodon_instance = \"fosstodon.org\"\n");
    let built = site
        .file("rapport.toml", &with_instance)
        .build()
        .assert_ok();
    built.assert_contains(
        "posts/calendar/index.html",
        "https://fosstodon.org/share?text=How%20do%20you%20plan",
    );
    assert!(
        !built.exists("share/mastodon/index.html"),
        "no picker needed"
    );
}

/// Runs the picker's (minified) script in Node with a stand-in DOM: for each
/// case, what the reader typed, and where the page sent them.
#[test]
fn the_picker_script_checks_the_server_name_remembers_it_and_redirects() {
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        let message = "SKIPPED the_picker_script_checks_the_server_name_remembers_it_and_redirects: needs node (apt-get install -y nodejs)";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("\n!!! {message}\n");
        return;
    }
    let built = TestSite::new()
        .post(
            "calendar",
            &format!("{FRONT}\nprompts: [\"How do you plan?\"]"),
            "Body.",
        )
        .build()
        .assert_ok();
    let page = built.read("share/mastodon/index.html");
    let harness = r#"
const vm = require("vm");
const script = require("fs").readFileSync(0, "utf8");
function run(search, stored, typed) {
  const nodes = {};
  const node = (id) => nodes[id] || (nodes[id] = { id, hidden: true, value: "", textContent: "",
    focus() { this.focused = true; }, addEventListener(type, f) { this.handler = f; } });
  const data = stored ? { "rapport.mastodon.instance": stored } : {};
  const localStorage = { getItem: (k) => (k in data ? data[k] : null), setItem: (k, v) => { data[k] = String(v); } };
  const location = { search, href: "" };
  vm.runInNewContext(script, { document: { getElementById: node }, localStorage, location, URL, URLSearchParams });
  const shown = { form: !nodes["share-form"].hidden, remembered: nodes["share-instance"].value, quote: node("share-text").textContent };
  nodes["share-instance"].value = typed;
  nodes["share-form"].handler({ preventDefault() {} });
  return { ...shown, href: location.href, error: !nodes["share-error"].hidden, stored: data["rapport.mastodon.instance"] || null };
}
const text = "?text=" + encodeURIComponent("How do you plan?\n\nhttps://example.com/posts/a/");
console.log(JSON.stringify([
  run(text, null, "  Mastodon.Social "),
  run(text, "fosstodon.org", "https://hachyderm.io/@ann"),
  run(text, null, "@ann@example.social"),
  run(text, null, "javascript:alert(1)"),
  run(text, null, "evil.com/phish?x="),
  run(text, null, "localhost"),
  run(text, null, "not a host.com"),
  run(text, null, "host.com:8080"),
  run("", null, "mastodon.social"),
]));
"#;
    let dir = tempfile::tempdir().expect("tmp");
    let harness_path = dir.path().join("harness.js");
    std::fs::write(&harness_path, harness).expect("write harness");
    let mut child = std::process::Command::new("node")
        .arg(&harness_path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run node");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(inline_script(&page).as_bytes())
        .expect("send script");
    let out = child.wait_with_output().expect("node output");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let share =
        "/share?text=How%20do%20you%20plan%3F%0A%0Ahttps%3A%2F%2Fexample.com%2Fposts%2Fa%2F";
    let case = |i: usize| &cases[i];
    assert_eq!(case(0)["form"], true, "the form shows when the script runs");
    assert_eq!(
        case(0)["quote"],
        "How do you plan?\n\nhttps://example.com/posts/a/"
    );
    assert_eq!(case(0)["href"], format!("https://mastodon.social{share}"));
    assert_eq!(case(0)["stored"], "mastodon.social");
    assert_eq!(
        case(1)["remembered"],
        "fosstodon.org",
        "the last server is remembered"
    );
    assert_eq!(case(1)["href"], format!("https://hachyderm.io{share}"));
    assert_eq!(case(2)["href"], format!("https://example.social{share}"));
    assert_eq!(
        case(4)["href"],
        format!("https://evil.com{share}"),
        "the path is dropped, not kept"
    );
    for i in [3, 5, 6] {
        assert_eq!(case(i)["href"], "", "case {i} is refused: {}", case(i));
        assert_eq!(case(i)["error"], true, "case {i} says why");
        assert_eq!(case(i)["stored"], serde_json::Value::Null);
    }
    assert_eq!(
        case(7)["href"],
        format!("https://host.com{share}"),
        "the port is dropped"
    );
    assert_eq!(case(8)["href"], "https://mastodon.social/share?text=");
}

const DISCUSSIONS: [(&str, &str); 4] = [
    (
        "toot",
        "https://mastodon.example/@loomwork/113456789012345678",
    ),
    (
        "skeet",
        "https://bsky.app/profile/loomwork.bsky.social/post/3kxyz2abcde22",
    ),
    ("did", "https://bsky.app/profile/did:plc:abc123/post/3k"),
    ("thread", "https://news.ycombinator.com/item?id=1"),
];

fn discussion_site(show_replies: bool) -> TestSite {
    let config = format!(
        "title = \"T\"\nbase_url = \"https://example.com/\"\nminify = false\n[social]\nshow_replies = {show_replies}\n"
    );
    let mut site = TestSite::with_config(&config);
    for (slug, url) in DISCUSSIONS {
        site = site.post(
            slug,
            &format!("{FRONT}\nprompts: [\"How do you plan?\"]\ndiscussion: [\"{url}\"]"),
            "Body.",
        );
    }
    site
}

#[test]
fn show_replies_adds_a_button_only_for_mastodon_and_bluesky_discussions() {
    let built = discussion_site(true).build().assert_ok();
    built
        .assert_contains("posts/toot/index.html", "data-replies-platform=\"mastodon\"")
        .assert_contains(
            "posts/toot/index.html",
            "data-replies-api=\"https://mastodon.example/api/v1/statuses/113456789012345678/context\"",
        )
        .assert_contains("posts/toot/index.html", ">Show replies</button>")
        .assert_contains("posts/toot/index.html", "data-replies-script=\"/replies.js\"")
        .assert_contains("posts/skeet/index.html", "data-replies-platform=\"bluesky\"")
        .assert_contains("posts/skeet/index.html", "data-replies-actor=\"loomwork.bsky.social\" data-replies-post=\"3kxyz2abcde22\"")
        .assert_not_contains("posts/skeet/index.html", "data-replies-api")
        .assert_contains("posts/did/index.html", "data-replies-api=\"https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?uri=at%3A%2F%2Fdid%3Aplc%3Aabc123")
        .assert_not_contains("posts/thread/index.html", "Show replies")
        .assert_contains("posts/thread/index.html", "Reply in the discussion");
    assert!(built.exists("replies.js"));
    // The script is only ever loaded by a click, never by the page.
    built.assert_not_contains("posts/toot/index.html", "src=\"/replies.js\"");

    let off = discussion_site(false).build().assert_ok();
    for (slug, _) in DISCUSSIONS {
        off.assert_not_contains(&format!("posts/{slug}/index.html"), "Show replies")
            .assert_not_contains(&format!("posts/{slug}/index.html"), "data-replies");
    }
}

fn snippet<'a>(built: &'a crate::support::Built, platform: &str) -> &'a rapport::social::Snippet {
    built.report.social[0]
        .snippets
        .iter()
        .find(|s| s.platform.name() == platform)
        .unwrap_or_else(|| panic!("a {platform} snippet"))
}

#[test]
fn a_social_override_is_that_platforms_prompt_verbatim_counted_and_fitted() {
    let long = format!(
        "What {}?",
        "slows your team down when it plans ".repeat(12).trim()
    );
    let site = TestSite::new().post(
        "calendar",
        &format!(
            "{FRONT}\nprompts:\n  - \"How does your team plan its week?\"\nsocial:\n  linkedin: \"  What is one planning ritual your team would never give up, and why?  \"\n  x: \"{long}\""
        ),
        "Body.",
    );
    let built = site.build().assert_ok();
    let linkedin = snippet(&built, "linkedin");
    assert!(
        linkedin.text.starts_with("What is one planning ritual your team would never give up, and why?\n\nhttps://example.com/posts/calendar/?utm_source=linkedin"),
        "{}",
        linkedin.text
    );
    assert_eq!(linkedin.source, rapport::social::Source::Override);
    assert!(!linkedin.trimmed);
    // Too long for X: cut at a word, with the link whole, not swapped for the general prompt.
    let x = snippet(&built, "x");
    assert_eq!(x.source, rapport::social::Source::Override);
    assert!(
        x.trimmed && x.length <= 280 && x.text.starts_with("What slows your team"),
        "{x:?}"
    );
    assert!(
        x.text
            .contains("…\n\nhttps://example.com/posts/calendar/?utm_source=x"),
        "{}",
        x.text
    );
    assert_eq!(
        x.length,
        rapport::social::count::length(rapport::social::count::Platform::X, &x.text)
    );
    // The other platforms keep the author's prompt.
    assert!(
        snippet(&built, "bluesky")
            .text
            .starts_with("How does your team plan its week?")
    );
    let too_long: Vec<_> = built.with_code("snippet-too-long");
    assert_eq!(too_long.len(), 1, "{too_long:#?}");
    assert_eq!(too_long[0].line, Some(12), "the line of the x override");
    assert!(too_long[0].message.contains('X'), "{}", too_long[0].message);
}

#[test]
fn too_many_hashtags_are_a_warning_at_the_override_and_a_lone_hash_is_none() {
    let site = TestSite::new().post(
        "calendar",
        &format!(
            "{FRONT}\nprompts: [\"How does your team plan its week?\"]\nsocial:\n  x: \"Which planning habit works for you? #plan #team #weekly\"\n  bluesky: \"Which # of meetings works for you, # honestly?\""
        ),
        "Body.",
    );
    let built = site.build().assert_ok();
    let hashtags: Vec<_> = built.with_code("snippet-hashtags");
    assert_eq!(hashtags.len(), 1, "{hashtags:#?}");
    assert_eq!(hashtags[0].line, Some(10), "the line of the x override");
    assert!(
        hashtags[0].message.contains("for X, where 2 is the norm"),
        "{}",
        hashtags[0].message
    );
}

#[test]
fn social_overrides_are_checked_like_prompts_at_their_own_lines() {
    let config = format!("{CONFIG}\n[brand]\nnames = [\"Acme\"]\n");
    let site = TestSite::with_config(&config).post(
        "calendar",
        &format!(
            "{FRONT}\nprompts: [\"How do you plan your week?\"]\nsocial:\n  bluesky: \"How do you plan?\"\n  linkedin: \"Check out the new Acme calendar\"\n  threads: \"Our launch is live.\""
        ),
        "Body.",
    );
    let built = site.build().assert_ok();
    let at = |code: &str| -> Vec<(Option<usize>, Option<String>)> {
        built
            .report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| (d.line, d.file.clone()))
            .collect()
    };
    let file = Some("content/posts/calendar.md".to_string());
    assert_eq!(
        at("prompt-promotional"),
        vec![(Some(11), file.clone()), (Some(12), file.clone())],
        "{:#?}",
        built.report.diagnostics
    );
    assert_eq!(
        at("prompt-not-a-question"),
        vec![(Some(11), file.clone()), (Some(12), file)]
    );
}

#[test]
fn an_unknown_platform_in_social_is_an_error_naming_file_and_line() {
    let site = TestSite::new().post(
        "calendar",
        &format!("{FRONT}\nsocial:\n  x: \"How do you plan?\"\n  myspace: \"How do you plan?\""),
        "Body.",
    );
    let built = site.build();
    let error = built.single_error("front-matter", "content/posts/calendar.md");
    assert_eq!(error.line, Some(10), "{error:?}");
    assert!(
        error.message.contains("unknown platform `myspace`"),
        "{}",
        error.message
    );
    assert!(
        error.help.as_deref().is_some_and(|h| h.contains("bluesky")),
        "{error:?}"
    );
    assert!(!site.root().join("public").exists(), "nothing written");
}

/// Runs the theme's replies.js in Node with a stand-in DOM and canned API
/// answers (no network): replies from Mastodon and Bluesky are listed as
/// text, hostile markup stays text, and only https links are made.
#[test]
fn the_replies_script_lists_replies_as_text_with_safe_links() {
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        let message = "SKIPPED the_replies_script_lists_replies_as_text_with_safe_links: needs node (apt-get install -y nodejs)";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("\n!!! {message}\n");
        return;
    }
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/replies.js");
    let harness = r#"
const vm = require("vm");
const script = require("fs").readFileSync(process.argv[2], "utf8");
function el(tag) {
  return { tag, children: [], className: "", textContent: "", hidden: false, href: "", rel: "",
    appendChild(c) { this.children.push(c); return c; },
    set innerHTML(v) { throw new Error("innerHTML used"); } };
}
function flat(n) { return { tag: n.tag, cls: n.className, text: n.textContent, href: n.href, kids: n.children.map(flat) }; }
async function run(platform, dataset, answers) {
  const list = el("ol"), status = el("p");
  const box = { dataset: Object.assign({ repliesPlatform: platform }, dataset),
    querySelector: (s) => (s === ".replies-list" ? list : status) };
  const button = { disabled: false, hidden: false, closest: () => box };
  const asked = [];
  const fetch = (url) => { asked.push(url); const body = answers[url];
    return Promise.resolve({ ok: body !== undefined, status: body === undefined ? 404 : 200, json: () => Promise.resolve(body) }); };
  // Mastodon's HTML: an inert parse, reduced to text (as DOMParser's textContent would).
  class DOMParser { parseFromString(html) { const text = html.replace(/<[^>]*>/g, "");
    return { querySelectorAll: () => [], body: { textContent: text } }; } }
  const window = {};
  vm.runInNewContext(script, { window, document: { createElement: el }, fetch, DOMParser, URL, Date, isNaN, encodeURIComponent, String, Promise });
  window.rapportReplies(button);
  await new Promise((r) => setTimeout(r, 50));
  return { asked, status: status.textContent, hidden: button.hidden, items: list.children.map(flat) };
}
(async () => {
  const mastodon = await run("mastodon", { repliesApi: "https://m.example/api/v1/statuses/1/context" }, {
    "https://m.example/api/v1/statuses/1/context": { descendants: [
      { account: { display_name: "Ann", acct: "ann@m.example" }, content: "<p>We plan on <b>Mondays</b></p>", url: "https://m.example/@ann/2", created_at: "2025-01-02T10:00:00Z" },
      { account: { acct: "eve" }, content: "<script>alert(1)</script><img src=x onerror=alert(2)>", url: "javascript:alert(3)", created_at: "nope" }
    ] } });
  const bluesky = await run("bluesky", { repliesActor: "bob.example", repliesPost: "3k" }, {
    "https://public.api.bsky.app/xrpc/com.atproto.identity.resolveHandle?handle=bob.example": { did: "did:plc:bob" },
    "https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?uri=at%3A%2F%2Fdid%3Aplc%3Abob%2Fapp.bsky.feed.post%2F3k": { thread: { replies: [
      { post: { uri: "at://did:plc:cat/app.bsky.feed.post/3m", author: { did: "did:plc:cat", handle: "cat.example", displayName: "Cat" }, record: { text: "<b>Same here</b>" }, indexedAt: "2025-01-03T10:00:00Z" },
        replies: [ { post: { uri: "at://did:plc:dan/app.bsky.feed.post/3n", author: { handle: "dan.example" }, record: { text: "And us" } } } ] }
    ] } } });
  const failed = await run("mastodon", { repliesApi: "https://m.example/api/v1/statuses/9/context" }, {});
  console.log(JSON.stringify({ mastodon, bluesky, failed }));
})().catch((e) => { console.error(e); process.exit(1); });
"#;
    let dir = tempfile::tempdir().expect("tmp");
    let harness_path = dir.path().join("harness.js");
    std::fs::write(&harness_path, harness).expect("write harness");
    let out = std::process::Command::new("node")
        .arg(&harness_path)
        .arg(&script)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let runs: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mastodon = &runs["mastodon"];
    assert_eq!(mastodon["status"], "2 replies.");
    assert_eq!(
        mastodon["hidden"], true,
        "the button goes once replies show"
    );
    let first = &mastodon["items"][0];
    assert_eq!(first["kids"][0]["kids"][0]["text"], "Ann");
    assert_eq!(
        first["kids"][0]["kids"][0]["href"],
        "https://m.example/@ann/2"
    );
    assert_eq!(first["kids"][1]["text"], "We plan on Mondays");
    let hostile = &mastodon["items"][1];
    let author = &hostile["kids"][0]["kids"][0];
    assert_eq!(
        author["tag"], "span",
        "no link to a javascript: URL: {hostile}"
    );
    assert_eq!(author["href"], "");
    assert_eq!(
        hostile["kids"][1]["text"], "alert(1)",
        "markup is never run or kept"
    );

    let bluesky = &runs["bluesky"];
    assert_eq!(
        bluesky["asked"].as_array().map(Vec::len),
        Some(2),
        "{bluesky}"
    );
    assert_eq!(bluesky["status"], "2 replies.");
    assert_eq!(
        bluesky["items"][0]["kids"][1]["text"], "<b>Same here</b>",
        "text stays text"
    );
    assert_eq!(
        bluesky["items"][0]["kids"][0]["kids"][0]["href"],
        "https://bsky.app/profile/did%3Aplc%3Acat/post/3m"
    );
    assert_eq!(
        bluesky["items"][1]["kids"][1]["text"], "And us",
        "a reply to a reply follows"
    );

    let failed = &runs["failed"];
    assert_eq!(
        failed["status"],
        "The replies could not be loaded. Read them in the discussion."
    );
    assert_eq!(failed["hidden"], false);
}
