//! The images stage of a build: finds every image a page shows (pictures in
//! its Markdown, its cover), has [`images::process_all`] make their variants
//! once each, and rewrites the Markdown's `<img>` into `<picture>` with
//! `srcset`, `sizes`, `width`/`height`, and lazy loading for all but the
//! page's first image (its likely largest paint).
//!
//! An image URL is resolved the way a browser would resolve it on the page
//! (relative to the page's URL), then looked up among the files the build
//! copies (`static/`, page bundles): so whatever works in the browser is what
//! gets optimised, and a picture that would 404 is an error at its line.

use crate::content::{PageId, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::html_scan;
use crate::images::{self, Cache, Format, ImageRequest, ImageStats, ProcessedImage};
use crate::markdown::RenderedMarkdown;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod templates;
pub use templates::TemplateImages;

/// What the layout gives an image at most: the default theme's text column
/// (42rem) on wide screens, the whole viewport on phones.
pub const SIZES: &str = "(min-width: 44rem) 42rem, 100vw";

/// The processed images of a build, by site path of the original.
#[derive(Default)]
pub struct Pictures {
    /// Shared with the templates' image functions ([`TemplateImages`]).
    by_site_path: Arc<FxHashMap<String, ProcessedImage>>,
    pub stats: ImageStats,
}

impl Pictures {
    /// The processed image a URL on a page points at, if it was processed.
    pub fn for_url(&self, site: &Site, page_url: &str, src: &str) -> Option<&ProcessedImage> {
        let path = site_path(site, page_url, src)?;
        self.by_site_path.get(&path)
    }

    /// Every processed image, for copying the variants.
    pub fn all(&self) -> impl Iterator<Item = &ProcessedImage> {
        self.by_site_path.values()
    }

    /// The processed images, for pruning the cache after the build.
    pub fn into_images(self) -> Vec<ProcessedImage> {
        match Arc::try_unwrap(self.by_site_path) {
            Ok(map) => map.into_values().collect(),
            Err(shared) => shared.values().cloned().collect(),
        }
    }

    /// Adds what the templates' image functions processed.
    pub fn add(&mut self, images: Vec<(String, ProcessedImage)>, stats: &ImageStats) {
        if images.is_empty() {
            return;
        }
        Arc::make_mut(&mut self.by_site_path).extend(images);
        self.stats.add(stats);
    }
}

/// One use of an image: by which page, where in its source.
struct Use {
    page: PageId,
    src: String,
    /// Byte offset of the reference in the source file, where known.
    offset: Option<usize>,
    /// The page's cover, so it also needs a social card crop.
    cover: bool,
}

/// Processes every image the pages use. Problems (a missing file, a corrupt
/// or huge image) become errors at the page that uses the image.
pub fn process(
    site: &Site,
    contents: &[RenderedMarkdown],
    cache_dir: &Path,
    diagnostics: &Diagnostics,
    progress: Option<&dyn crate::Progress>,
) -> Pictures {
    let settings = &site.config.image_settings;
    if !settings.enabled {
        return Pictures::default();
    }
    let copies: FxHashMap<&str, &PathBuf> = site
        .copies
        .iter()
        .map(|(from, to)| (to.trim_start_matches('/'), from))
        .collect();
    let mut uses: Vec<Use> = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        if let Some(cover) = &page.front.image {
            uses.push(Use {
                page: id,
                src: cover_src(page.bundle_dir.as_deref(), cover),
                offset: None,
                cover: true,
            });
        }
        if let Some(content) = contents.get(id) {
            for (src, offset) in &content.facts.image_sources {
                uses.push(Use {
                    page: id,
                    src: src.clone(),
                    offset: Some(*offset),
                    cover: false,
                });
            }
        }
    }
    let mut wanted: FxHashMap<String, ImageRequest> = FxHashMap::default();
    let mut users: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, u) in uses.iter().enumerate() {
        let page = &site.pages[u.page];
        let Some(path) = site_path(site, &page.url, &u.src) else {
            continue; // remote, data: or outside the site
        };
        match copies.get(path.as_str()) {
            Some(from) => {
                let request = wanted.entry(path.clone()).or_insert_with(|| ImageRequest {
                    source: (*from).clone(),
                    site_path: path.clone(),
                    social: false,
                });
                request.social |= u.cover;
                users.entry(path).or_default().push(i);
            }
            None => diagnostics.push(missing(site, u, &path)),
        }
    }
    let mut requests: Vec<ImageRequest> = wanted.into_values().collect();
    requests.sort();
    let cache = match Cache::open(cache_dir) {
        Ok(cache) => cache,
        Err(e) => {
            diagnostics.push(crate::pictures::cache_unavailable(cache_dir, &e));
            return Pictures::default();
        }
    };
    if let Some(progress) = progress {
        progress.started("images", requests.len());
    }
    let tick = progress.map(|p| move || p.done());
    let (results, stats) = images::process_all(
        &requests,
        settings,
        &cache,
        tick.as_ref().map(|t| t as &(dyn Fn() + Sync)),
    );
    if let Some(progress) = progress {
        progress.finished();
    }
    let mut by_site_path = FxHashMap::default();
    for (request, result) in requests.into_iter().zip(results) {
        match result {
            Ok(image) => {
                by_site_path.insert(request.site_path, image);
            }
            Err(e) => {
                // Named once, at the first page that uses it.
                let first = users
                    .get(&request.site_path)
                    .and_then(|u| u.first())
                    .map(|&i| &uses[i]);
                let mut d = Diagnostic::error("image", e.to_string()).with_help(
                    "replace the file with a valid JPEG, PNG, WebP, GIF or SVG image, or remove the reference",
                );
                if let Some(u) = first {
                    d = at_use(site, u, d);
                }
                diagnostics.push(d);
            }
        }
    }
    Pictures {
        by_site_path: Arc::new(by_site_path),
        stats,
    }
}

/// The error for an image cache that cannot be opened.
pub fn cache_unavailable(cache_dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "image-cache",
        format!("cannot open the image cache {}: {e}", cache_dir.display()),
    )
    .with_help("check that the site folder is writable, or delete .rapport/cache")
}

/// A cover named in front matter, as a URL relative to the page: bundle
/// files by name, others root-relative.
fn cover_src(bundle_dir: Option<&str>, cover: &str) -> String {
    if cover.starts_with('/') || cover.contains("://") || bundle_dir.is_some() {
        cover.to_string()
    } else {
        format!("/{cover}")
    }
}

fn missing(site: &Site, u: &Use, path: &str) -> Diagnostic {
    let d = Diagnostic::error(
        "missing-image",
        format!("image `{}` not found: no file gives /{path}", u.src),
    )
    .with_help("put the file in static/ (for /images/x.png) or next to the post's index.md in its page bundle (for x.png), or fix the path");
    at_use(site, u, d)
}

/// Places a diagnostic at the page (and line) that uses the image.
fn at_use(site: &Site, u: &Use, d: Diagnostic) -> Diagnostic {
    let page = &site.pages[u.page];
    let d = d.in_file(&page.source);
    match u.offset {
        Some(offset) => match std::fs::read_to_string(site.root.join(&page.source)) {
            Ok(text) => d.at_offset(&text, offset),
            Err(_) => d,
        },
        None => {
            let mut d = d;
            d.line = page.front.key_lines.get("image").copied();
            d
        }
    }
}

/// The site path (no leading `/`, no base path) an image URL on a page
/// loads, or `None` for remote URLs and paths outside the site.
pub fn site_path(site: &Site, page_url: &str, src: &str) -> Option<String> {
    site_path_in(&site.config.base_path, page_url, src)
}

/// [`site_path`] for a site whose base path is `base`.
fn site_path_in(base: &str, page_url: &str, src: &str) -> Option<String> {
    let src = src.split(['?', '#']).next().unwrap_or_default();
    if src.is_empty() || src.starts_with("//") || src.contains(':') {
        return None;
    }
    let url = if src.starts_with('/') {
        src.to_string()
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{src}")
    };
    let inside = url.strip_prefix(base).or_else(|| {
        // A root-relative path without the base path (a cover written
        // `/images/x.jpg` on a site under `/blog/`).
        src.starts_with('/').then(|| &url[1..])
    })?;
    html_scan::normalise(inside)
}

/// How one `<img>` is to be written.
pub struct PictureHtml<'a> {
    pub image: &'a ProcessedImage,
    /// The original's URL, for images that pass through (SVG, GIF).
    pub src: &'a str,
    pub alt: &'a str,
    pub title: Option<&'a str>,
    /// The page's first image: loaded at once, with high priority.
    pub eager: bool,
}

/// `<picture>` with a `<source>` per modern format and an `<img>` fallback,
/// or a plain `<img>` with its size for pass-through images (SVG, GIF).
pub fn picture_html(base_path: &str, p: &PictureHtml<'_>) -> String {
    let url = |site_path: &str| format!("{base_path}{site_path}");
    let loading = if p.eager {
        " fetchpriority=\"high\" decoding=\"async\""
    } else {
        " loading=\"lazy\" decoding=\"async\""
    };
    let title = p
        .title
        .map(|t| format!(" title=\"{}\"", html_scan::escape(t)))
        .unwrap_or_default();
    let alt = html_scan::escape(p.alt);
    let Some(fallback) = p.image.fallback() else {
        let size = p
            .image
            .dimensions
            .map(|(w, h)| format!(" width=\"{w}\" height=\"{h}\""))
            .unwrap_or_default();
        let src = html_scan::escape(p.src);
        return format!("<img src=\"{src}\" alt=\"{alt}\"{title}{size}{loading}>");
    };
    let mut html = String::from("<picture>");
    for format in p.image.formats() {
        if format.is_fallback() {
            continue;
        }
        html.push_str(&format!(
            "<source type=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\">",
            format.mime_type(),
            p.image.srcset(format, url)
        ));
    }
    let fallback_format = fallback.format;
    html.push_str(&format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\" width=\"{}\" height=\"{}\" alt=\"{alt}\"{title}{loading}></picture>",
        url(&middle(p.image, fallback_format).site_path),
        p.image.srcset(fallback_format, url),
        fallback.width,
        fallback.height,
    ));
    html
}

/// The fallback a browser without `srcset` gets: the widest at most 1200 px.
fn middle(image: &ProcessedImage, format: Format) -> &images::Variant {
    let of_format = || image.variants.iter().filter(move |v| v.format == format);
    of_format()
        .filter(|v| v.width <= 1200)
        .max_by_key(|v| v.width)
        .or_else(|| of_format().min_by_key(|v| v.width))
        .unwrap_or(&image.variants[0])
}

/// Rewrites the `<img>` tags pulldown-cmark wrote into `<picture>`s. Only
/// tags of processed images change; the first image is eager unless the
/// page has a cover (which is then its first image).
pub fn rewrite(
    site: &Site,
    page_url: &str,
    html: &str,
    pictures: &Pictures,
    has_cover: bool,
) -> Option<String> {
    // Most pages of a big site have no body image, and every rebuild asks
    // again for each of them: a SIMD search first.
    static IMG: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("<img "));
    IMG.find(html.as_bytes())?;
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    let mut first = !has_cover;
    let mut changed = false;
    while let Some(at) = rest.find("<img ") {
        out.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..tag_end];
        let parsed = html_scan::parse_tag(&tag[1..]);
        let attr = |name: &str| parsed.and_then(|t| t.attr(name)).map(|v| v.into_owned());
        let src = attr("src");
        let image = src
            .as_deref()
            .and_then(|src| pictures.for_url(site, page_url, src));
        match image {
            Some(image) => {
                let alt = attr("alt").unwrap_or_default();
                let title = attr("title");
                out.push_str(&picture_html(
                    &site.config.base_path,
                    &PictureHtml {
                        image,
                        src: src.as_deref().unwrap_or_default(),
                        alt: &alt,
                        title: title.as_deref(),
                        eager: first,
                    },
                ));
                changed = true;
            }
            None => out.push_str(tag),
        }
        first = false;
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The cover of each page (`covers[id]` for `site.pages[id]`), for templates.
pub fn covers(site: &Site, pictures: &Pictures) -> Vec<Option<crate::render::Cover>> {
    site.pages
        .iter()
        .map(|page| {
            let cover = page.front.image.as_deref()?;
            let src = cover_src(page.bundle_dir.as_deref(), cover);
            let image = pictures.for_url(site, &page.url, &src)?;
            let fallback = middle(image, image.fallback()?.format);
            let social = image.social.as_ref().unwrap_or(fallback);
            Some(crate::render::Cover {
                html: picture_html(
                    &site.config.base_path,
                    &PictureHtml {
                        image,
                        src: &src,
                        alt: page.front.image_alt.as_deref().unwrap_or(""),
                        title: None,
                        eager: true,
                    },
                ),
                width: fallback.width,
                height: fallback.height,
                og_url: site
                    .config
                    .permalink(&site.config.url_path(&social.site_path)),
                og_width: social.width,
                og_height: social.height,
                original_width: image.dimensions.map_or(fallback.width, |(w, _)| w),
                original_height: image.dimensions.map_or(fallback.height, |(_, h)| h),
            })
        })
        .collect()
}
