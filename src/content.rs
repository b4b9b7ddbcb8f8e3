//! Content: read every Markdown file, parse its front matter, and assemble the
//! immutable [`Site`] model: pages with their URLs, sections, taxonomies and
//! the files to copy. Later stages only read it.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::discover::{ContentSource, Discovered, SourceKind};
use crate::frontmatter::{self, FrontMatter};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Index of a page in [`Site::pages`].
pub type PageId = usize;
/// Index of a section in [`Site::sections`].
pub type SectionId = usize;

/// The whole site, as later stages see it.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub root: PathBuf,
    /// Published pages: posts newest first, then other pages by title.
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    /// Posts (dated pages inside a section), newest first: what the home page and feeds list.
    pub posts: Vec<PageId>,
    /// Content-relative source path (`posts/a.md`) -> what a link to it resolves to.
    pub links: HashMap<String, LinkTarget>,
    /// Files to copy: (source path, site path such as `/posts/a/cover.jpg`).
    pub copies: Vec<(PathBuf, String)>,
}

/// Where a link to a content file goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// URL path including the base path (`/blog/posts/a/`).
    pub url: String,
    pub draft: bool,
}

#[derive(Debug)]
pub struct Page {
    /// Relative to the site folder (`content/posts/a.md`).
    pub source: PathBuf,
    /// Relative to `content/` (`posts/a.md`).
    pub rel: String,
    pub front: FrontMatter,
    pub title: String,
    pub slug: String,
    /// Site path without the base path (`/posts/a/`).
    pub path: String,
    /// Path with the base path, for links inside the site (`/blog/posts/a/`).
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    pub section: Option<SectionId>,
    /// Dated page inside a section: listed on the home page and in feeds.
    pub is_post: bool,
    /// Terms per taxonomy name, as (display name, slug).
    pub terms: BTreeMap<String, Vec<(String, String)>>,
    /// The site path of the page's folder for its bundle assets, if a bundle.
    pub bundle_dir: Option<String>,
    /// Newer and older post in the same section.
    pub newer: Option<PageId>,
    pub older: Option<PageId>,
}

#[derive(Debug)]
pub struct Section {
    /// Folder relative to `content/` (`""` for the root, `posts`, `docs/guides`).
    pub dir: String,
    /// `_index.md`, relative to the site, if there is one.
    pub source: Option<PathBuf>,
    pub front: FrontMatter,
    pub title: String,
    pub path: String,
    pub url: String,
    pub permalink: String,
    /// Pages directly in this section, in list order.
    pub pages: Vec<PageId>,
    pub parent: Option<SectionId>,
    pub paginate_by: usize,
}

#[derive(Debug)]
pub struct Taxonomy {
    /// `tags`, `categories`, ...
    pub name: String,
    pub path: String,
    pub url: String,
    pub permalink: String,
    /// Sorted by slug.
    pub terms: Vec<Term>,
}

#[derive(Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub url: String,
    pub permalink: String,
    /// Newest first.
    pub pages: Vec<PageId>,
}

/// A content file, read and with its front matter parsed.
pub struct Loaded {
    pub source: ContentSource,
    /// Whole file, BOM removed, `\n` line endings (shared with the memo).
    pub text: std::sync::Arc<String>,
    pub body_offset: usize,
    pub front: FrontMatter,
    /// xxh3 of the file's bytes, to tell an edited file from an unchanged one.
    pub hash: u128,
}

/// A file's front matter as an earlier build parsed it, with its warnings.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub hash: u128,
    pub body_offset: usize,
    pub front: FrontMatter,
    pub warnings: Vec<Diagnostic>,
    /// The file's text, and its size and times when it was read, if they
    /// had settled by then: a rebuild that finds the same takes the text
    /// from here instead of reading and hashing the file again.
    pub text: std::sync::Arc<String>,
    pub stamp: Option<crate::stamp::Stamp>,
}

impl Parsed {
    /// The file this parse was made from, as loaded.
    fn loaded(&self, source: &ContentSource) -> Loaded {
        Loaded {
            source: source.clone(),
            text: std::sync::Arc::clone(&self.text),
            body_offset: self.body_offset,
            front: self.front.clone(),
            hash: self.hash,
        }
    }
}

/// Earlier parses by content-relative path (`posts/a.md`).
pub type Parses = rustc_hash::FxHashMap<String, std::sync::Arc<Parsed>>;

/// Reads and parses every content file in parallel. Files with problems are
/// left out and their diagnostics pushed to `problems`. A file whose bytes
/// are those of its entry in `earlier` is not parsed again. With `keep`,
/// also returns every file's parse, for the next build, and a file whose
/// [`crate::stamp::Stamp`] is the one in `earlier` is not even read.
pub fn load(
    site_root: &Path,
    config: &Config,
    found: &Discovered,
    earlier: &Parses,
    keep: bool,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Loaded>, Parses) {
    let results: Vec<LoadResult> = found
        .content
        .par_iter()
        .map(|source| load_one(site_root, config, source, earlier, keep))
        .collect();
    let mut loaded = Vec::with_capacity(results.len());
    let mut parses = Parses::default();
    for result in results {
        match result {
            Ok((file, warnings, parsed)) => {
                problems.extend(warnings);
                if let Some(parsed) = parsed {
                    parses.insert(file.source.rel.clone(), parsed);
                }
                loaded.push(file);
            }
            Err(errors) => problems.extend(errors),
        }
    }
    (loaded, parses)
}

/// A loaded file with its warnings (and its parse, kept for the next
/// build), or the errors that stopped it.
type LoadResult =
    Result<(Loaded, Vec<Diagnostic>, Option<std::sync::Arc<Parsed>>), Vec<Diagnostic>>;

fn load_one(
    site_root: &Path,
    config: &Config,
    source: &ContentSource,
    earlier: &Parses,
    keep: bool,
) -> LoadResult {
    let shown = Path::new("content").join(&source.rel);
    let path = site_root.join(&shown);
    // A rebuild first asks the file system whether the file changed.
    let read_at = std::time::SystemTime::now();
    let meta = keep.then(|| std::fs::metadata(&path).ok()).flatten();
    if let Some(meta) = &meta {
        let now = crate::stamp::Stamp::of(meta);
        if let Some(parsed) = earlier.get(&source.rel).filter(|p| p.stamp == Some(now)) {
            return Ok((
                parsed.loaded(source),
                parsed.warnings.clone(),
                Some(std::sync::Arc::clone(parsed)),
            ));
        }
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        vec![
            Diagnostic::error("unreadable", format!("cannot read this file: {e}"))
                .in_file(&shown)
                .with_help("check that it exists and that you may read it"),
        ]
    })?;
    let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        vec![Diagnostic::error("not-utf8", "this file is not valid UTF-8 text")
            .in_file(&shown)
            .at_offset(&prefix, valid)
            .with_help("save the file as UTF-8 in your editor (most editors offer \"Save with encoding\")")]
    })?;
    let mut text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.contains('\r') {
        text = text.replace("\r\n", "\n");
    }
    let text = std::sync::Arc::new(text);
    let stamp = meta.and_then(|meta| crate::stamp::Stamp::settled(&meta, read_at));
    if text.trim().is_empty() && source.kind != SourceKind::Section {
        return Err(vec![
            Diagnostic::error("empty-file", "this content file is empty")
                .in_file(&shown)
                .with_help(
                    "add front matter with at least a title, e.g.\n---\ntitle: \"My post\"\n---",
                ),
        ]);
    }
    // The same bytes under a new stamp (touched, or too fresh to trust before).
    if let Some(parsed) = earlier.get(&source.rel).filter(|p| p.hash == hash) {
        let kept = keep.then(|| {
            std::sync::Arc::new(Parsed {
                stamp,
                ..(**parsed).clone()
            })
        });
        return Ok((parsed.loaded(source), parsed.warnings.clone(), kept));
    }
    let split = frontmatter::split(&text, &shown).map_err(|d| vec![d])?;
    let body_offset = split.body_offset;
    let mut problems = Vec::new();
    let front = frontmatter::parse(&text, &split, &shown, &config.taxonomies, &mut problems)
        .map_err(|d| vec![d])?;
    if problems
        .iter()
        .any(|p| p.severity == crate::diagnostic::Severity::Error)
    {
        return Err(problems);
    }
    let parsed = keep.then(|| {
        std::sync::Arc::new(Parsed {
            hash,
            body_offset,
            front: front.clone(),
            warnings: problems.clone(),
            text: std::sync::Arc::clone(&text),
            stamp,
        })
    });
    Ok((
        Loaded {
            source: source.clone(),
            text,
            body_offset,
            front,
            hash,
        },
        problems,
        parsed,
    ))
}

/// Options that change which pages are published.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selection {
    pub drafts: bool,
}

/// Builds the [`Site`] from the loaded files. Returns the site and, in the
/// same order as `site.pages`, the index into `loaded` of each page's file
/// (and likewise for sections), so later stages can find the text.
pub fn assemble(
    config: Config,
    root: PathBuf,
    loaded: &mut [Loaded],
    found: &Discovered,
    selection: Selection,
    problems: &mut Vec<Diagnostic>,
) -> (Site, SourceMap) {
    let mut builder = Builder {
        config,
        problems,
        sections: Vec::new(),
        section_by_dir: BTreeMap::new(),
        section_sources: Vec::new(),
    };
    builder.section_for_dir("");

    // Sections first, so pages can find theirs.
    for (i, file) in loaded.iter_mut().enumerate() {
        if file.source.kind == SourceKind::Section {
            let dir = parent_dir(&file.source.rel).to_string();
            let id = builder.section_for_dir(&dir);
            builder.describe_section(id, i, file);
        }
    }

    let bundle_dirs: Vec<String> = loaded
        .iter()
        .filter(|f| f.source.kind == SourceKind::BundlePage)
        .map(|f| parent_dir(&f.source.rel).to_string())
        .collect();

    let bundle_set: std::collections::HashSet<&str> =
        bundle_dirs.iter().map(String::as_str).collect();
    // Each page's section first (made here in file order, so their order
    // does not depend on threads), then the pages themselves in parallel.
    for file in loaded.iter() {
        if file.source.kind != SourceKind::Section
            && enclosing_bundle(&file.source, &bundle_set).is_none()
        {
            builder.section_for_dir(page_dir_and_stem(&file.source).0);
        }
    }
    let made: Vec<Option<Result<Page, Diagnostic>>> = loaded
        .par_iter_mut()
        .map(|file| {
            if file.source.kind == SourceKind::Section {
                return None;
            }
            if let Some(bundle) = enclosing_bundle(&file.source, &bundle_set) {
                return Some(Err(
                Diagnostic::warning("inside-bundle", format!("this file is inside the page bundle content/{bundle}/ and is not published as a page"))
                    .in_file(&Path::new("content").join(&file.source.rel))
                    .with_help("move it out of the bundle folder to make it a page of its own"),
            ));
            }
            Some(builder.page(file))
        })
        .collect();
    let mut pages = Vec::new();
    let mut page_sources = Vec::new();
    let mut links = HashMap::new();
    for (i, (made, file)) in made.into_iter().zip(loaded.iter()).enumerate() {
        let page = match made {
            None => continue,
            Some(Err(problem)) => {
                builder.problems.push(problem);
                continue;
            }
            Some(Ok(page)) => page,
        };
        links.insert(
            file.source.rel.clone(),
            LinkTarget {
                url: page.url.clone(),
                draft: page.front.draft,
            },
        );
        if page.front.draft && !selection.drafts {
            continue;
        }
        pages.push(page);
        page_sources.push(i);
    }
    for section in &builder.sections {
        if let Some(source) = &section.source {
            let rel = source
                .strip_prefix("content")
                .unwrap_or(source)
                .to_string_lossy()
                .replace('\\', "/");
            links.insert(
                rel,
                LinkTarget {
                    url: section.url.clone(),
                    draft: false,
                },
            );
        }
    }

    // List order: dated pages newest first, then undated by weight and title.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| compare_pages(&pages[a], &pages[b]));
    let mut sorted_pages = Vec::with_capacity(pages.len());
    let mut sorted_sources = Vec::with_capacity(pages.len());
    let mut slots: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    for i in order {
        if let Some(page) = slots[i].take() {
            sorted_pages.push(page);
            sorted_sources.push(page_sources[i]);
        }
    }
    let mut pages = sorted_pages;

    for (id, page) in pages.iter().enumerate() {
        if let Some(section) = page.section {
            builder.sections[section].pages.push(id);
        }
    }
    let posts: Vec<PageId> = (0..pages.len()).filter(|&id| pages[id].is_post).collect();
    link_neighbours(&mut pages, &builder.sections);

    let taxonomies = build_taxonomies(&builder.config, &pages);
    let copies = plan_copies(&pages, found, &bundle_dirs);

    let Builder {
        config,
        sections,
        section_sources,
        ..
    } = builder;
    let site = Site {
        config,
        root,
        pages,
        sections,
        taxonomies,
        posts,
        links,
        copies,
    };
    check_duplicate_urls(&site, loaded, &sorted_sources, problems);
    (
        site,
        SourceMap {
            pages: sorted_sources,
            sections: section_sources,
        },
    )
}

/// For each page (and section), the index of its file in the `loaded` list.
pub struct SourceMap {
    pub pages: Vec<usize>,
    pub sections: Vec<Option<usize>>,
}

fn compare_pages(a: &Page, b: &Page) -> std::cmp::Ordering {
    let date_a = a.front.date.map(|d| d.timestamp);
    let date_b = b.front.date.map(|d| d.timestamp);
    // Dated before undated; newer first.
    date_b
        .is_some()
        .cmp(&date_a.is_some())
        .then_with(|| date_b.cmp(&date_a))
        .then_with(|| {
            a.front
                .weight
                .unwrap_or(0)
                .cmp(&b.front.weight.unwrap_or(0))
        })
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.path.cmp(&b.path))
}

fn link_neighbours(pages: &mut [Page], sections: &[Section]) {
    for section in sections {
        let posts: Vec<PageId> = section
            .pages
            .iter()
            .copied()
            .filter(|&id| pages[id].is_post)
            .collect();
        for (i, &id) in posts.iter().enumerate() {
            pages[id].newer = i.checked_sub(1).map(|j| posts[j]);
            pages[id].older = posts.get(i + 1).copied();
        }
    }
}

struct Builder<'p> {
    config: Config,
    problems: &'p mut Vec<Diagnostic>,
    sections: Vec<Section>,
    section_by_dir: BTreeMap<String, SectionId>,
    section_sources: Vec<Option<usize>>,
}

impl Builder<'_> {
    /// The section for a folder, creating it (and its parents) on first use.
    fn section_for_dir(&mut self, dir: &str) -> SectionId {
        if let Some(&id) = self.section_by_dir.get(dir) {
            return id;
        }
        let parent = if dir.is_empty() {
            None
        } else {
            Some(self.section_for_dir(parent_dir(dir)))
        };
        let path = if dir.is_empty() {
            "/".to_string()
        } else {
            let slugged: Vec<String> = dir.split('/').map(slugify).collect();
            format!("/{}/", slugged.join("/"))
        };
        let url = self.config.url_path(&path);
        let permalink = self.config.permalink(&url);
        let title = dir
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map(title_case)
            .unwrap_or_else(|| self.config.title.clone());
        let id = self.sections.len();
        self.sections.push(Section {
            dir: dir.to_string(),
            source: None,
            front: FrontMatter::default(),
            title,
            path,
            url,
            permalink,
            pages: Vec::new(),
            parent,
            paginate_by: self.config.paginate_by,
        });
        self.section_sources.push(None);
        self.section_by_dir.insert(dir.to_string(), id);
        id
    }

    /// Moves the section's front matter out of `file` (the file keeps its text).
    fn describe_section(&mut self, id: SectionId, loaded_index: usize, file: &mut Loaded) {
        let section = &mut self.sections[id];
        section.source = Some(Path::new("content").join(&file.source.rel));
        if let Some(title) = &file.front.title {
            section.title = title.clone();
        }
        if let Some(n) = file.front.paginate_by.filter(|&n| n > 0) {
            section.paginate_by = n;
        }
        section.front = std::mem::take(&mut file.front);
        self.section_sources[id] = Some(loaded_index);
    }

    /// Makes the page of `file`, moving its front matter out (the file
    /// keeps its text). Its section must exist ([`Builder::section_for_dir`]).
    fn page(&self, file: &mut Loaded) -> Result<Page, Diagnostic> {
        let front = std::mem::take(&mut file.front);
        let file = &*file;
        let rel = &file.source.rel;
        let shown = Path::new("content").join(rel);
        let Some(title) = front.title.clone().filter(|t| !t.trim().is_empty()) else {
            return Err(Diagnostic::error("missing-title", "this page has no title")
                .in_file(&shown)
                .at_line(&file.text, 1)
                .with_help("add `title: \"...\"` to its front matter"));
        };

        let (dir, stem) = page_dir_and_stem(&file.source);
        let (file_date, file_slug) = split_jekyll_name(stem);
        let mut front = front;
        if front.date.is_none() {
            front.date = file_date;
        }

        let slug = match &front.slug {
            Some(slug) => match check_slug(slug) {
                Ok(slug) => slug,
                Err(why) => {
                    return Err(problem_at_key(
                        file,
                        &front,
                        "slug",
                        format!("`slug` {why}: \"{slug}\""),
                        "a slug is one URL segment such as \"my-post\"",
                    ));
                }
            },
            None => slugify(file_slug),
        };
        if slug.is_empty() {
            return Err(
                Diagnostic::error("bad-slug", "cannot make a URL from this file name")
                    .in_file(&shown)
                    .with_help("rename the file or set `slug: \"my-post\"` in its front matter"),
            );
        }
        for alias in &front.aliases {
            if let Err(why) = check_alias(alias) {
                return Err(problem_at_key(
                    file,
                    &front,
                    "aliases",
                    format!("alias {why}: \"{alias}\""),
                    "an alias is a path on this site such as \"/old/url/\"",
                ));
            }
        }

        let Some(&section) = self.section_by_dir.get(dir) else {
            return Err(Diagnostic::error(
                "internal",
                format!("no section was made for content/{dir}/ before its pages"),
            )
            .in_file(&shown));
        };
        let section_path = self.sections[section].path.clone();
        let path = format!("{section_path}{slug}/");
        let url = self.config.url_path(&path);
        let permalink = self.config.permalink(&url);
        let is_post = !dir.is_empty() && front.date.is_some();
        let terms = front
            .taxonomies
            .iter()
            .filter(|(name, _)| self.config.taxonomies.contains(name))
            .map(|(name, terms)| {
                let named = terms
                    .iter()
                    .map(|t| (t.trim().to_string(), slugify(t)))
                    .filter(|(_, slug)| !slug.is_empty())
                    .collect();
                (name.clone(), named)
            })
            .collect();
        let bundle_dir = (file.source.kind == SourceKind::BundlePage).then(|| path.clone());
        Ok(Page {
            source: shown,
            rel: rel.clone(),
            front,
            title,
            slug,
            path,
            url,
            permalink,
            section: Some(section),
            is_post,
            terms,
            bundle_dir,
            newer: None,
            older: None,
        })
    }
}

/// An error about a front-matter key, at its line.
fn problem_at_key(
    file: &Loaded,
    front: &FrontMatter,
    key: &str,
    message: String,
    help: &str,
) -> Diagnostic {
    let shown = Path::new("content").join(&file.source.rel);
    let line = front.key_lines.get(key).copied().unwrap_or(1);
    Diagnostic::error("front-matter", message)
        .in_file(&shown)
        .at_line(&file.text, line)
        .with_help(help)
}

/// The folder of a page's section (relative to `content/`) and the file
/// stem its slug and date come from: a bundle's folder name, else the file's.
fn page_dir_and_stem(source: &ContentSource) -> (&str, &str) {
    let rel = source.rel.as_str();
    match source.kind {
        SourceKind::BundlePage => {
            let bundle = parent_dir(rel);
            (
                parent_dir(bundle),
                bundle.rsplit('/').next().unwrap_or(bundle),
            )
        }
        _ => {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
            (parent_dir(rel), stem)
        }
    }
}

fn build_taxonomies(config: &Config, pages: &[Page]) -> Vec<Taxonomy> {
    config
        .taxonomies
        .iter()
        .map(|name| {
            let path = format!("/{name}/");
            let url = config.url_path(&path);
            let permalink = config.permalink(&url);
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for (id, page) in pages.iter().enumerate() {
                for (term_name, term_slug) in page.terms.get(name).into_iter().flatten() {
                    let term = terms.entry(term_slug.clone()).or_insert_with(|| {
                        let path = format!("/{name}/{term_slug}/");
                        let url = config.url_path(&path);
                        Term {
                            name: term_name.clone(),
                            slug: term_slug.clone(),
                            permalink: config.permalink(&url),
                            path,
                            url,
                            pages: Vec::new(),
                        }
                    });
                    if term.pages.last() != Some(&id) {
                        term.pages.push(id);
                    }
                }
            }
            Taxonomy {
                name: name.clone(),
                path,
                url,
                permalink,
                terms: terms.into_values().collect(),
            }
        })
        .collect()
}

/// Which files are copied where: `static/` to the site root, bundle assets
/// next to their page, other files under `content/` to the same folder.
fn plan_copies(
    pages: &[Page],
    found: &Discovered,
    bundle_dirs: &[String],
) -> Vec<(PathBuf, String)> {
    // Bundle folder (content-relative) -> the page's site path, for published bundles.
    let mut bundle_paths: BTreeMap<&str, Option<&str>> =
        bundle_dirs.iter().map(|d| (d.as_str(), None)).collect();
    for page in pages {
        if page.bundle_dir.is_some() {
            bundle_paths.insert(parent_dir(&page.rel), Some(&page.path));
        }
    }
    let mut copies = Vec::new();
    for asset in &found.static_files {
        copies.push((asset.path.clone(), format!("/{}", asset.rel)));
    }
    for asset in &found.content_assets {
        // The innermost bundle folder that holds this asset, if any.
        let mut dir = parent_dir(&asset.rel);
        let mut target = None;
        loop {
            if let Some(page_path) = bundle_paths.get(dir) {
                target = Some(page_path.map(|p| {
                    let inner = asset.rel[dir.len()..].trim_start_matches('/');
                    format!("{p}{inner}")
                }));
                break;
            }
            if dir.is_empty() {
                break;
            }
            dir = parent_dir(dir);
        }
        match target {
            Some(Some(site_path)) => copies.push((asset.path.clone(), site_path)),
            Some(None) => {} // asset of a draft bundle: not published
            None => copies.push((asset.path.clone(), format!("/{}", asset.rel))),
        }
    }
    copies.sort_by(|a, b| a.1.cmp(&b.1));
    copies
}

fn check_duplicate_urls(
    site: &Site,
    loaded: &[Loaded],
    page_sources: &[usize],
    problems: &mut Vec<Diagnostic>,
) {
    let mut owners: BTreeMap<String, &Path> = BTreeMap::new();
    for section in &site.sections {
        if let Some(source) = &section.source {
            owners.insert(section.path.clone(), source);
        }
    }
    for (id, page) in site.pages.iter().enumerate() {
        let file = &loaded[page_sources[id]];
        let claims = std::iter::once((page.path.clone(), "its URL", "slug")).chain(
            page.front
                .aliases
                .iter()
                .map(|a| (normalise_alias(a), "its alias", "aliases")),
        );
        for (path, what, key) in claims {
            if let Some(other) = owners.get(&path) {
                let mut d = Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "{what} `{path}` is also produced by {}",
                        crate::diagnostic::display_path(other)
                    ),
                )
                .in_file(&page.source)
                .with_help("give one of them another `slug` (or file name), or remove the alias");
                if let Some(line) = page.front.key_lines.get(key) {
                    d = d.at_line(&file.text, *line);
                }
                problems.push(d);
            } else {
                owners.insert(path, &page.source);
            }
        }
    }
}

/// `/old/url` or `old/url/` -> `/old/url/`; `old.html` stays a file.
pub fn normalise_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.ends_with(".html")
        || trimmed.ends_with(".htm")
        || trimmed.ends_with('/')
        || trimmed.is_empty()
    {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

fn check_slug(slug: &str) -> Result<String, &'static str> {
    let slug = slug.trim();
    if slug.contains("..") {
        return Err("must not contain `..`");
    }
    if slug.starts_with('/') || slug.starts_with('\\') || slug.contains(':') {
        return Err("must not be an absolute path");
    }
    if slug.contains(['/', '\\']) {
        return Err("must be a single URL segment, without `/`");
    }
    let slug = slugify(slug);
    if slug.is_empty() {
        return Err("has no letters or digits");
    }
    Ok(slug)
}

fn check_alias(alias: &str) -> Result<(), &'static str> {
    let alias = alias.trim();
    if alias.contains("://") || alias.starts_with("//") {
        return Err("must be a path on this site, not a full URL");
    }
    if alias.contains('\\') || alias.contains(':') {
        return Err("must not be a file-system path");
    }
    if alias
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err("must not contain `..` or `.` segments");
    }
    if alias.trim_matches('/').is_empty() {
        return Err("must not be the site root");
    }
    if alias.contains(['?', '#', '"', '<', '>']) {
        return Err("must not contain ?, #, quotes or angle brackets");
    }
    Ok(())
}

/// The bundle folder a non-index Markdown file sits in, if any: walks up the
/// file's folders (a bundle's own `index.md` starts above its folder).
fn enclosing_bundle<'b>(
    source: &'b ContentSource,
    bundle_dirs: &std::collections::HashSet<&str>,
) -> Option<&'b str> {
    let mut dir = parent_dir(&source.rel);
    if source.kind == SourceKind::BundlePage {
        dir = parent_dir(dir);
    }
    while !dir.is_empty() {
        if bundle_dirs.contains(dir) {
            return Some(dir);
        }
        dir = parent_dir(dir);
    }
    None
}

/// The folder part of a `/`-separated relative path (`posts/a.md` -> `posts`).
pub fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

/// `2025-03-04-some-slug` -> (date, `some-slug`), as Jekyll names posts.
fn split_jekyll_name(stem: &str) -> (Option<frontmatter::PostDate>, &str) {
    if stem.len() > 11
        && stem.as_bytes()[10] == b'-'
        && let Some(date) = stem.get(..10).and_then(frontmatter::parse_date)
    {
        return (Some(date), &stem[11..]);
    }
    (None, stem)
}

/// A URL-safe slug: lowercase letters and digits (any script), runs of
/// anything else turned into one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            if c.is_ascii() {
                slug.push(c.to_ascii_lowercase());
            } else {
                slug.extend(c.to_lowercase());
            }
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    slug
}

/// `content-calendar` or `my blog` -> `Content Calendar`, `My Blog`.
pub(crate) fn title_case(word: &str) -> String {
    word.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_reads_only_files_whose_stamp_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let post = dir.path().join("content/posts/a.md");
        std::fs::create_dir_all(post.parent().expect("parent")).expect("mkdir");
        std::fs::write(&post, "---\ntitle: A\n---\nFirst.\n").expect("write");
        std::fs::write(
            dir.path().join("rapport.toml"),
            "title = \"T\"\nbase_url = \"https://example.com/\"\n",
        )
        .expect("config");
        let config = crate::config::load(dir.path(), None).expect("config");
        let found = Discovered {
            content: vec![ContentSource {
                rel: "posts/a.md".into(),
                kind: SourceKind::Page,
            }],
            ..Discovered::default()
        };
        let load_with = |earlier: &Parses| {
            let mut problems = Vec::new();
            let (loaded, parses) = load(dir.path(), &config, &found, earlier, true, &mut problems);
            assert!(problems.is_empty(), "{problems:?}");
            (loaded, parses)
        };

        // Just written: its times are too fresh to trust, so it is read again.
        let (_, fresh) = load_with(&Parses::default());
        assert_eq!(fresh["posts/a.md"].stamp, None);
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let (_, settled) = load_with(&fresh);
        assert!(settled["posts/a.md"].stamp.is_some());
        let (loaded, again) = load_with(&settled);
        assert!(
            std::sync::Arc::ptr_eq(&loaded[0].text, &settled["posts/a.md"].text),
            "an unchanged file is taken from the memo"
        );

        // Same size, and the modification time set back: the change time
        // still tells, and the new text is read.
        let modified = std::fs::metadata(&post)
            .and_then(|m| m.modified())
            .expect("mtime");
        std::fs::write(&post, "---\ntitle: A\n---\nOther.\n").expect("rewrite");
        std::fs::File::options()
            .write(true)
            .open(&post)
            .and_then(|f| f.set_modified(modified))
            .expect("set mtime back");
        let (loaded, _) = load_with(&again);
        assert!(loaded[0].text.contains("Other."), "{}", loaded[0].text);
    }

    #[test]
    fn slugify_keeps_letters_of_any_script() {
        assert_eq!(slugify("How to Plan: A Guide!"), "how-to-plan-a-guide");
        assert_eq!(slugify("Don't panic"), "dont-panic");
        assert_eq!(slugify("Café & Crème"), "café-crème");
        assert_eq!(slugify("  --  "), "");
    }

    #[test]
    fn folder_and_site_names_become_titles() {
        assert_eq!(title_case("content-calendar"), "Content Calendar");
        assert_eq!(title_case("my  blog_notes"), "My Blog Notes");
    }

    #[test]
    fn jekyll_names_give_date_and_slug() {
        let (date, slug) = split_jekyll_name("2025-03-04-some-slug");
        assert_eq!(slug, "some-slug");
        assert_eq!(
            date.map(|d| d.rfc3339()).as_deref(),
            Some("2025-03-04T00:00:00Z")
        );
        assert_eq!(split_jekyll_name("2025-notes").1, "2025-notes");
    }

    #[test]
    fn slugs_and_aliases_that_escape_are_refused() {
        assert!(check_slug("../etc").is_err());
        assert!(check_slug("/abs").is_err());
        assert!(check_slug("a/b").is_err());
        assert_eq!(check_slug("My Post").as_deref(), Ok("my-post"));
        assert!(check_alias("/old/../../etc/").is_err());
        assert!(check_alias("https://x.com/a").is_err());
        assert!(check_alias("C:\\win").is_err());
        assert!(check_alias("/old/url/").is_ok());
    }

    #[test]
    fn aliases_normalise_to_folders_or_html_files() {
        assert_eq!(normalise_alias("old/url"), "/old/url/");
        assert_eq!(normalise_alias("/old.html"), "/old.html");
    }
}
