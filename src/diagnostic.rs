//! Diagnostics: everything a build has to say about one file, collected from
//! every stage and printed once, sorted, in the style of rustc and cargo.
//!
//! Stages record byte offsets (cheap); the line and column are worked out
//! from the file's text only when a diagnostic is made, via [`LineIndex`].

use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with one file (or with the site as a whole when `file` is None).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// A stable, kebab-case name for the kind of problem (`front-matter`, `broken-link`, ...).
    pub code: &'static str,
    pub severity: Severity,
    /// A lowercase phrase saying what is wrong.
    pub message: String,
    /// Path relative to the site folder, with `/` separators.
    pub file: Option<String>,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// What to do about it.
    pub help: Option<String>,
    /// The source line the diagnostic points at (not serialised; shown by the human renderer).
    #[serde(skip)]
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            help: None,
            snippet: None,
        }
    }

    /// Names the file (a path relative to the site folder).
    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(display_path(file));
        self
    }

    /// Points at a byte offset of `text`, the whole content of the file.
    pub fn at_offset(mut self, text: &str, offset: usize) -> Self {
        let index = LineIndex::new(text);
        let (line, column) = index.line_col(text, offset);
        self.line = Some(line);
        self.column = Some(column);
        self.snippet = Some(index.line_text(text, line).to_string());
        self
    }

    /// Points at a 1-based line of `text` (column 1).
    pub fn at_line(mut self, text: &str, line: usize) -> Self {
        let index = LineIndex::new(text);
        self.line = Some(line);
        self.column = Some(1);
        self.snippet = Some(index.line_text(text, line).to_string());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (Severity, &str, usize, usize, &str) {
        (
            self.severity,
            self.file.as_deref().unwrap_or(""),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            &self.message,
        )
    }
}

/// Paths in diagnostics always use `/`, whatever the platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Byte offsets of line starts, to turn an offset into line:column.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line.saturating_sub(1)];
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line.max(1), column + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// Collects diagnostics from parallel stages.
#[derive(Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn push(&self, diagnostic: Diagnostic) {
        // A poisoned lock only means another thread panicked while pushing;
        // the vector itself is still sound.
        self.items
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(diagnostic);
    }

    pub fn extend(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        let mut items = self
            .items
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        items.extend(diagnostics);
    }

    pub fn error_count(&self) -> usize {
        self.items
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// All diagnostics, errors first, then by file, line and column; duplicates removed.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self
            .items
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        items.dedup();
        items
    }
}

/// Renders one diagnostic for a terminal, rustc style:
///
/// ```text
/// error[front-matter]: `date` is not a date
///   --> content/posts/x.md:3:7
///    |
///  3 | date: 2023-13-45
///    |       ^
///    = help: write the date as YYYY-MM-DD
/// ```
pub fn render_human(diagnostic: &Diagnostic, color: bool) -> String {
    let (bold, red, yellow, blue, reset) = if color {
        (
            "\x1b[1m",
            "\x1b[1;31m",
            "\x1b[1;33m",
            "\x1b[1;34m",
            "\x1b[0m",
        )
    } else {
        ("", "", "", "", "")
    };
    let (label, label_color) = match diagnostic.severity {
        Severity::Error => ("error", red),
        Severity::Warning => ("warning", yellow),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{label_color}{label}[{}]{reset}{bold}: {}{reset}",
        diagnostic.code, diagnostic.message
    );
    let gutter = diagnostic
        .line
        .map(|line| line.to_string().len())
        .unwrap_or(1);
    let pad = " ".repeat(gutter);
    if let Some(file) = &diagnostic.file {
        let location = match (diagnostic.line, diagnostic.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
            (Some(line), None) => format!("{file}:{line}"),
            _ => file.clone(),
        };
        let _ = writeln!(out, "{pad}{blue}-->{reset} {location}");
    }
    if let (Some(line), Some(snippet)) = (diagnostic.line, &diagnostic.snippet) {
        let column = diagnostic.column.unwrap_or(1);
        let caret_pad: String = snippet
            .chars()
            .take(column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(out, "{pad} {blue}|{reset}");
        let _ = writeln!(out, "{blue}{line}{reset} {blue}|{reset} {snippet}");
        let _ = writeln!(out, "{pad} {blue}|{reset} {caret_pad}{label_color}^{reset}");
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{pad} {blue}={reset} {bold}help{reset}: {help}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_finds_line_and_column() {
        let text = "a: 1\nbb: 2\r\nccc: 3";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 5), (2, 1));
        assert_eq!(index.line_col(text, 9), (2, 5));
        assert_eq!(index.line_col(text, 13), (3, 2));
        assert_eq!(index.line_text(text, 2), "bb: 2");
        assert_eq!(index.line_text(text, 9), "");
    }

    #[test]
    fn human_rendering_shows_location_snippet_and_help() {
        let text = "---\ndate: 2023-13-45\n---\n";
        let d = Diagnostic::error("front-matter", "`date` is not a valid date")
            .in_file(Path::new("content/posts/x.md"))
            .at_offset(text, 10)
            .with_help("write the date as YYYY-MM-DD");
        let shown = render_human(&d, false);
        assert!(shown.contains("error[front-matter]: `date` is not a valid date"));
        assert!(shown.contains("--> content/posts/x.md:2:7"));
        assert!(shown.contains("2 | date: 2023-13-45"));
        assert!(shown.contains("  |       ^"));
        assert!(shown.contains("= help: write the date as YYYY-MM-DD"));
    }

    #[test]
    fn diagnostics_sort_errors_first_then_by_place() {
        let all = Diagnostics::default();
        all.push(Diagnostic::warning("w", "later").in_file(Path::new("a.md")));
        all.push(Diagnostic::error("e", "b").in_file(Path::new("b.md")));
        all.push(Diagnostic::error("e", "a").in_file(Path::new("a.md")));
        let sorted = all.into_sorted();
        let files: Vec<_> = sorted.iter().map(|d| d.file.as_deref()).collect();
        assert_eq!(files, [Some("a.md"), Some("b.md"), Some("a.md")]);
        assert_eq!(sorted[2].severity, Severity::Warning);
    }
}
