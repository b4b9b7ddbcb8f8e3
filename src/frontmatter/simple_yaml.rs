//! The usual shape of YAML front matter, read without a YAML parser: one
//! `key: value` a line, each value a quoted string, a plain word or phrase,
//! a date, `true`/`false`, or a one-line list of those.
//!
//! Parsing YAML costs about 90,000 instructions a file, more than the rest
//! of reading it; most posts' front matter is this simple. Anything else
//! (nesting, block lists, strings over several lines or with escapes,
//! numbers, `null`, comments, anchors, tags, a key twice, ...) gets `None`
//! and goes to the YAML parser, so errors and the rarer forms are its
//! alone. Where this answers, it answers what the parser would: the tests
//! hold the two side by side.

use serde_json::{Map, Value};

/// The header as a map, or `None` when it is not of the simple shape.
pub(super) fn parse(header: &str) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    for line in header.split('\n') {
        if line.bytes().all(|b| b == b' ') {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_simple_key(key) || is_reserved_word(key) {
            return None;
        }
        // `key:` alone opens a nested block, and `key:value` is one string.
        let value = rest.strip_prefix(' ')?.trim_matches(' ');
        let value = if let Some(list) = value.strip_prefix('[') {
            Value::Array(flow_list(list.strip_suffix(']')?)?)
        } else {
            scalar(value, Context::Block)?
        };
        if map.insert(key.to_string(), value).is_some() {
            return None;
        }
    }
    Some(map)
}

/// A key of letters, digits, `_` and `-`, starting with a letter or `_`.
fn is_simple_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    /// The value of a key.
    Block,
    /// An item of a `[...]` list, where `,`, `[`, `]`, `{` and `}` end or nest.
    Flow,
}

/// The items of a one-line `[...]` list (given without its brackets).
fn flow_list(inner: &str) -> Option<Vec<Value>> {
    let inner = inner.trim_matches(' ');
    if inner.is_empty() {
        return Some(Vec::new());
    }
    let mut items = Vec::new();
    let mut rest = inner;
    loop {
        rest = rest.trim_start_matches(' ');
        let (item, after) = match rest.as_bytes().first()? {
            quote @ (b'"' | b'\'') => {
                let close = rest[1..].find(char::from(*quote))? + 1;
                rest.split_at(close + 1)
            }
            _ => rest.split_at(rest.find(',').unwrap_or(rest.len())),
        };
        items.push(scalar(item.trim_end_matches(' '), Context::Flow)?);
        let after = after.trim_start_matches(' ');
        if after.is_empty() {
            return Some(items);
        }
        // A comma then another item: `[a, b,]` and the like go to the parser.
        rest = after.strip_prefix(',')?;
        if rest.trim_matches(' ').is_empty() {
            return None;
        }
    }
}

/// One value: a quoted string without escapes, `true`/`false`, a date, or
/// plain words that YAML cannot read as anything but a string.
fn scalar(text: &str, context: Context) -> Option<Value> {
    if !text.chars().all(is_printable) {
        return None;
    }
    if let Some(quoted) = text.strip_prefix('"') {
        let inner = quoted.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then(|| Value::String(inner.to_string()));
    }
    if let Some(quoted) = text.strip_prefix('\'') {
        let inner = quoted.strip_suffix('\'')?;
        return (!inner.contains('\'')).then(|| Value::String(inner.to_string()));
    }
    match text {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    let plain = if text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        !is_reserved_word(text)
    } else {
        is_date(text)
    };
    // `: ` and ` #` would make a key or a comment, a `:` at the end a key.
    let safe = plain
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && (context == Context::Block || !text.contains(['[', ']', '{', '}', ',']));
    safe.then(|| Value::String(text.to_string()))
}

/// Characters YAML takes as text on one line: not controls (a tab goes to
/// the parser too), not the line breaks and byte-order mark of YAML 1.1.
fn is_printable(c: char) -> bool {
    match c {
        ' '..='~' => true,
        '\u{0}'..='\u{a0}' => c == '\u{a0}',
        _ => !matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        ),
    }
}

/// Words YAML (1.1 or 1.2) may read as null, a boolean or a number.
fn is_reserved_word(text: &str) -> bool {
    const WORDS: [&str; 13] = [
        "null", "true", "false", "y", "n", "yes", "no", "on", "off", "inf", "infinity", "nan", "~",
    ];
    text.len() <= 8 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// `2025-05-20`, maybe followed by a time and offset
/// (`2025-05-20T09:30:00Z`, `2025-05-20 09:30:00 +02:00`): a string to YAML.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10)
        && bytes[10..].iter().all(|&b| {
            b.is_ascii_digit() || matches!(b, b':' | b'.' | b'T' | b'Z' | b'+' | b'-' | b' ')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the YAML parser makes of `header`, as front matter reads it.
    fn full(header: &str) -> Option<Map<String, Value>> {
        let value: serde_norway::Value = serde_norway::from_str(header).ok()?;
        match super::super::yaml_to_json(value) {
            Value::Object(map) => Some(map),
            Value::Null => Some(Map::new()),
            _ => None,
        }
    }

    /// Every header this reads, it reads as the parser does.
    fn agrees(header: &str) -> bool {
        match parse(header) {
            Some(fast) => {
                assert_eq!(Some(&fast), full(header).as_ref(), "{header:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn the_usual_front_matter_is_read_as_the_yaml_parser_reads_it() {
        for header in [
            "title: \"10 Answer Mistakes: What Teams Still Make\"\ndate: 2024-09-09T11:48:00Z\ndescription: \"Every tactic, in one place.\"\ntags: [\"link building\", \"content marketing\"]\ncategories: [\"News\"]\ndraft: false\n",
            "title: How to plan a quarter\ndate: 2025-05-20\ntags: [planning, email]\nkind: helpful\n",
            "title: 'Single quoted, with \"double\" inside'\nslug: my-post_2\n",
            "date: 2025-05-20 09:30:00 +02:00\nupdated: 2025-05-21T10:00:00.5+02:00\n",
            "title:    Spaced out   \n\n  \nauthor: Ana Díaz\n",
            "tags: []\nprompts: [ \"What would you do?\" , 'And you?' ]\n",
            "title: A [bracketed] {braced} word, with commas\n",
            "title: Ends with a question?\nimage: cover.jpg\nimage_alt: A cat, sitting\n",
            "",
        ] {
            assert!(agrees(header), "read by the fast path: {header:?}");
        }
    }

    #[test]
    fn everything_else_goes_to_the_yaml_parser() {
        for header in [
            "weight: 3\n",
            "title: null\n",
            "title: ~\n",
            "draft: yes\n",
            "draft: True\n",
            "title: nan\n",
            "title: .inf\n",
            "title: 1.5\n",
            "title: 0x1F\n",
            "title: 2024\n",
            "title: \"escaped \\\" quote\"\n",
            "title: \"not closed\n",
            "title: a # comment\n",
            "# comment\ntitle: a\n",
            "title: a: b\n",
            "title: a:\n",
            "title:\n  nested: 1\n",
            "tags:\n  - a\n  - b\n",
            "title: long\n  continued\n",
            "title: &anchor a\n",
            "title: *anchor\n",
            "title: !tag a\n",
            "title: |\n  block\n",
            "title: >\n  folded\n",
            "title: a\ntitle: b\n",
            "title:a\n",
            "title: \ta\n",
            "\"quoted key\": a\n",
            "tags: [a, [b]]\n",
            "tags: [a, b,]\n",
            "tags: [a, 1]\n",
            "tags: [a, {b: c}]\n",
            "tags: [\"a\", \"b\"] trailing\n",
            "tags: [a\n",
            "title: - a\n",
            "title: @a\n",
            "title: `a`\n",
            "title: %a\n",
            "title: ? a\n",
            "title: 'it''s'\n",
            "title: a\u{85}b\n",
            "title: a\u{2028}b\n",
            "title: a\u{9f}\n",
            "y: a\n",
            "on: a\n",
            "---\n",
        ] {
            assert!(parse(header).is_none(), "left to the parser: {header:?}");
        }
    }

    #[test]
    fn mixed_samples_agree_with_the_yaml_parser() {
        // Every pair of a few tricky values, as a key's value and as list
        // items: whatever the fast path reads must match the parser.
        let values = [
            "a",
            "A b",
            "true",
            "false",
            "True",
            "yes",
            "no",
            "on",
            "null",
            "~",
            "1",
            "-1",
            "1.0",
            "1e3",
            "0o7",
            "2024-01-02",
            "2024-01-02T03:04:05Z",
            "2024-1-2",
            "\"q\"",
            "'q'",
            "\"a, b\"",
            "'a, b'",
            "a,b",
            "[x]",
            "inf",
            ".nan",
            "x:y",
            "x#y",
            "x #y",
            "é",
            "a-b",
            "-a",
            "a]",
            "\"\"",
            "''",
            "a\u{a0}b",
            "a\u{85}b",
            "Ωmega",
        ];
        let mut read = 0;
        for a in values {
            for b in values {
                read += usize::from(agrees(&format!("k: {a}\nm: {b}\n")));
                read += usize::from(agrees(&format!("k: [{a}, {b}]\n")));
            }
        }
        assert!(
            read > 100,
            "only {read} samples were read without the parser"
        );
    }
}
