//! Images: turns each photo a site references into responsive variants
//! (several widths, each in AVIF/WebP plus a JPEG or PNG fallback), so pages
//! can offer `<picture>` with `srcset` instead of one heavy original.
//!
//! The build collects image requests while rendering, deduplicates them and
//! calls [`process_all`] once. Each source is decoded once, oriented by its
//! EXIF tag, resized with SIMD and re-encoded (which strips its metadata). All
//! work is keyed by a hash of the source bytes and the encoder settings in a
//! [`Cache`], so a rebuild with unchanged images reads and hashes the sources
//! and encodes nothing. SVG and GIF files pass through untouched. A bad image
//! is an [`ImageError`] for that image alone; nothing here panics on input.

mod cache;
mod encode;
mod error;
mod settings;
mod source;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

pub use cache::{CACHE_VERSION, Cache, PruneStats};
pub use encode::CARD_SIZE;
pub use error::ImageError;
pub use settings::{DEFAULT_WIDTHS, ImageSettings};

use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One image the site uses, found while rendering.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImageRequest {
    /// Absolute path of the original on disk.
    pub source: PathBuf,
    /// Where the original lives in the output, relative to its root and with
    /// `/` separators (`posts/my-post/cover.jpg`); variants go beside it.
    pub site_path: String,
    /// Also make the social card crop (a cover: see [`ProcessedImage::social`]).
    pub social: bool,
}

/// What a source file holds, by its content (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    Jpeg,
    Png,
    WebP,
    Gif,
    Svg,
}

impl SourceFormat {
    /// The format's name as people write it.
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "JPEG",
            SourceFormat::Png => "PNG",
            SourceFormat::WebP => "WebP",
            SourceFormat::Gif => "GIF",
            SourceFormat::Svg => "SVG",
        }
    }

    /// The extension a file of this format should have.
    pub fn extension(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "jpg",
            SourceFormat::Png => "png",
            SourceFormat::WebP => "webp",
            SourceFormat::Gif => "gif",
            SourceFormat::Svg => "svg",
        }
    }

    /// Copied as they are: SVG is already resolution-independent, and
    /// re-encoding a GIF would lose its animation.
    pub fn is_passthrough(self) -> bool {
        matches!(self, SourceFormat::Gif | SourceFormat::Svg)
    }
}

/// A format rapport writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Avif,
    WebP,
    Jpeg,
    Png,
}

impl Format {
    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::WebP => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    /// MIME type, for `<source type="...">`.
    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Avif => "image/avif",
            Format::WebP => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }

    /// Whether every browser shows it (so it can be the `<img>` fallback).
    pub fn is_fallback(self) -> bool {
        matches!(self, Format::Jpeg | Format::Png)
    }

    fn name(self) -> &'static str {
        match self {
            Format::Avif => "AVIF",
            Format::WebP => "WebP",
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
        }
    }
}

/// One encoded file derived from a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// Size of the encoded file.
    pub bytes: u64,
    /// Where to put it in the output: beside the original, fingerprinted by
    /// its cache key (`posts/x/cover-800w.3fa9c2d1e0.webp`), so it can be
    /// served with a long cache lifetime.
    pub site_path: String,
    /// The finished file in the cache; copy (or hard-link) it to `site_path`.
    pub cache_path: PathBuf,
}

/// The result for one source image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessedImage {
    /// Format of the source, by its content.
    pub format: SourceFormat,
    /// Width and height as displayed (after EXIF orientation); `None` for an
    /// SVG whose size is not given in plain numbers.
    pub dimensions: Option<(u32, u32)>,
    /// The original is to be used as it is (SVG, GIF, or `enabled = false`);
    /// `variants` is then empty.
    pub passthrough: bool,
    /// Modern formats first (in [`ImageSettings::formats`] order), then the
    /// fallback; each format's widths ascending.
    pub variants: Vec<Variant>,
    /// For a cover: the image centre-cropped to the social card's 1.905:1
    /// and scaled to 1200x630 (smaller sources keep their own size, never
    /// upscaled), as JPEG, which every platform takes. Not in any `srcset`.
    pub social: Option<Variant>,
}

impl ProcessedImage {
    /// Every file of this image in the cache: its variants and social crop.
    pub fn cache_paths(&self) -> impl Iterator<Item = &std::path::Path> {
        self.variants
            .iter()
            .chain(&self.social)
            .map(|v| v.cache_path.as_path())
    }

    /// The widest JPEG/PNG variant: the `<img src>` for browsers that take no `<source>`.
    pub fn fallback(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .filter(|v| v.format.is_fallback())
            .max_by_key(|v| v.width)
    }

    /// Formats that have variants, in `<source>` order (fallback last).
    pub fn formats(&self) -> Vec<Format> {
        let mut formats: Vec<Format> = Vec::new();
        for variant in &self.variants {
            if !formats.contains(&variant.format) {
                formats.push(variant.format);
            }
        }
        formats
    }

    /// A `srcset` value for one format: `url 480w, url 800w`. `url` maps a
    /// variant's site path to the URL the page should use.
    pub fn srcset(&self, format: Format, url: impl Fn(&str) -> String) -> String {
        self.variants
            .iter()
            .filter(|v| v.format == format)
            .map(|v| format!("{} {}w", url(&v.site_path), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Encodes pixels made elsewhere (social cards): RGB, or RGBA with `alpha`.
pub(crate) fn encode_pixels(
    width: u32,
    height: u32,
    data: Vec<u8>,
    alpha: bool,
    format: Format,
    quality: u8,
) -> Result<Vec<u8>, String> {
    let pixels = source::Pixels {
        format: SourceFormat::Png,
        width,
        height,
        alpha,
        data,
    };
    let settings = ImageSettings {
        quality,
        ..ImageSettings::default()
    };
    encode::encode(&pixels, format, &settings)
}

/// The numbers of one [`process_all`] run.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImageStats {
    /// Requests handled, including failures and passthroughs.
    pub images: usize,
    pub passthrough: usize,
    pub failed: usize,
    /// Variants encoded in this run.
    pub encoded: usize,
    /// Variants found finished in the cache.
    pub cached: usize,
    /// Bytes of all sources read.
    pub source_bytes: u64,
    /// Bytes of all variants produced (encoded or cached).
    pub output_bytes: u64,
    #[serde(skip)]
    pub elapsed: Duration,
}

impl ImageStats {
    /// Adds the numbers of another run.
    pub fn add(&mut self, other: &ImageStats) {
        self.images += other.images;
        self.passthrough += other.passthrough;
        self.failed += other.failed;
        self.encoded += other.encoded;
        self.cached += other.cached;
        self.source_bytes += other.source_bytes;
        self.output_bytes += other.output_bytes;
        self.elapsed += other.elapsed;
    }
}

/// What one image contributed to the stats.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    encoded: usize,
    cached: usize,
    source_bytes: u64,
}

/// Processes every request in parallel against `cache`. Results come back in
/// request order; the same sources and settings give byte-identical variants.
/// `progress` is called once per finished image (from any thread).
pub fn process_all(
    requests: &[ImageRequest],
    settings: &ImageSettings,
    cache: &Cache,
    progress: Option<&(dyn Fn() + Sync)>,
) -> (Vec<Result<ProcessedImage, ImageError>>, ImageStats) {
    let start = Instant::now();
    let outcomes: Vec<_> = requests
        .par_iter()
        .map(|request| {
            let outcome = process_guarded(request, settings, cache);
            if let Some(progress) = progress {
                progress();
            }
            outcome
        })
        .collect();
    let mut stats = ImageStats {
        images: requests.len(),
        ..ImageStats::default()
    };
    let results = outcomes
        .into_iter()
        .map(|outcome| {
            let (image, counts) = outcome?;
            stats.passthrough += usize::from(image.passthrough);
            stats.encoded += counts.encoded;
            stats.cached += counts.cached;
            stats.source_bytes += counts.source_bytes;
            stats.output_bytes += image
                .variants
                .iter()
                .chain(&image.social)
                .map(|v| v.bytes)
                .sum::<u64>();
            Ok(image)
        })
        .inspect(|result: &Result<ProcessedImage, ImageError>| {
            stats.failed += usize::from(result.is_err());
        })
        .collect();
    stats.elapsed = start.elapsed();
    (results, stats)
}

/// [`process`], with a panic in a codec turned into an error for this image
/// so one bad file cannot take the whole build down.
fn process_guarded(
    request: &ImageRequest,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<(ProcessedImage, Counts), ImageError> {
    let run = std::panic::AssertUnwindSafe(|| process(request, settings, cache));
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        Err(ImageError::Corrupt {
            path: request.source.clone(),
            reason: "the decoder or encoder failed on it".into(),
        })
    })
}

/// One image: passthrough, warm (all variants cached) or cold (decode and encode).
fn process(
    request: &ImageRequest,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<(ProcessedImage, Counts), ImageError> {
    let path = &request.source;
    let named = source::format_from_extension(path)?;
    if named.is_passthrough() || !settings.enabled {
        return source::passthrough(path, named);
    }
    let (key, len) = match cache.stamped_key(path) {
        Some(known) => known,
        None => {
            // Stat before reading: a change during the read makes the stamp stale, never wrong.
            let before = std::fs::metadata(path).ok();
            let (key, len) = source::hash_file(path)?;
            if let Some(before) = before {
                cache.write_stamp(path, &before, key);
            }
            (key, len)
        }
    };
    if let Some(meta) = cache.read_meta(key) {
        source::check_extension(path, named, meta.format)?;
        source::check_size(path, meta.width, meta.height, settings.max_pixels)?;
        let plan = encode::plan(&meta, settings);
        let card = request.social.then(|| encode::card_plan(&meta));
        let variants = cache.lookup_all(key, &plan, request, settings);
        let social = card.map(|card| cache.lookup(key, &card, request, settings));
        if let (Some(variants), None | Some(Some(_))) = (variants, &social) {
            let social = social.flatten();
            let counts = Counts {
                cached: variants.len() + usize::from(social.is_some()),
                source_bytes: len,
                ..Counts::default()
            };
            return Ok((processed(&meta, variants, social), counts));
        }
    }
    cold(request, named, settings, cache)
}

/// Decodes the source and encodes whatever variants the cache lacks.
fn cold(
    request: &ImageRequest,
    named: SourceFormat,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<(ProcessedImage, Counts), ImageError> {
    let path = &request.source;
    let before = std::fs::metadata(path).ok();
    let bytes = source::read(path)?;
    // Hash what is decoded, not what was hashed a moment ago: the file may
    // have changed in between.
    let key = cache::source_key(&bytes);
    if let Some(before) = before {
        cache.write_stamp(path, &before, key);
    }
    let pixels = source::decode(path, &bytes, named, settings.max_pixels)?;
    let meta = pixels.meta();
    cache.write_meta(key, &meta)?;
    let plan = encode::plan(&meta, settings);
    let (variants, mut encoded) = encode::variants(&pixels, &plan, key, request, settings, cache)?;
    let mut made = variants.len();
    let social = match request.social {
        true => {
            let card = encode::card_plan(&meta);
            let (variant, fresh) = encode::card(&pixels, &card, key, request, settings, cache)?;
            encoded += usize::from(fresh);
            made += 1;
            Some(variant)
        }
        false => None,
    };
    let counts = Counts {
        encoded,
        cached: made - encoded,
        source_bytes: bytes.len() as u64,
    };
    Ok((processed(&meta, variants, social), counts))
}

fn processed(
    meta: &cache::Meta,
    variants: Vec<Variant>,
    social: Option<Variant>,
) -> ProcessedImage {
    ProcessedImage {
        format: meta.format,
        dimensions: Some((meta.width, meta.height)),
        passthrough: false,
        variants,
        social,
    }
}
