//! Link cards: a 1200x630 image for each post without a cover, so its link
//! previews on X, LinkedIn, Bluesky or Mastodon show more than a bare link.
//!
//! A card is the theme's `og-card.svg`, a Tera template (sites override it
//! from their `templates/`), given the post's title already wrapped and sized
//! to fit ([`layout`]), the site's name and the brand colours of `[social]`.
//! [`raster`] renders the SVG with resvg in the theme's font (Inter Display,
//! OFL, embedded in the binary) and encodes it as PNG.
//!
//! Cards are cached like image variants, keyed by the SVG's bytes, the font
//! and [`CARD_VERSION`]: a warm build renders one template and hashes a few
//! hundred bytes per post, and rasterises nothing. `[social] cards = false`
//! turns them off (drawing one costs about 4 ms of CPU, docs/social.md).

mod layout;
mod raster;

use crate::content::{PageId, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::images::{Cache, Format};
use crate::templates::{Rendered, Templates};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Bump when a change here changes a card's bytes for the same SVG.
const CARD_VERSION: u32 = 3;
/// The template a card is rendered from.
pub const TEMPLATE: &str = "og-card.svg";
const FONT_FILE: &str = "fonts/InterDisplay-Bold.otf";
const FONT_FAMILY: &str = "Inter Display";
/// PNG: on flat colour and text it came out at a third of JPEG q85's bytes
/// without JPEG's ringing around the letters (docs/social.md has the numbers).
const FORMAT: Format = Format::Png;
const QUALITY: u8 = 85;

/// The card's canvas and where its title goes (the default template's layout).
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 630;
const MARGIN: f32 = 80.0;
const TITLE_TOP: f32 = 160.0;
const TITLE_BOX: layout::TitleBox = layout::TitleBox {
    width: WIDTH as f32 - 2.0 * MARGIN,
    height: 340.0,
    max_size: 76.0,
    min_size: 40.0,
    max_lines: 5,
    leading: 1.15,
};
const SITE_SIZE: f32 = 32.0;
const DOMAIN_SIZE: f32 = 26.0;

/// The theme's card font, embedded with the default theme.
fn font() -> &'static [u8] {
    crate::templates::default_theme_file(FONT_FILE).unwrap_or_default()
}

/// Hash of the font, part of every card's key.
fn font_key() -> u128 {
    static KEY: OnceLock<u128> = OnceLock::new();
    *KEY.get_or_init(|| xxhash_rust::xxh3::xxh3_128(font()))
}

/// A post's generated card, for templates and the output.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Absolute URL, for `og:image`.
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// Where it goes in the output, relative to its root.
    #[serde(skip)]
    pub site_path: String,
    /// The finished file in the image cache.
    #[serde(skip)]
    pub cache_path: PathBuf,
}

/// The numbers of one build's cards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CardStats {
    pub cards: usize,
    /// Rendered and encoded in this build (the rest came from the cache).
    pub rendered: usize,
    pub bytes: u64,
}

/// Every card of a build: `cards[id]` belongs to `site.pages[id]`.
#[derive(Debug, Default)]
pub struct Cards {
    pub cards: Vec<Option<Card>>,
    pub stats: CardStats,
    /// This build's cards by what they were made from, for the next build in memory.
    pub memo: CardMemo,
}

/// Cards by a fingerprint of everything their SVG is made from (see
/// [`inputs_key`]), with their size in bytes: a preview rebuild takes
/// unchanged posts' cards from here instead of laying out, rendering and
/// hashing every card's SVG again (70 ms for 10k posts).
pub type CardMemo = rustc_hash::FxHashMap<u128, (Card, u64)>;

/// The title as the template gets it.
#[derive(Serialize)]
struct TitleView {
    size: f32,
    line_height: f32,
    lines: Vec<LineView>,
}

#[derive(Serialize)]
struct LineView {
    text: String,
    /// Baseline, in pixels from the top.
    y: f32,
}

#[derive(Serialize)]
struct CardView<'a> {
    width: u32,
    height: u32,
    margin: f32,
    background: &'a str,
    foreground: &'a str,
    accent: &'a str,
    font_family: &'static str,
    site_name: String,
    site_size: f32,
    domain: String,
    domain_size: f32,
    title: TitleView,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    permalink: &'a str,
    date: Option<String>,
}

/// Makes (or finds in the cache) a card for every post without `image:`.
/// Problems (a broken template override, a full disk) are errors at the post.
pub fn generate(
    site: &Site,
    templates: &Templates,
    cache_dir: &Path,
    diagnostics: &Diagnostics,
    progress: Option<&dyn crate::Progress>,
    earlier: Option<&CardMemo>,
) -> Cards {
    let pages = site.pages.len();
    let mut cards = Cards {
        cards: vec![None; pages],
        stats: CardStats::default(),
        memo: CardMemo::default(),
    };
    let config = &site.config.social_config;
    let wanted: Vec<PageId> = site
        .posts
        .iter()
        .copied()
        .filter(|&id| site.pages[id].front.image.is_none())
        .collect();
    if !config.cards || wanted.is_empty() {
        return cards;
    }
    let Some(metrics) = layout::Metrics::new(font()) else {
        diagnostics.push(Diagnostic::error(
            "card",
            format!("the built-in card font {FONT_FILE} cannot be read"),
        ));
        return cards;
    };
    let cache = match Cache::open(cache_dir) {
        Ok(cache) => cache,
        Err(e) => {
            diagnostics.push(crate::pictures::cache_unavailable(cache_dir, &e));
            return cards;
        }
    };
    if let Some(progress) = progress {
        progress.started("link cards", wanted.len());
    }
    // Only a build that keeps a memo (a preview) needs the cards' inputs.
    let keep = earlier.is_some();
    let globals = templates.globals_key();
    // (card, rendered now, its size in bytes)
    type Made = Option<(Card, bool, u64)>;
    let made: Vec<(PageId, Option<u128>, Made)> = wanted
        .par_iter()
        .map(|&id| {
            let inputs = keep.then(|| inputs_key(site, id, globals));
            let remembered = earlier
                .zip(inputs)
                .and_then(|(memo, inputs)| memo.get(&inputs));
            let card = match remembered {
                Some((card, bytes)) => Ok((card.clone(), false, *bytes)),
                None => one(site, id, templates, &metrics, &cache).map_err(|d| diagnostics.push(d)),
            };
            if let Some(progress) = progress {
                progress.done();
            }
            (id, inputs, card.ok())
        })
        .collect();
    if let Some(progress) = progress {
        progress.finished();
    }
    for (id, inputs, card) in made {
        if let Some((card, fresh, bytes)) = card {
            cards.stats.cards += 1;
            cards.stats.rendered += usize::from(fresh);
            cards.stats.bytes += bytes;
            if let Some(inputs) = inputs {
                cards.memo.insert(inputs, (card.clone(), bytes));
            }
            cards.cards[id] = Some(card);
        }
    }
    cards
}

/// Everything a post's card SVG is made from: the templates' globals, the
/// card settings and the fields of the page the template gets. The
/// templates themselves are not in it: a template edit starts afresh.
fn inputs_key(site: &Site, id: PageId, globals: u128) -> u128 {
    let page = &site.pages[id];
    let config = &site.config.social_config;
    let date = page.front.date.map(|d| d.rfc3339());
    let mut key = crate::incremental::Fingerprint::new();
    key.number(u128::from(CARD_VERSION)).number(globals);
    for part in [
        config.card_background.as_str(),
        &config.card_foreground,
        &config.card_accent,
        &site.config.title,
        &site.config.base_url,
        &page.title,
        &page.permalink,
        date.as_deref().unwrap_or(""),
    ] {
        key.str(part);
    }
    key.finish()
}

/// One post's card: the template rendered, then the cache or resvg. Also
/// whether it was drawn now, and its size in bytes.
fn one(
    site: &Site,
    id: PageId,
    templates: &Templates,
    metrics: &layout::Metrics<'_>,
    cache: &Cache,
) -> Result<(Card, bool, u64), Diagnostic> {
    let page = &site.pages[id];
    let svg = svg(site, id, templates, metrics)?;
    let key = key(&svg);
    let fingerprint = &format!("{key:032x}")[..10];
    let site_path = format!(
        "{}og-card.{fingerprint}.{}",
        page.path.trim_start_matches('/'),
        FORMAT.extension()
    );
    let card = |cache_path: PathBuf, fresh: bool, (width, height): (u32, u32), bytes: u64| {
        let url = site.config.permalink(&site.config.url_path(&site_path));
        let card = Card {
            url,
            width,
            height,
            site_path: site_path.clone(),
            cache_path,
        };
        (card, fresh, bytes)
    };
    let cached = cache.generated_path(key, FORMAT);
    // One stat tells both that the card is cached and its size: a warm
    // build of 10k posts finds 10k cards.
    if let Ok(found) = std::fs::metadata(&cached)
        && found.is_file()
    {
        // The size is the SVG's, which the key covers; read it back cheaply.
        let size = svg_size(&svg).unwrap_or((WIDTH, HEIGHT));
        return Ok(card(cached, false, size, found.len()));
    }
    let problem = |message: String| {
        Diagnostic::error("card", message)
            .in_file(&page.source)
            .with_help(format!(
                "check templates/{TEMPLATE} if the site overrides it, or set `cards = false` in [social]"
            ))
    };
    let (bytes, width, height) = raster::render(&svg, FORMAT, QUALITY).map_err(|why| {
        problem(format!(
            "cannot make this post's link card from {TEMPLATE}: {why}"
        ))
    })?;
    let path = cache.store_generated(key, FORMAT, &bytes).map_err(|e| {
        problem(format!(
            "cannot store this post's link card in the image cache: {e}"
        ))
    })?;
    Ok(card(path, true, (width, height), bytes.len() as u64))
}

/// The card's SVG: the template, given the fitted title.
fn svg(
    site: &Site,
    id: PageId,
    templates: &Templates,
    metrics: &layout::Metrics<'_>,
) -> Result<String, Diagnostic> {
    let page = &site.pages[id];
    let config = &site.config.social_config;
    let title = layout::fit_title(metrics, &page.title, &TITLE_BOX);
    // The block is centred in the title box; a baseline sits about 0.8 em
    // below the top of its line.
    let block = title.lines.len() as f32 * title.line_height;
    let top = TITLE_TOP + (TITLE_BOX.height - block).max(0.0) / 2.0;
    let lines = title
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| LineView {
            text,
            y: round(top + i as f32 * title.line_height + title.size * 0.8),
        })
        .collect();
    let text_width = TITLE_BOX.width;
    let view = CardView {
        width: WIDTH,
        height: HEIGHT,
        margin: MARGIN,
        background: &config.card_background,
        foreground: &config.card_foreground,
        accent: &config.card_accent,
        font_family: FONT_FAMILY,
        site_name: layout::fit_line(metrics, &site.config.title, SITE_SIZE, text_width),
        site_size: SITE_SIZE,
        domain: layout::fit_line(
            metrics,
            &domain(&site.config.base_url),
            DOMAIN_SIZE,
            text_width,
        ),
        domain_size: DOMAIN_SIZE,
        title: TitleView {
            size: title.size,
            line_height: round(title.line_height),
            lines,
        },
    };
    let mut context = tera::Context::new();
    context.insert("card", &view);
    context.insert(
        "page",
        &PageView {
            title: &page.title,
            permalink: &page.permalink,
            date: page.front.date.map(|d| d.rfc3339()),
        },
    );
    templates
        .render(TEMPLATE, &context, Some(&page.source), 2048)
        .map(Rendered::into_text)
}

fn round(n: f32) -> f32 {
    (n * 10.0).round() / 10.0
}

/// `journal.example.com/blog` from the base URL.
fn domain(base_url: &str) -> String {
    let rest = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
        .unwrap_or(base_url);
    rest.trim_end_matches('/').to_string()
}

/// Everything a card's bytes depend on.
fn key(svg: &str) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&CARD_VERSION.to_le_bytes());
    hasher.update(&font_key().to_le_bytes());
    hasher.update(FORMAT.extension().as_bytes());
    hasher.update(&[QUALITY]);
    hasher.update(svg.as_bytes());
    hasher.digest128()
}

/// The root element's `width` and `height`, when plain numbers.
fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let number = |name: &str| -> Option<u32> {
        let key = format!(" {name}=\"");
        let at = tag.find(&key)? + key.len();
        let value = &tag[at..at + tag[at..].find('"')?];
        value
            .trim()
            .trim_end_matches("px")
            .parse::<f32>()
            .ok()
            .map(|n| n.round() as u32)
    };
    Some((number("width")?, number("height")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_is_the_base_url_without_scheme() {
        assert_eq!(
            domain("https://journal.example.com/"),
            "journal.example.com"
        );
        assert_eq!(domain("http://user.github.io/blog/"), "user.github.io/blog");
    }

    #[test]
    fn svg_size_reads_the_root_element() {
        assert_eq!(
            svg_size("<svg xmlns=\"x\" width=\"1200\" height=\"630\">"),
            Some((1200, 630))
        );
        assert_eq!(svg_size("<svg viewBox=\"0 0 1 1\">"), None);
    }

    #[test]
    fn keys_change_with_the_svg() {
        assert_eq!(key("<svg/>"), key("<svg/>"));
        assert_ne!(key("<svg/>"), key("<svg />"));
    }
}
