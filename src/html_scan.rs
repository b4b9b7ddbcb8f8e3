//! A small scanner for the HTML rapport writes: the tags of a page with
//! their attributes (quoted or not, since minified HTML drops quotes), and
//! the site path a URL on a page points at. Page weight, image rewriting and
//! link checking read pages through it. It is not a general HTML parser: it
//! skips comments and the insides of `<script>` and `<style>`, which is all
//! that generated pages need.

use std::borrow::Cow;

/// An opening tag: its name and the text of its attributes.
#[derive(Debug, Clone, Copy)]
pub struct Tag<'a> {
    pub name: &'a str,
    attributes: &'a str,
}

impl<'a> Tag<'a> {
    /// Whether this is a `name` tag, in any case.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The attributes, names as written, values with character references decoded.
    pub fn attributes(&self) -> Attributes<'a> {
        Attributes {
            rest: self.attributes,
        }
    }

    /// The first attribute called `name` (any case).
    pub fn attr(&self, name: &str) -> Option<Cow<'a, str>> {
        self.attributes()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }
}

/// Reads one tag from text that starts just after its `<` (`img src=a.png>`
/// or `img src="a.png"`); `None` for closing tags, comments and declarations.
pub fn parse_tag(text: &str) -> Option<Tag<'_>> {
    if !text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_end = text
        .bytes()
        .position(|b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .unwrap_or(text.len());
    let name = &text[..name_end];
    let rest = &text[name_end..];
    Some(Tag {
        name,
        attributes: &rest[..tag_end(rest)],
    })
}

/// Where a tag's attribute text ends: at the first `>` outside quotes.
fn tag_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Most tags of a page have no attributes (`<p>`, `<li>`): no search.
    if bytes.first() == Some(&b'>') {
        return 0;
    }
    let mut i = 0;
    // Jumps from one `>` or quote to the next: every page is scanned, and
    // most of a tag is plain attribute text.
    while let Some(found) = memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]) {
        let at = i + found;
        let b = bytes[at];
        if b == b'>' {
            return at;
        }
        i = at + 1;
        // A quote opens a value only right after `=`.
        if at > 0 && bytes[at - 1] == b'=' {
            match memchr::memchr(b, &bytes[i..]) {
                Some(close) => i += close + 1,
                None => return text.len(),
            }
        }
    }
    text.len()
}

/// A written page's bytes as text. Pages are made from Strings, so this is
/// the fast UTF-8 check on every page; only a file that is not UTF-8 gets
/// its bad bytes replaced.
pub fn page_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Every opening tag of a page, in order.
pub fn tags(html: &str) -> Tags<'_> {
    Tags { rest: html }
}

pub struct Tags<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        loop {
            let at = memchr::memchr(b'<', self.rest.as_bytes())?;
            let after = &self.rest[at + 1..];
            if let Some(comment) = after.strip_prefix("!--") {
                self.rest = memchr::memmem::find(comment.as_bytes(), b"-->")
                    .map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let Some(tag) = parse_tag(after) else {
                self.rest = after;
                continue;
            };
            let consumed = tag.name.len() + tag.attributes.len();
            self.rest = &after[consumed.min(after.len())..];
            // Script and style bodies are text, not markup.
            let close = if tag.is("script") {
                Some("</script")
            } else if tag.is("style") {
                Some("</style")
            } else {
                None
            };
            if let Some(close) = close {
                self.rest =
                    find_ignoring_case(self.rest, close).map_or("", |end| &self.rest[end..]);
            }
            return Some(tag);
        }
    }
}

/// Where `needle` (which starts with `<`) first occurs in any case. Jumps
/// from one `<` to the next: a page's inline scripts and styles are long.
fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (bytes, needle) = (haystack.as_bytes(), needle.as_bytes());
    debug_assert_eq!(needle.first(), Some(&b'<'));
    memchr::memchr_iter(b'<', bytes).find(|&at| {
        bytes
            .get(at..at + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(needle))
    })
}

pub struct Attributes<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a str, Cow<'a, str>);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self
            .rest
            .trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            self.rest = rest;
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        let after_name = rest[name_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(value_text) = after_name.strip_prefix('=') else {
            self.rest = &rest[name_end.max(1).min(rest.len())..];
            return Some((name, Cow::Borrowed("")));
        };
        let value_text = value_text.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let (raw, rest) = match value_text.as_bytes().first() {
            Some(&quote @ (b'"' | b'\'')) => {
                let inner = &value_text[1..];
                match inner.find(quote as char) {
                    Some(end) => (&inner[..end], &inner[end + 1..]),
                    None => (inner, ""),
                }
            }
            _ => {
                let end = value_text
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(value_text.len());
                (&value_text[..end], &value_text[end..])
            }
        };
        self.rest = rest;
        Some((name, unescape(raw)))
    }
}

/// Decodes the character references generated HTML uses in attribute
/// values: the named five and numeric ones. Anything else stays as written.
pub fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Escapes text for HTML content and quoted attributes (the inverse of
/// [`unescape`] for what rapport writes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    out
}

/// Appends [`escape`]d `text` to `out`.
pub fn push_escaped(out: &mut String, text: &str) {
    push_replacing(out, text, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Appends `text` to `out` with each byte that `replacement` names replaced
/// by its text ("" drops it); the runs between are copied whole, as
/// escaping every page and feed byte by byte cost more. `replacement` names
/// only ASCII bytes, so every cut falls between chars.
pub(crate) fn push_replacing(
    out: &mut String,
    text: &str,
    replacement: impl Fn(u8) -> Option<&'static str>,
) {
    let mut copied = 0;
    for (at, b) in text.bytes().enumerate() {
        let Some(reference) = replacement(b) else {
            continue;
        };
        debug_assert!(b.is_ascii(), "only ASCII bytes are replaced");
        out.push_str(&text[copied..at]);
        out.push_str(reference);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
}

/// Decodes `%XX` escapes; `None` when they do not make UTF-8.
pub fn percent_decode(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains('%') {
        return Some(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// Where a local URL on a page leads inside the output: the site path of
/// the file (`posts/a/index.html` for `/posts/a/`), without a leading `/`.
/// `page` is the site path of the page's own file; `base_path` is the
/// site's path prefix (`/blog/`). `None` for remote URLs and for paths that
/// leave the site (above its root, or outside its base path).
pub fn site_path(url: &str, page: &str, base_path: &str) -> Option<String> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    if url.is_empty() || url.starts_with("//") || has_scheme(url) {
        return None;
    }
    let joined = if let Some(rooted) = url.strip_prefix('/') {
        let base = base_path.trim_matches('/');
        if base.is_empty() {
            rooted.to_string()
        } else {
            let inside = rooted.strip_prefix(base)?;
            if !(inside.is_empty() || inside.starts_with('/')) {
                return None;
            }
            inside.trim_start_matches('/').to_string()
        }
    } else {
        let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        if dir.is_empty() {
            url.to_string()
        } else {
            format!("{dir}/{url}")
        }
    };
    let mut path = normalise(&joined)?;
    if joined.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// Collapses `.` and `..` segments and doubled slashes (`a/./b/../c` is
/// `a/c`); `None` if the path climbs above its root.
pub fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `mailto:`, `https:`, `data:`...: a scheme before any `/`, `?` or `#`.
pub fn has_scheme(url: &str) -> bool {
    let head = url.split(['/', '?', '#']).next().unwrap_or("");
    head.find(':').is_some_and(|colon| {
        colon > 0
            && head[..colon]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        tags(html)
            .map(|t| {
                (
                    t.name.to_string(),
                    t.attributes()
                        .map(|(n, v)| (n.to_string(), v.into_owned()))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn tags_and_attributes_quoted_unquoted_and_bare() {
        let found = all(
            r#"<!doctype html><html lang=en><a href=/posts/a/ class="x y">A</a><input disabled value='it&#39;s'><img src="a.png" alt="1 > 0"/></html>"#,
        );
        assert_eq!(
            found,
            vec![
                ("html".into(), vec![("lang".into(), "en".into())]),
                (
                    "a".into(),
                    vec![
                        ("href".into(), "/posts/a/".into()),
                        ("class".into(), "x y".into())
                    ]
                ),
                (
                    "input".into(),
                    vec![
                        ("disabled".into(), "".into()),
                        ("value".into(), "it's".into())
                    ]
                ),
                (
                    "img".into(),
                    vec![
                        ("src".into(), "a.png".into()),
                        ("alt".into(), "1 > 0".into())
                    ]
                ),
            ]
        );
    }

    #[test]
    fn a_tag_ends_at_the_first_close_outside_a_quoted_value() {
        fn ends(text: &str) -> &str {
            &text[..tag_end(text)]
        }
        assert_eq!(ends(" title=it's href=/x>rest"), " title=it's href=/x");
        assert_eq!(ends(" a='>' b=\"'>\">rest"), " a='>' b=\"'>\"");
        assert_eq!(ends(" a=\"never closed>"), " a=\"never closed>");
        assert_eq!(ends(" no end"), " no end");
        assert_eq!(ends(">rest"), "");
        assert_eq!(ends(" a=\"\" b=''>rest"), " a=\"\" b=''");
    }

    #[test]
    fn comments_scripts_and_styles_hide_their_markup() {
        let html = "<!-- <a href=/hidden> --><script>let s = '<a href=/js>';</script><style>a>b{}</style><a href=/seen>";
        let names: Vec<String> = tags(html)
            .map(|t| format!("{}:{}", t.name, t.attr("href").unwrap_or_default()))
            .collect();
        assert_eq!(names, ["script:", "style:", "a:/seen"]);

        // Closing tags in any case; a `<` before them that closes nothing; a
        // script or comment left open hides the rest of the page.
        let html = "<SCRIPT>if (a < b) { x = '</scrip'; }</Script ><p><A HREF=/caps><style>p{}</STYLE><b><script>never closed<a href=/gone>";
        let names: Vec<&str> = tags(html).map(|t| t.name).collect();
        assert_eq!(names, ["SCRIPT", "p", "A", "style", "b", "script"]);
        let names: Vec<&str> = tags("<i><!-- <a href=/x> -- > <a href=/y>")
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["i"]);
        assert_eq!(find_ignoring_case("ab</scrip", "</script"), None);
        assert_eq!(find_ignoring_case("<<</SCRIPT>", "</script"), Some(2));
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(unescape("a&amp;b&lt;&#x41;&#66;&nbsp;&"), "a&b<AB&nbsp;&");
        assert!(matches!(unescape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("é<b>&\"c'd\u{1F44D}"),
            "é&lt;b&gt;&amp;&quot;c&#39;d\u{1F44D}"
        );
        assert_eq!(unescape(&escape("x < y & 'z'")), "x < y & 'z'");
        assert!(matches!(page_text("<p>é</p>".as_bytes()), Cow::Borrowed(_)));
        assert_eq!(page_text(b"<p>\xff</p>"), "<p>\u{FFFD}</p>");
        assert_eq!(percent_decode("caf%C3%A9%20x").as_deref(), Some("café x"));
        assert_eq!(percent_decode("%zz"), None);
    }

    #[test]
    fn urls_map_to_site_paths() {
        let cases = [
            ("/style.css", "posts/a/index.html", "/", Some("style.css")),
            (
                "/blog/style.css",
                "posts/a/index.html",
                "/blog/",
                Some("style.css"),
            ),
            ("/blog", "index.html", "/blog/", Some("index.html")),
            ("/blogroll/", "index.html", "/blog/", None),
            ("/style.css", "index.html", "/blog/", None),
            (
                "chart.png",
                "posts/a/index.html",
                "/",
                Some("posts/a/chart.png"),
            ),
            (
                "../b/x.png?v=1",
                "posts/a/index.html",
                "/",
                Some("posts/b/x.png"),
            ),
            ("/posts/", "index.html", "/", Some("posts/index.html")),
            ("https://cdn.example.com/x.js", "index.html", "/", None),
            ("mailto:a@b.c", "index.html", "/", None),
            ("//cdn.example.com/x.js", "index.html", "/", None),
            ("../../../x", "a/index.html", "/", None),
            ("#top", "a/index.html", "/", None),
        ];
        for (url, page, base, want) in cases {
            assert_eq!(
                site_path(url, page, base).as_deref(),
                want,
                "{url} on {page}"
            );
        }
        assert!(!has_scheme("posts/a:b/"));
        assert!(has_scheme("tel:+123"));
    }
}
