//! rapport: a static-site generator for marketing blogs that start
//! conversations instead of broadcasting.
//!
//! A build runs these stages, data flowing one way:
//!
//! ```text
//! config ─> discover ─> content (front matter, Site) ─> markdown ─> render ─> minify ─> output
//!                                                          (templates)        (staging -> swap)
//! ```
//!
//! Each stage reads what the previous one produced and never changes it.
//! Problems with files are [`diagnostic::Diagnostic`]s, collected from all
//! stages and reported once; fatal problems are [`error::Error`]s.

pub mod analysis_cache;
pub mod cards;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod discover;
pub mod error;
pub mod feeds;
pub mod frontmatter;
pub mod guidelines;
pub mod hosting;
pub mod html_scan;
pub mod images;
pub mod incremental;
pub mod linkcheck;
pub mod markdown;
pub mod minify;
pub mod output;
mod phrases;
pub mod pictures;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod social;
pub mod stamp;
pub mod stylesheets;
pub mod templates;
pub mod weight;

use diagnostic::{Diagnostic, Diagnostics, Severity};
use error::{Error, Result};
use incremental::{MarkdownMemo, Memo};
use output::{DiskSink, MemoryFiles, MemorySink, Sink};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What `rapport build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site: PathBuf,
    /// Defaults to `SITE/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Today, for the checks that count days up to now (`publishing-gap`).
    /// `None` skips them: the library never reads the clock itself, so a
    /// build's report depends on its inputs only. The CLI passes [`today`].
    pub today: Option<jiff::Timestamp>,
    /// Told about long work as it goes (the CLI draws a progress bar).
    pub progress: Option<ProgressHook>,
}

/// Hears about the build's long work while it runs (images, then link
/// cards), one piece of work at a time. Called from any thread.
pub trait Progress: Send + Sync {
    /// `total` items of `what` (`"images"`, `"link cards"`) are about to be
    /// made; most may come from the cache.
    fn started(&self, what: &'static str, total: usize);
    /// One more item is ready.
    fn done(&self);
    fn finished(&self);
}

/// A shared [`Progress`] listener, for [`BuildOptions::progress`].
#[derive(Clone)]
pub struct ProgressHook(pub std::sync::Arc<dyn Progress>);

impl std::fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressHook")
    }
}

/// Now, or the day in `RAPPORT_TODAY` (`YYYY-MM-DD`), for reproducible checks.
pub fn today() -> jiff::Timestamp {
    std::env::var("RAPPORT_TODAY")
        .ok()
        .and_then(|day| frontmatter::parse_date(day.trim()))
        .map_or_else(jiff::Timestamp::now, |d| d.timestamp)
}

/// The heaviest page of a build: its site path and first-visit bytes.
#[derive(Debug, Clone, Serialize)]
pub struct HeaviestPage {
    pub page: String,
    pub bytes: u64,
    /// Whether text was counted compressed (see [`weight::PageWeight`]).
    pub compressed: bool,
}

/// The numbers of one build.
#[derive(Debug, Default, Clone, Serialize)]
pub struct BuildStats {
    pub pages: usize,
    pub posts: usize,
    pub drafts_included: bool,
    pub sections: usize,
    pub taxonomy_terms: usize,
    pub list_pages: usize,
    pub feeds: usize,
    pub aliases: usize,
    pub copied_files: usize,
    pub files_written: usize,
    pub bytes_written: u64,
    /// Published posts by kind (front matter, else the classifier).
    pub helpful_posts: usize,
    pub promotional_posts: usize,
    /// Images optimised: how many, encoded or from the cache, bytes before and after.
    pub images: images::ImageStats,
    /// Link cards generated for posts without a cover.
    pub cards: cards::CardStats,
    /// The page a first visit downloads most for (see `page-weight`).
    pub heaviest_page: Option<HeaviestPage>,
    /// Pages and lists rendered from their templates (the rest an
    /// incremental rebuild took from the previous build), and Markdown
    /// files rendered; not in the JSON, which must not depend on a memo.
    #[serde(skip)]
    pub pages_rendered: usize,
    #[serde(skip)]
    pub markdown_rendered: usize,
    /// Pages whose classification and prompts came from the analysis cache
    /// (`.rapport/cache/analysis.json`) instead of being made again.
    #[serde(skip)]
    pub analyses_reused: usize,
    /// Wall time of each stage, in milliseconds.
    pub timings_ms: BTreeMap<&'static str, f64>,
    /// Time spent on some work inside the stages, added up over threads, in
    /// milliseconds: `classify` (the guidelines' classifier) and `prompts`
    /// (generating discussion prompts) in the markdown stage; `weigh` (page
    /// weight), `snippets` (fitting snippets) and `rules` (every guideline
    /// rule) in the check stage.
    pub work_ms: BTreeMap<&'static str, f64>,
    pub total_ms: f64,
}

/// The work [`BuildStats::work_ms`] reports.
#[derive(Default)]
struct Clocks {
    classify: WorkClock,
    prompts: WorkClock,
    /// Adding up each page's weight (for `page-weight`).
    weigh: WorkClock,
    /// Fitting every post's snippets to each platform.
    snippets: WorkClock,
    /// Every guideline rule.
    rules: WorkClock,
}

/// Adds up the time parallel work takes, across threads.
#[derive(Default)]
struct WorkClock(std::sync::atomic::AtomicU64);

impl WorkClock {
    fn time<T>(&self, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = work();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0
            .fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
        out
    }

    fn ms(&self) -> f64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e6
    }
}

/// The outcome of a build: what it made and what it has to say.
#[derive(Debug, Serialize)]
pub struct BuildReport {
    pub ok: bool,
    pub stats: BuildStats,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    pub output: PathBuf,
    /// Every post's social snippets (written to `SITE/.rapport/social/` by a disk build).
    #[serde(skip)]
    pub social: Vec<social::PostSnippets>,
    /// The images the build used, so a disk build can prune the rest from the cache.
    #[serde(skip)]
    pub images: Vec<images::ProcessedImage>,
    /// The link cards' files in the image cache, kept by the same pruning.
    #[serde(skip)]
    pub card_files: Vec<PathBuf>,
    /// The numbers report (written to `SITE/.rapport/` by a disk build); `None` if the build failed.
    #[serde(skip)]
    pub numbers: Option<report::Report>,
    /// Every page's analysis, for a disk build to keep in the analysis
    /// cache; `None` if the build failed.
    #[serde(skip)]
    pub(crate) analyses: Option<analysis_cache::Snapshot>,
}

impl BuildReport {
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Builds the site to disk. The output folder is replaced only if the build
/// has no errors; otherwise it is left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.site.join("public"));
    let mut sink: Option<DiskSink> = None;
    // The output before last, to build into: its inventory is taken while
    // the site builds.
    let survey = output::Survey::start(&options.site);
    let (mut report, _) = run(
        options,
        output.clone(),
        Checks::Build,
        |site| {
            let disk = DiskSink::create(site, &output, Some(survey))?;
            Ok(&*sink.insert(disk))
        },
        None,
        AssetNames::Hashed,
        |_| {},
    )?;
    if let Some(sink) = sink {
        if report.ok {
            let started = Instant::now();
            let built = &report;
            // The files beside the site are written while the previous
            // output is deleted.
            let ((kit, analyses), numbers) = sink.commit_and(|| {
                rayon::join(
                    || {
                        rayon::join(
                            || social::kit::write(&options.site, &built.social),
                            || {
                                built
                                    .analyses
                                    .as_ref()
                                    .map_or(Ok(0), |kept| kept.save(&options.site))
                            },
                        )
                    },
                    || {
                        // Only after a build that succeeded: a failed one may
                        // not have asked for every image the site uses.
                        if let Ok(cache) = images::Cache::open(options.site.join(IMAGE_CACHE)) {
                            let _ = cache.prune(
                                built
                                    .images
                                    .iter()
                                    .flat_map(images::ProcessedImage::cache_paths)
                                    .chain(built.card_files.iter().map(PathBuf::as_path)),
                            );
                        }
                        built
                            .numbers
                            .as_ref()
                            .map_or(Ok(0), |numbers| report::write(&options.site, numbers))
                    },
                )
            })?;
            kit?;
            analyses?;
            numbers?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            report.stats.timings_ms.insert("write", ms);
            report.stats.total_ms += ms;
        } else {
            sink.abort();
        }
    }
    Ok(report)
}

/// Runs the whole build and every check, following every link in the
/// output, without writing anything (`rapport check`).
pub fn check(options: &BuildOptions) -> Result<BuildReport> {
    run_without_output(options, Checks::WithLinks)
}

/// Runs the build and the checks a build makes, writing nothing: the
/// report, snippets and diagnostics of a build (`rapport social`).
pub fn dry_run(options: &BuildOptions) -> Result<BuildReport> {
    run_without_output(options, Checks::Build)
}

/// A whole build as `rapport build` makes it, into a sink that writes nothing.
fn run_without_output(options: &BuildOptions, checks: Checks) -> Result<BuildReport> {
    let sink = output::NullSink;
    run(
        options,
        PathBuf::new(),
        checks,
        |_| Ok(&sink),
        None,
        AssetNames::Hashed,
        |_| {},
    )
    .map(|(report, _)| report)
}

/// Builds the site in memory: the report and every file by site path.
pub fn build_in_memory(options: &BuildOptions) -> Result<(BuildReport, MemoryFiles)> {
    let rebuilt = run_in_memory(options, None, |_| {})?;
    Ok((rebuilt.report, Arc::unwrap_or_clone(rebuilt.files)))
}

/// An in-memory build and what it keeps for the next one.
pub struct Rebuilt {
    pub report: BuildReport,
    pub files: Arc<MemoryFiles>,
    /// For the next [`rebuild_in_memory`]; `None` when the build failed.
    pub memo: Option<Memo>,
}

/// Builds the site in memory like [`build_in_memory`], reusing from
/// `earlier` (the memo of a build with the same config and templates) what
/// the edits since did not change: the files are the same bytes a full
/// build makes (see [`incremental`]).
pub fn rebuild_in_memory(options: &BuildOptions, earlier: &Memo) -> Result<Rebuilt> {
    run_in_memory(options, Some(earlier), |_| {})
}

/// [`rebuild_in_memory`], handing the files to `publish` as soon as every
/// file is made and nothing has failed yet, before the guideline checks and
/// the numbers report (which write no files, but may still fail the build).
/// A preview shows the edit that much sooner.
pub fn rebuild_in_memory_publishing(
    options: &BuildOptions,
    earlier: &Memo,
    publish: impl FnOnce(&Arc<MemoryFiles>),
) -> Result<Rebuilt> {
    run_in_memory(options, Some(earlier), publish)
}

fn run_in_memory(
    options: &BuildOptions,
    earlier: Option<&Memo>,
    publish: impl FnOnce(&Arc<MemoryFiles>),
) -> Result<Rebuilt> {
    let mut sink: Option<MemorySink> = None;
    let mut published: Option<Arc<MemoryFiles>> = None;
    let (report, kept) = run(
        options,
        PathBuf::new(),
        Checks::Build,
        |_| {
            let owned = earlier.map(|m| Arc::clone(&m.owned)).unwrap_or_default();
            Ok(&*sink.insert(MemorySink::reusing(owned)))
        },
        earlier,
        AssetNames::Plain,
        |sink: &MemorySink| {
            let files = Arc::new(sink.take_files());
            publish(&files);
            published = Some(files);
        },
    )?;
    let (rest, owned) = sink.map(MemorySink::into_parts).unwrap_or_default();
    // Nothing writes after the files are published; if something did, it is kept.
    let files = match published {
        Some(files) if rest.is_empty() => files,
        Some(files) => {
            let mut files = Arc::unwrap_or_clone(files);
            files.extend(rest);
            Arc::new(files)
        }
        None => Arc::new(rest),
    };
    let memo = kept.filter(|_| report.ok).map(|kept| Memo {
        parses: kept.parses,
        markdown: kept.markdown,
        fitted: kept.fitted,
        scans: kept.scans,
        template_images: kept.template_images,
        cards: kept.cards,
        owned: Arc::new(owned),
        pages: kept
            .fingerprints
            .into_iter()
            .filter_map(|(path, fingerprint)| {
                let bytes = Arc::clone(files.get(&path)?);
                Some((path, (fingerprint, bytes)))
            })
            .collect(),
    });
    Ok(Rebuilt {
        report,
        files,
        memo,
    })
}

/// What a build with a memo keeps for the next one (the page bytes are the sink's).
struct Kept {
    parses: content::Parses,
    markdown: MarkdownMemos,
    fitted: social::FittedMemo,
    scans: weight::Scans,
    template_images: Vec<(String, images::ProcessedImage)>,
    fingerprints: Vec<(String, u128)>,
    cards: cards::CardMemo,
}

type MarkdownMemos = rustc_hash::FxHashMap<String, Arc<MarkdownMemo>>;

struct Timer {
    timings: BTreeMap<&'static str, f64>,
    last: Instant,
}

impl Timer {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings
            .insert(stage, (now - self.last).as_secs_f64() * 1000.0);
        self.last = now;
    }
}

/// Whether stylesheets get content-hashed names (see [`stylesheets`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AssetNames {
    /// Builds for hosting, and the checks of one.
    Hashed,
    /// `serve`: a stylesheet edit is swapped into open pages by name.
    Plain,
}

/// Which checks a run makes beyond the build's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checks {
    Build,
    /// `rapport check`: also follow every link in the output.
    WithLinks,
}

/// Runs the stages. With `earlier` (even an empty memo), reuses what it
/// still holds and returns what to keep for the next build. `written` is
/// called with the sink once every file is in it, if nothing failed so far.
fn run<'s, S: Sink + 's>(
    options: &BuildOptions,
    output: PathBuf,
    checks: Checks,
    open_sink: impl FnOnce(&Path) -> Result<&'s S>,
    earlier: Option<&Memo>,
    names: AssetNames,
    written: impl FnOnce(&S),
) -> Result<(BuildReport, Option<Kept>)> {
    let started = Instant::now();
    let mut timer = Timer {
        timings: BTreeMap::new(),
        last: started,
    };
    let site_root = options.site.clone();
    if !site_root.join(config::CONFIG_FILE).is_file() {
        return Err(Error::NoSite { path: site_root });
    }
    let fail = |diagnostics: Vec<Diagnostic>, stats: BuildStats| BuildReport {
        ok: false,
        stats,
        diagnostics,
        output: output.clone(),
        social: Vec::new(),
        images: Vec::new(),
        card_files: Vec::new(),
        numbers: None,
        analyses: None,
    };
    let config = match config::load(&site_root, options.base_url.as_deref()) {
        Ok(config) => config,
        Err(d) => return Ok((fail(vec![d], BuildStats::default()), None)),
    };
    let mut templates = match templates::load(&site_root, &config) {
        Ok(t) => t,
        Err(ds) => return Ok((fail(ds, BuildStats::default()), None)),
    };
    timer.lap("config");

    // Megabytes on a big site: read while the content is found and loaded.
    // A preview's rebuilds have their memo instead.
    let analysis_print = analysis_cache::fingerprint(config.text_hash);
    let analyses_reading = earlier.is_none_or(Memo::is_empty).then(|| {
        let (site, print) = (site_root.clone(), analysis_print.clone());
        std::thread::spawn(move || analysis_cache::Cache::load(&site, &print))
    });

    let mut problems = Vec::new();
    let found = discover::discover(&site_root, &mut problems);
    timer.lap("discover");
    let no_memo = Memo::default();
    let memo = earlier.unwrap_or(&no_memo);
    let (mut loaded, parses) = content::load(
        &site_root,
        &config,
        &found,
        &memo.parses,
        earlier.is_some(),
        &mut problems,
    );
    let selection = content::Selection {
        drafts: options.drafts,
    };
    let (site, sources) = content::assemble(
        config,
        site_root.clone(),
        &mut loaded,
        &found,
        selection,
        &mut problems,
    );
    timer.lap("content");

    let diagnostics = Diagnostics::default();
    diagnostics.extend(problems);
    let clocks = Clocks::default();
    let analyses = analyses_reading
        .and_then(|reading| reading.join().ok())
        .unwrap_or_default();
    let markdown = render_markdown(
        &site,
        loaded,
        &sources,
        MarkdownInputs {
            drafts: options.drafts,
            diagnostics: &diagnostics,
            clocks: &clocks,
            earlier: earlier.map(|m| &m.markdown),
            analyses: &analyses,
        },
    );
    drop_in_background(analyses);
    let (mut contents, section_contents, mut facts) =
        (markdown.pages, markdown.sections, markdown.facts);
    timer.lap("markdown");
    let pictures = pictures::process(
        &site,
        &contents,
        &site_root.join(IMAGE_CACHE),
        &diagnostics,
        options.progress.as_ref().map(|hook| &*hook.0),
    );
    contents
        .par_iter_mut()
        .enumerate()
        .for_each(|(id, content)| {
            let page = &site.pages[id];
            let has_cover = page.front.image.is_some();
            if let Some(html) =
                pictures::rewrite(&site, &page.url, &content.html, &pictures, has_cover)
            {
                content.html = html.into();
            }
            if let Some(summary) =
                pictures::rewrite(&site, &page.url, &content.summary, &pictures, true)
            {
                content.summary = summary.into();
            }
        });
    timer.lap("images");
    // Rendering consumes the Markdown results; the report needs these after it.
    let outlines = report::Outline::capture(&contents);

    let mut stats = BuildStats {
        pages: site.pages.len(),
        posts: site.posts.len(),
        drafts_included: options.drafts,
        sections: site.sections.iter().filter(|s| !s.dir.is_empty()).count(),
        taxonomy_terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
        ..BuildStats::default()
    };
    if diagnostics.error_count() > 0 {
        stats.timings_ms = timer.timings;
        return Ok((fail(diagnostics.into_sorted(), stats), None));
    }

    templates.set_globals(&template_globals(&site));
    let theme_assets = templates::theme_assets(&site_root, &site.config);
    let assets = asset_plan(&site, &theme_assets);
    let stylesheets = Arc::new(match names {
        AssetNames::Hashed => read_stylesheets(&assets, site.config.minify, &diagnostics),
        AssetNames::Plain => stylesheets::Stylesheets::default(),
    });
    templates.set_stylesheets(Arc::clone(&stylesheets));
    let mut cards = cards::generate(
        &site,
        &templates,
        &site_root.join(IMAGE_CACHE),
        &diagnostics,
        options.progress.as_ref().map(|hook| &*hook.0),
        earlier.map(|m| &m.cards),
    );
    timer.lap("cards");
    let budgets = site.config.rules.budgets;
    // Everything written passes through here, to weigh each page (for
    // `check` too, whose sink writes nothing); `check` also follows links.
    let opened: &S = open_sink(&site_root)?;
    let inner: &dyn Sink = opened;
    let link_sink = (checks == Checks::WithLinks)
        .then(|| linkcheck::LinkSink::new(inner, &site.config.base_url));
    let measuring = weight::MeasuringSink::new(
        link_sink.as_ref().map_or(inner, |l| l as &dyn Sink),
        budgets.html.min(budgets.total),
    )
    .reusing(earlier.map(|m| &m.scans));
    let sink: &dyn Sink = &measuring;
    // Each page's lead prompt; its share links are made only for the pages
    // rendered (an incremental rebuild renders few).
    let leads: Vec<Option<&str>> = facts
        .iter()
        .map(|facts| {
            let lead = facts.prompts.iter().find(|c| c.platform.is_none())?;
            Some(lead.text.as_str())
        })
        .collect();
    let mastodon_picker = site.config.url_path(social::MASTODON_PICKER);
    let conversation = |id: content::PageId| {
        let lead = (*leads.get(id)?)?;
        let page = &site.pages[id];
        let share = social::share_links(
            &social::Shared {
                prompt: lead,
                title: &page.title,
                permalink: &page.permalink,
                slug: &page.slug,
            },
            &mastodon_picker,
            &site.config.social_config,
        );
        Some(render::Conversation {
            prompt: lead.to_string(),
            share: share
                .into_iter()
                .map(|(label, url)| render::ShareLink { label, url })
                .collect(),
        })
    };
    let covers = pictures::covers(&site, &pictures);
    let template_images = std::sync::Arc::new(pictures::TemplateImages::new(
        &site,
        &pictures,
        site_root.join(IMAGE_CACHE),
    ));
    templates.set_images(std::sync::Arc::clone(&template_images));
    let page_memo = earlier.map(|m| incremental::PageMemo {
        earlier: &m.pages,
        made: std::sync::Mutex::new(Vec::new()),
    });
    let rendered = render::render(
        &site,
        contents,
        &section_contents,
        &render::PageExtras {
            leads: &leads,
            conversation: &conversation,
            covers: &covers,
            cards: &cards.cards,
            memo: page_memo.as_ref(),
        },
        &templates,
        sink,
        &diagnostics,
    );
    let (mut more_images, more_stats) = template_images.finish();
    drop(template_images);
    // Pages an incremental rebuild passed on did not ask again for the
    // template images they show: keep what earlier builds made.
    if let Some(earlier) = earlier {
        for (site_path, image) in &earlier.template_images {
            if !more_images.iter().any(|(p, _)| p == site_path) {
                more_images.push((site_path.clone(), image.clone()));
            }
        }
    }
    let mut pictures = pictures;
    pictures.add(more_images.clone(), &more_stats);
    timer.lap("render");
    let (copied, copied_bytes) = copy_files(
        &assets,
        &stylesheets,
        site.config.minify,
        sink,
        &diagnostics,
    );
    copy_variants(&pictures, &cards, sink, &diagnostics);
    write_host_files(&site, &pictures, &cards, &stylesheets, sink, &diagnostics);
    timer.lap("copy");
    if diagnostics.error_count() == 0 {
        written(opened);
    }
    let scans = measuring.scans();
    let weights = clocks.weigh.time(|| {
        weight::weigh(
            measuring,
            &site.config.base_path,
            &guidelines::weight_limits(&budgets),
        )
    });
    if let Some(link_sink) = link_sink {
        diagnostics.extend(linkcheck::verify(link_sink, &site, &site.config.rules));
    }
    let kinds: Vec<frontmatter::ContentKind> = site
        .pages
        .iter()
        .zip(&facts)
        .map(|(page, f)| f.kind(page.front.kind))
        .collect();
    let candidates: Vec<&[social::Candidate]> =
        facts.iter().map(|f| f.prompts.as_slice()).collect();
    let (snippets, fitted) = clocks.snippets.time(|| {
        social::snippets_reusing(
            &site,
            &candidates,
            &kinds,
            &site.config.social_config,
            &memo.fitted,
        )
    });
    stats.heaviest_page = weights
        .iter()
        .max_by(|a, b| a.total.cmp(&b.total).then_with(|| b.page.cmp(&a.page)))
        .map(|w| HeaviestPage {
            page: w.page.clone(),
            bytes: w.total,
            compressed: w.compressed,
        });
    diagnostics.extend(clocks.rules.time(|| {
        guidelines::check(
            &site,
            &facts,
            &snippets,
            &weights,
            &covers,
            &site.config.rules,
            options.today,
        )
    }));
    let promotional = site
        .posts
        .iter()
        .filter(|&&id| kinds[id] == frontmatter::ContentKind::Promotional)
        .count();
    stats.promotional_posts = promotional;
    stats.helpful_posts = site.posts.len() - promotional;
    let (data, data_problems) = report::Data::load(&site_root);
    diagnostics.extend(data_problems);
    timer.lap("check");

    stats.list_pages = rendered.list_pages;
    stats.pages_rendered = rendered.rendered;
    stats.markdown_rendered = markdown.rendered;
    stats.analyses_reused = markdown.analyses_reused;
    stats.feeds = rendered.feeds;
    stats.aliases = rendered.aliases;
    stats.copied_files = copied;
    stats.files_written = rendered.files_written + copied;
    stats.bytes_written = rendered.bytes_written + copied_bytes;
    stats.images = pictures.stats.clone();
    stats.cards = cards.stats.clone();
    let diagnostics = diagnostics.into_sorted();
    let ok = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    let numbers = ok.then(|| {
        report::Report::new(&report::Input {
            site: &site,
            facts: &facts,
            kinds: &kinds,
            outlines: &outlines,
            weights: &weights,
            diagnostics: &diagnostics,
            data: &data,
        })
    });
    timer.lap("report");
    stats.timings_ms = timer.timings;
    stats.work_ms = BTreeMap::from([
        ("classify", clocks.classify.ms()),
        ("prompts", clocks.prompts.ms()),
        ("weigh", clocks.weigh.ms()),
        ("snippets", clocks.snippets.ms()),
        ("rules", clocks.rules.ms()),
    ]);
    stats.total_ms = started.elapsed().as_secs_f64() * 1000.0;
    let kept = earlier.map(|_| Kept {
        parses,
        markdown: markdown.memos,
        fitted,
        scans,
        template_images: more_images,
        cards: std::mem::take(&mut cards.memo),
        fingerprints: page_memo
            .map(|m| m.made.into_inner().unwrap_or_else(|p| p.into_inner()))
            .unwrap_or_default(),
    });
    let report = BuildReport {
        ok,
        stats,
        diagnostics,
        output,
        social: snippets,
        images: pictures.into_images(),
        card_files: cards
            .cards
            .into_iter()
            .flatten()
            .map(|card| card.cache_path)
            .collect(),
        numbers,
        analyses: ok.then(|| analysis_cache::Snapshot {
            fingerprint: analysis_print,
            posts: markdown
                .hashes
                .iter()
                .zip(&mut facts)
                .filter_map(|(hash, facts)| {
                    let analysis = incremental::Analysis {
                        inferred: facts.inferred.clone(),
                        prompts: std::mem::take(&mut facts.prompts),
                    };
                    Some(((*hash)?, analysis))
                })
                .collect(),
        }),
    };
    // The site model and the stages' results are many small allocations:
    // freeing them takes tens of milliseconds on a big site, which neither
    // a build nor a preview's reload needs to wait for.
    drop_in_background((site, facts, weights, outlines, covers, section_contents));
    Ok((report, kept))
}

/// Drops `value` on a short-lived thread (or here, if none can start).
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("rapport-free".into())
        .spawn(move || drop(value));
}

/// The Markdown stage's results: `pages[i]` and `facts[i]` belong to
/// `site.pages[i]`, `sections[i]` to `site.sections[i]`; `memos` is kept
/// for the next build when there is one.
struct MarkdownResults {
    pages: Vec<markdown::RenderedMarkdown>,
    sections: Vec<markdown::RenderedMarkdown>,
    facts: Vec<guidelines::PostFacts>,
    /// The xxh3 of each page's file (`None` for a page without one).
    hashes: Vec<Option<u128>>,
    memos: MarkdownMemos,
    /// How many files were rendered (not taken from the memo).
    rendered: usize,
    /// How many pages' analyses came from the analysis cache.
    analyses_reused: usize,
}

/// What the Markdown stage reads besides the site and its files.
struct MarkdownInputs<'a> {
    drafts: bool,
    diagnostics: &'a Diagnostics,
    clocks: &'a Clocks,
    /// The previous build's memos (a preview's rebuild).
    earlier: Option<&'a MarkdownMemos>,
    /// Analyses an earlier build left on disk.
    analyses: &'a analysis_cache::Cache,
}

/// Renders every page's and section's Markdown, and classifies and writes
/// prompt candidates for each page. Takes the loaded files by value so each
/// source text is freed as soon as its HTML exists: the build never holds
/// all sources and all HTML at once. With `earlier`, a file whose memo
/// still holds is not rendered again.
fn render_markdown(
    site: &content::Site,
    loaded: Vec<content::Loaded>,
    sources: &content::SourceMap,
    inputs: MarkdownInputs<'_>,
) -> MarkdownResults {
    let MarkdownInputs {
        drafts,
        diagnostics,
        clocks,
        earlier,
        analyses,
    } = inputs;
    let ctx = markdown::MarkdownContext {
        links: &site.links,
        base_url: &site.config.base_url,
        base_path: &site.config.base_path,
        drafts_published: drafts,
        smart_punctuation: site.config.markdown.smart_punctuation,
        heading_anchors: site.config.markdown.heading_anchors,
        words_per_minute: site.config.markdown.words_per_minute,
        compact: site.config.minify,
    };
    let brand_names = &site.config.rules.brand_names;
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let analyses_reused = std::sync::atomic::AtomicUsize::new(0);
    // A file's rendering (and, given its page, its analysis), from the memo
    // or made now; with a memo to keep, also the new memo entry.
    let render_one = |file: content::Loaded, page: Option<content::PageId>| {
        let reused = earlier
            .and_then(|memos| memos.get(&file.source.rel))
            .filter(|memo| memo.still_holds(file.hash, &site.links));
        if let Some(memo) = reused {
            if !memo.problems.is_empty() {
                diagnostics.extend(memo.problems.clone());
            }
            return (
                memo.rendered.clone(),
                memo.analysis.clone(),
                Some((file.source.rel, Arc::clone(memo))),
            );
        }
        rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let shown = Path::new("content").join(&file.source.rel);
        let source = markdown::SourceFile {
            shown: &shown,
            rel: &file.source.rel,
            text: &file.text,
            body_offset: file.body_offset,
        };
        let mut problems = Vec::new();
        let mut rendered = markdown::render(&ctx, &source, &mut problems);
        // The plain text is only needed to classify the post and write its
        // prompts: drop it here.
        // Not shared yet: this takes it out without a copy.
        let text = std::mem::take(&mut Arc::make_mut(&mut rendered.facts).plain_text);
        let analysis = page.map(|id| {
            // Both read only the file and the configuration, which the
            // cache's entry and fingerprint stand for.
            if let Some(kept) = analyses.get(file.hash) {
                analyses_reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return kept.clone();
            }
            let headings: Vec<String> = markdown::heading_titles(&rendered.toc);
            incremental::Analysis {
                inferred: clocks.classify.time(|| {
                    guidelines::classify::classify(&site.pages[id].title, &text, brand_names)
                }),
                prompts: clocks
                    .prompts
                    .time(|| social::candidates(site, id, &headings, &text, brand_names)),
            }
        });
        let memo = earlier.map(|_| {
            let memo = MarkdownMemo {
                hash: file.hash,
                links: MarkdownMemo::resolved(&rendered.facts.content_links, &site.links),
                rendered: rendered.clone(),
                problems: problems.clone(),
                analysis: analysis.clone(),
            };
            (file.source.rel.clone(), Arc::new(memo))
        });
        if !problems.is_empty() {
            diagnostics.extend(problems);
        }
        (rendered, analysis, memo)
    };
    let mut slots: Vec<Option<content::Loaded>> = loaded.into_iter().map(Some).collect();
    let mut take = |index: usize| slots.get_mut(index).and_then(Option::take);
    let page_files: Vec<Option<content::Loaded>> = sources.pages.iter().map(|&i| take(i)).collect();
    let section_files: Vec<Option<content::Loaded>> = sources
        .sections
        .iter()
        .map(|i| i.and_then(&mut take))
        .collect();
    drop(slots);
    let page_by_url: rustc_hash::FxHashMap<&str, content::PageId> = site
        .pages
        .iter()
        .enumerate()
        .map(|(id, page)| (page.url.as_str(), id))
        .collect();
    let pages: Vec<_> = page_files
        .into_par_iter()
        .enumerate()
        .map(|(id, file)| {
            let hash = file.as_ref().map(|file| file.hash);
            let (rendered, analysis, memo) = match file {
                Some(file) => render_one(file, Some(id)),
                None => Default::default(),
            };
            let incremental::Analysis { inferred, prompts } =
                analysis.unwrap_or_else(|| incremental::Analysis {
                    inferred: guidelines::classify::classify(
                        &site.pages[id].title,
                        "",
                        brand_names,
                    ),
                    prompts: social::candidates(site, id, &[], "", brand_names),
                });
            let site_links = &rendered.facts.site_links;
            let mut links_to: Vec<content::PageId> = site_links
                .iter()
                .filter_map(|path| page_by_url.get(page_url(path).as_str()).copied())
                .filter(|&target| target != id)
                .collect();
            links_to.sort_unstable();
            links_to.dedup();
            let own_url = site.pages[id].url.as_str();
            let facts = guidelines::PostFacts {
                inferred,
                prompts,
                site_links: site_links
                    .iter()
                    .filter(|path| page_url(path) != own_url)
                    .count(),
                links_to,
                images: rendered.facts.images,
                images_without_alt: rendered.facts.images_without_alt.clone(),
            };
            (rendered, facts, memo, hash)
        })
        .collect();
    let sections: Vec<_> = section_files
        .into_par_iter()
        .map(|file| match file {
            Some(file) => {
                let (rendered, _, memo) = render_one(file, None);
                (rendered, memo)
            }
            None => Default::default(),
        })
        .collect();
    let mut memos = MarkdownMemos::default();
    let mut results = MarkdownResults {
        pages: Vec::with_capacity(pages.len()),
        sections: Vec::with_capacity(sections.len()),
        facts: Vec::with_capacity(pages.len()),
        hashes: Vec::with_capacity(pages.len()),
        memos: MarkdownMemos::default(),
        rendered: rendered.into_inner(),
        analyses_reused: analyses_reused.into_inner(),
    };
    for (rendered, facts, memo, hash) in pages {
        results.pages.push(rendered);
        results.facts.push(facts);
        results.hashes.push(hash);
        memos.extend(memo);
    }
    for (rendered, memo) in sections {
        results.sections.push(rendered);
        memos.extend(memo);
    }
    results.memos = memos;
    results
}

/// A link's path as a page URL: `/a/index.html` and `/a` are `/a/`.
fn page_url(path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let last = path.rsplit('/').next().unwrap_or_default();
    if path.ends_with('/') || last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// Where a site keeps its image variants between builds.
pub const IMAGE_CACHE: &str = ".rapport/cache/images";

/// `_headers` and `_redirects`, where `[hosting]` asks for them.
fn write_host_files(
    site: &content::Site,
    pictures: &pictures::Pictures,
    cards: &cards::Cards,
    stylesheets: &stylesheets::Stylesheets,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
) {
    let hosting = &site.config.hosting;
    let mut files: Vec<(&str, String)> = Vec::new();
    if hosting.headers {
        let fingerprinted = pictures
            .all()
            .flat_map(|image| image.variants.iter().chain(&image.social))
            .map(|v| v.site_path.as_str())
            .chain(cards.cards.iter().flatten().map(|c| c.site_path.as_str()))
            .chain(stylesheets.hashed_paths());
        files.push((
            "/_headers",
            hosting::headers(&site.config.base_path, fingerprinted),
        ));
    }
    if hosting.redirects {
        files.push(("/_redirects", hosting::redirects(site)));
    }
    for (path, text) in files {
        if let Err(e) = sink.write(path, text.as_bytes()) {
            diagnostics.push(
                Diagnostic::error("write", format!("cannot write {path}: {e}"))
                    .with_help("check free disk space and permissions of the output folder"),
            );
        }
    }
}

/// Puts every image variant and link card into the output, from the cache.
fn copy_variants(
    pictures: &pictures::Pictures,
    cards: &cards::Cards,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
) {
    let files: Vec<(&str, &Path)> = pictures
        .all()
        .flat_map(|image| image.variants.iter().chain(&image.social))
        .map(|v| (v.site_path.as_str(), v.cache_path.as_path()))
        .chain(
            cards
                .cards
                .iter()
                .flatten()
                .map(|c| (c.site_path.as_str(), c.cache_path.as_path())),
        )
        .collect();
    files.par_iter().for_each(|&(site_path, cache_path)| {
        if let Err(e) = sink.copy_owned(site_path, cache_path) {
            diagnostics.push(
                Diagnostic::error(
                    "copy",
                    format!("cannot copy image variant {site_path}: {e}"),
                )
                .with_help("check free disk space; deleting .rapport/cache makes the next build encode again"),
            );
        }
    });
}

/// `config` and `site`: what every template sees, made once per build.
fn template_globals(site: &content::Site) -> serde_json::Map<String, serde_json::Value> {
    let config = &site.config;
    let mut menu: Vec<(i64, String, String)> = site
        .sections
        .iter()
        .filter(|s| s.parent == Some(0) && (!s.pages.is_empty() || s.source.is_some()))
        .map(|s| (s.front.weight.unwrap_or(0), s.title.clone(), s.url.clone()))
        .collect();
    menu.extend(
        site.pages
            .iter()
            .filter(|p| p.section == Some(0))
            .map(|p| (p.front.weight.unwrap_or(0), p.title.clone(), p.url.clone())),
    );
    menu.sort();
    let menu: Vec<serde_json::Value> = menu
        .into_iter()
        .map(|(_, title, url)| serde_json::json!({"title": title, "url": url}))
        .collect();
    let taxonomies: Vec<serde_json::Value> = site
        .taxonomies
        .iter()
        .map(|t| serde_json::json!({"name": t.name, "url": t.url, "count": t.terms.len()}))
        .collect();
    let mut globals = serde_json::Map::new();
    globals.insert(
        "config".into(),
        serde_json::json!({
            "title": config.title,
            "description": config.description,
            "base_url": config.base_url,
            "base_path": config.base_path,
            "language": config.language,
            "author": config.author,
            "extra": config.extra,
            "feed": config.feed,
        }),
    );
    globals.insert(
        "site".into(),
        serde_json::json!({
            "menu": menu,
            "taxonomies": taxonomies,
            "rss_url": config.feed.enabled.then(|| config.url_path("/rss.xml")),
            "atom_url": config.feed.enabled.then(|| config.url_path("/atom.xml")),
            "generator": format!("rapport {}", env!("CARGO_PKG_VERSION")),
        }),
    );
    globals
}

/// Where a file of the output is copied from.
enum AssetSource<'a> {
    Theme(&'a templates::ThemeAsset),
    File(&'a PathBuf),
}

/// Every file to copy by site path: the theme's assets, then `static/` and
/// content assets, which win over the theme's.
fn asset_plan<'a>(
    site: &'a content::Site,
    theme: &'a [(String, templates::ThemeAsset)],
) -> BTreeMap<&'a str, AssetSource<'a>> {
    let mut plan = BTreeMap::new();
    for (path, asset) in theme {
        plan.insert(path.as_str(), AssetSource::Theme(asset));
    }
    for (from, path) in &site.copies {
        plan.insert(path.as_str(), AssetSource::File(from));
    }
    plan
}

/// Every stylesheet of the plan, read and minified, with its hashed name.
fn read_stylesheets(
    plan: &BTreeMap<&str, AssetSource<'_>>,
    minify: bool,
    diagnostics: &Diagnostics,
) -> stylesheets::Stylesheets {
    let mut files = Vec::new();
    for (path, from) in plan
        .iter()
        .filter(|(path, _)| stylesheets::is_stylesheet(path))
    {
        let bytes = match from {
            AssetSource::Theme(templates::ThemeAsset::Embedded(bytes)) => Ok(bytes.to_vec()),
            AssetSource::Theme(templates::ThemeAsset::File(file)) | &AssetSource::File(file) => {
                std::fs::read(file)
            }
        };
        match bytes {
            Ok(bytes) => files.push((path.to_string(), bytes)),
            Err(e) => diagnostics.push(unreadable_asset(path, &e)),
        }
    }
    stylesheets::Stylesheets::prepare(files, minify)
}

fn unreadable_asset(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("copy", format!("cannot copy {path}: {error}"))
        .with_help("check that the file is readable and the disk has space")
}

/// Copies the plan's files. CSS is minified on the way; stylesheets with
/// hashed names are written as prepared.
fn copy_files(
    plan: &BTreeMap<&str, AssetSource<'_>>,
    stylesheets: &stylesheets::Stylesheets,
    minify: bool,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
) -> (usize, u64) {
    let prepared = stylesheets
        .files()
        .map(|(path, bytes)| (path, sink.write(path, bytes).map(|()| bytes.len() as u64)));
    let copied = plan
        .par_iter()
        .filter(|(path, _)| !stylesheets.contains(path))
        .map(|(path, from)| {
            let result = match from {
                AssetSource::Theme(templates::ThemeAsset::Embedded(bytes)) => {
                    write_asset(sink, path, bytes, minify)
                }
                AssetSource::Theme(templates::ThemeAsset::File(file))
                | &AssetSource::File(file) => {
                    if minify && stylesheets::is_stylesheet(path) {
                        std::fs::read(file).and_then(|bytes| write_asset(sink, path, &bytes, true))
                    } else {
                        std::fs::metadata(file)
                            .and_then(|m| sink.copy(path, file).map(|()| m.len()))
                    }
                }
            };
            (*path, result)
        });
    let results: Vec<(&str, std::io::Result<u64>)> =
        prepared.chain(copied.collect::<Vec<_>>()).collect();
    let mut totals = (0, 0);
    for (path, result) in results {
        match result {
            Ok(bytes) => totals = (totals.0 + 1, totals.1 + bytes),
            Err(e) => diagnostics.push(unreadable_asset(path, &e)),
        }
    }
    totals
}

fn write_asset(sink: &dyn Sink, path: &str, bytes: &[u8], minify: bool) -> std::io::Result<u64> {
    if let Some(small) = stylesheets::minified(path, bytes, minify) {
        sink.write(path, &small)?;
        return Ok(small.len() as u64);
    }
    sink.write(path, bytes)?;
    Ok(bytes.len() as u64)
}
