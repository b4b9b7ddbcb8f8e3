//! A small HTTP/1.1 server for the preview: GET and HEAD of the in-memory
//! site, one thread per connection, a server-sent-events stream that tells
//! pages to reload, and the build's numbers report and social kit under
//! `/_rapport/`. Paths are looked up in the built site's file map, so
//! nothing outside the site can ever be served.

use super::{Preview, tools};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

const EVENTS_PATH: &str = "/_rapport/events";
/// Where the build's report and social kit are served (see [`tools`]).
const TOOLS_PATH: &str = "/_rapport/";
const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Added to every HTML page served. `reload` names the changed pages (or
/// `null` for all): a tab showing one fetches it again and swaps in the new
/// `<body>` (faster than a reload, and the scroll position stays), or
/// reloads when the page's `<head>` or `<html>` attributes changed or it has scripts
/// of its own (a swapped-in script would not run); other tabs swap any of
/// their stylesheets that changed; `css` swaps stylesheets without a reload (a
/// copy of the `<link>` with a cache-busting query, the old one removed
/// once the new one has loaded, so nothing flashes unstyled); `failed` shows
/// the build's error over the page (outside `<body>`, which a swap replaces).
/// Only the latest of overlapping fetches is swapped in.
const LIVE_RELOAD: &str = r#"<script>(()=>{let n=0;const s=new EventSource("/_rapport/events"),here=decodeURI(location.pathname),clear=()=>{const d=document.getElementById("rapport-error");if(d)d.remove()},swap=paths=>{for(const l of document.querySelectorAll('link[rel~="stylesheet"]')){const u=new URL(l.href,location.href);if(u.origin!==location.origin||!paths.includes(decodeURI(u.pathname)))continue;u.searchParams.set("rapport",Date.now());const n=l.cloneNode();n.href=u.href;n.onload=()=>l.remove();l.after(n)}},attrs=e=>[...e.attributes].map(a=>a.name+"="+a.value).join(" "),refresh=()=>{const m=++n;fetch(location.href,{cache:"no-store"}).then(r=>{if(!r.ok)throw r;return r.text()}).then(t=>{if(m!==n)return;const d=new DOMParser().parseFromString(t,"text/html");if(d.head.innerHTML!==document.head.innerHTML||attrs(d.documentElement)!==attrs(document.documentElement)||[...d.scripts].some(x=>/^(|module|(text|application)\/(java|ecma)script)$/i.test(x.type.trim())&&!x.text.includes("/_rapport/events")))throw d;document.body.replaceWith(document.adoptNode(d.body))}).catch(()=>location.reload())};s.addEventListener("reload",e=>{const p=JSON.parse(e.data).paths;clear();if(!p)location.reload();else if(p.includes(here))refresh();else swap(p)});s.addEventListener("css",e=>{clear();swap(JSON.parse(e.data).paths)});s.addEventListener("failed",e=>{let d=document.getElementById("rapport-error");if(!d){d=document.createElement("pre");d.id="rapport-error";d.setAttribute("role","alert");d.style.cssText="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#ffe1e1;font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;z-index:2147483647;border-top:4px solid #ff5d5d";document.documentElement.appendChild(d)}d.textContent="rapport: the last edit does not build; showing the last good version.\n\n"+JSON.parse(e.data).error})})()</script>"#;

/// Accepts connections until the process stops.
pub(super) fn run(listener: TcpListener, preview: Arc<Preview>) {
    for stream in listener.incoming().flatten() {
        let preview = Arc::clone(&preview);
        std::thread::spawn(move || {
            let _ = handle(stream, &preview);
        });
    }
}

fn handle(stream: TcpStream, preview: &Preview) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some((method, target)) = read_request(&mut reader)? else {
        return respond(
            &stream,
            400,
            "text/plain; charset=utf-8",
            b"bad request",
            false,
        );
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &stream,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD",
            false,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        return events(stream, preview);
    }
    let snapshot = preview.snapshot();
    if let Some(tool) = path.strip_prefix(TOOLS_PATH) {
        return match tools::page(&snapshot.tools, tool) {
            Some((kind, body)) => send(&stream, 200, kind, body.as_bytes(), head_only),
            None if !tool.is_empty()
                && !tool.ends_with('/')
                && tools::page(&snapshot.tools, &format!("{tool}/")).is_some() =>
            {
                redirect(&stream, &format!("{path}/"))
            }
            None => not_found(&stream, head_only),
        };
    }
    match resolve(&*snapshot.files, path) {
        Lookup::Found(site_path) => {
            let body = &snapshot.files[&site_path];
            let kind = content_type(&site_path);
            send(&stream, 200, kind, body, head_only)
        }
        Lookup::Redirect(location) => redirect(&stream, &location),
        Lookup::Missing => match snapshot.files.get("/404.html") {
            Some(page) => send(&stream, 404, "text/html; charset=utf-8", page, head_only),
            None => not_found(&stream, head_only),
        },
    }
}

fn redirect(mut stream: &TcpStream, location: &str) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes())
}

/// Reads the request line and skips the headers: (method, target).
fn read_request(reader: &mut impl BufRead) -> std::io::Result<Option<(String, String)>> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let request = (method.to_string(), target.to_string());
    let mut read = line.len();
    loop {
        let mut header = String::new();
        let n = reader.read_line(&mut header)?;
        read += n;
        if n == 0 || header == "\r\n" || header == "\n" || read > MAX_HEADER_BYTES {
            break;
        }
    }
    Ok(Some(request))
}

/// Where a request path leads in the built site.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Lookup {
    Found(String),
    Redirect(String),
    Missing,
}

/// Maps a URL path to a file of the site: `/` and `/posts/a/` to their
/// `index.html`; `/posts/a` redirects to `/posts/a/`. Percent-escapes are
/// decoded; any `..`, `.`, backslash or NUL segment is refused.
pub(super) fn resolve<V>(files: &std::collections::BTreeMap<String, V>, raw: &str) -> Lookup {
    let Some(path) = crate::html_scan::percent_decode(raw).map(|p| p.into_owned()) else {
        return Lookup::Missing;
    };
    if !path.starts_with('/')
        || path.contains(['\\', '\0'])
        || path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
    {
        return Lookup::Missing;
    }
    if path.ends_with('/') {
        let index = format!("{path}index.html");
        return if files.contains_key(&index) {
            Lookup::Found(index)
        } else {
            Lookup::Missing
        };
    }
    if files.contains_key(&path) {
        return Lookup::Found(path);
    }
    if files.contains_key(&format!("{path}/index.html")) {
        return Lookup::Redirect(format!("{raw}/"));
    }
    Lookup::Missing
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Sends a file; HTML pages get the live-reload script.
fn send(
    stream: &TcpStream,
    status: u16,
    kind: &'static str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    if kind.starts_with("text/html") {
        let mut page = body.to_vec();
        let at = find_last(&page, b"</body>").unwrap_or(page.len());
        page.splice(at..at, LIVE_RELOAD.bytes());
        return respond(stream, status, kind, &page, head_only);
    }
    respond(stream, status, kind, body, head_only)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// A plain 404, for a site without a 404 page and for unknown tool pages.
fn not_found(stream: &TcpStream, head_only: bool) -> std::io::Result<()> {
    respond(
        stream,
        404,
        "text/plain; charset=utf-8",
        b"not found",
        head_only,
    )
}

fn respond(
    mut stream: &TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Server-sent events: `reload` or `css` after each good build (with the
/// changed paths), `failed` with `{"error": ...}` after a bad one.
fn events(mut stream: TcpStream, preview: &Preview) -> std::io::Result<()> {
    // Subscribe before answering, so a client that saw the answer misses nothing.
    let (sender, receiver) = channel();
    if let Some(error) = &preview.snapshot().error {
        let _ = sender.send(("failed", serde_json::json!({ "error": error }).to_string()));
    }
    preview.subscribe(sender);
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    loop {
        match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok((kind, data)) => write!(stream, "event: {kind}\ndata: {data}\n\n")?,
            // A comment keeps the connection open and finds closed ones.
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn site() -> BTreeMap<String, Vec<u8>> {
        [
            "/index.html",
            "/posts/a/index.html",
            "/style.css",
            "/a b.txt",
        ]
        .into_iter()
        .map(|p| (p.to_string(), Vec::new()))
        .collect()
    }

    #[test]
    fn paths_map_to_files_and_folders_to_their_index() {
        let files = site();
        assert_eq!(resolve(&files, "/"), Lookup::Found("/index.html".into()));
        assert_eq!(
            resolve(&files, "/posts/a/"),
            Lookup::Found("/posts/a/index.html".into())
        );
        assert_eq!(
            resolve(&files, "/posts/a"),
            Lookup::Redirect("/posts/a/".into())
        );
        assert_eq!(
            resolve(&files, "/style.css"),
            Lookup::Found("/style.css".into())
        );
        assert_eq!(
            resolve(&files, "/a%20b.txt"),
            Lookup::Found("/a b.txt".into())
        );
        assert_eq!(resolve(&files, "/nope/"), Lookup::Missing);
    }

    #[test]
    fn escapes_out_of_the_site_are_refused() {
        let files = site();
        for path in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/posts/%2E%2E/%2e%2e/x",
            "/./index.html",
            "/a%5cb",
            "/%00",
            "/%zz",
            "etc/passwd",
        ] {
            assert_eq!(resolve(&files, path), Lookup::Missing, "{path}");
        }
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("/x/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("/feed.XML"), "application/xml");
        assert_eq!(content_type("/img.webp"), "image/webp");
    }
}
