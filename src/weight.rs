//! Page weight: what a first visit to each page downloads. Every file the
//! build writes passes through [`MeasuringSink`], which notes its size and,
//! for HTML pages, the local resources the page loads (stylesheets, scripts,
//! fonts, images). [`weigh`] then adds them up per page, for the
//! `page-weight` guideline and the build's numbers. It works the same for
//! `rapport check`, whose sink writes nothing.
//!
//! Text (HTML, CSS, JS) travels compressed: its gzip size is what counts
//! against a budget, but gzip is only run where the raw size is over budget
//! (a compressed file is never larger), so a site within budget pays nothing.

use crate::html_scan;
use crate::output::Sink;
use rustc_hash::FxHashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The kinds of resources a budget is set for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Html,
    Css,
    Js,
    Font,
    Image,
}

impl Kind {
    fn is_text(self) -> bool {
        matches!(self, Kind::Html | Kind::Css | Kind::Js)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Html => "HTML",
            Kind::Css => "CSS",
            Kind::Js => "JS",
            Kind::Font => "fonts",
            Kind::Image => "images",
        }
    }
}

/// An HTML page as written: its size and what it loads.
#[derive(Debug, Clone)]
struct PageRecord {
    site_path: String,
    bytes: Vec<u8>,
    resources: Arc<[(Kind, String)]>,
}

/// What each page loads, by site path, with the bytes it was found in: an
/// incremental rebuild passes most pages on unchanged (the same shared
/// bytes), and need not read them again.
pub type Scans = FxHashMap<String, (Arc<[u8]>, Arc<[(Kind, String)]>)>;

/// Where a stylesheet's or script's bytes are.
#[derive(Debug, Clone)]
enum Text {
    Written(Vec<u8>),
    Copied(std::path::PathBuf),
}

/// A sink that passes everything on and keeps what page weight needs.
pub struct MeasuringSink<'a> {
    inner: &'a dyn Sink,
    sizes: Mutex<FxHashMap<String, u64>>,
    pages: Mutex<Vec<PageRecord>>,
    /// Stylesheets and scripts, to gzip where a page is over budget.
    texts: Mutex<FxHashMap<String, Text>>,
    /// Keep each page's bytes (for compression) only where they could be over budget.
    keep_over: u64,
    /// With a memo: the earlier scans, and this build's.
    earlier: Option<&'a Scans>,
    scans: Mutex<Scans>,
}

impl<'a> MeasuringSink<'a> {
    /// `keep_over`: pages larger than this keep their bytes, to be gzipped later.
    pub fn new(inner: &'a dyn Sink, keep_over: u64) -> Self {
        MeasuringSink {
            inner,
            sizes: Mutex::new(FxHashMap::default()),
            pages: Mutex::new(Vec::new()),
            texts: Mutex::new(FxHashMap::default()),
            keep_over,
            earlier: None,
            scans: Mutex::new(Scans::default()),
        }
    }

    /// Takes what a page loads from `earlier` when its bytes are the same,
    /// and keeps every page's for [`Self::scans`]; `None` scans every page.
    pub fn reusing(mut self, earlier: Option<&'a Scans>) -> Self {
        self.earlier = earlier;
        self
    }

    /// What the pages written so far load (empty unless [`Self::reusing`] had a memo).
    pub fn scans(&self) -> Scans {
        self.scans
            .lock()
            .map(|scans| scans.clone())
            .unwrap_or_default()
    }

    /// What the page at `site_path` loads: from the earlier scan if these
    /// are the very bytes it was made from, else read from them.
    fn scan(
        &self,
        site_path: &str,
        bytes: &[u8],
        shared: Option<&Arc<[u8]>>,
    ) -> Arc<[(Kind, String)]> {
        let Some(earlier) = self.earlier else {
            return resources(bytes).into();
        };
        let found = shared
            .and_then(|shared| {
                let (then, found) = earlier.get(site_path)?;
                Arc::ptr_eq(then, shared).then(|| Arc::clone(found))
            })
            .unwrap_or_else(|| resources(bytes).into());
        if let (Some(shared), Ok(mut scans)) = (shared, self.scans.lock()) {
            scans.insert(
                site_path.to_string(),
                (Arc::clone(shared), Arc::clone(&found)),
            );
        }
        found
    }

    fn note(&self, site_path: &str, size: u64, text: impl FnOnce() -> Text) {
        if let Ok(mut sizes) = self.sizes.lock() {
            sizes.insert(normalise(site_path), size);
        }
        if (site_path.ends_with(".css") || site_path.ends_with(".js"))
            && let Ok(mut texts) = self.texts.lock()
        {
            texts.insert(normalise(site_path), text());
        }
    }
}

impl MeasuringSink<'_> {
    /// Notes a written file's size and, for a page, what it loads.
    fn measure(&self, site_path: &str, bytes: &[u8], shared: Option<&Arc<[u8]>>) {
        self.note(site_path, bytes.len() as u64, || {
            Text::Written(bytes.to_vec())
        });
        if site_path.ends_with(".html") {
            let record = PageRecord {
                site_path: normalise(site_path),
                bytes: if bytes.len() as u64 > self.keep_over {
                    bytes.to_vec()
                } else {
                    Vec::new()
                },
                resources: self.scan(site_path, bytes, shared),
            };
            if let Ok(mut pages) = self.pages.lock() {
                pages.push(record);
            }
        }
    }
}

impl Sink for MeasuringSink<'_> {
    fn write(&self, site_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if self.earlier.is_some() && site_path.ends_with(".html") {
            // Kept for the next build: share the bytes to know them again.
            return self.write_shared(site_path, &Arc::from(bytes));
        }
        self.inner.write(site_path, bytes)?;
        self.measure(site_path, bytes, None);
        Ok(())
    }

    fn write_shared(&self, site_path: &str, bytes: &Arc<[u8]>) -> std::io::Result<()> {
        self.inner.write_shared(site_path, bytes)?;
        self.measure(site_path, bytes, Some(bytes));
        Ok(())
    }

    fn copy(&self, site_path: &str, from: &Path) -> std::io::Result<()> {
        self.inner.copy(site_path, from)?;
        let size = std::fs::metadata(from).map(|m| m.len())?;
        self.note(site_path, size, || Text::Copied(from.to_path_buf()));
        Ok(())
    }

    fn copy_owned(&self, site_path: &str, from: &Path) -> std::io::Result<()> {
        self.inner.copy_owned(site_path, from)?;
        let size = std::fs::metadata(from).map(|m| m.len())?;
        self.note(site_path, size, || Text::Copied(from.to_path_buf()));
        Ok(())
    }
}

/// `/posts/a/index.html` and `posts/a/index.html` alike, without the leading `/`.
fn normalise(site_path: &str) -> String {
    site_path.trim_start_matches('/').to_string()
}

/// One page's first-visit weight.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageWeight {
    /// Site path of the page's file (`posts/a/index.html`).
    pub page: String,
    /// Bytes as sent, per kind (text compressed where it was measured so).
    pub by_kind: Vec<(Kind, u64)>,
    pub total: u64,
    /// Whether text sizes are gzip sizes (measured only for pages near a budget).
    pub compressed: bool,
    /// Its heaviest resources, the page itself included, heaviest first.
    pub heaviest: Vec<(String, u64)>,
}

impl PageWeight {
    pub fn of(&self, kind: Kind) -> u64 {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, b)| *b)
    }
}

/// The budgets `weigh` compares against, to decide where gzip sizes are needed.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub total: u64,
    pub per_kind: [(Kind, u64); 5],
}

/// Adds up every page's weight. `base_path` is the site's path prefix
/// (`/blog/`), which page URLs carry and site paths do not.
pub fn weigh(sink: MeasuringSink<'_>, base_path: &str, limits: &Limits) -> Vec<PageWeight> {
    let sizes = sink.sizes.into_inner().unwrap_or_default();
    let texts = sink.texts.into_inner().unwrap_or_default();
    let site_files = |path: &str| match texts.get(path)? {
        Text::Written(bytes) => Some(bytes.clone()),
        Text::Copied(from) => std::fs::read(from).ok(),
    };
    let mut pages = sink.pages.into_inner().unwrap_or_default();
    pages.sort_by(|a, b| a.site_path.cmp(&b.site_path));
    let mut gzip_cache: FxHashMap<String, u64> = FxHashMap::default();
    pages
        .iter()
        .map(|record| {
            weigh_page(
                record,
                &sizes,
                &site_files,
                base_path,
                limits,
                &mut gzip_cache,
            )
        })
        .collect()
}

fn weigh_page(
    record: &PageRecord,
    sizes: &FxHashMap<String, u64>,
    site_files: &dyn Fn(&str) -> Option<Vec<u8>>,
    base_path: &str,
    limits: &Limits,
    gzip_cache: &mut FxHashMap<String, u64>,
) -> PageWeight {
    let html_raw = sizes.get(&record.site_path).copied().unwrap_or(0);
    let mut items: Vec<(Kind, String, u64)> =
        vec![(Kind::Html, record.site_path.clone(), html_raw)];
    for (kind, url) in record.resources.iter() {
        let Some(path) = html_scan::site_path(url, &record.site_path, base_path) else {
            continue;
        };
        if items.iter().any(|(_, p, _)| *p == path) {
            continue;
        }
        if let Some(&size) = sizes.get(&path) {
            items.push((*kind, path, size));
        }
    }
    let over = |items: &[(Kind, String, u64)]| {
        let total: u64 = items.iter().map(|i| i.2).sum();
        total > limits.total
            || limits.per_kind.iter().any(|(kind, limit)| {
                items
                    .iter()
                    .filter(|i| i.0 == *kind)
                    .map(|i| i.2)
                    .sum::<u64>()
                    > *limit
            })
    };
    let compressed = over(&items);
    if compressed {
        for (kind, path, size) in &mut items {
            if !kind.is_text() {
                continue;
            }
            if *kind == Kind::Html && !record.bytes.is_empty() {
                *size = gzip_len(&record.bytes);
            } else if let Some(&known) = gzip_cache.get(path.as_str()) {
                *size = known;
            } else if let Some(bytes) = site_files(path) {
                let len = gzip_len(&bytes);
                gzip_cache.insert(path.clone(), len);
                *size = len;
            }
        }
    }
    let mut by_kind: Vec<(Kind, u64)> = Vec::new();
    for (kind, _, size) in &items {
        match by_kind.iter_mut().find(|(k, _)| k == kind) {
            Some((_, sum)) => *sum += size,
            None => by_kind.push((*kind, *size)),
        }
    }
    by_kind.sort();
    let total = items.iter().map(|i| i.2).sum();
    items.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    PageWeight {
        page: record.site_path.clone(),
        by_kind,
        total,
        compressed,
        heaviest: items.into_iter().take(3).map(|(_, p, s)| (p, s)).collect(),
    }
}

/// The gzip size of `bytes` (level 6, what most servers send).
fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    if encoder.write_all(bytes).is_err() {
        return bytes.len() as u64;
    }
    encoder
        .finish()
        .map_or(bytes.len() as u64, |out| out.len() as u64)
}

/// The local resources a page loads on a first visit: stylesheets, scripts,
/// preloaded fonts, and images (an `<img>`'s `src`, the fallback of a
/// `<picture>`). Images count even when lazy: a reader who scrolls gets them.
fn resources(html: &[u8]) -> Vec<(Kind, String)> {
    let text = html_scan::page_text(html);
    let mut out = Vec::new();
    for tag in html_scan::tags(&text) {
        let found = if tag.is("img") {
            tag.attr("src").map(|src| (Kind::Image, src))
        } else if tag.is("script") {
            tag.attr("src").map(|src| (Kind::Js, src))
        } else if tag.is("link") {
            let rel = tag.attr("rel").unwrap_or_default().to_ascii_lowercase();
            let kind = if rel.split_whitespace().any(|r| r == "stylesheet") {
                Some(Kind::Css)
            } else if rel.split_whitespace().any(|r| r == "preload")
                && tag.attr("as").as_deref() == Some("font")
            {
                Some(Kind::Font)
            } else {
                None
            };
            kind.and_then(|kind| tag.attr("href").map(|href| (kind, href)))
        } else {
            None
        };
        out.extend(found.map(|(kind, url)| (kind, url.into_owned())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MemorySink;

    fn limits(total: u64) -> Limits {
        Limits {
            total,
            per_kind: [
                (Kind::Html, u64::MAX),
                (Kind::Css, u64::MAX),
                (Kind::Js, u64::MAX),
                (Kind::Font, u64::MAX),
                (Kind::Image, u64::MAX),
            ],
        }
    }

    #[test]
    fn resources_are_found_in_minified_and_plain_html() {
        let html = br#"<!doctype html><link href=/style.css rel=stylesheet><link rel="preload" as="font" href="/f.woff2"><link rel=icon href=/favicon.svg><script src="/app.js"></script><img alt="A b" src=chart.png><picture><source srcset="x.webp"><img src="/img/a.jpg" alt=""></picture>"#;
        let found = resources(html);
        assert_eq!(
            found,
            vec![
                (Kind::Css, "/style.css".to_string()),
                (Kind::Font, "/f.woff2".to_string()),
                (Kind::Js, "/app.js".to_string()),
                (Kind::Image, "chart.png".to_string()),
                (Kind::Image, "/img/a.jpg".to_string()),
            ]
        );
    }

    #[test]
    fn a_page_adds_up_what_it_loads_and_gzips_only_when_over_budget() {
        let memory = MemorySink::default();
        let sink = MeasuringSink::new(&memory, 0);
        let css = "body{color:red}".repeat(200);
        sink.write("/style.css", css.as_bytes()).expect("css");
        sink.write("/posts/a/photo.jpg", &[0u8; 5000])
            .expect("image");
        let page = format!(
            "<!doctype html><link href=/style.css rel=stylesheet><p>{}</p><img src=photo.jpg alt=x><img src=/missing.png alt=y>",
            "words ".repeat(300)
        );
        sink.write("/posts/a/index.html", page.as_bytes())
            .expect("page");
        let roomy = weigh(MeasuringSink::new(&memory, 0), "/", &limits(1_000_000));
        assert!(roomy.is_empty(), "a fresh sink has seen nothing");
        let [weight] = weigh(sink, "/", &limits(1_000_000))
            .try_into()
            .expect("one page");
        assert!(!weight.compressed);
        assert_eq!(weight.of(Kind::Css), css.len() as u64);
        assert_eq!(weight.of(Kind::Image), 5000);
        assert_eq!(weight.total, (page.len() + css.len() + 5000) as u64);
        assert_eq!(weight.heaviest[0], ("posts/a/photo.jpg".to_string(), 5000));

        let sink = MeasuringSink::new(&memory, 0);
        sink.write("/style.css", css.as_bytes()).expect("css");
        sink.write("/posts/a/photo.jpg", &[0u8; 5000])
            .expect("image");
        sink.write("/posts/a/index.html", page.as_bytes())
            .expect("page");
        let [tight] = weigh(sink, "/", &limits(100)).try_into().expect("one page");
        assert!(tight.compressed);
        assert!(tight.of(Kind::Html) < page.len() as u64 / 4, "{tight:?}");
        assert!(tight.of(Kind::Css) < css.len() as u64 / 10, "{tight:?}");
        assert_eq!(
            tight.of(Kind::Image),
            5000,
            "images are not compressed again"
        );
    }
}
