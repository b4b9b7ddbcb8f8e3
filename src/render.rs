//! Render: turn the [`Site`] and each page's rendered Markdown into output
//! files: pages, paginated lists (home, sections, taxonomy terms), feeds,
//! sitemap, robots.txt, 404 and alias redirects. Every page is rendered
//! from light views (`PageSummary`) so list pages never carry whole pages.
//! Files go straight to the [`Sink`] as they are made, in parallel.

use crate::content::{PageId, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::incremental::{Fingerprint, PageMemo};
use crate::markdown::{RenderedMarkdown, TocEntry};
use crate::output::Sink;
use crate::templates::Templates;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use tera::{Context, Value};

/// The template of the Mastodon instance picker page.
const MASTODON_PICKER_TEMPLATE: &str = "share_mastodon.html";

/// What rendering produced, for the build summary.
#[derive(Debug, Default, Clone, Serialize)]
pub struct RenderStats {
    pub pages: usize,
    pub list_pages: usize,
    pub feeds: usize,
    pub aliases: usize,
    pub files_written: usize,
    pub bytes_written: u64,
    /// Pages made from their templates (not taken from a memo).
    pub rendered: usize,
}

/// Counts files as they are written.
#[derive(Default)]
struct Counter {
    files: AtomicUsize,
    bytes: AtomicU64,
    rendered: AtomicUsize,
}

struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    sink: &'a dyn Sink,
    problems: &'a Diagnostics,
    contents: &'a [RenderedMarkdown],
    covers: &'a [Option<Cover>],
    cards: &'a [Option<crate::cards::Card>],
    /// Each page's summary as templates see it, made on first use.
    summaries: Vec<OnceLock<Value>>,
    counter: Counter,
    /// With a memo: each page's summary fingerprint, and what the template
    /// globals hash to (every page shows them).
    memo: Option<Memos<'a>>,
}

struct Memos<'a> {
    pages: &'a PageMemo<'a>,
    summaries: Vec<u128>,
    globals: u128,
}

/// A list item: what list pages, feeds and neighbours know of a page.
#[derive(Serialize)]
struct PageSummary<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: &'a str,
    permalink: &'a str,
    slug: &'a str,
    date: Option<String>,
    updated: Option<String>,
    summary: &'a str,
    word_count: usize,
    reading_time: usize,
    image: Option<String>,
    /// The cover as an absolute URL, for Open Graph and feeds.
    image_permalink: Option<String>,
    /// The size of the image at `image_permalink`, when rapport processed it.
    image_width: Option<u32>,
    image_height: Option<u32>,
    /// `image_permalink` is a generated link card (the post has no cover).
    image_generated: bool,
    image_alt: Option<&'a str>,
    author: Option<&'a str>,
    kind: Option<crate::frontmatter::ContentKind>,
    draft: bool,
    tags: Vec<TermLink<'a>>,
    taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize, Clone)]
struct TermLink<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
}

/// What only a page's own page shows; templates see it after the fields of
/// its summary, in one `page` map.
#[derive(Serialize)]
struct PageView<'a> {
    content: &'a str,
    toc: &'a [TocEntry],
    prompts: &'a [String],
    discussion: &'a [String],
    source: &'a str,
    section: Option<SectionLink<'a>>,
    /// Always `None` here: the neighbours' summaries are put in the map
    /// afterwards, in these places, as the values they already are
    /// (serializing a value again would copy it whole).
    newer: Option<()>,
    older: Option<()>,
    /// Lead discussion prompt and share links; none for pages without prompts.
    conversation: Option<&'a Conversation>,
    /// The processed cover; none without a cover or when images are off.
    cover: Option<&'a Cover>,
    /// The first `discussion:` link whose replies can be shown, when
    /// `[social] show_replies` is on; none otherwise.
    replies: Option<crate::social::replies::RepliesView>,
}

/// What earlier stages made for each page, beside its Markdown
/// (`leads[id]` and `covers[id]` belong to `site.pages[id]`), and,
/// for an incremental rebuild, the previous build's pages.
#[derive(Clone, Copy)]
pub(crate) struct PageExtras<'a> {
    /// Each page's lead discussion prompt, and its conversation block
    /// (made from the prompt and the page's title, permalink and slug).
    pub(crate) leads: &'a [Option<&'a str>],
    pub(crate) conversation: &'a (dyn Fn(PageId) -> Option<Conversation> + Sync),
    pub(crate) covers: &'a [Option<Cover>],
    /// Generated link cards, for posts without a cover.
    pub(crate) cards: &'a [Option<crate::cards::Card>],
    pub(crate) memo: Option<&'a PageMemo<'a>>,
}

/// A page's processed cover, for templates.
#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    /// `<picture>` markup, loaded at once (the cover is the page's first image).
    pub html: String,
    /// Size of the fallback shown to browsers without `srcset`.
    pub width: u32,
    pub height: u32,
    /// The social card crop (1200x630 JPEG, smaller for small covers), absolute.
    pub og_url: String,
    pub og_width: u32,
    pub og_height: u32,
    /// The original's size, after EXIF orientation.
    pub original_width: u32,
    pub original_height: u32,
}

#[derive(Serialize)]
struct SectionLink<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct Paginator {
    /// Always `None` here: the summaries are put in the map afterwards, in
    /// this place, as the values they already are.
    pages: Option<()>,
    current_index: usize,
    number_pagers: usize,
    total_items: usize,
    first: String,
    last: String,
    previous: Option<String>,
    next: Option<String>,
}

/// The "Join the conversation" block of a page: its lead prompt and share links.
#[derive(Debug, Clone, Serialize)]
pub struct Conversation {
    pub prompt: String,
    pub share: Vec<ShareLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShareLink {
    pub label: &'static str,
    pub url: String,
}

/// Renders everything into `sink`. `contents[i]` is the Markdown of `site.pages[i]`;
/// `section_contents[i]` that of `site.sections[i]`. Each page's HTML is
/// freed once its page is made, the rest once every page is.
pub(crate) fn render(
    site: &Site,
    contents: Vec<RenderedMarkdown>,
    section_contents: &[RenderedMarkdown],
    extras: &PageExtras<'_>,
    templates: &Templates,
    sink: &dyn Sink,
    problems: &Diagnostics,
) -> RenderStats {
    let PageExtras {
        leads,
        conversation,
        covers,
        cards,
        memo,
    } = *extras;
    let cover = |id: PageId| covers.get(id).and_then(Option::as_ref);
    let card = |id: PageId| cards.get(id).and_then(Option::as_ref);
    // A memo needs every summary's fingerprint; the template values are
    // made only for the pages rendered (all of them without a memo).
    let memo = memo.map(|pages| Memos {
        pages,
        summaries: (0..site.pages.len())
            .into_par_iter()
            .map(|id| {
                // The summary's HTML raw, the rest as JSON: escaping every
                // summary of a big site was most of this.
                let mut view = summary(site, id, &contents[id], cover(id), card(id));
                let html = std::mem::take(&mut view.summary);
                Fingerprint::new().str(html).json(&view).finish()
            })
            .collect(),
        globals: templates.globals_key(),
    });
    // Post pages are made first and each frees its HTML as it goes, so that
    // the list pages' summaries never sit in memory beside every post's
    // HTML. What lists and neighbours need (summary, word count, reading
    // time) stays in these copies without the HTML.
    let no_html: std::sync::Arc<str> = std::sync::Arc::from("");
    let light: Vec<RenderedMarkdown> = contents
        .iter()
        .map(|content| RenderedMarkdown {
            html: std::sync::Arc::clone(&no_html),
            ..content.clone()
        })
        .collect();
    let mut renderer = Renderer {
        site,
        templates,
        sink,
        problems,
        contents: &light,
        covers,
        cards,
        summaries: (0..site.pages.len()).map(|_| OnceLock::new()).collect(),
        counter: Counter::default(),
        memo,
    };
    let feeds = renderer.feeds(&contents);
    let pages = renderer.pages(contents, leads, conversation, covers);
    let list_pages = renderer.lists(&light, section_contents);
    let aliases = renderer.aliases();
    renderer.sitemap();
    renderer.robots();
    renderer.not_found();
    renderer.mastodon_picker();
    let stats = RenderStats {
        pages,
        list_pages,
        feeds,
        aliases,
        files_written: renderer.counter.files.load(Ordering::Relaxed),
        bytes_written: renderer.counter.bytes.load(Ordering::Relaxed),
        rendered: renderer.counter.rendered.load(Ordering::Relaxed),
    };
    // The summaries made for templates borrow nothing: they go too.
    let summaries = std::mem::take(&mut renderer.summaries);
    drop(renderer);
    crate::drop_in_background((light, summaries));
    stats
}

fn summary<'a>(
    site: &'a Site,
    id: PageId,
    content: &'a RenderedMarkdown,
    cover: Option<&Cover>,
    card: Option<&crate::cards::Card>,
) -> PageSummary<'a> {
    let page = &site.pages[id];
    let taxonomies: BTreeMap<&str, Vec<TermLink<'_>>> = page
        .terms
        .iter()
        .map(|(taxonomy, terms)| {
            let links = terms
                .iter()
                .map(|(name, slug)| TermLink {
                    name,
                    slug,
                    url: site.config.url_path(&format!("/{taxonomy}/{slug}/")),
                })
                .collect();
            (taxonomy.as_str(), links)
        })
        .collect();
    PageSummary {
        title: &page.title,
        description: page.front.description.as_deref(),
        url: &page.url,
        permalink: &page.permalink,
        slug: &page.slug,
        date: page.front.date.map(|d| d.rfc3339()),
        updated: page.front.updated.map(|d| d.rfc3339()),
        summary: &content.summary,
        word_count: content.word_count,
        reading_time: content.reading_time,
        image: page
            .front
            .image
            .as_deref()
            .map(|image| asset_url(site, page.bundle_dir.as_deref(), image)),
        image_permalink: match (cover, card) {
            (Some(cover), _) => Some(cover.og_url.clone()),
            (None, Some(card)) => Some(card.url.clone()),
            (None, None) => page.front.image.as_deref().map(|image| {
                let url = asset_url(site, page.bundle_dir.as_deref(), image);
                if url.starts_with('/') {
                    site.config.permalink(&url)
                } else {
                    url
                }
            }),
        },
        image_width: cover.map(|c| c.og_width).or(card.map(|c| c.width)),
        image_height: cover.map(|c| c.og_height).or(card.map(|c| c.height)),
        image_generated: cover.is_none() && card.is_some(),
        image_alt: page.front.image_alt.as_deref(),
        author: page
            .front
            .author
            .as_deref()
            .or(site.config.author.as_deref()),
        kind: page.front.kind,
        draft: page.front.draft,
        tags: taxonomies.get("tags").cloned().unwrap_or_default(),
        taxonomies,
        extra: &page.front.extra,
    }
}

/// The replies a page can offer to show (see [`crate::social::replies`]).
fn replies(site: &Site, id: PageId) -> Option<crate::social::replies::RepliesView> {
    if !site.config.social_config.show_replies {
        return None;
    }
    site.pages[id]
        .front
        .discussion
        .iter()
        .find_map(|url| crate::social::replies::Thread::parse(url).map(|thread| thread.view(url)))
}

/// The URL of an image or file named in front matter: relative names are
/// in the page bundle, root-relative ones get the base path, full URLs stay.
fn asset_url(site: &Site, bundle_dir: Option<&str>, name: &str) -> String {
    if name.contains("://") || name.starts_with("//") || name.starts_with("data:") {
        name.to_string()
    } else if let Some(rest) = name.strip_prefix('/') {
        site.config.url_path(&format!("/{rest}"))
    } else {
        match bundle_dir {
            Some(dir) => site.config.url_path(&format!("{dir}{name}")),
            None => site.config.url_path(&format!("/{name}")),
        }
    }
}

impl Renderer<'_> {
    fn emit(&self, site_path: &str, bytes: &[u8], source: Option<&Path>) {
        let written = self.sink.write(site_path, bytes);
        self.count(site_path, bytes.len(), written, source);
    }

    /// Passes on a page an earlier build made from the same inputs.
    fn emit_shared(&self, site_path: &str, bytes: &std::sync::Arc<[u8]>, source: Option<&Path>) {
        let written = self.sink.write_shared(site_path, bytes);
        self.count(site_path, bytes.len(), written, source);
    }

    /// Counts a written file, or reports why it could not be written.
    fn count(
        &self,
        site_path: &str,
        len: usize,
        written: std::io::Result<()>,
        source: Option<&Path>,
    ) {
        match written {
            Ok(()) => {
                self.counter.files.fetch_add(1, Ordering::Relaxed);
                self.counter.bytes.fetch_add(len as u64, Ordering::Relaxed);
            }
            Err(e) => self.emit_failed(site_path, &e, source),
        }
    }

    fn emit_failed(&self, site_path: &str, e: &std::io::Error, source: Option<&Path>) {
        let mut d = Diagnostic::error("write", format!("cannot write {site_path}: {e}"))
            .with_help("check free disk space and permissions of the output folder");
        if let Some(source) = source {
            d = d.in_file(source);
        }
        self.problems.push(d);
    }

    /// Renders a template and writes the minified page to `dir_path/index.html`
    /// (or to `dir_path` itself when it names an `.html` file). The context
    /// is made only when needed: with a memo, a page whose inputs hash to
    /// what its earlier version was made from is passed on as it was.
    fn emit_page_with(&self, made: Made<'_>, context: impl FnOnce() -> Context) -> bool {
        let target = if made.dir_path.ends_with(".html") {
            made.dir_path.to_string()
        } else {
            format!("{}index.html", made.dir_path)
        };
        if let (Some(memo), Some(inputs)) = (&self.memo, made.inputs) {
            let fingerprint = Fingerprint::new()
                .number(memo.globals)
                .str(made.template)
                .number(inputs)
                .finish();
            if let Some(bytes) = memo.pages.lookup(&target, fingerprint) {
                self.emit_shared(&target, bytes, made.source);
                return true;
            }
        }
        self.counter.rendered.fetch_add(1, Ordering::Relaxed);
        let (template, source, fragments) = (made.template, made.source, made.fragments);
        // The page's Markdown plus room for the template's own markup.
        let size_hint = fragments.iter().map(|f| f.len()).sum::<usize>() + 16 * 1024;
        match self
            .templates
            .render(template, &context(), source, size_hint)
        {
            Ok(rendered) => {
                let bytes = if self.site.config.minify && !rendered.minified {
                    crate::minify::page(&rendered.into_text(), fragments)
                } else {
                    rendered.bytes
                };
                self.emit(&target, &bytes, source);
                true
            }
            Err(d) => {
                self.problems.push(d);
                false
            }
        }
    }

    /// The fingerprint of a list's template variables; 0 without a memo.
    fn key_of<T: Serialize>(&self, value: &T) -> u128 {
        self.memo
            .as_ref()
            .map_or(0, |_| Fingerprint::new().json(value).finish())
    }

    /// The fingerprint of a summary-list (paginator items) for list pages.
    fn items_key(&self, items: &[PageId]) -> u128 {
        let mut f = Fingerprint::new();
        if let Some(memo) = &self.memo {
            for &id in items {
                f.number(memo.summaries[id]);
            }
        }
        f.finish()
    }

    /// A page's summary as templates see it (list items, neighbours).
    fn summary_value(&self, id: PageId) -> Value {
        self.summaries[id]
            .get_or_init(|| {
                let cover = self.covers.get(id).and_then(Option::as_ref);
                let card = self.cards.get(id).and_then(Option::as_ref);
                Value::from_serializable(&summary(self.site, id, &self.contents[id], cover, card))
            })
            .clone()
    }

    fn pages(
        &self,
        contents: Vec<RenderedMarkdown>,
        leads: &[Option<&str>],
        conversation: &(dyn Fn(PageId) -> Option<Conversation> + Sync),
        covers: &[Option<Cover>],
    ) -> usize {
        let site = self.site;
        contents
            .into_par_iter()
            .enumerate()
            .filter(|(id, content)| {
                let id = *id;
                let page = &site.pages[id];
                let section = page
                    .section
                    .map(|s| &site.sections[s])
                    .filter(|s| !s.dir.is_empty());
                let cover = covers.get(id).and_then(Option::as_ref);
                let template = page.front.template.as_deref().unwrap_or("page.html");
                // Everything the view below holds: the summaries (its own and
                // its neighbours') by their fingerprints.
                let inputs = self.memo.as_ref().map(|memo| {
                    let neighbour = |n: Option<PageId>| n.map_or(0, |n| memo.summaries[n]);
                    Fingerprint::new()
                        .number(memo.summaries[id])
                        .str(&content.html)
                        .hashed(&content.toc)
                        .json(&page.front.prompts)
                        .json(&page.front.discussion)
                        .str(&page.rel)
                        .json(&section.map(|s| (&s.title, &s.url)))
                        .number(neighbour(page.newer))
                        .number(neighbour(page.older))
                        // The conversation block: the lead prompt, and the
                        // title, permalink and slug (in the summary).
                        .json(&leads.get(id))
                        .json(&cover)
                        .str(&page.permalink)
                        .str(&page.url)
                        .finish()
                });
                let made = Made {
                    template,
                    dir_path: &page.path,
                    source: Some(&page.source),
                    fragments: &[&content.html],
                    inputs,
                };
                self.emit_page_with(made, || {
                    let conversation = conversation(id);
                    let view = PageView {
                        content: &content.html,
                        toc: &content.toc,
                        prompts: &page.front.prompts,
                        discussion: &page.front.discussion,
                        source: &page.rel,
                        section: section.map(|s| SectionLink {
                            title: &s.title,
                            url: &s.url,
                        }),
                        newer: None,
                        older: None,
                        conversation: conversation.as_ref(),
                        cover,
                        replies: replies(site, id),
                    };
                    // The summary is made once for the page, its neighbours
                    // and the lists, not serialized again here.
                    let mut fields = self.summary_value(id).into_map().unwrap_or_default();
                    fields.extend(
                        Value::from_serializable(&view)
                            .into_map()
                            .unwrap_or_default(),
                    );
                    for (key, neighbour) in [("newer", page.newer), ("older", page.older)] {
                        if let Some(neighbour) = neighbour {
                            fields.insert(key.into(), self.summary_value(neighbour));
                        }
                    }
                    let mut context = Context::new();
                    context.insert_value("page", Value::from(fields));
                    context.insert("current_url", &page.permalink);
                    context.insert("current_path", &page.url);
                    context
                })
            })
            .count()
    }

    /// Home, section and taxonomy pages, each paginated.
    fn lists(&self, contents: &[RenderedMarkdown], section_contents: &[RenderedMarkdown]) -> usize {
        let site = self.site;
        let mut jobs: Vec<ListJob<'_>> = Vec::new();
        for (id, section) in site.sections.iter().enumerate() {
            let items: &[PageId] = if section.dir.is_empty() {
                &site.posts
            } else {
                &section.pages
            };
            let content = section_contents.get(id).map(|c| &*c.html).unwrap_or("");
            let mut view = serde_json::json!({
                "title": section.title,
                "description": section.front.description,
                "url": section.url,
                "permalink": section.permalink,
                "content": content,
                "extra": section.front.extra,
            });
            if section.dir.is_empty()
                && let Some(obj) = view.as_object_mut()
            {
                obj.insert(
                    "title".into(),
                    serde_json::Value::String(
                        section
                            .front
                            .title
                            .clone()
                            .unwrap_or_else(|| site.config.title.clone()),
                    ),
                );
            }
            let template = section.front.template.clone().unwrap_or_else(|| {
                if section.dir.is_empty() {
                    "index.html".into()
                } else {
                    "section.html".into()
                }
            });
            let key = self.key_of(&view);
            // A blog whose posts all sit in one section would list them
            // twice, under `/page/N/` and `/posts/page/N/`: the home page
            // then goes on to the section's second page instead.
            let twin = section.dir.is_empty().then(|| {
                site.sections.iter().find(|other| {
                    !other.dir.is_empty()
                        && other.paginate_by == section.paginate_by
                        && other.pages == site.posts
                })
            });
            let pages = match twin.flatten() {
                Some(twin) => home_before(items, section.paginate_by, &section.path, &twin.path),
                None => paginate(items, section.paginate_by, &section.path),
            };
            jobs.extend(pages.into_iter().map(|page| ListJob {
                template: template.clone(),
                vars: vec![("section", Value::from_serializable(&view))],
                page,
                source: section.source.as_deref(),
                key,
            }));
        }
        for taxonomy in &site.taxonomies {
            let terms: Vec<serde_json::Value> = taxonomy
                .terms
                .iter()
                .map(|t| serde_json::json!({"name": t.name, "slug": t.slug, "url": t.url, "permalink": t.permalink, "count": t.pages.len()}))
                .collect();
            let taxonomy_view = Value::from_serializable(&serde_json::json!({
                "name": taxonomy.name,
                "url": taxonomy.url,
                "permalink": taxonomy.permalink,
                "terms": terms,
            }));
            let taxonomy_key = self.key_of(&taxonomy_view);
            jobs.push(ListJob {
                template: "taxonomy_list.html".into(),
                vars: vec![("taxonomy", taxonomy_view.clone())],
                page: ListPage::single(&taxonomy.path),
                source: None,
                key: taxonomy_key,
            });
            for term in &taxonomy.terms {
                let term_view = Value::from_serializable(&serde_json::json!({
                    "name": term.name,
                    "slug": term.slug,
                    "url": term.url,
                    "permalink": term.permalink,
                    "count": term.pages.len(),
                    "feed_url": self.site.config.feed.enabled.then(|| format!("{}rss.xml", term.url)),
                }));
                let key = self.memo.as_ref().map_or(0, |_| {
                    Fingerprint::new()
                        .number(taxonomy_key)
                        .json(&term_view)
                        .finish()
                });
                jobs.extend(
                    paginate(&term.pages, site.config.paginate_by, &term.path)
                        .into_iter()
                        .map(|page| ListJob {
                            template: "taxonomy_single.html".into(),
                            vars: vec![
                                ("taxonomy", taxonomy_view.clone()),
                                ("term", term_view.clone()),
                            ],
                            page,
                            source: None,
                            key,
                        }),
                );
            }
        }
        jobs.par_iter()
            .filter(|job| {
                if job.page.redirect_to.is_some() {
                    return false;
                }
                let url = site.config.url_path(&job.page.path);
                let inputs = self.memo.as_ref().map(|_| {
                    let mut f = Fingerprint::new();
                    f.number(job.key).str(&url);
                    if let Some(p) = &job.page.paginator {
                        f.number(self.items_key(&p.items))
                            .json(&(p.index, p.count, p.total, &p.first, &p.last))
                            .json(&(&p.previous, &p.next));
                    }
                    f.finish()
                });
                // The summaries, as the template shows them in item order.
                let fragments: Vec<&str> = job
                    .page
                    .paginator
                    .iter()
                    .flat_map(|p| &p.items)
                    .filter_map(|&id| contents.get(id).map(|c| &*c.summary))
                    .collect();
                let made = Made {
                    template: &job.template,
                    dir_path: &job.page.path,
                    source: job.source,
                    fragments: &fragments,
                    inputs,
                };
                self.emit_page_with(made, || {
                    let mut context = Context::new();
                    for (name, value) in &job.vars {
                        context.insert_value(*name, value.clone());
                    }
                    if let Some(paginator) = &job.page.paginator {
                        let pages: Vec<Value> = paginator
                            .items
                            .iter()
                            .map(|&id| self.summary_value(id))
                            .collect();
                        let paginator = Paginator {
                            pages: None,
                            current_index: paginator.index,
                            number_pagers: paginator.count,
                            total_items: paginator.total,
                            first: site.config.url_path(&paginator.first),
                            last: site.config.url_path(&paginator.last),
                            previous: paginator
                                .previous
                                .as_deref()
                                .map(|p| site.config.url_path(p)),
                            next: paginator.next.as_deref().map(|p| site.config.url_path(p)),
                        };
                        let mut fields = Value::from_serializable(&paginator)
                            .into_map()
                            .unwrap_or_default();
                        fields.insert("pages".into(), Value::from(pages));
                        context.insert_value("paginator", Value::from(fields));
                    }
                    context.insert("current_url", &site.config.permalink(&url));
                    context.insert("current_path", &url);
                    context
                })
            })
            .count()
            + self.pagination_redirects(&jobs)
    }

    /// `/posts/page/1/` redirects to `/posts/`.
    fn pagination_redirects(&self, jobs: &[ListJob<'_>]) -> usize {
        jobs.iter()
            .filter_map(|job| {
                job.page
                    .redirect_to
                    .as_ref()
                    .map(|to| (job.page.path.as_str(), to))
            })
            .map(|(from, to)| {
                let url = self.site.config.permalink(&self.site.config.url_path(to));
                self.emit(
                    &format!("{from}index.html"),
                    redirect_page(&url, &self.site.config.language).as_bytes(),
                    None,
                );
            })
            .count()
    }

    fn aliases(&self) -> usize {
        let mut count = 0;
        for page in &self.site.pages {
            for alias in &page.front.aliases {
                let path = crate::content::normalise_alias(alias);
                let target = if path.ends_with(".html") || path.ends_with(".htm") {
                    path
                } else {
                    format!("{path}index.html")
                };
                self.emit(
                    &target,
                    redirect_page(&page.permalink, &self.site.config.language).as_bytes(),
                    Some(&page.source),
                );
                count += 1;
            }
        }
        count
    }

    fn not_found(&self) {
        if !self.templates.has("404.html") {
            return;
        }
        self.standalone("404.html", "/404.html");
    }

    /// The page where readers name their Mastodon server, when the site
    /// names none (`[social] mastodon_instance`): share links go there.
    fn mastodon_picker(&self) {
        if self.site.config.social_config.mastodon_instance.is_some()
            || !self.templates.has(MASTODON_PICKER_TEMPLATE)
        {
            return;
        }
        self.standalone(MASTODON_PICKER_TEMPLATE, crate::social::MASTODON_PICKER);
    }

    /// A page that only knows where it is (`/404.html`, the picker): its
    /// template with `current_url` and `current_path`.
    fn standalone(&self, template: &str, site_path: &str) {
        let config = &self.site.config;
        let path = config.url_path(site_path);
        let url = config.permalink(&path);
        let made = Made {
            template,
            dir_path: site_path,
            source: None,
            fragments: &[],
            inputs: Some(Fingerprint::new().str(&url).str(&path).finish()),
        };
        self.emit_page_with(made, || {
            let mut context = Context::new();
            context.insert("current_url", &url);
            context.insert("current_path", &path);
            context
        });
    }

    fn robots(&self) {
        let text = format!(
            "User-agent: *\nDisallow:\n\nSitemap: {}sitemap.xml\n",
            self.site.config.base_url
        );
        self.emit("/robots.txt", text.as_bytes(), None);
    }

    fn sitemap(&self) {
        let site = self.site;
        let mut xml = String::with_capacity(128 * (site.pages.len() + 16));
        xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        let newest = site.posts.first().and_then(|&id| last_modified(site, id));
        for section in &site.sections {
            if section.dir.is_empty() || !section.pages.is_empty() || section.source.is_some() {
                push_url(&mut xml, &section.permalink, newest.as_deref());
            }
        }
        for (id, page) in site.pages.iter().enumerate() {
            push_url(
                &mut xml,
                &page.permalink,
                last_modified(site, id).as_deref(),
            );
        }
        for taxonomy in &site.taxonomies {
            if taxonomy.terms.is_empty() {
                continue;
            }
            push_url(&mut xml, &taxonomy.permalink, newest.as_deref());
            for term in &taxonomy.terms {
                push_url(
                    &mut xml,
                    &term.permalink,
                    term.pages
                        .first()
                        .and_then(|&id| last_modified(site, id))
                        .as_deref(),
                );
            }
        }
        xml.push_str("</urlset>\n");
        self.emit("/sitemap.xml", xml.as_bytes(), None);
    }

    /// Site-wide RSS and Atom feeds, and one pair per taxonomy term.
    fn feeds(&self, contents: &[RenderedMarkdown]) -> usize {
        let site = self.site;
        if !site.config.feed.enabled {
            return 0;
        }
        let mut feeds: Vec<(String, String, &[PageId])> =
            vec![("/".to_string(), site.config.title.clone(), &site.posts)];
        for taxonomy in &site.taxonomies {
            for term in &taxonomy.terms {
                feeds.push((
                    term.path.clone(),
                    format!("{} – {}", site.config.title, term.name),
                    &term.pages,
                ));
            }
        }
        feeds
            .par_iter()
            .map(|(dir, title, items)| {
                let items: Vec<PageId> = items
                    .iter()
                    .copied()
                    .filter(|&id| site.pages[id].is_post)
                    .take(site.config.feed.limit)
                    .collect();
                let feed = crate::feeds::Feed {
                    site,
                    dir,
                    title,
                    items: &items,
                    contents,
                };
                // A feed shows its items' summary data (title, dates, author,
                // terms, summary) and content.
                let inputs = self.memo.as_ref().map(|memo| {
                    let mut f = Fingerprint::new();
                    f.str(dir).str(title);
                    for &id in &items {
                        f.number(memo.summaries[id]);
                        f.str(contents.get(id).map_or("", |c| &*c.html));
                    }
                    f.finish()
                });
                for (file, make) in [
                    ("rss.xml", &(|| feed.rss()) as &dyn Fn() -> String),
                    ("atom.xml", &|| feed.atom()),
                ] {
                    let path = format!("{dir}{file}");
                    let earlier = self.memo.as_ref().zip(inputs).and_then(|(memo, inputs)| {
                        let key = Fingerprint::new().number(inputs).str(file).finish();
                        memo.pages.lookup(&path, key)
                    });
                    match earlier {
                        Some(bytes) => self.emit_shared(&path, bytes, None),
                        None => self.emit(&path, make().as_bytes(), None),
                    }
                }
                2
            })
            .sum()
    }
}

fn last_modified(site: &Site, id: PageId) -> Option<String> {
    let front = &site.pages[id].front;
    front.updated.or(front.date).map(|d| d.rfc3339())
}

fn push_url(xml: &mut String, loc: &str, lastmod: Option<&str>) {
    let _ = write!(xml, "<url><loc>{}</loc>", crate::feeds::escape_xml(loc));
    if let Some(lastmod) = lastmod {
        let _ = write!(xml, "<lastmod>{lastmod}</lastmod>");
    }
    xml.push_str("</url>\n");
}

fn redirect_page(url: &str, language: &str) -> String {
    let url = crate::feeds::escape_xml(url);
    let language = crate::feeds::escape_xml(language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Redirecting…</title><link rel=\"canonical\" href=\"{url}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={url}\"></head><body><p>This page has moved to <a href=\"{url}\">{url}</a>.</p></body></html>\n"
    )
}

struct ListJob<'a> {
    template: String,
    vars: Vec<(&'static str, Value)>,
    page: ListPage,
    source: Option<&'a Path>,
    /// Fingerprint of `vars` (0 without a memo).
    key: u128,
}

/// What [`Renderer::emit_page_with`] makes: a template into a path.
struct Made<'a> {
    template: &'a str,
    dir_path: &'a str,
    source: Option<&'a Path>,
    /// The Markdown HTML the page shows, in page order, which the minifier
    /// treats apart (see [`crate::minify::page`]).
    fragments: &'a [&'a str],
    /// Fingerprint of everything the context holds; `None` renders always.
    inputs: Option<u128>,
}

/// One page of a list: its site path and, if it lists items, which.
struct ListPage {
    path: String,
    paginator: Option<Pagination>,
    redirect_to: Option<String>,
}

impl ListPage {
    fn single(path: &str) -> ListPage {
        ListPage {
            path: path.to_string(),
            paginator: None,
            redirect_to: None,
        }
    }
}

struct Pagination {
    items: Vec<PageId>,
    index: usize,
    count: usize,
    total: usize,
    first: String,
    last: String,
    previous: Option<String>,
    next: Option<String>,
}

/// Splits `items` into pages of `per_page`: the first at `base`, then
/// `base/page/2/` and on; plus a redirect from `base/page/1/`.
fn paginate(items: &[PageId], per_page: usize, base: &str) -> Vec<ListPage> {
    let per_page = per_page.max(1);
    let count = items.len().div_ceil(per_page).max(1);
    let path_of = |n: usize| {
        if n == 1 {
            base.to_string()
        } else {
            format!("{base}page/{n}/")
        }
    };
    let mut pages: Vec<ListPage> = (1..=count)
        .map(|n| {
            let start = (n - 1) * per_page;
            let end = (start + per_page).min(items.len());
            ListPage {
                path: path_of(n),
                paginator: Some(Pagination {
                    items: items[start.min(items.len())..end].to_vec(),
                    index: n,
                    count,
                    total: items.len(),
                    first: path_of(1),
                    last: path_of(count),
                    previous: (n > 1).then(|| path_of(n - 1)),
                    next: (n < count).then(|| path_of(n + 1)),
                }),
                redirect_to: None,
            }
        })
        .collect();
    if count > 1 {
        pages.push(ListPage {
            path: format!("{base}page/1/"),
            paginator: None,
            redirect_to: Some(base.to_string()),
        });
    }
    pages
}

/// The home page when the section at `twin` lists the same posts: its
/// first page at `base`, going on to the section's second page.
fn home_before(items: &[PageId], per_page: usize, base: &str, twin: &str) -> Vec<ListPage> {
    let mut pages = paginate(items, per_page, twin);
    pages.truncate(1);
    for page in &mut pages {
        page.path = base.to_string();
        if let Some(paginator) = &mut page.paginator {
            paginator.first = base.to_string();
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_home_page_that_a_section_repeats_goes_on_into_it() {
        let items: Vec<PageId> = (0..12).collect();
        let pages = home_before(&items, 5, "/", "/posts/");
        assert_eq!(pages.len(), 1, "no /page/N/ and no /page/1/ redirect");
        let home = pages[0].paginator.as_ref().expect("paginated");
        assert_eq!(pages[0].path, "/");
        assert_eq!(home.items, vec![0, 1, 2, 3, 4]);
        assert_eq!(home.next.as_deref(), Some("/posts/page/2/"));
        assert_eq!(
            (home.first.as_str(), home.last.as_str()),
            ("/", "/posts/page/3/")
        );
        assert_eq!((home.index, home.count), (1, 3));
    }

    #[test]
    fn pagination_splits_and_links_pages() {
        let items: Vec<PageId> = (0..12).collect();
        let pages = paginate(&items, 5, "/posts/");
        let paths: Vec<_> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/posts/",
                "/posts/page/2/",
                "/posts/page/3/",
                "/posts/page/1/"
            ]
        );
        let second = pages[1].paginator.as_ref().expect("paginated");
        assert_eq!(second.items, [5, 6, 7, 8, 9]);
        assert_eq!(second.previous.as_deref(), Some("/posts/"));
        assert_eq!(second.next.as_deref(), Some("/posts/page/3/"));
        assert_eq!(pages[3].redirect_to.as_deref(), Some("/posts/"));
    }

    #[test]
    fn empty_list_still_has_one_page() {
        let pages = paginate(&[], 10, "/tags/x/");
        assert_eq!(pages.len(), 1);
        assert!(
            pages[0]
                .paginator
                .as_ref()
                .is_some_and(|p| p.items.is_empty())
        );
    }
}
