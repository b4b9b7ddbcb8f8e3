//! Front matter: split a content file into its YAML (`---`) or TOML (`+++`)
//! header and Markdown body, and read the header into a typed [`FrontMatter`].
//!
//! Unknown keys are never an error: blogs migrating from Hugo, Zola or Jekyll
//! carry keys of their own, and templates can still read them as `extra`.

use crate::diagnostic::Diagnostic;
use jiff::Timestamp;
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::Offset;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

mod simple_yaml;

/// A content file cut in two. Offsets are byte offsets into the whole file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Option<Format>,
    pub header: &'a str,
    pub header_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// Whether a post helps its audience or talks about the brand's own product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentKind {
    Helpful,
    Promotional,
}

/// A point in time as the author wrote it: the instant, plus the offset to show it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PostDate {
    pub timestamp: Timestamp,
    pub offset: Offset,
}

impl PostDate {
    /// The calendar day in the author's own offset, e.g. `2025-09-16`.
    pub fn day(&self) -> String {
        self.offset.to_datetime(self.timestamp).date().to_string()
    }

    /// RFC 3339 in the author's own offset, e.g. `2025-09-16T09:30:00+02:00`.
    pub fn rfc3339(&self) -> String {
        let dt = self.offset.to_datetime(self.timestamp);
        let offset = if self.offset == Offset::UTC {
            "Z".to_string()
        } else {
            let seconds = self.offset.seconds();
            let sign = if seconds < 0 { '-' } else { '+' };
            let minutes = seconds.unsigned_abs() / 60;
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        };
        format!("{}{offset}", dt.strftime("%Y-%m-%dT%H:%M:%S"))
    }

    /// RFC 2822, for RSS.
    pub fn rfc2822(&self) -> String {
        let zoned =
            jiff::ZonedDateTime::new(self.timestamp, jiff::tz::TimeZone::fixed(self.offset));
        jiff::fmt::rfc2822::to_string(&zoned).unwrap_or_else(|_| self.rfc3339())
    }
}

/// The typed header of a content file.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<PostDate>,
    pub updated: Option<PostDate>,
    pub description: Option<String>,
    /// Terms per taxonomy (`tags`, `categories`, or any taxonomy the config names).
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub draft: bool,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub author: Option<String>,
    pub weight: Option<i64>,
    pub kind: Option<ContentKind>,
    pub prompts: Vec<String>,
    pub discussion: Vec<String>,
    pub template: Option<String>,
    /// Sections only: how many pages per list page.
    pub paginate_by: Option<usize>,
    /// Every other key, and the entries of `extra`/`params` tables.
    pub extra: Map<String, Value>,
    /// 1-based line of each top-level key in the file, for later diagnostics.
    pub key_lines: BTreeMap<String, usize>,
    /// 1-based line of each of `prompts`, for diagnostics about them.
    pub prompt_lines: Vec<usize>,
    /// `social: {x: "..."}`: a prompt for one platform, with its 1-based line.
    pub social: Vec<(crate::social::count::Platform, String, usize)>,
}

/// Cuts `text` (already without BOM, `\n` line endings) into header and body.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let (format, fence) = if first_line_is(text, "---") {
        (Format::Yaml, "---")
    } else if first_line_is(text, "+++") {
        (Format::Toml, "+++")
    } else {
        return Ok(Split {
            format: None,
            header: "",
            header_offset: 0,
            body: text,
            body_offset: 0,
        });
    };
    let header_offset = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let mut offset = header_offset;
    for line in text[header_offset..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == fence || (format == Format::Yaml && trimmed == "...") {
            let body_offset = offset + line.len();
            return Ok(Split {
                format: Some(format),
                header: &text[header_offset..offset],
                header_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "front-matter",
        format!("front matter opened with `{fence}` is never closed"),
    )
    .in_file(file)
    .at_line(text, 1)
    .with_help(format!(
        "end the front matter with a line holding only `{fence}`"
    )))
}

fn first_line_is(text: &str, fence: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|line| line.trim_end() == fence)
}

/// Parses the header of `split` (from `text`, the whole file) into a [`FrontMatter`].
/// Problems with single keys are pushed to `problems`; a header that cannot be
/// parsed at all is an `Err`.
pub fn parse(
    text: &str,
    split: &Split<'_>,
    file: &Path,
    taxonomy_names: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Result<FrontMatter, Diagnostic> {
    let map = match split.format {
        None => Map::new(),
        Some(Format::Yaml) => parse_yaml(text, split, file)?,
        Some(Format::Toml) => parse_toml(text, split, file)?,
    };
    let key_lines = key_lines(split);
    let mut reader = KeyReader {
        text,
        file,
        key_lines: &key_lines,
        header_line: line_of(text, split.header_offset),
        problems,
    };
    let mut front = FrontMatter::default();
    for (key, value) in map {
        match key.as_str() {
            "title" => front.title = reader.string(&key, &value),
            "date" => front.date = reader.date(&key, &value),
            "updated" | "lastmod" => front.updated = reader.date(&key, &value),
            "description" | "summary" => front.description = reader.string(&key, &value),
            "draft" => front.draft = reader.boolean(&key, &value),
            "slug" => front.slug = reader.string(&key, &value),
            "aliases" => front.aliases = non_empty(reader.strings(&key, &value)),
            "image" | "cover" => front.image = reader.string(&key, &value),
            "image_alt" | "cover_alt" => front.image_alt = reader.string(&key, &value),
            "author" => front.author = reader.string(&key, &value),
            "weight" => front.weight = reader.integer(&key, &value),
            "kind" => front.kind = reader.kind(&key, &value),
            "prompts" => front.prompts = non_empty(reader.strings(&key, &value)),
            "discussion" => front.discussion = non_empty(reader.strings(&key, &value)),
            "social" => {
                front.social = reader.social(split, &value);
                // Themes may still read it as `page.extra.social`.
                front.extra.insert(key, value);
            }
            "template" | "layout" => front.template = reader.string(&key, &value),
            "paginate_by" => {
                front.paginate_by = reader
                    .integer(&key, &value)
                    .and_then(|n| usize::try_from(n).ok())
            }
            // Zola keeps terms under `taxonomies:`; read them like top-level keys.
            "taxonomies" if value.is_object() => {
                if let Value::Object(inner) = value {
                    for (name, terms) in inner {
                        let terms = reader.strings(&name, &terms);
                        front.taxonomies.entry(name).or_default().extend(terms);
                    }
                }
            }
            name if taxonomy_names.iter().any(|t| t == name) => {
                let terms = reader.strings(&key, &value);
                front.taxonomies.entry(key).or_default().extend(terms);
            }
            // Zola's `[extra]` and Hugo's `params`: merge into `extra`.
            "extra" | "params" if value.is_object() => {
                if let Value::Object(inner) = value {
                    front.extra.extend(inner);
                }
            }
            _ => {
                front.extra.insert(key, value);
            }
        }
    }
    for terms in front.taxonomies.values_mut() {
        terms.retain(|t| !t.trim().is_empty());
        let mut seen = std::collections::BTreeSet::new();
        terms.retain(|t| seen.insert(t.trim().to_lowercase()));
    }
    front.prompt_lines = item_lines(split, key_lines.get("prompts").copied(), &front.prompts);
    front.key_lines = key_lines;
    Ok(front)
}

/// Drops blank entries (a new post's `prompts: [""]` placeholder, say).
fn non_empty(mut items: Vec<String>) -> Vec<String> {
    items.retain(|item| !item.trim().is_empty());
    items
}

fn parse_yaml(
    text: &str,
    split: &Split<'_>,
    file: &Path,
) -> Result<Map<String, Value>, Diagnostic> {
    if split.header.trim().is_empty() {
        return Ok(Map::new());
    }
    if let Some(map) = simple_yaml::parse(split.header) {
        return Ok(map);
    }
    let value: serde_norway::Value = serde_norway::from_str(split.header).map_err(|e| {
        let mut d = Diagnostic::error("front-matter", format!("invalid YAML front matter: {}", yaml_message(&e)))
            .in_file(file)
            .with_help("check the quoting and indentation; quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!` or `@`");
        d = match e.location() {
            Some(location) => d.at_offset(text, split.header_offset + location.index()),
            None => d.at_offset(text, split.header_offset),
        };
        d
    })?;
    match yaml_to_json(value) {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(Diagnostic::error(
            "front-matter",
            "front matter must be a list of `key: value` lines",
        )
        .in_file(file)
        .at_offset(text, split.header_offset)),
    }
}

fn yaml_message(error: &serde_norway::Error) -> String {
    // serde_norway appends " at line L column C"; the diagnostic shows that itself.
    let message = error.to_string();
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

fn parse_toml(
    text: &str,
    split: &Split<'_>,
    file: &Path,
) -> Result<Map<String, Value>, Diagnostic> {
    let table: toml::Table = toml::from_str(split.header).map_err(|e| {
        let mut d = Diagnostic::error(
            "front-matter",
            format!(
                "invalid TOML front matter: {}",
                e.message().lines().next().unwrap_or("")
            ),
        )
        .in_file(file)
        .with_help("strings need quotes (title = \"...\"), dates do not (date = 2025-05-20)");
        d = d.at_offset(
            text,
            split.header_offset + e.span().map(|s| s.start).unwrap_or(0),
        );
        d
    })?;
    match toml_to_json(toml::Value::Table(table)) {
        Value::Object(map) => Ok(map),
        _ => Ok(Map::new()),
    }
}

fn yaml_to_json(value: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().map(Value::from).unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_key(key: serde_norway::Value) -> String {
    match key {
        serde_norway::Value::String(s) => s,
        other => match yaml_to_json(other) {
            Value::String(s) => s,
            v => v.to_string(),
        },
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Top-level keys and their 1-based lines, found by scanning unindented lines.
fn key_lines(split: &Split<'_>) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    for (i, line) in split.header.lines().enumerate() {
        if line.starts_with([' ', '\t', '-', '#', '[']) {
            continue;
        }
        let end = line.find([':', '=']).unwrap_or(0);
        let key = line[..end].trim().trim_matches(['"', '\'']);
        if !key.is_empty() {
            // +2: line 1 is the opening fence.
            lines.entry(key.to_string()).or_insert(i + 2);
        }
    }
    lines
}

/// The line of each list item: the first line at or after the key's that
/// holds the item's first words (quoting may differ); else the key's line.
fn item_lines(split: &Split<'_>, key_line: Option<usize>, items: &[String]) -> Vec<usize> {
    let Some(key_line) = key_line else {
        return vec![1; items.len()];
    };
    let lines: Vec<&str> = split.header.lines().collect();
    let mut from = key_line.saturating_sub(2);
    items
        .iter()
        .map(|item| {
            let probe: String = item.chars().take(24).collect();
            match lines
                .iter()
                .skip(from)
                .position(|line| line.contains(probe.as_str()))
            {
                Some(offset) => {
                    from += offset + 1;
                    from + 1
                }
                None => key_line,
            }
        })
        .collect()
}

/// The line of `name` inside the `social` key (YAML block or flow mapping,
/// TOML `[social]` table or inline table): the first line from the key's
/// (or the `[social]` header's) on that names it as a key.
fn social_entry_line(split: &Split<'_>, key_line: Option<usize>, name: &str) -> Option<usize> {
    let lines: Vec<&str> = split.header.lines().collect();
    let start = match key_line {
        Some(line) => line.checked_sub(2)?,
        None => lines.iter().position(|l| l.trim() == "[social]")?,
    };
    let keys = [
        format!("{name}:"),
        format!("{name} ="),
        format!("{name}="),
        format!("\"{name}\""),
        format!("'{name}'"),
    ];
    lines.iter().enumerate().skip(start).find_map(|(i, line)| {
        let named = line.split(['{', ',']).any(|part| {
            let part = part.trim_start();
            keys.iter().any(|k| part.starts_with(k.as_str()))
        });
        named.then_some(i + 2)
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Reads typed values out of front-matter keys, reporting wrong types.
struct KeyReader<'a> {
    text: &'a str,
    file: &'a Path,
    key_lines: &'a BTreeMap<String, usize>,
    header_line: usize,
    problems: &'a mut Vec<Diagnostic>,
}

impl KeyReader<'_> {
    /// `social:` overrides, one platform each; unknown platforms and
    /// non-text values are errors at their own line.
    fn social(
        &mut self,
        split: &Split<'_>,
        value: &Value,
    ) -> Vec<(crate::social::count::Platform, String, usize)> {
        use crate::social::count::Platform;
        let Value::Object(entries) = value else {
            self.problem(
                "social",
                "`social` must map platforms to prompts".into(),
                "write e.g. social: { x: \"How do you ...?\", linkedin: \"What ...?\" }",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, text) in entries {
            let line = social_entry_line(split, self.key_lines.get("social").copied(), name)
                .unwrap_or_else(|| {
                    self.key_lines
                        .get("social")
                        .copied()
                        .unwrap_or(self.header_line)
                });
            let Some(platform) = Platform::from_name(name) else {
                self.problem_at(
                    line,
                    format!("unknown platform `{name}` in `social`"),
                    "use x, bluesky, mastodon, linkedin or threads",
                );
                continue;
            };
            match text.as_str().map(str::trim).filter(|t| !t.is_empty()) {
                Some(text) => out.push((platform, text.to_string(), line)),
                None => self.problem_at(
                    line,
                    format!(
                        "`social.{name}` must be the prompt to post on {}, as text",
                        platform.label()
                    ),
                    "write an open question in quotes, or remove the line",
                ),
            }
        }
        out
    }

    fn problem_at(&mut self, line: usize, message: String, help: &str) {
        self.problems.push(
            Diagnostic::error("front-matter", message)
                .in_file(self.file)
                .at_line(self.text, line)
                .with_help(help),
        );
    }

    fn problem(&mut self, key: &str, message: String, help: &str) {
        let line = self.key_lines.get(key).copied().unwrap_or(self.header_line);
        self.problems.push(
            Diagnostic::error("front-matter", message)
                .in_file(self.file)
                .at_line(self.text, line)
                .with_help(help),
        );
    }

    fn string(&mut self, key: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => None,
            _ => {
                self.problem(
                    key,
                    format!("`{key}` must be text"),
                    "write it as a quoted string",
                );
                None
            }
        }
    }

    fn strings(&mut self, key: &str, value: &Value) -> Vec<String> {
        match value {
            Value::Null => Vec::new(),
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        Value::Bool(b) => out.push(b.to_string()),
                        _ => {
                            self.problem(
                                key,
                                format!("`{key}` must be a list of text"),
                                "write it as [\"one\", \"two\"]",
                            );
                            return Vec::new();
                        }
                    }
                }
                out
            }
            _ => {
                self.problem(
                    key,
                    format!("`{key}` must be a list of text"),
                    "write it as [\"one\", \"two\"]",
                );
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, key: &str, value: &Value) -> bool {
        match value {
            Value::Bool(b) => *b,
            Value::String(s) if s == "true" || s == "false" => s == "true",
            _ => {
                self.problem(
                    key,
                    format!("`{key}` must be true or false"),
                    "write `true` or `false` without quotes",
                );
                false
            }
        }
    }

    fn integer(&mut self, key: &str, value: &Value) -> Option<i64> {
        match value {
            Value::Number(n) if n.is_i64() => n.as_i64(),
            Value::String(s) => s.trim().parse().ok().or_else(|| {
                self.problem(
                    key,
                    format!("`{key}` must be a whole number"),
                    "write a number without quotes",
                );
                None
            }),
            _ => {
                self.problem(
                    key,
                    format!("`{key}` must be a whole number"),
                    "write a number without quotes",
                );
                None
            }
        }
    }

    fn date(&mut self, key: &str, value: &Value) -> Option<PostDate> {
        let text = self.string(key, value)?;
        match parse_date(&text) {
            Some(date) => Some(date),
            None => {
                self.problem(
                    key,
                    format!("`{key}` is not a valid date: \"{text}\""),
                    "write YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with an optional zone such as Z or +02:00",
                );
                None
            }
        }
    }

    fn kind(&mut self, key: &str, value: &Value) -> Option<ContentKind> {
        let text = self.string(key, value)?;
        match text.trim().to_lowercase().as_str() {
            "helpful" => Some(ContentKind::Helpful),
            "promotional" => Some(ContentKind::Promotional),
            _ => {
                self.problem(
                    key,
                    format!("`kind` must be `helpful` or `promotional`, found \"{text}\""),
                    "helpful: the post helps readers live, work or play better; promotional: it is about your own product",
                );
                None
            }
        }
    }
}

/// Parses the date forms blogs use: `2025-09-16`, `2025-09-16T09:30:00`,
/// `2025-09-16T09:30:00Z`, `2025-09-16T09:30:00+02:00`, a space instead of
/// `T`, and Jekyll's `2025-09-16 09:30:00 +0200`. Without a zone, UTC.
pub fn parse_date(text: &str) -> Option<PostDate> {
    let text = text.trim();
    let normalised = normalise_jekyll_offset(text);
    let pieces = Pieces::parse(normalised.as_deref().unwrap_or(text)).ok()?;
    let time = pieces.time().unwrap_or_default();
    let civil = pieces.date().to_datetime(time);
    let offset = match pieces.offset() {
        Some(PiecesOffset::Numeric(numeric)) => numeric.offset(),
        _ => Offset::UTC,
    };
    let timestamp = offset.to_timestamp(civil).ok()?;
    Some(PostDate { timestamp, offset })
}

/// `2025-09-16 09:30:00 +0200` -> `2025-09-16 09:30:00+02:00`.
fn normalise_jekyll_offset(text: &str) -> Option<String> {
    let (head, zone) = text.rsplit_once(' ')?;
    let bytes = zone.as_bytes();
    if head.len() < 16 || bytes.len() != 5 || !matches!(bytes[0], b'+' | b'-') {
        return None;
    }
    if !zone[1..].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{head}{}:{}", &zone[..3], &zone[3..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let file = Path::new("content/posts/x.md");
        let split = split(text, file).expect("splits");
        let mut problems = Vec::new();
        let fm = parse(
            text,
            &split,
            file,
            &["tags".into(), "categories".into()],
            &mut problems,
        )
        .expect("parses");
        (fm, problems)
    }

    #[test]
    fn yaml_front_matter_is_split_from_body() {
        let text = "---\ntitle: Hi\n---\nBody\n";
        let s = split(text, Path::new("x.md")).expect("split");
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.header, "title: Hi\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn toml_front_matter_reads_dates_and_tags() {
        let (fm, problems) =
            front("+++\ntitle = \"T\"\ndate = 2025-05-20\ntags = [\"a\", \"b\"]\n+++\nx");
        assert!(problems.is_empty());
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert_eq!(
            fm.date.map(|d| d.rfc3339()).as_deref(),
            Some("2025-05-20T00:00:00Z")
        );
        assert_eq!(fm.taxonomies["tags"], ["a", "b"]);
    }

    #[test]
    fn unknown_keys_are_kept_as_extra() {
        let (fm, problems) =
            front("---\ntitle: T\nkeywords: [a]\nparams:\n  featured: true\n---\n");
        assert!(problems.is_empty());
        assert!(fm.extra.contains_key("keywords"));
        assert_eq!(fm.extra.get("featured"), Some(&Value::Bool(true)));
    }

    #[test]
    fn zola_taxonomies_table_is_read() {
        let (fm, _) = front("---\ntitle: T\ntaxonomies:\n  tags: [seo]\n---\n");
        assert_eq!(fm.taxonomies["tags"], ["seo"]);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let error = split("---\ntitle: T\n", Path::new("x.md")).expect_err("unclosed");
        assert!(error.message.contains("never closed"));
        assert_eq!(error.line, Some(1));
    }

    #[test]
    fn bad_yaml_points_at_its_line() {
        let text = "---\ntitle: T\ntags: [a, b\n---\n";
        let file = Path::new("x.md");
        let s = split(text, file).expect("split");
        let error = parse(text, &s, file, &[], &mut Vec::new()).expect_err("bad yaml");
        assert!(error.message.contains("invalid YAML"), "{}", error.message);
        assert!(error.line.is_some_and(|l| l >= 3), "{:?}", error.line);
    }

    #[test]
    fn bad_date_and_kind_are_reported_at_their_lines() {
        let (_, problems) = front("---\ntitle: T\ndate: 2025-13-45\nkind: advert\n---\n");
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(3), Some(4)]);
    }

    #[test]
    fn social_overrides_are_read_with_their_lines() {
        let (fm, problems) = front(
            "---\ntitle: T\nsocial:\n  x: \"How do you plan?\"\n  linkedin: \"What works?\"\n---\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let mut got: Vec<(&str, &str, usize)> = fm
            .social
            .iter()
            .map(|(p, t, l)| (p.name(), t.as_str(), *l))
            .collect();
        got.sort_by_key(|(_, _, line)| *line);
        assert_eq!(
            got,
            [("x", "How do you plan?", 4), ("linkedin", "What works?", 5)]
        );
        let (fm, _) = front("---\ntitle: T\nsocial: {x: \"A?\", bluesky: \"B?\"}\n---\n");
        assert_eq!(
            fm.social.iter().map(|(_, _, l)| *l).collect::<Vec<_>>(),
            [3, 3]
        );
        let (fm, _) = front("+++\ntitle = \"T\"\n[social]\nthreads = \"C?\"\n+++\n");
        assert_eq!(
            fm.social.iter().map(|(_, _, l)| *l).collect::<Vec<_>>(),
            [4]
        );
    }

    #[test]
    fn unknown_social_platforms_and_non_text_are_errors_at_their_line() {
        let (fm, problems) =
            front("---\ntitle: T\nsocial:\n  x: \"A?\"\n  myspace: \"B?\"\n  threads: 3\n---\n");
        assert_eq!(fm.social.len(), 1);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].message.contains("unknown platform `myspace`"),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[0].line, Some(5));
        assert!(
            problems[1].message.contains("social.threads"),
            "{}",
            problems[1].message
        );
        assert_eq!(problems[1].line, Some(6));
        let (_, problems) = front("---\ntitle: T\nsocial: \"How?\"\n---\n");
        assert_eq!(problems[0].line, Some(3));
    }

    #[test]
    fn prompt_lines_are_found() {
        let (fm, _) = front(
            "---\ntitle: T\nprompts:\n  - \"What do you plan first?\"\n  - How do you review it?\n---\n",
        );
        assert_eq!(fm.prompt_lines, [4, 5]);
        let (fm, _) = front("+++\ntitle = \"T\"\nprompts = [\"Why?\", \"How?\"]\n+++\n");
        assert_eq!(fm.prompt_lines, [3, 3]);
    }

    #[test]
    fn date_forms_parse() {
        for (input, expected) in [
            ("2025-09-16", "2025-09-16T00:00:00Z"),
            ("2025-09-16T09:30:00Z", "2025-09-16T09:30:00Z"),
            ("2025-09-16T09:30:00+02:00", "2025-09-16T09:30:00+02:00"),
            ("2025-09-16 09:30:00 +0200", "2025-09-16T09:30:00+02:00"),
            ("2025-09-16T09:30", "2025-09-16T09:30:00Z"),
        ] {
            let date = parse_date(input).unwrap_or_else(|| panic!("{input} parses"));
            assert_eq!(date.rfc3339(), expected, "{input}");
        }
        assert!(parse_date("next tuesday").is_none());
        assert!(parse_date("2025-02-30").is_none());
    }

    #[test]
    fn rfc2822_for_rss() {
        let date = parse_date("2025-09-16T09:30:00Z").expect("date");
        assert_eq!(date.rfc2822(), "Tue, 16 Sep 2025 09:30:00 +0000");
    }
}
