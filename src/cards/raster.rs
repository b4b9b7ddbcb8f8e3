//! SVG to an encoded image with resvg. Text is set in the theme's font only:
//! no system fonts are loaded, so a card looks the same (byte for byte) on
//! every machine that builds the site.

use crate::images::Format;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// Larger SVGs are refused: a card is 1200x630, and a site's own template
/// must not be able to ask for gigabytes of pixels.
const MAX_SIDE: u32 = 4096;

/// The font database with the theme's font, made once per process.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(super::font().to_vec());
            // Any family a template names, generic or not, falls back to it.
            let family = super::FONT_FAMILY;
            db.set_serif_family(family);
            db.set_sans_serif_family(family);
            db.set_monospace_family(family);
            db.set_cursive_family(family);
            db.set_fantasy_family(family);
            Arc::new(db)
        })
        .clone()
}

/// Renders `svg` and encodes it; the error says what went wrong, for the
/// diagnostic that names the template.
pub(crate) fn render(
    svg: &str,
    format: Format,
    quality: u8,
) -> Result<(Vec<u8>, u32, u32), String> {
    let options = usvg::Options {
        font_family: super::FONT_FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("not valid SVG: {e}"))?;
    let size = tree.size().to_int_size();
    let (width, height) = (size.width(), size.height());
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!(
            "the SVG is {width}x{height} pixels; cards may be at most {MAX_SIDE} on a side"
        ));
    }
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or("the SVG has no size (width and height)")?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let bytes = encode(&pixmap, format, quality)?;
    Ok((bytes, width, height))
}

/// PNG keeps transparency; JPEG gets RGB over white.
fn encode(pixmap: &tiny_skia::Pixmap, format: Format, quality: u8) -> Result<Vec<u8>, String> {
    // Premultiplied RGBA, 4 bytes a pixel.
    let data = pixmap.data();
    let (width, height) = (pixmap.width(), pixmap.height());
    if format == Format::Png
        && let Some(indexed) = Indexed::of(data)
    {
        return indexed.png(width, height);
    }
    let opaque = data.chunks_exact(4).all(|p| p[3] == u8::MAX);
    if format == Format::Png && !opaque {
        let mut rgba = Vec::with_capacity(data.len());
        for p in pixmap.pixels() {
            let c = p.demultiply();
            rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        return crate::images::encode_pixels(width, height, rgba, true, format, quality);
    }
    // Premultiplied colour over white: c + (1 - a) * 255.
    let mut rgb = Vec::with_capacity(data.len() / 4 * 3);
    for p in data.chunks_exact(4) {
        let white = u8::MAX - p[3];
        rgb.extend_from_slice(&[
            p[0].saturating_add(white),
            p[1].saturating_add(white),
            p[2].saturating_add(white),
        ]);
    }
    if format == Format::Png {
        return flat_png(width, height, &rgb);
    }
    crate::images::encode_pixels(width, height, rgb, false, format, quality)
}

/// An opaque image of at most 256 colours as a palette and one byte a
/// pixel. Cards are flat colour and antialiased text: the default card has
/// under 100 colours. An indexed PNG holds the same pixels as an RGB one in
/// a third of the bytes, so fdeflate's fastest mode compresses it to about
/// the size of the RGB card at deflate level 3, in a fortieth of the time
/// (docs/social.md has the numbers). Encoding had been most of a card's
/// cost, and a first build of a 10k-post site makes 10k cards.
struct Indexed {
    /// RGB, three bytes a colour, in the order the colours first appear
    /// (so the same pixels always give the same file).
    palette: Vec<u8>,
    pixels: Vec<u8>,
}

impl Indexed {
    /// `None` when `rgba` has a pixel that is not opaque (premultiplied and
    /// straight colour are the same only for opaque pixels), or more than
    /// 256 colours.
    fn of(rgba: &[u8]) -> Option<Indexed> {
        let (colours, rest) = rgba.as_chunks::<4>();
        if !rest.is_empty() {
            return None;
        }
        let mut palette = Palette::new();
        let mut pixels = Vec::with_capacity(colours.len());
        let mut at = 0;
        // Runs of one colour are long (the background, the bars): one
        // lookup and one fill a run.
        while let Some(&colour) = colours.get(at) {
            if colour[3] != u8::MAX {
                return None;
            }
            let run = run_length(&colours[at..], colour);
            let i = palette.index_of(colour)?;
            pixels.resize(pixels.len() + run, i);
            at += run;
        }
        Some(Indexed {
            palette: palette.rgb,
            pixels,
        })
    }

    fn png(self, width: u32, height: u32) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(self.palette);
        // The Up filter gave smaller cards than Sub or none with fdeflate.
        encoder.set_deflate_compression(png::DeflateCompression::FdeflateUltraFast);
        encoder.set_filter(png::Filter::Up);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&self.pixels)
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        Ok(out)
    }
}

/// How many pixels from the start of `pixels` are `colour`. Whole blocks
/// of 16 are compared without stopping early, which the compiler turns into
/// vector compares: a card is 756,000 pixels in about 15,000 runs. With
/// [`Palette`], finding a card's palette takes a quarter of the time a
/// pixel-by-pixel search and a hash map took (docs/social.md).
fn run_length(pixels: &[[u8; 4]], colour: [u8; 4]) -> usize {
    let wanted = colour_key(colour);
    let mut same = 0;
    for block in pixels.chunks_exact(16) {
        if !block
            .iter()
            .fold(true, |all, &p| all & (colour_key(p) == wanted))
        {
            break;
        }
        same += 16;
    }
    same + pixels[same..]
        .iter()
        .position(|p| *p != colour)
        .unwrap_or(pixels.len() - same)
}

/// A pixel's four bytes as one number, to compare and hash them at once.
/// Alpha is the top byte: an opaque colour's key is never 0.
fn colour_key(colour: [u8; 4]) -> u32 {
    u32::from_le_bytes(colour)
}

/// The colours of an indexed image, looked up in a small open-addressed
/// table keyed by the pixel's four bytes (a run's lookup was a hash map's).
struct Palette {
    /// [`colour_key`]s; 0 is an empty slot, which no opaque colour's key
    /// can be.
    keys: [u32; Palette::SLOTS],
    indices: [u8; Palette::SLOTS],
    len: usize,
    /// RGB, three bytes a colour, in the order the colours first appear.
    rgb: Vec<u8>,
}

impl Palette {
    /// Four times the 256 colours a palette can hold, so probes stay short.
    const SLOTS: usize = 1024;

    fn new() -> Self {
        Palette {
            keys: [0; Palette::SLOTS],
            indices: [0; Palette::SLOTS],
            len: 0,
            rgb: Vec::with_capacity(256 * 3),
        }
    }

    /// The colour's index, added if new; `None` past 256 colours.
    fn index_of(&mut self, colour: [u8; 4]) -> Option<u8> {
        let key = colour_key(colour);
        // Fibonacci hashing: the product's top bits pick the slot.
        let bits = Palette::SLOTS.trailing_zeros();
        let mut slot = (key.wrapping_mul(0x9E37_79B1) >> (32 - bits)) as usize;
        loop {
            match self.keys[slot] {
                k if k == key => return Some(self.indices[slot]),
                0 => {
                    let index = u8::try_from(self.len).ok()?;
                    self.len += 1;
                    self.keys[slot] = key;
                    self.indices[slot] = index;
                    self.rgb.extend_from_slice(&colour[..3]);
                    return Some(index);
                }
                _ => slot = (slot + 1) % Palette::SLOTS,
            }
        }
    }
}

/// An opaque image of more colours (a gradient, a photo) as RGB PNG. The
/// Sub filter and deflate level 3 beat the photo settings (adaptive filter,
/// default level) on flat colour: on the default card 37 KB in 4.4 ms
/// against 40 KB in 13 ms.
fn flat_png(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Level(3), FilterType::Sub)
        .write_image(rgb, width, height, image::ExtendedColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="63"><rect width="120" height="63" fill="#1d2329"/><text x="4" y="40" font-size="30" fill="#fff" font-family="Nope, serif">Hi 你好</text></svg>"##;

    #[test]
    fn cards_render_with_the_theme_font_whatever_family_is_named() {
        let (png, width, height) = render(CARD, Format::Png, 80).expect("renders");
        assert_eq!((width, height), (120, 63));
        let decoded = image::load_from_memory(&png).expect("a PNG").to_rgb8();
        // Some pixels are the text's white: the font was found.
        assert!(decoded.pixels().any(|p| p.0[0] > 200), "no text drawn");
        let (jpeg, ..) = render(CARD, Format::Jpeg, 80).expect("renders");
        assert!(jpeg.starts_with(&[0xff, 0xd8]));
        assert_eq!(
            render(CARD, Format::Png, 80).expect("again").0,
            png,
            "deterministic"
        );
    }

    /// The pixels resvg draws for `svg`, as RGB (the SVGs here are opaque).
    fn drawn(svg: &str) -> Vec<u8> {
        let options = usvg::Options {
            fontdb: fonts(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &options).expect("parse");
        let size = tree.size().to_int_size();
        let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).expect("pixmap");
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        let data = pixmap.data();
        assert!(data.chunks_exact(4).all(|p| p[3] == u8::MAX), "opaque");
        data.chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect()
    }

    fn png_colour_type(png: &[u8]) -> png::ColorType {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.read_info().expect("a PNG").info().color_type
    }

    #[test]
    fn a_card_of_few_colours_is_indexed_and_loses_no_pixel() {
        let (png, ..) = render(CARD, Format::Png, 80).expect("renders");
        assert_eq!(png_colour_type(&png), png::ColorType::Indexed);
        let decoded = image::load_from_memory(&png).expect("a PNG").to_rgb8();
        assert_eq!(decoded.into_raw(), drawn(CARD));
    }

    #[test]
    fn a_card_of_more_than_256_colours_is_rgb_and_loses_no_pixel() {
        // A gradient across 600 pixels: hundreds of colours.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="20"><defs><linearGradient id="g"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#f0a"/></linearGradient></defs><rect width="600" height="20" fill="url(#g)"/></svg>"##;
        let pixels = drawn(svg);
        let colours: std::collections::HashSet<&[u8]> = pixels.chunks_exact(3).collect();
        assert!(colours.len() > 256, "{} colours", colours.len());
        let (png, ..) = render(svg, Format::Png, 80).expect("renders");
        assert_eq!(png_colour_type(&png), png::ColorType::Rgb);
        let decoded = image::load_from_memory(&png).expect("a PNG").to_rgb8();
        assert_eq!(decoded.into_raw(), pixels);
    }

    #[test]
    fn crisp_edges_on_whole_pixel_rects_change_no_pixel() {
        // The default card draws its background and bar with crispEdges,
        // which skips antialiasing; on whole pixels that is all it changes.
        let card = |crisp: &str| {
            drawn(&format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="63"><rect width="120" height="63" fill="#1d2329"{crisp}/><rect width="16" height="63" fill="#e4572e"{crisp}/><text x="20" y="40" font-size="30" fill="#fff">Hi</text></svg>"##
            ))
        };
        let (smooth, crisp) = (card(""), card(r#" shape-rendering="crispEdges""#));
        assert_eq!(smooth, crisp);
        // Off whole pixels it would change the edge: the premise matters.
        let off = |crisp: &str| {
            drawn(&format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#fff"/><rect x="3.5" width="16.3" height="20" fill="#e4572e"{crisp}/></svg>"##
            ))
        };
        assert_ne!(off(""), off(r#" shape-rendering="crispEdges""#));
    }

    #[test]
    fn run_length_counts_across_and_inside_blocks_of_16() {
        let (a, b) = ([1, 2, 3, 255], [1, 2, 4, 255]);
        for len in [0, 1, 15, 16, 17, 31, 32, 33, 100] {
            let mut pixels = vec![a; len];
            assert_eq!(run_length(&pixels, a), len, "all of {len}");
            pixels.push(b);
            pixels.extend([a; 20]);
            assert_eq!(run_length(&pixels, a), len, "{len} then another colour");
            assert_eq!(run_length(&pixels[len..], b), 1);
        }
    }

    #[test]
    fn palette_indices_follow_first_appearance_whatever_the_slot() {
        let mut palette = Palette::new();
        // 256 colours in 1,024 slots: some share a slot and are found by
        // probing on.
        let colours: Vec<[u8; 4]> = (0..=255u8).map(|v| [v, v ^ 0x5a, 7, 255]).collect();
        for (i, &c) in colours.iter().enumerate() {
            assert_eq!(palette.index_of(c), u8::try_from(i).ok());
        }
        for (i, &c) in colours.iter().enumerate().rev() {
            assert_eq!(palette.index_of(c), u8::try_from(i).ok(), "found again");
        }
        assert_eq!(palette.rgb[3 * 200..3 * 201], [200, 200 ^ 0x5a, 7]);
        assert_eq!(palette.index_of([9, 9, 9, 255]), None, "a 257th colour");
    }

    #[test]
    fn exactly_256_colours_fit_the_palette() {
        let rgba: Vec<u8> = (0..=255u8).flat_map(|v| [v, 0, 0, 255]).collect();
        let indexed = Indexed::of(&rgba).expect("256 colours fit");
        assert_eq!(indexed.palette.len(), 256 * 3);
        assert_eq!(indexed.pixels, (0..=255u8).collect::<Vec<_>>());
        let mut more = rgba.clone();
        more.extend_from_slice(&[0, 1, 0, 255]);
        assert!(Indexed::of(&more).is_none(), "257 colours do not");
        let mut translucent = rgba;
        translucent[7] = 254;
        assert!(
            Indexed::of(&translucent).is_none(),
            "nor a pixel not opaque"
        );
    }

    /// Sizes and times of one default card in each format:
    /// `cargo test --release --lib cards::raster -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    #[allow(clippy::print_stderr)] // the measurement is the output
    fn measure_png_against_jpeg() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630"><rect width="1200" height="630" fill="#1d2329"/><rect width="16" height="630" fill="#7cc0ef"/><text x="80" y="104" font-family="Inter Display" font-size="32" font-weight="700" fill="#7cc0ef">The Loomwork Journal</text><text font-family="Inter Display" font-size="76" font-weight="700" fill="#fdfcfa"><tspan x="80" y="249.3">Spreadsheet vs. Dedicated</tspan><tspan x="80" y="336.7">Tool: Where Should Your</tspan><tspan x="80" y="424.1">Content Calendar Live?</tspan></text><rect x="80" y="528" width="96" height="6" rx="3" fill="#7cc0ef"/><text x="80" y="578" font-family="Inter Display" font-size="26" font-weight="700" fill="#fdfcfa" fill-opacity="0.72">journal.loomwork.example</text></svg>"##;
        render(svg, Format::Png, 80).expect("warm up");
        for (format, quality) in [
            (Format::Png, 0),
            (Format::Jpeg, 80),
            (Format::Jpeg, 85),
            (Format::Jpeg, 90),
        ] {
            let runs = 10;
            let started = std::time::Instant::now();
            let mut bytes = 0;
            for _ in 0..runs {
                bytes = render(svg, format, quality).expect("renders").0.len();
            }
            let ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
            eprintln!("{format:?} q{quality}: {bytes} bytes, {ms:.1} ms a card");
        }
        let started = std::time::Instant::now();
        let options = usvg::Options {
            fontdb: fonts(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &options).expect("parse");
        let mut pixmap = tiny_skia::Pixmap::new(1200, 630).expect("pixmap");
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        eprintln!(
            "parse + rasterise alone: {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }

    #[test]
    fn bad_or_huge_svg_is_an_error_not_a_panic() {
        assert!(
            render("<svg", Format::Png, 80)
                .expect_err("bad")
                .contains("not valid SVG")
        );
        let huge = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="10"></svg>"#;
        assert!(
            render(huge, Format::Png, 80)
                .expect_err("huge")
                .contains("at most")
        );
    }
}
