//! The numbers report: `SITE/.rapport/report.json` and `report.html`,
//! written after every successful disk build and never published.
//!
//! It gathers what the build already knows (each post's class, words,
//! images and prompts, page weights, every finding) with what the site
//! keeps in `data/` (the audience's questions, an analytics export) into one
//! [`Report`]: the JSON is that value (`"schema": 1`, documented in
//! docs/report.md) and the HTML page shows exactly it, charts included.
//!
//! The report is a pure function of the build's results: everything is
//! sorted, there is no clock and no hash-map order in it, so two builds of
//! the same site write the same bytes (and an unchanged file is not
//! rewritten). It is cheap: one pass over posts and pages, plus the question
//! matching, which visits only posts that share a word with a question.

pub mod analytics;
mod columns;
pub mod html;
pub mod listening;
mod svg;
mod words;

pub use html::html;

use crate::content::Site;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::frontmatter::ContentKind;
use crate::guidelines::PostFacts;
use crate::weight::PageWeight;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The JSON schema's version: bumped when a field changes meaning or goes away.
pub const SCHEMA: u32 = 1;
/// Where the report goes, relative to the site folder.
pub const JSON_FILE: &str = ".rapport/report.json";
pub const HTML_FILE: &str = ".rapport/report.html";
/// The data files, relative to the site folder (never published: the build
/// reads only `content/` and `static/`).
pub const QUESTIONS_CSV: &str = "data/questions.csv";
pub const QUESTIONS_JSON: &str = "data/questions.json";
pub const ANALYTICS_CSV: &str = "data/analytics.csv";
/// The guideline band drawn under the content-mix chart is this wide, up to
/// `max_promotional_share`: "at most 20-30%" for the default 30%.
const BAND_WIDTH: f64 = 0.10;
/// How many of the heaviest pages the weight chart draws.
const WEIGHT_CHART_PAGES: usize = 20;

/// The whole report. Serialised as report.json; drawn by [`html`].
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: u32,
    pub generator: String,
    pub site: SiteInfo,
    pub summary: Summary,
    pub mix: Mix,
    pub weight: Weight,
    /// Newest first.
    pub posts: Vec<PostRow>,
    pub listening: Option<listening::Listening>,
    pub conversations: Option<analytics::Conversations>,
    /// Every diagnostic of the build, errors first, then by file and line.
    pub findings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub base_url: String,
}

/// The headline numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub posts: usize,
    pub helpful: usize,
    pub promotional: usize,
    /// Promotional posts / posts, 0..=1 (0 without posts).
    pub promotional_share: f64,
    pub max_promotional_share: f64,
    pub words: usize,
    /// Images in post bodies, and those without alt text.
    pub images: usize,
    pub images_without_alt: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Warnings per rule (diagnostic code), by name.
    pub warnings_by_rule: BTreeMap<String, usize>,
    pub heaviest_page: Option<PageBytes>,
    pub pages_over_budget: usize,
}

/// The content mix over time.
#[derive(Debug, Clone, Serialize)]
pub struct Mix {
    /// The guideline band, `[low, high]`; `high` is `max_promotional_share`.
    pub band: [f64; 2],
    /// How many latest posts `rolling_share` looks at.
    pub window_posts: usize,
    /// Every month from the first post's to the last's, empty months included.
    pub months: Vec<Month>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// `YYYY-MM`, in each post's own time zone.
    pub month: String,
    pub posts: usize,
    pub promotional: usize,
    /// `None` for a month without posts.
    pub promotional_share: Option<f64>,
    /// The share among the latest `window_posts` posts published by the
    /// month's end: the content-mix rule's rolling window.
    pub rolling_share: Option<f64>,
}

/// Page weight: every HTML page, heaviest first.
#[derive(Debug, Clone, Serialize)]
pub struct Weight {
    /// The `page-weight` total budget, in bytes.
    pub budget: u64,
    pub pages: Vec<PageBytes>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageBytes {
    /// The page's URL path (`/posts/a/`), base path included.
    pub url: String,
    pub bytes: u64,
    /// Whether text was counted gzip-compressed (pages near a budget are).
    pub compressed: bool,
    pub over_budget: bool,
}

/// One row of the per-post table.
#[derive(Debug, Clone, Serialize)]
pub struct PostRow {
    pub title: String,
    pub url: String,
    /// The source file, as diagnostics name it (`content/posts/a.md`).
    pub file: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub kind: ContentKind,
    /// Whether front matter says the kind (else the classifier decided).
    pub kind_declared: bool,
    /// The classifier's score: 0 clearly helpful, 1 clearly promotional.
    pub score: f64,
    pub reasons: Vec<String>,
    pub words: usize,
    pub reading_minutes: usize,
    pub images: usize,
    pub images_without_alt: usize,
    pub prompts: usize,
    pub tags: Vec<String>,
    /// Diagnostics about this post's file.
    pub warnings: usize,
    pub errors: usize,
    /// First-visit bytes of its page.
    pub page_bytes: Option<u64>,
}

/// What the Markdown stage knew about a page that the report needs after
/// rendering has consumed the Markdown results.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub words: usize,
    pub reading_minutes: usize,
    /// Shared with the rendered page: capturing it copies nothing.
    pub toc: std::sync::Arc<[crate::markdown::TocEntry]>,
}

impl Outline {
    /// Captures words, reading time and headings of every page, in page order.
    pub fn capture(contents: &[crate::markdown::RenderedMarkdown]) -> Vec<Outline> {
        contents
            .iter()
            .map(|c| Outline {
                words: c.word_count,
                reading_minutes: c.reading_time,
                toc: std::sync::Arc::clone(&c.toc),
            })
            .collect()
    }
}

/// What `data/` holds, read and checked.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// The file shown in the report, and its questions.
    pub questions: Option<(String, Vec<listening::Question>)>,
    pub analytics: Option<(String, analytics::Export)>,
}

impl Data {
    /// Reads `data/questions.csv` (else `.json`) and `data/analytics.csv` if
    /// they exist. Problems are warnings naming the file and line; a file
    /// with problems still gives the rows that were fine.
    pub fn load(site: &Path) -> (Data, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut read = |rel: &str| -> Option<String> {
            let path = site.join(rel);
            if !path.is_file() {
                return None;
            }
            match std::fs::read(&path) {
                Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
                Err(e) => {
                    problems.push(
                        Diagnostic::warning(columns::CODE, format!("cannot read {rel}: {e}"))
                            .in_file(Path::new(rel))
                            .with_help("check that the file is readable"),
                    );
                    None
                }
            }
        };
        let csv = read(QUESTIONS_CSV);
        let json = read(QUESTIONS_JSON);
        let analytics_text = read(ANALYTICS_CSV);
        let mut data = Data::default();
        let questions = match (csv, json) {
            (Some(text), json) => {
                if json.is_some() {
                    problems.push(
                        Diagnostic::warning(
                            columns::CODE,
                            format!("{QUESTIONS_JSON} is ignored because {QUESTIONS_CSV} exists"),
                        )
                        .in_file(Path::new(QUESTIONS_JSON))
                        .with_help("keep the questions in one of the two files"),
                    );
                }
                Some((QUESTIONS_CSV, listening::from_csv(QUESTIONS_CSV, &text)))
            }
            (None, Some(text)) => {
                Some((QUESTIONS_JSON, listening::from_json(QUESTIONS_JSON, &text)))
            }
            (None, None) => None,
        };
        if let Some((shown, (list, found))) = questions {
            problems.extend(found);
            data.questions = Some((shown.to_string(), list));
        }
        if let Some(text) = analytics_text {
            let (export, found) = analytics::from_csv(ANALYTICS_CSV, &text);
            problems.extend(found);
            data.analytics = Some((ANALYTICS_CSV.to_string(), export));
        }
        (data, problems)
    }
}

/// Everything the report is made from; `facts`, `kinds` and `outlines` are
/// indexed like `site.pages`.
pub struct Input<'a> {
    pub site: &'a Site,
    pub facts: &'a [PostFacts],
    pub kinds: &'a [ContentKind],
    pub outlines: &'a [Outline],
    pub weights: &'a [PageWeight],
    /// Sorted, as the build reports them.
    pub diagnostics: &'a [Diagnostic],
    pub data: &'a Data,
}

impl Report {
    pub fn new(input: &Input<'_>) -> Report {
        let site = input.site;
        let budget = site.config.rules.budgets.total;
        let weight = weight(input, budget);
        let posts = post_rows(input, &weight);
        let summary = summary(input, &posts, &weight);
        Report {
            schema: SCHEMA,
            generator: format!("rapport {}", env!("CARGO_PKG_VERSION")),
            site: SiteInfo {
                title: site.config.title.clone(),
                base_url: site.config.base_url.clone(),
            },
            summary,
            mix: mix(input),
            weight,
            posts,
            listening: listen(input),
            conversations: converse(input),
            findings: input.diagnostics.to_vec(),
        }
    }
}

/// Rounds for the JSON, so shares read `0.2308`, not `0.23076923076923078`.
pub(crate) fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

fn summary(input: &Input<'_>, posts: &[PostRow], weight: &Weight) -> Summary {
    let promotional = posts
        .iter()
        .filter(|p| p.kind == ContentKind::Promotional)
        .count();
    let mut warnings_by_rule = BTreeMap::new();
    for d in input
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        *warnings_by_rule.entry(d.code.to_string()).or_default() += 1;
    }
    let count = |s: Severity| input.diagnostics.iter().filter(|d| d.severity == s).count();
    Summary {
        posts: posts.len(),
        helpful: posts.len() - promotional,
        promotional,
        promotional_share: if posts.is_empty() {
            0.0
        } else {
            round(promotional as f64 / posts.len() as f64, 4)
        },
        max_promotional_share: input.site.config.rules.max_promotional_share,
        words: posts.iter().map(|p| p.words).sum(),
        images: posts.iter().map(|p| p.images).sum(),
        images_without_alt: posts.iter().map(|p| p.images_without_alt).sum(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        warnings_by_rule,
        heaviest_page: weight.pages.first().cloned(),
        pages_over_budget: weight.pages.iter().filter(|p| p.over_budget).count(),
    }
}

/// The URL path of a weighed page file: `posts/a/index.html` -> `/blog/posts/a/`.
fn page_url(base_path: &str, file: &str) -> String {
    format!(
        "{base_path}{}",
        file.strip_suffix("index.html").unwrap_or(file)
    )
}

fn weight(input: &Input<'_>, budget: u64) -> Weight {
    let base_path = &input.site.config.base_path;
    let mut pages: Vec<PageBytes> = input
        .weights
        .iter()
        .map(|w| PageBytes {
            url: page_url(base_path, &w.page),
            bytes: w.total,
            compressed: w.compressed,
            over_budget: w.total > budget,
        })
        .collect();
    pages.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.url.cmp(&b.url)));
    Weight { budget, pages }
}

fn post_rows(input: &Input<'_>, weight: &Weight) -> Vec<PostRow> {
    let site = input.site;
    // Diagnostics per file, counted once rather than searched per post.
    let mut per_file: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    for d in input.diagnostics {
        if let Some(file) = &d.file {
            let entry = per_file.entry(file.as_str()).or_default();
            match d.severity {
                Severity::Error => entry.1 += 1,
                Severity::Warning => entry.0 += 1,
            }
        }
    }
    let bytes: FxHashMap<&str, u64> = weight
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.bytes))
        .collect();
    // Per post and independent: in parallel, collected in post order.
    site.posts
        .par_iter()
        .map(|&id| {
            let page = &site.pages[id];
            let facts = &input.facts[id];
            let outline = input.outlines.get(id).cloned().unwrap_or_default();
            let file = crate::diagnostic::display_path(&page.source);
            let (warnings, errors) = per_file.get(file.as_str()).copied().unwrap_or_default();
            PostRow {
                title: page.title.clone(),
                url: page.url.clone(),
                date: page.front.date.map(|d| d.day()),
                kind: input.kinds[id],
                kind_declared: page.front.kind.is_some(),
                score: round(f64::from(facts.inferred.score), 2),
                reasons: facts.inferred.reasons.clone(),
                words: outline.words,
                reading_minutes: outline.reading_minutes,
                images: facts.images,
                images_without_alt: facts.images_without_alt.len(),
                prompts: facts.prompts.len(),
                tags: tags(page).iter().map(|(name, _)| name.clone()).collect(),
                warnings,
                errors,
                page_bytes: bytes.get(page.url.as_str()).copied(),
                file,
            }
        })
        .collect()
}

fn tags(page: &crate::content::Page) -> &[(String, String)] {
    page.terms.get("tags").map_or(&[], Vec::as_slice)
}

/// Months from the first post to the last, each with its posts and promotional ones.
fn mix(input: &Input<'_>) -> Mix {
    let site = input.site;
    // Oldest first, as (month, promotional?).
    let mut dated: Vec<((i32, u32), bool)> = site
        .posts
        .iter()
        .rev()
        .filter_map(|&id| {
            let month = site.pages[id]
                .front
                .date
                .and_then(|d| year_month(&d.day()))?;
            Some((month, input.kinds[id] == ContentKind::Promotional))
        })
        .collect();
    // Posts are ordered by instant; months are in each post's own offset.
    dated.sort_by_key(|(month, _)| *month);
    let high = site.config.rules.max_promotional_share;
    let band = [round((high - BAND_WIDTH).max(0.0), 4), high];
    let window = site.config.rules.window_posts.max(1);
    let (Some(&(first, _)), Some(&(last, _))) = (dated.first(), dated.last()) else {
        return Mix {
            band,
            window_posts: window,
            months: Vec::new(),
        };
    };
    let mut months = Vec::new();
    let mut end = 0; // posts published up to and including the month
    let (mut year, mut month) = first;
    while (year, month) <= last {
        let start = end;
        while dated.get(end).is_some_and(|(m, _)| *m == (year, month)) {
            end += 1;
        }
        let share = |posts: &[((i32, u32), bool)]| {
            let promotional = posts.iter().filter(|(_, p)| *p).count();
            (!posts.is_empty()).then(|| round(promotional as f64 / posts.len() as f64, 4))
        };
        let this_month = &dated[start..end];
        months.push(Month {
            month: format!("{year:04}-{month:02}"),
            posts: this_month.len(),
            promotional: this_month.iter().filter(|(_, p)| *p).count(),
            promotional_share: share(this_month),
            rolling_share: share(&dated[end.saturating_sub(window)..end]),
        });
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    Mix {
        band,
        window_posts: window,
        months,
    }
}

fn year_month(day: &str) -> Option<(i32, u32)> {
    let mut parts = day.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    Some((year, month))
}

fn listen(input: &Input<'_>) -> Option<listening::Listening> {
    let (source, questions) = input.data.questions.as_ref()?;
    let site = input.site;
    let headings: Vec<Vec<String>> = site
        .posts
        .iter()
        .map(|&id| {
            input
                .outlines
                .get(id)
                .map(|o| crate::markdown::heading_titles(&o.toc))
                .unwrap_or_default()
        })
        .collect();
    let posts: Vec<listening::PostText<'_>> = site
        .posts
        .iter()
        .zip(&headings)
        .map(|(&id, headings)| {
            let page = &site.pages[id];
            listening::PostText {
                title: &page.title,
                url: &page.url,
                description: page.front.description.as_deref(),
                headings,
                terms: page
                    .terms
                    .values()
                    .flatten()
                    .map(|(name, _)| name.as_str())
                    .collect(),
            }
        })
        .collect();
    Some(listening::listen(source, questions, &posts))
}

fn converse(input: &Input<'_>) -> Option<analytics::Conversations> {
    let (source, export) = input.data.analytics.as_ref()?;
    let site = input.site;
    let tag_names: Vec<Vec<String>> = site
        .posts
        .iter()
        .map(|&id| {
            tags(&site.pages[id])
                .iter()
                .map(|(name, _)| name.clone())
                .collect()
        })
        .collect();
    let posts: Vec<analytics::PostKey<'_>> = site
        .posts
        .iter()
        .zip(&tag_names)
        .map(|(&id, tags)| {
            let page = &site.pages[id];
            let mut paths = vec![page.path.clone()];
            paths.extend(
                page.front
                    .aliases
                    .iter()
                    .map(|a| crate::content::normalise_alias(a)),
            );
            analytics::PostKey {
                title: &page.title,
                url: &page.url,
                paths,
                kind: input.kinds[id],
                tags,
            }
        })
        .collect();
    Some(analytics::conversations(
        source,
        export,
        &posts,
        &site.config.base_path,
    ))
}

/// Writes report.json and report.html under `SITE/.rapport/`, each only if
/// its bytes changed, each atomically. Returns how many files were written.
pub fn write(site: &Path, report: &Report) -> Result<usize> {
    let dir = site.join(".rapport");
    std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    // Megabytes each on a big site, made on two cores: the JSON goes to
    // the file as it is made.
    use std::io::Write as _;
    let json_path = site.join(JSON_FILE);
    let (json_written, html_written) = rayon::join(
        || {
            crate::output::UpdatedFile::new(&json_path)
                .writing(|out| {
                    serde_json::to_writer_pretty(&mut *out, report)
                        .map_err(std::io::Error::from)?;
                    out.write_all(b"\n")
                })
                .map_err(|e| Error::write(&json_path, e))?
                .finish()
        },
        || crate::output::write_if_changed(&site.join(HTML_FILE), html(report).as_bytes()),
    );
    Ok(json_written? + html_written?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighed_files_become_page_urls_with_the_base_path() {
        assert_eq!(page_url("/", "posts/a/index.html"), "/posts/a/");
        assert_eq!(page_url("/blog/", "index.html"), "/blog/");
        assert_eq!(page_url("/", "404.html"), "/404.html");
    }

    #[test]
    fn rounding_keeps_the_json_short() {
        assert_eq!(round(3.0 / 13.0, 4), 0.2308);
        assert_eq!(round(0.5, 2), 0.5);
    }

    #[test]
    fn unchanged_report_files_are_not_rewritten() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("r.json");
        assert_eq!(
            crate::output::write_if_changed(&path, b"one").expect("write"),
            1
        );
        assert_eq!(
            crate::output::write_if_changed(&path, b"one").expect("same"),
            0
        );
        assert_eq!(
            crate::output::write_if_changed(&path, b"two").expect("changed"),
            1
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
    }
}
