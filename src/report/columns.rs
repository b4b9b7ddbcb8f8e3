//! Reading the exports people actually have: CSV files from help desks,
//! spreadsheets and analytics tools, whose columns are found by name (in any
//! case, with common aliases) rather than by position, and whose numbers may
//! carry thousands separators. Both data files of the report read through
//! here, so they accept the same shapes and fail the same way: a warning
//! naming the file and line, never a panic and never a failed build.

use crate::diagnostic::{Diagnostic, LineIndex};
use std::path::Path;

/// The code of every warning about a file in `data/`.
pub(crate) const CODE: &str = "data-file";

/// More bad rows than this in one file are summed up in one last warning:
/// a wrong export can have thousands, and one per row would drown the build.
const MAX_ROW_WARNINGS: usize = 10;

/// A CSV file's header and rows, with the line each row starts on.
pub(crate) struct Table {
    /// Header names, normalised by [`normalise_header`].
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<(usize, csv::StringRecord)>,
    /// Line of the header row (after any `#` comment lines).
    pub(crate) header_line: usize,
}

/// Where a file's rows came from, to point warnings at its lines.
pub(crate) struct Source<'a> {
    /// As shown in diagnostics: `data/analytics.csv`.
    pub(crate) shown: &'a str,
    pub(crate) text: &'a str,
}

impl Source<'_> {
    /// A warning about the whole file (no line).
    pub(crate) fn warning(&self, message: String, help: &str) -> Diagnostic {
        Diagnostic::warning(CODE, message)
            .in_file(Path::new(self.shown))
            .with_help(help)
    }

    /// A warning pointing at a 1-based line, with that line shown.
    pub(crate) fn warning_at(&self, line: usize, message: String, help: &str) -> Diagnostic {
        self.warning(message, help).at_line(self.text, line)
    }
}

/// Collects row warnings, keeping the first few and counting the rest.
pub(crate) struct RowProblems {
    kept: Vec<Diagnostic>,
    more: usize,
}

impl RowProblems {
    pub(crate) fn new() -> Self {
        RowProblems {
            kept: Vec::new(),
            more: 0,
        }
    }

    pub(crate) fn push(&mut self, make: impl FnOnce() -> Diagnostic) {
        if self.kept.len() < MAX_ROW_WARNINGS {
            self.kept.push(make());
        } else {
            self.more += 1;
        }
    }

    /// The kept warnings, then one for the rest if there were more.
    pub(crate) fn finish(mut self, source: &Source<'_>) -> Vec<Diagnostic> {
        if self.more > 0 {
            self.kept.push(source.warning(
                format!(
                    "{} more rows were skipped for the same kinds of problem",
                    self.more
                ),
                "fix the rows named above; the same fix probably applies to the rest",
            ));
        }
        self.kept
    }
}

/// Parses CSV text: `#` lines are comments (Google Analytics puts a few
/// above its header), blank lines are skipped, fields are trimmed, and the
/// delimiter is a comma unless the header line has more semicolons or tabs
/// (spreadsheets in many locales export with `;`).
pub(crate) fn parse(source: &Source<'_>) -> Result<Table, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(source.text))
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(source.text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.iter().map(normalise_header).collect(),
        Err(e) => return Err(csv_problem(source, &e)),
    };
    // The csv crate places the header before the comments it skipped.
    let header_line = header_line(source.text).map_or(1, |(i, _)| i + 1);
    let lines = LineIndex::new(source.text);
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record
                    .position()
                    .map_or(1, |p| record_line(&lines, source.text, p.byte()));
                if record.iter().any(|field| !field.is_empty()) {
                    rows.push((line, record));
                }
            }
            Err(e) => return Err(csv_problem(source, &e)),
        }
    }
    Ok(Table {
        headers,
        rows,
        header_line,
    })
}

/// The line a record starts on. The csv crate's own line count skips blank
/// lines, and its byte position can point at the blank or comment lines
/// before the record, so step over those first.
fn record_line(lines: &LineIndex, text: &str, byte: u64) -> usize {
    let mut at = usize::try_from(byte).unwrap_or(text.len()).min(text.len());
    loop {
        let rest = &text.as_bytes()[at..];
        match rest.first() {
            Some(b'\r' | b'\n') => at += 1,
            Some(b'#') => at += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len()),
            _ => break,
        }
    }
    lines.line_col(text, at).0
}

/// The csv crate counts lines from 1 already; a 0 means it did not know.
fn line_of(line: u64) -> usize {
    usize::try_from(line).unwrap_or(usize::MAX).max(1)
}

fn csv_problem(source: &Source<'_>, error: &csv::Error) -> Diagnostic {
    let help = "save the file as CSV (comma- or semicolon-separated, UTF-8) with a header row";
    match error.position() {
        Some(p) => source.warning_at(
            line_of(p.line()),
            format!("cannot read this CSV file: {error}"),
            help,
        ),
        None => source.warning(format!("cannot read this CSV file: {error}"), help),
    }
}

/// The 0-based index and text of the header line: the first that is neither blank nor a comment.
fn header_line(text: &str) -> Option<(usize, &str)> {
    text.lines()
        .enumerate()
        .find(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
}

fn sniff_delimiter(text: &str) -> u8 {
    let header = header_line(text).map_or("", |(_, line)| line);
    let count = |c: char| header.matches(c).count();
    let (commas, semicolons, tabs) = (count(','), count(';'), count('\t'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// `"Page Views"`, `"page_views"` and `"PAGE-VIEWS"` all become `"page views"`.
pub(crate) fn normalise_header(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|part| !part.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first alias (in the order given, so the best name wins) that names a column.
pub(crate) fn find(headers: &[String], aliases: &[&str]) -> Option<usize> {
    aliases
        .iter()
        .find_map(|alias| headers.iter().position(|h| h == alias))
}

/// Every column any of the aliases names, in header order.
pub(crate) fn find_all(headers: &[String], aliases: &[&str]) -> Vec<usize> {
    (0..headers.len())
        .filter(|&i| aliases.contains(&headers[i].as_str()))
        .collect()
}

/// A count as exports write it: `1234`, `1,234`, `1 234`, `1234.0`; empty is 0.
/// Negative numbers, fractions and words are errors.
pub(crate) fn parse_count(text: &str) -> Result<u64, ()> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if digits.is_empty() {
        return Ok(0);
    }
    let whole = match digits.split_once('.') {
        Some((whole, zeros)) if !whole.is_empty() && zeros.chars().all(|c| c == '0') => whole,
        Some(_) => return Err(()),
        None => &digits,
    };
    if !whole.chars().all(|c| c.is_ascii_digit()) {
        return Err(());
    }
    whole.parse().map_err(|_| ())
}

/// A field of a record, or "" when the row is short.
pub(crate) fn field(record: &csv::StringRecord, column: usize) -> &str {
    record.get(column).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source<'_> {
        Source {
            shown: "data/x.csv",
            text,
        }
    }

    #[test]
    fn headers_match_whatever_their_case_and_separators() {
        assert_eq!(normalise_header("\u{feff}Page_Views "), "page views");
        assert_eq!(normalise_header("Landing-Page"), "landing page");
        let headers = vec!["sessions".to_string(), "views".to_string()];
        assert_eq!(
            find(&headers, &["views", "sessions"]),
            Some(1),
            "best alias wins"
        );
        assert_eq!(find(&headers, &["visits"]), None);
    }

    #[test]
    fn counts_accept_separators_and_refuse_words() {
        assert_eq!(parse_count("1,234"), Ok(1234));
        assert_eq!(parse_count(" 1 234 "), Ok(1234));
        assert_eq!(parse_count("12.0"), Ok(12));
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count("12.5"), Err(()));
        assert_eq!(parse_count("-3"), Err(()));
        assert_eq!(parse_count("12k"), Err(()));
        assert_eq!(parse_count(".5"), Err(()));
    }

    #[test]
    fn comments_blank_lines_and_semicolons_are_understood() {
        let text = "# Pages and screens\n# Account: x\n\nPage path;Views\n/a/;10\n\n/b/;2\n";
        let table = parse(&source(text)).expect("parses");
        assert_eq!(table.headers, ["page path", "views"]);
        assert_eq!(table.header_line, 4);
        let lines: Vec<usize> = table.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [5, 7]);
        assert_eq!(field(&table.rows[1].1, 1), "2");
        assert_eq!(field(&table.rows[1].1, 5), "", "short rows read as empty");
    }

    #[test]
    fn an_unclosed_quote_is_a_warning_not_a_panic() {
        let text = "text,count\n\"never closed,3\n";
        // The csv crate reads an unclosed quote to the end of the file; what
        // matters is that nothing panics and a result comes back.
        let _ = parse(&source(text));
    }

    #[test]
    fn row_problems_past_the_limit_are_summed_up() {
        let text = "a\n";
        let source = source(text);
        let mut problems = RowProblems::new();
        for _ in 0..25 {
            problems.push(|| source.warning("bad".into(), "fix"));
        }
        let all = problems.finish(&source);
        assert_eq!(all.len(), MAX_ROW_WARNINGS + 1);
        assert!(all[MAX_ROW_WARNINGS].message.starts_with("15 more rows"));
    }
}
