//! Minify: shrink every HTML page (with its inline CSS and JS) and every CSS
//! file with minify-html, keeping the output valid HTML5 (the Nu checker must
//! accept it), so no non-compliant tricks are enabled.
//!
//! Pages are normally not minified one by one at all: their templates are,
//! once, when they load ([`template`]), and Markdown is written compact
//! ([`compact_markdown_html`]). What follows is for sites whose templates
//! cannot be minified that way.
//!
//! A post's Markdown HTML is most of its page but gains little from
//! minify-html (rapport writes it compact already), while minify-html's cost
//! grows with every byte: so [`page`] runs minify-html over the page with the
//! post's HTML cut out, and puts it back through [`compact_markdown_html`].
//! A template that changes the content, or content with inline CSS or JS,
//! gets the whole page minified.

use minify_html::Cfg;
use std::sync::OnceLock;

mod template;
pub use template::template;

fn html_cfg() -> &'static Cfg {
    static CFG: OnceLock<Cfg> = OnceLock::new();
    CFG.get_or_init(|| Cfg {
        minify_css: true,
        minify_js: true,
        // `<!doctypehtml>` is a parse error for validators: keep the space.
        minify_doctype: false,
        keep_closing_tags: false,
        keep_html_and_head_opening_tags: false,
        keep_comments: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_optimal_entities: false,
        allow_removing_spaces_between_attributes: false,
        ..Cfg::default()
    })
}

pub fn html(page: &str) -> Vec<u8> {
    minify_html::minify(page.as_bytes(), html_cfg())
}

/// Marks where Markdown HTML was cut out; survives minify-html as text.
/// Each cut gets its own number: `rapport-content-3f9c1a7e5b-0-`, `-1-`, ...
const CONTENT_TOKEN: &str = "rapport-content-3f9c1a7e5b-";

fn token(index: usize) -> String {
    format!("{CONTENT_TOKEN}{index}-")
}

/// Whether a fragment can be left out of minify-html and put back compacted:
/// Markdown HTML without inline CSS or script, big enough to be worth it.
fn splice_safe(fragment: &str) -> bool {
    fragment.len() >= 512
        && fragment.contains('<')
        && !fragment.contains(CONTENT_TOKEN)
        && !fragment.contains("<script")
        && !fragment.contains("<style")
        && !fragment.contains(" style=")
}

/// Minifies a rendered page into which `fragments` (Markdown HTML: a post's
/// body, the summaries of a list page) were inserted verbatim, in this order.
/// Fragments that cannot be found in order are simply minified with the rest.
pub fn page(rendered: &str, fragments: &[&str]) -> Vec<u8> {
    let mut shell = String::with_capacity(rendered.len());
    let mut cut: Vec<&str> = Vec::new();
    let mut from = 0;
    for fragment in fragments.iter().copied().filter(|f| splice_safe(f)) {
        let Some(offset) = find_verbatim(&rendered[from..], fragment) else {
            continue;
        };
        let at = from + offset;
        shell.push_str(&rendered[from..at]);
        shell.push_str(&token(cut.len()));
        cut.push(fragment);
        from = at + fragment.len();
    }
    if cut.is_empty() {
        return html(rendered);
    }
    shell.push_str(&rendered[from..]);
    let minified = html(&shell);
    put_back(&minified, &cut).unwrap_or_else(|| html(rendered))
}

/// The minified shell with each token replaced by its compacted fragment;
/// `None` if a token was lost, moved out of order or doubled.
fn put_back(minified: &[u8], cut: &[&str]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(minified.len() + cut.iter().map(|f| f.len()).sum::<usize>());
    let mut pos = 0;
    for (i, fragment) in cut.iter().enumerate() {
        let token = token(i);
        let at = pos + find_bytes(&minified[pos..], token.as_bytes())?;
        if find_bytes(&minified[at + token.len()..], token.as_bytes()).is_some() {
            return None;
        }
        out.extend_from_slice(&minified[pos..at]);
        out.extend_from_slice(compact_markdown_html(fragment).as_bytes());
        pos = at + token.len();
    }
    if find_bytes(&minified[pos..], CONTENT_TOKEN.as_bytes()).is_some() {
        return None;
    }
    out.extend_from_slice(&minified[pos..]);
    Some(out)
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Where `content` stands verbatim in `rendered`: a short prefix is found
/// first (cheap to search for), then the whole is compared in place.
fn find_verbatim(rendered: &str, content: &str) -> Option<usize> {
    let mut probe_len = content.len().min(64);
    while !content.is_char_boundary(probe_len) {
        probe_len -= 1;
    }
    let probe = &content[..probe_len];
    let mut from = 0;
    while let Some(offset) = rendered[from..].find(probe) {
        let at = from + offset;
        if rendered[at..].starts_with(content) {
            return Some(at);
        }
        from = at + probe.len().max(1);
    }
    None
}

/// What compacting needs to know of a tag, by its name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TagKind {
    /// Block-level: white space right after it, before another tag, never shows.
    block: bool,
    /// Void: `<br />` may lose its ` /`.
    void: bool,
    /// Its text is shown (or run) as written, up to this closing tag.
    raw: Option<&'static str>,
}

/// The [`TagKind`] of a tag name, in any case: one match a tag instead of a
/// walk through lists of names (a post has hundreds of tags).
fn tag_kind(name: &[u8]) -> TagKind {
    let mut lower = [0u8; 10];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return TagKind::default();
    };
    for (to, from) in lower.iter_mut().zip(name) {
        *to = from.to_ascii_lowercase();
    }
    let (block, void, raw) = match &*lower {
        b"p" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"ul" | b"ol" | b"li"
        | b"blockquote" | b"table" | b"thead" | b"tbody" | b"tfoot" | b"tr" | b"th" | b"td"
        | b"div" | b"dl" | b"dt" | b"dd" | b"figure" | b"figcaption" | b"section" | b"details"
        | b"summary" => (true, false, None),
        b"pre" => (true, false, Some("pre")),
        b"hr" | b"br" => (true, true, None),
        b"img" | b"input" => (false, true, None),
        b"textarea" => (false, false, Some("textarea")),
        b"script" => (false, false, Some("script")),
        b"style" => (false, false, Some("style")),
        _ => (false, false, None),
    };
    TagKind { block, void, raw }
}

/// Compacts HTML as pulldown-cmark writes it: drops the line breaks it puts
/// between block elements and the XHTML ` />` of void elements, and nothing
/// else: text, `<pre>` and raw HTML blocks keep their white space.
pub fn compact_markdown_html(html: &str) -> String {
    let text = html.trim();
    let bytes = text.as_bytes();
    // Pieces of `text` cut at `<`, `>` and line breaks: whole characters,
    // so the output needs no UTF-8 check.
    let mut out = String::with_capacity(bytes.len());
    let mut last_kind = TagKind::default();
    let mut raw_until: Option<&'static str> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'<' {
            let (closing, name, end) = read_tag(bytes, i);
            let Some(end) = end else {
                out.push_str(&text[i..]);
                break;
            };
            let kind = tag_kind(name);
            if let Some(raw) = raw_until {
                if closing && name.eq_ignore_ascii_case(raw.as_bytes()) {
                    raw_until = None;
                }
                out.push_str(&text[i..=end]);
            } else {
                let tag = &text[i..=end];
                match tag.strip_suffix(" />") {
                    Some(head) if kind.void => {
                        out.push_str(head);
                        out.push('>');
                    }
                    _ => out.push_str(tag),
                }
                if !closing {
                    raw_until = kind.raw;
                }
            }
            last_kind = kind;
            i = end + 1;
            continue;
        }
        if b == b'\n'
            && raw_until.is_none()
            && i > 0
            && bytes[i - 1] == b'>'
            && bytes.get(i + 1) == Some(&b'<')
            && last_kind.block
        {
            i += 1;
            continue;
        }
        // Text up to the next tag or line break goes over as it is.
        let run = memchr::memchr2(b'<', b'\n', &bytes[i + 1..]).map_or(bytes.len(), |p| i + 1 + p);
        out.push_str(&text[i..run]);
        i = run;
    }
    out
}

/// Reads the tag starting at `start` (`<`): (is closing, name, index of its `>`).
fn read_tag(bytes: &[u8], start: usize) -> (bool, &[u8], Option<usize>) {
    let mut i = start + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = &bytes[name_start..i];
    let end = memchr::memchr(b'>', &bytes[i..]).map(|p| i + p);
    (closing, name, end)
}

/// Minifies a stylesheet through minify-html's CSS minifier (the same one
/// that handles inline `<style>`), so one CSS engine serves both.
pub fn css(stylesheet: &str) -> Vec<u8> {
    const OPEN: &str = "<style>";
    const CLOSE: &str = "</style>";
    if stylesheet.contains(CLOSE) {
        return stylesheet.as_bytes().to_vec();
    }
    let wrapped = format!("{OPEN}{stylesheet}{CLOSE}");
    let cfg = Cfg {
        minify_css: true,
        keep_closing_tags: true,
        ..Cfg::default()
    };
    let out = minify_html::minify(wrapped.as_bytes(), &cfg);
    match out
        .strip_prefix(OPEN.as_bytes())
        .and_then(|rest| rest.strip_suffix(CLOSE.as_bytes()))
    {
        Some(inner) => inner.to_vec(),
        None => stylesheet.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_smaller_and_keeps_the_doctype_valid() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <title>T</title>\n    <style> body { color : red ; } </style>\n  </head>\n  <body>\n    <p>  Hello   world </p>\n  </body>\n</html>\n";
        let out = String::from_utf8(html(page)).expect("utf8");
        assert!(out.len() < page.len());
        assert!(out.to_lowercase().starts_with("<!doctype html>"), "{out}");
        assert!(out.contains("color:red"), "{out}");
    }

    #[test]
    fn markdown_html_loses_block_newlines_only() {
        let html = "<h2 id=\"a\">A</h2>\n<p>One <em>x</em>\n<strong>y</strong></p>\n<pre><code>a\n<b>\n</code></pre>\n<ul>\n<li>i</li>\n</ul>\n<p><img src=\"x.png\" alt=\"\" /></p>\n";
        let out = compact_markdown_html(html);
        assert_eq!(
            out,
            "<h2 id=\"a\">A</h2><p>One <em>x</em>\n<strong>y</strong></p><pre><code>a\n<b>\n</code></pre><ul><li>i</li></ul><p><img src=\"x.png\" alt=\"\"></p>"
        );
    }

    #[test]
    fn tags_are_known_in_any_case_and_raw_text_stays() {
        assert_eq!(tag_kind(b"BlockQuote"), tag_kind(b"blockquote"));
        assert!(tag_kind(b"blockquote").block);
        assert!(tag_kind(b"BR").void && tag_kind(b"BR").block);
        assert_eq!(tag_kind(b"Script").raw, Some("script"));
        assert_eq!(tag_kind(b"figcaptions"), TagKind::default());
        assert_eq!(tag_kind(b""), TagKind::default());
        let html = "<DIV>\n<P>a<BR />b</P>\n<Textarea>\n<p>x</p>\n</TEXTAREA>\n<img src=\"é.png\" />\n<x-card>\n<p>ü</p>\n</x-card>\n";
        assert_eq!(
            compact_markdown_html(html),
            "<DIV><P>a<BR>b</P><Textarea>\n<p>x</p>\n</TEXTAREA>\n<img src=\"é.png\">\n<x-card>\n<p>ü</p></x-card>"
        );
    }

    #[test]
    fn page_minifies_around_the_content() {
        let content = format!("<p>{}</p>\n<p>Second</p>\n", "word ".repeat(200));
        let rendered = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>T</title>\n</head>\n<body>\n<main>\n<div class=\"prose\">\n{content}\n</div>\n</main>\n</body>\n</html>\n"
        );
        let out = String::from_utf8(page(&rendered, &[&content])).expect("utf8");
        assert!(out.contains("<div class=prose><p>word"), "{out}");
        assert!(out.contains("</p><p>Second</p></div>"), "{out}");
        assert!(!out.contains(CONTENT_TOKEN));
        // Content the template changed falls back to full minification.
        let changed = rendered.replace("Second", "2nd");
        let out = String::from_utf8(page(&changed, &[&content])).expect("utf8");
        assert!(
            out.contains("<p>2nd</div>") || out.contains("<p>2nd</p></div>"),
            "{out}"
        );
    }

    #[test]
    fn several_fragments_are_put_back_in_order() {
        let one = format!("<p>{}</p>\n", "first ".repeat(100).trim());
        let two = format!("<p>{}</p>\n", "second ".repeat(100).trim());
        let rendered = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<body>\n<ul>\n<li>\n{one}</li>\n<li>\n{two}</li>\n</ul>\n</body>\n</html>\n"
        );
        let spliced = String::from_utf8(page(&rendered, &[&one, &two])).expect("utf8");
        let whole = String::from_utf8(html(&rendered)).expect("utf8");
        assert!(!spliced.contains(CONTENT_TOKEN), "{spliced}");
        assert_eq!(spliced, whole, "same result as minifying it all");
        // Out of order: the second is not found after the first, so it is minified in place.
        let swapped = String::from_utf8(page(&rendered, &[&two, &one])).expect("utf8");
        assert_eq!(swapped, whole);
    }

    #[test]
    fn css_files_are_minified() {
        let out = String::from_utf8(css("body {\n  margin : 0 ;\n}\n/* note */\n")).expect("utf8");
        assert_eq!(out, "body{margin:0}");
    }
}
