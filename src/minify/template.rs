//! Minifying HTML templates once, when they are loaded, instead of every
//! page they render: a 10,000-post site then runs minify-html over a dozen
//! templates, not over 15,000 pages.
//!
//! Each Tera tag (`{{ }}`, `{% %}`, `{# #}`) is swapped for a placeholder
//! that minify-html treats as text, the rest is minified, and the tags are
//! put back. That is only sound where a tag stands for text (between
//! elements, or inside a double-quoted attribute value, which keeps its
//! quotes), or where an `if` or `for` between a tag's attributes adds whole
//! attributes (kept verbatim, as one unit). A template with a tag anywhere
//! else (in an unquoted or single-quoted value, in a comment, a script or a
//! style), or whose elements do not open and close within it (minify-html
//! would drop an end tag it cannot match, or one it thinks ends its parent),
//! is left as it is, and its pages are minified one by one as before.

use std::fmt::Write as _;

/// Starts and ends a placeholder; private-use characters, which no
/// template means as text and minify-html leaves alone.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// What a Tera tag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    /// `{{ ... }}`: prints a value.
    Expression,
    /// `{% ... %}` or `{# ... #}`: structure or comment, printing nothing itself.
    Statement,
    /// `{% if %}...{% endif %}` (or a `for` loop) between a tag's attributes,
    /// adding whole attributes: kept as one unit, which minify-html sees as
    /// one attribute and may move.
    Attributes,
}

/// Where in the HTML a Tera tag stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Between elements, or in text.
    Text,
    /// Inside a double-quoted attribute value.
    Attribute,
}

/// The template minified with its Tera tags intact, or `None` when that is
/// not safe (see the module comment) or minify-html lost a tag.
pub fn template(source: &str) -> Option<String> {
    if source.contains([OPEN, CLOSE]) {
        return None;
    }
    let (masked, tags) = mask(source)?;
    let minified =
        String::from_utf8(minify_html::minify(masked.as_bytes(), super::html_cfg())).ok()?;
    unmask(&minified, &tags)
}

/// The HTML states that decide where a Tera tag may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Html {
    Text,
    /// Inside `<name ...` up to its `>`; `raw` when the element's text is raw
    /// (script, style), `json` when it is a JSON script.
    InTag {
        raw: Option<RawKind>,
    },
    DoubleQuoted {
        raw: Option<RawKind>,
    },
    SingleQuoted {
        raw: Option<RawKind>,
    },
    Comment,
    /// The text of a script or style, up to its end tag.
    Raw(RawKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawKind {
    Script,
    /// `<script type="application/ld+json">` (or `application/json`): data
    /// minify-html leaves as it is, so a tag in it is safe.
    JsonScript,
    Style,
}

impl RawKind {
    fn end_tag(self) -> &'static str {
        match self {
            RawKind::Script | RawKind::JsonScript => "</script",
            RawKind::Style => "</style",
        }
    }
}

/// The source with each Tera tag replaced by a numbered placeholder, and
/// the tags in order; `None` if a tag stands where a placeholder is unsafe.
fn mask(source: &str) -> Option<(String, Vec<(&str, TagKind)>)> {
    let mut masked = String::with_capacity(source.len());
    let mut tags = Vec::new();
    let mut state = Html::Text;
    // The current double-quoted value: whether it has a tag, and a quote in its text.
    let mut value_has_tag = false;
    let mut value_has_quote = false;
    // Elements opened and not yet closed, lowercase.
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut rest = source;
    while !rest.is_empty() {
        let next_tag = find_tera_tag(rest);
        let text_end = next_tag.map_or(rest.len(), |(start, _, _)| start);
        let text = &rest[..text_end];
        state = scan_html(
            text,
            state,
            &mut value_has_tag,
            &mut value_has_quote,
            &mut open,
        )?;
        masked.push_str(text);
        let Some((start, end, kind)) = next_tag else {
            break;
        };
        let tag = &rest[start..end];
        if kind == TagKind::Statement && statement_name(tag) == Some("raw") {
            return None;
        }
        if let Html::InTag { .. } = state {
            // Only whole attributes, added by an `if` or `for`, may stand here.
            let end = attributes_end(rest, start)?;
            if !masked.ends_with(|c: char| c.is_ascii_whitespace()) {
                masked.push(' ');
            }
            let _ = write!(masked, "{OPEN}{}{CLOSE}", tags.len());
            if !rest[end..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
                masked.push(' ');
            }
            tags.push((&rest[start..end], TagKind::Attributes));
            rest = &rest[end..];
            continue;
        }
        let place = match state {
            Html::Text => Place::Text,
            Html::Raw(RawKind::JsonScript) => Place::Text,
            Html::DoubleQuoted { .. } => {
                value_has_tag = true;
                Place::Attribute
            }
            _ => return None,
        };
        let _ = write!(masked, "{OPEN}{}", tags.len());
        if place == Place::Attribute {
            // A space keeps the value quoted, whatever the tag prints.
            masked.push(' ');
        }
        masked.push(CLOSE);
        tags.push((tag, kind));
        rest = &rest[end..];
    }
    // An element left open (closed in another template) would let
    // minify-html drop its last child's end tag, which the page needs.
    (state == Html::Text && open.is_empty()).then_some((masked, tags))
}

/// Elements without an end tag.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// The next Tera tag in `text`: (start, end, kind); `None` if there is none
/// (an unclosed tag is left to Tera, which reports it).
fn find_tera_tag(text: &str) -> Option<(usize, usize, TagKind)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = memchr::memchr(b'{', &bytes[from..]) {
        let start = from + offset;
        let (close, kind): (&[u8], TagKind) = match bytes.get(start + 1) {
            Some(b'{') => (b"}}", TagKind::Expression),
            Some(b'%') => (b"%}", TagKind::Statement),
            Some(b'#') => (b"#}", TagKind::Statement),
            _ => {
                from = start + 1;
                continue;
            }
        };
        let end = tag_end(bytes, start + 2, close)?;
        return Some((start, end, kind));
    }
    None
}

/// Where a tag whose body starts at `from` ends (just past `close`): string
/// literals are skipped (not in comments, which are prose), and in an
/// expression `}}` inside a map literal does not end it.
fn tag_end(bytes: &[u8], from: usize, close: &[u8]) -> Option<usize> {
    if close == b"#}" {
        return memchr::memmem::find(&bytes[from..], close).map(|at| from + at + close.len());
    }
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
            }
            b'{' => depth += 1,
            b'}' if depth > 0 && close == b"}}" => depth -= 1,
            _ if depth == 0 && bytes[i..].starts_with(close) => return Some(i + close.len()),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The end of the `if` or `for` block starting at `start` (a statement
/// between a tag's attributes), if the block holds only whole attributes:
/// no `<` or `>` outside quotes, balanced quotes, and its end in this tag.
fn attributes_end(text: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    // The block's own text, without its Tera tags.
    let mut attributes = String::new();
    loop {
        let (tag_start, tag_end, kind) = find_tera_tag(&text[at..])?;
        attributes.push_str(&text[at..at + tag_start]);
        let tag = &text[at + tag_start..at + tag_end];
        if at == start && tag_start != 0 {
            return None;
        }
        if kind == TagKind::Statement {
            match statement_name(tag) {
                Some("if" | "for") => depth += 1,
                Some("endif" | "endfor") => depth = depth.checked_sub(1)?,
                Some("elif" | "else") | None => {}
                Some(_) if tag.starts_with("{#") => {}
                Some(_) => return None,
            }
        }
        at += tag_end;
        if depth == 0 {
            let whole = at > start && kind == TagKind::Statement && whole_attributes(&attributes);
            return whole.then_some(at);
        }
    }
}

/// Whether template text between a tag's attributes is whole attributes:
/// no `<` or `>`, and every quote closed.
fn whole_attributes(text: &str) -> bool {
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '<' | '>') => return false,
            (None, _) => {}
        }
    }
    quote.is_none()
}

/// The first word of a `{% ... %}` tag (`if`, `for`, `raw`, ...).
fn statement_name(tag: &str) -> Option<&str> {
    tag.strip_prefix("{%")?
        .trim_start_matches('-')
        .split_whitespace()
        .next()
}

/// Moves the HTML state over `text` (template text between Tera tags).
/// `None` when the text itself rules the template out.
fn scan_html(
    text: &str,
    mut state: Html,
    value_has_tag: &mut bool,
    value_has_quote: &mut bool,
    open: &mut Vec<Vec<u8>>,
) -> Option<Html> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        state = match state {
            Html::Text if b == b'<' => {
                let after = &bytes[i + 1..];
                if after.starts_with(b"!--") {
                    i += 3;
                    Html::Comment
                } else if after.first().is_some_and(|c| c.is_ascii_alphabetic()) {
                    let name_len = after
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                        .count();
                    let name = &after[..name_len];
                    let lower = name.to_ascii_lowercase();
                    if !VOID.contains(&lower.as_slice()) {
                        open.push(lower);
                    }
                    let raw = if name.eq_ignore_ascii_case(b"script") {
                        let tag_end = memchr::memchr(b'>', after).unwrap_or(after.len());
                        let tag = after[..tag_end].to_ascii_lowercase();
                        let json = memchr::memmem::find(&tag, b"application/ld+json").is_some()
                            || memchr::memmem::find(&tag, b"application/json").is_some();
                        Some(if json {
                            RawKind::JsonScript
                        } else {
                            RawKind::Script
                        })
                    } else if name.eq_ignore_ascii_case(b"style") {
                        Some(RawKind::Style)
                    } else {
                        None
                    };
                    i += name_len;
                    Html::InTag { raw }
                } else if after.first() == Some(&b'/') {
                    // An end tag closes its element and any left open in
                    // it; one that closes nothing here (its start tag is in
                    // another template) minify-html would drop.
                    let name: Vec<u8> = after[1..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                        .map(u8::to_ascii_lowercase)
                        .collect();
                    let at = open.iter().rposition(|o| *o == name)?;
                    open.truncate(at);
                    Html::InTag { raw: None }
                } else if after.first() == Some(&b'!') {
                    Html::InTag { raw: None }
                } else {
                    Html::Text
                }
            }
            Html::Text => Html::Text,
            Html::InTag { raw } => match b {
                // `<svg/>`, `<path .../>`: closed where it opens.
                b'/' if bytes.get(i + 1) == Some(&b'>') && raw.is_none() => {
                    open.pop();
                    i += 1;
                    Html::Text
                }
                b'"' => {
                    *value_has_tag = false;
                    *value_has_quote = false;
                    Html::DoubleQuoted { raw }
                }
                b'\'' => Html::SingleQuoted { raw },
                b'>' => raw.map_or(Html::Text, Html::Raw),
                _ => Html::InTag { raw },
            },
            Html::DoubleQuoted { raw } => match b {
                b'"' => {
                    if *value_has_tag && *value_has_quote {
                        return None;
                    }
                    Html::InTag { raw }
                }
                // minify-html may then quote the value with `'`, which a
                // printed value could end.
                b'\'' => {
                    *value_has_quote = true;
                    Html::DoubleQuoted { raw }
                }
                b'&' => {
                    let entity = &bytes[i..];
                    if entity.starts_with(b"&quot;")
                        || entity.starts_with(b"&#34;")
                        || entity.starts_with(b"&#x22;")
                    {
                        *value_has_quote = true;
                    }
                    Html::DoubleQuoted { raw }
                }
                _ => Html::DoubleQuoted { raw },
            },
            Html::SingleQuoted { raw } => match b {
                b'\'' => Html::InTag { raw },
                _ => Html::SingleQuoted { raw },
            },
            Html::Comment if bytes[i..].starts_with(b"-->") => {
                i += 2;
                Html::Text
            }
            Html::Comment => Html::Comment,
            Html::Raw(kind) => {
                let end = kind.end_tag().as_bytes();
                if bytes.len() - i >= end.len() && bytes[i..i + end.len()].eq_ignore_ascii_case(end)
                {
                    i += end.len() - 1;
                    open.pop();
                    Html::InTag { raw: None }
                } else {
                    Html::Raw(kind)
                }
            }
        };
        i += 1;
    }
    Some(state)
}

/// Puts the tags back into the minified text; `None` if a placeholder was
/// lost or doubled, or statements changed order (minify-html reorders
/// attributes, which only expressions may follow).
fn unmask(minified: &str, tags: &[(&str, TagKind)]) -> Option<String> {
    let mut out =
        String::with_capacity(minified.len() + tags.iter().map(|(t, _)| t.len()).sum::<usize>());
    let mut seen = vec![false; tags.len()];
    let mut last_statement: Option<usize> = None;
    let mut rest = minified;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len_utf8()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let index: usize = after[..digits].parse().ok()?;
        let mut tail = &after[digits..];
        tail = tail.strip_prefix(' ').unwrap_or(tail);
        tail = tail.strip_prefix(CLOSE)?;
        let (tag, kind) = *tags.get(index)?;
        if std::mem::replace(seen.get_mut(index)?, true) {
            return None;
        }
        // The block brings its own space before each attribute it adds.
        if kind == TagKind::Attributes
            && out.ends_with(' ')
            && after_first_tag(tag).starts_with(|c: char| c.is_ascii_whitespace())
        {
            out.pop();
        }
        if kind == TagKind::Statement {
            if last_statement.is_some_and(|last| last > index) {
                return None;
            }
            last_statement = Some(index);
        }
        out.push_str(tag);
        rest = tail;
    }
    out.push_str(rest);
    (seen.iter().all(|&s| s) && !out.contains([OPEN, CLOSE])).then_some(out)
}

/// A block's text after its opening statement.
fn after_first_tag(block: &str) -> &str {
    find_tera_tag(block).map_or("", |(_, end, _)| &block[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_quoted_values_keep_their_tags() {
        let source = "<!DOCTYPE html>\n<html lang=\"{{ lang }}\">\n<head>\n  <title>{{ title }}</title>\n</head>\n<body>\n  <ul class=\"tags\">\n    {% for t in tags %}<li><a href=\"{{ t.url }}\">#{{ t.name }}</a></li>{% endfor %}\n  </ul>\n  {# note #}\n</body>\n</html>\n";
        let out = template(source).expect("safe to minify");
        assert!(out.len() < source.len(), "{out}");
        // Values stay quoted, so any printed value is safe in them.
        assert!(out.contains("lang=\"{{ lang }}\""), "{out}");
        assert!(out.contains("href=\"{{ t.url }}\""), "{out}");
        assert!(
            out.contains("<ul class=tags>{% for t in tags %}<li>"),
            "{out}"
        );
        assert!(out.contains("#{{ t.name }}</a></li>{% endfor %}"), "{out}");
        assert!(!out.contains("\n  "), "{out}");
    }

    #[test]
    fn tags_where_text_cannot_stand_leave_the_template_alone() {
        for source in [
            "<a href=\"/\" {% set x = 1 %}>Home</a>",
            "<a href=\"/\"{% if current %}><b{% endif %}>Home</a>",
            "<a href=\"/\"{% if current %} title='x{% endif %}'>Home</a>",
            "<a href={{ url }}>x</a>",
            "<a title='{{ title }}'>x</a>",
            "<p>x</p><!-- {{ secret }} -->",
            "<script>var x = {{ value }};</script>",
            "<style>body { color: {{ color }} }</style>",
            "{% raw %}{{ x }}{% endraw %}",
            "<p title=\"it's {{ x }}\">x</p>",
            "{# it's #}<a href={{ url }}>x</a>",
            // Split across templates: an end tag without its start, a start
            // without its end.
            "</main>\n<footer>{{ year }}</footer>\n</body></html>",
            "<main><p>{{ intro }}</p>",
            "{% if a %}<div class=\"a\">{% else %}<div>{% endif %}x</div>",
        ] {
            assert_eq!(template(source), None, "{source}");
        }
    }

    #[test]
    fn conditional_attributes_are_kept_whole() {
        let source = "<nav>\n<a href=\"{{ url }}\"{% if current %} aria-current=\"page\"{% endif %}>Home</a>\n<a {% for (k, v) in data %}data-{{ k }}=\"{{ v }}\" {% endfor %}href=\"/\">x</a></nav>";
        let out = template(source).expect("safe");
        assert!(
            out.contains("{% if current %} aria-current=\"page\"{% endif %}>Home</a>"),
            "{out}"
        );
        assert!(!out.contains(" {% if"), "no doubled space: {out}");
        assert!(
            out.contains("{% for (k, v) in data %}data-{{ k }}=\"{{ v }}\" {% endfor %}"),
            "{out}"
        );
    }

    #[test]
    fn void_self_closed_and_implied_end_tags_balance() {
        let source = "<ul>{% for i in items %}<li><img src=\"{{ i }}\" alt=\"\"><br>{{ i }}{% endfor %}</ul><svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg><script>let a = 1;</script>";
        let out = template(source).expect("balanced");
        assert!(
            out.contains("<li><img src=\"{{ i }}\" alt><br>{{ i }}{% endfor %}</ul>"),
            "{out}"
        );
        assert!(out.contains("<path d=\"M0 0\"/></svg><script>"), "{out}");
    }

    #[test]
    fn json_scripts_and_map_literals_are_fine() {
        let source = "<script type=\"application/ld+json\">{{ {\"a\": {\"b\": page.title}} | json_encode }}</script>\n<p>x</p>";
        let out = template(source).expect("safe");
        assert!(
            out.contains("{{ {\"a\": {\"b\": page.title}} | json_encode }}"),
            "{out}"
        );
    }

    #[test]
    fn statements_inside_one_value_survive_reordering() {
        let source =
            "<meta name=\"description\" content=\"{% if d %}{{ d }}{% else %}{{ t }}{% endif %}\">";
        let out = template(source).expect("safe");
        assert!(
            out.contains("content=\"{% if d %}{{ d }}{% else %}{{ t }}{% endif %}\""),
            "{out}"
        );
    }

    #[test]
    fn lost_or_reordered_placeholders_are_caught() {
        let tags = [
            ("{% if a %}", TagKind::Statement),
            ("{% endif %}", TagKind::Statement),
        ];
        assert_eq!(unmask("x\u{E000}0\u{E001}y", &tags), None, "one missing");
        assert_eq!(
            unmask("\u{E000}1\u{E001}\u{E000}0\u{E001}", &tags),
            None,
            "statements out of order"
        );
        assert_eq!(
            unmask("\u{E000}0\u{E001}x\u{E000}1 \u{E001}", &tags).as_deref(),
            Some("{% if a %}x{% endif %}")
        );
    }

    #[test]
    fn the_default_theme_is_minified_once() {
        let theme =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        for entry in walkdir::WalkDir::new(&theme) {
            let entry = entry.expect("theme folder");
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "html") {
                let source = std::fs::read_to_string(path).expect("template");
                assert!(
                    template(&source).is_some(),
                    "{} cannot be minified once",
                    path.display()
                );
            }
        }
    }
}
