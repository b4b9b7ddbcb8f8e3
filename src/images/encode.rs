//! Which variants a source gets, and making them: resize once per width with
//! `fast_image_resize`, then encode that width in each format.
//!
//! Resize filter: Lanczos3, the filter sharp/libvips and most photo tools use
//! for downscaling. CatmullRom is about a third faster but softer; resizing
//! is a small part of the time next to encoding, so the sharper filter wins.
//!
//! Encoders: JPEG with `jpeg-encoder` (SIMD, Klein-Silverstein-Carney
//! quantisation tables, optimised Huffman tables in two progressive scans,
//! 4:2:0 chroma averaged rather than sampled), PNG with the `image` crate,
//! WebP with libwebp (the reference encoder, via the `webp` crate, method 5)
//! and AVIF with ravif (rav1e), whose speed setting trades time for size.
//! Why those JPEG and WebP settings: `jpeg_tables` and `webp` below.

use super::cache::Meta;
use super::source::Pixels;
use super::{Cache, Format, ImageError, ImageRequest, ImageSettings, Variant};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer, images::Image};
use rayon::prelude::*;

/// One variant to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Planned {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// Centre-cropped to `width:height` first (the social card), rather
    /// than scaled whole.
    pub crop: bool,
}

/// The size social platforms show link cards at (1.905:1).
pub const CARD_SIZE: (u32, u32) = (1200, 630);

/// The widths a source of `source_width` gets: every configured width it can
/// fill without upscaling, or one at its own width when it is narrower than
/// them all. `widths` is ascending.
pub(super) fn widths_for(source_width: u32, widths: &[u32]) -> Vec<u32> {
    let fitting: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|w| *w <= source_width)
        .collect();
    if fitting.is_empty() {
        vec![source_width]
    } else {
        fitting
    }
}

/// Height at `width`, keeping the aspect ratio; at least one pixel.
fn height_at(meta: &Meta, width: u32) -> u32 {
    let height = (u64::from(meta.height) * u64::from(width) + u64::from(meta.width) / 2)
        / u64::from(meta.width);
    u32::try_from(height.max(1)).unwrap_or(u32::MAX)
}

/// Every variant of a source, in [`super::ProcessedImage::variants`] order.
pub(super) fn plan(meta: &Meta, settings: &ImageSettings) -> Vec<Planned> {
    let fallback = if meta.alpha {
        Format::Png
    } else {
        Format::Jpeg
    };
    let widths = widths_for(meta.width, &settings.widths);
    settings
        .formats
        .iter()
        .copied()
        .chain([fallback])
        .flat_map(|format| {
            widths.iter().map(move |&width| Planned {
                width,
                height: height_at(meta, width),
                format,
                crop: false,
            })
        })
        .collect()
}

/// The social card of a source: the largest centred 1.905:1 region, scaled
/// down to [`CARD_SIZE`], or kept at its own size when smaller (an upscaled
/// card is only a blurred one). JPEG, which every platform takes (not all
/// take WebP).
pub(super) fn card_plan(meta: &Meta) -> Planned {
    let (width, height) = crop_region(meta.width, meta.height).2;
    let (width, height) = if width >= CARD_SIZE.0 {
        CARD_SIZE
    } else {
        (width, height)
    };
    Planned {
        width,
        height,
        format: Format::Jpeg,
        crop: true,
    }
}

/// The centred region of a `width` x `height` image with the card's aspect
/// ratio: `(left, top, (width, height))`, at least one pixel each way.
fn crop_region(width: u32, height: u32) -> (u32, u32, (u32, u32)) {
    let (card_w, card_h) = (u64::from(CARD_SIZE.0), u64::from(CARD_SIZE.1));
    let (w, h) = (u64::from(width), u64::from(height));
    let (crop_w, crop_h) = if w * card_h > h * card_w {
        // Wider than a card: keep the height, trim the sides.
        (((h * card_w + card_h / 2) / card_h).clamp(1, w), h)
    } else {
        (w, ((w * card_h + card_w / 2) / card_w).clamp(1, h))
    };
    let narrow = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    (
        narrow((w - crop_w) / 2),
        narrow((h - crop_h) / 2),
        (narrow(crop_w), narrow(crop_h)),
    )
}

/// Makes the social card unless the cache has it; `true` when freshly encoded.
pub(super) fn card(
    pixels: &Pixels,
    planned: &Planned,
    source: u128,
    request: &ImageRequest,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<(Variant, bool), ImageError> {
    if let Some(variant) = cache.lookup(source, planned, request, settings) {
        return Ok((variant, false));
    }
    let cropped = crop_resize(pixels, planned.width, planned.height)
        .map_err(|reason| encode_error(request, planned.format, reason))?;
    let bytes = jpeg(&flatten(cropped), settings.quality)
        .map_err(|reason| encode_error(request, planned.format, reason))?;
    Ok((
        cache.store(source, planned, request, settings, &bytes)?,
        true,
    ))
}

/// `pixels` centre-cropped to the card's ratio and scaled to `width` x `height`.
fn crop_resize(pixels: &Pixels, width: u32, height: u32) -> Result<Pixels, String> {
    let (left, top, (crop_w, crop_h)) = crop_region(pixels.width, pixels.height);
    lanczos(pixels, width, height, Some((left, top, crop_w, crop_h)))
}

/// RGBA over white, as RGB: JPEG has no transparency, and the encoder would
/// otherwise show what lies under transparent pixels (often black).
fn flatten(pixels: Pixels) -> Pixels {
    if !pixels.alpha {
        return pixels;
    }
    let data = pixels
        .data
        .chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let over = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
            [over(p[0]), over(p[1]), over(p[2])]
        })
        .collect();
    Pixels {
        alpha: false,
        data,
        ..pixels
    }
}

/// Makes every planned variant the cache lacks. Returns the variants in plan
/// order and how many were encoded. Widths run in parallel (a single large
/// image still uses every core); each width is resized once for all formats.
pub(super) fn variants(
    pixels: &Pixels,
    plan: &[Planned],
    source: u128,
    request: &ImageRequest,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<(Vec<Variant>, usize), ImageError> {
    let mut widths: Vec<u32> = plan.iter().map(|p| p.width).collect();
    widths.sort_unstable();
    widths.dedup();
    let made: Vec<Vec<(Variant, bool)>> = widths
        .par_iter()
        .map(|&width| {
            let at_width: Vec<&Planned> = plan.iter().filter(|p| p.width == width).collect();
            one_width(pixels, &at_width, source, request, settings, cache)
        })
        .collect::<Result<_, _>>()?;
    let mut made: Vec<(Variant, bool)> = made.into_iter().flatten().collect();
    let encoded = made.iter().filter(|(_, fresh)| *fresh).count();
    // Back to plan order: format by format, widths ascending.
    let rank = |v: &Variant| {
        plan.iter()
            .position(|p| p.format == v.format && p.width == v.width)
    };
    made.sort_by_key(|(v, _)| rank(v));
    Ok((made.into_iter().map(|(v, _)| v).collect(), encoded))
}

/// The variants of one width: cached ones as they are, the rest resized once
/// and encoded. `true` marks a freshly encoded variant.
fn one_width(
    pixels: &Pixels,
    planned: &[&Planned],
    source: u128,
    request: &ImageRequest,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<Vec<(Variant, bool)>, ImageError> {
    let mut resized: Option<Pixels> = None;
    let mut out = Vec::with_capacity(planned.len());
    for &planned in planned {
        if let Some(variant) = cache.lookup(source, planned, request, settings) {
            out.push((variant, false));
            continue;
        }
        if resized.is_none() {
            resized = Some(
                resize(pixels, planned.width, planned.height)
                    .map_err(|reason| encode_error(request, planned.format, reason))?,
            );
        }
        let Some(small) = resized.as_ref() else {
            continue;
        };
        let bytes = encode(small, planned.format, settings)
            .map_err(|reason| encode_error(request, planned.format, reason))?;
        out.push((
            cache.store(source, planned, request, settings, &bytes)?,
            true,
        ));
    }
    Ok(out)
}

fn encode_error(request: &ImageRequest, format: Format, reason: String) -> ImageError {
    ImageError::Encode {
        path: request.source.clone(),
        format: format.name(),
        reason,
    }
}

/// `pixels` scaled to `width` x `height` with Lanczos3 (alpha-aware for RGBA).
pub(super) fn resize(pixels: &Pixels, width: u32, height: u32) -> Result<Pixels, String> {
    if (width, height) == (pixels.width, pixels.height) {
        return Ok(Pixels {
            format: pixels.format,
            width,
            height,
            alpha: pixels.alpha,
            data: pixels.data.clone(),
        });
    }
    lanczos(pixels, width, height, None)
}

/// Lanczos3 from `pixels` (or the `(left, top, width, height)` region of
/// them) to `width` x `height`: the one resizer variants and crops share.
fn lanczos(
    pixels: &Pixels,
    width: u32,
    height: u32,
    region: Option<(u32, u32, u32, u32)>,
) -> Result<Pixels, String> {
    let pixel_type = if pixels.alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let src = fast_image_resize::images::ImageRef::new(
        pixels.width,
        pixels.height,
        &pixels.data,
        pixel_type,
    )
    .map_err(|e| e.to_string())?;
    let mut dst = Image::new(width, height, pixel_type);
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if let Some((left, top, w, h)) = region {
        options = options.crop(f64::from(left), f64::from(top), f64::from(w), f64::from(h));
    }
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| e.to_string())?;
    Ok(Pixels {
        format: pixels.format,
        width,
        height,
        alpha: pixels.alpha,
        data: dst.into_vec(),
    })
}

/// Encodes pixels (already at their final size) in one format.
pub(super) fn encode(
    pixels: &Pixels,
    format: Format,
    settings: &ImageSettings,
) -> Result<Vec<u8>, String> {
    match format {
        Format::Jpeg => jpeg(pixels, settings.quality),
        Format::Png => png(pixels),
        Format::WebP => webp(pixels, settings.quality),
        Format::Avif => avif(pixels, settings.avif_quality, settings.avif_speed),
    }
}

/// Klein, Silverstein and Carney's table ("Relevance of human vision to
/// JPEG-DCT compression", 1992; one of mozjpeg's), row by row, for luma and
/// chroma alike.
const KLEIN: [u16; 64] = [
    10, 12, 14, 19, 26, 38, 57, 86, //
    12, 18, 21, 28, 35, 41, 54, 76, //
    14, 21, 25, 32, 44, 63, 92, 136, //
    19, 28, 32, 41, 54, 75, 107, 157, //
    26, 35, 44, 54, 70, 95, 132, 190, //
    38, 41, 63, 75, 95, 125, 170, 239, //
    57, 54, 92, 107, 132, 170, 227, 312, //
    86, 76, 136, 157, 190, 239, 312, 419, //
];

/// The quantisation table for `quality` (1-100): [`KLEIN`] scaled like
/// libjpeg scales its tables for a quality (200 - 2q percent from 50 up,
/// 5000 / q below), times 0.825.
///
/// Why: libjpeg's own (Annex K) tables, which sharp uses, buy less DSSIM
/// per byte on photos than this one. On 43 photos to 480/960/1600 px
/// (`examples/encoder_sweep.rs`, docs/BENCHMARKS.md), Annex K at quality 80
/// gave 21.51 MB at a mean DSSIM of 0.00159 (against a linear-light
/// Lanczos3 reference); this table at quality 80 gives 21.20 MB at 0.00145,
/// against sharp's 21.46 MB at 0.00167. The 0.825 keeps a quality's bytes
/// near libjpeg's at the same number (the Klein table is coarser: unscaled,
/// quality 80 came out 13% smaller, and softer, on 12 of those photos).
fn jpeg_tables(quality: u8) -> jpeg_encoder::QuantizationTableType {
    let q = f64::from(quality.clamp(1, 100));
    let libjpeg = if q < 50.0 {
        5000.0 / q
    } else {
        200.0 - 2.0 * q
    };
    let scale = libjpeg * 0.825 / 100.0;
    let mut table = [0u16; 64];
    for (out, &base) in table.iter_mut().zip(&KLEIN) {
        // 1-255: baseline JPEG holds 8-bit tables.
        *out = (f64::from(base) * scale + 0.5).floor().clamp(1.0, 255.0) as u16;
    }
    jpeg_encoder::QuantizationTableType::Custom(Box::new(table))
}

fn jpeg(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, SamplingFactor};
    let too_big = || format!("JPEG cannot be wider or taller than {} pixels", u16::MAX);
    let width = u16::try_from(pixels.width).map_err(|_| too_big())?;
    let height = u16::try_from(pixels.height).map_err(|_| too_big())?;
    let color = if pixels.alpha {
        ColorType::Rgba
    } else {
        ColorType::Rgb
    };
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, quality);
    encoder.set_quantization_tables(jpeg_tables(quality), jpeg_tables(quality));
    if quality < 90 {
        encoder.set_sampling_factor(SamplingFactor::R_4_2_0);
        encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    }
    // Optimised Huffman tables save ~6% (sharp's default too). jpeg-encoder
    // writes optimised baseline files as one scan per component, which
    // zune-jpeg (the image crate's decoder) misreads; two progressive scans
    // (DC, then all AC) decode everywhere at the same size. More scans grow
    // the file (4 scans: +5%), as jpeg-encoder splits spectra only.
    encoder.set_optimized_huffman_tables(true);
    encoder.set_progressive_scans(2);
    encoder
        .encode(&pixels.data, width, height, color)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn png(pixels: &Pixels) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let color = if pixels.alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
        .write_image(&pixels.data, pixels.width, pixels.height, color)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn webp(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let encoder = if pixels.alpha {
        webp::Encoder::from_rgba(&pixels.data, pixels.width, pixels.height)
    } else {
        webp::Encoder::from_rgb(&pixels.data, pixels.width, pixels.height)
    };
    let mut config = webp::WebPConfig::new().map_err(|()| "libwebp refused its defaults")?;
    // Measured on 43 photos to 480/960/1600 px (`examples/encoder_sweep.rs`,
    // docs/BENCHMARKS.md), mean DSSIM against a linear-light Lanczos3
    // reference: libwebp's defaults at quality 80 (sharp's settings) gave
    // 19.94 MB at 0.00226, sharp 19.84 MB at 0.00237; these give 19.45 MB at
    // 0.00215. On 12 of those photos, method 5 (sharp: 4) saved 2.5% for 18%
    // more WebP time (method 6: 4%, for 2.9 times the time); smoothing the
    // segment map (preprocessing 1) and less spatial noise shaping (40,
    // libwebp: 50) each gave a lower DSSIM at equal bytes. Rapport's quality
    // N is libwebp's N + 0.5: the half step spends part of the saving back
    // on DSSIM.
    config.quality = (f32::from(quality) + 0.5).min(100.0);
    config.method = 5;
    config.sns_strength = 40;
    config.preprocessing = 1;
    let memory = encoder
        .encode_advanced(&config)
        .map_err(|e| format!("libwebp error {e:?}"))?;
    Ok(memory.to_vec())
}

fn avif(pixels: &Pixels, quality: u8, speed: u8) -> Result<Vec<u8>, String> {
    use ravif::{Encoder, Img, RGB8, RGBA8};
    let quality = f32::from(quality.clamp(1, 100));
    let encoder = Encoder::new()
        .with_quality(quality)
        .with_alpha_quality(quality)
        .with_speed(speed.clamp(1, 10));
    let (width, height) = (pixels.width as usize, pixels.height as usize);
    let encoded = if pixels.alpha {
        let rgba: Vec<RGBA8> = pixels
            .data
            .chunks_exact(4)
            .map(|p| RGBA8::new(p[0], p[1], p[2], p[3]))
            .collect();
        encoder.encode_rgba(Img::new(&rgba[..], width, height))
    } else {
        let rgb: Vec<RGB8> = pixels
            .data
            .chunks_exact(3)
            .map(|p| RGB8::new(p[0], p[1], p[2]))
            .collect();
        encoder.encode_rgb(Img::new(&rgb[..], width, height))
    };
    encoded.map(|e| e.avif_file).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::SourceFormat;

    #[test]
    fn cards_crop_the_centre_to_the_card_ratio_and_never_upscale() {
        // Wide: the sides go.
        assert_eq!(crop_region(3000, 1000), (547, 0, (1905, 1000)));
        // Tall: top and bottom go.
        assert_eq!(crop_region(1200, 1200), (0, 285, (1200, 630)));
        assert_eq!(crop_region(1200, 630), (0, 0, (1200, 630)));
        let card = card_plan(&meta(4000, 3000, false));
        assert_eq!(
            (card.width, card.height, card.format),
            (1200, 630, Format::Jpeg)
        );
        assert!(card.crop);
        // Small: cropped to the ratio at its own size.
        let small = card_plan(&meta(800, 600, false));
        assert_eq!((small.width, small.height), (800, 420));
        let tiny = card_plan(&meta(1, 1, false));
        assert_eq!((tiny.width, tiny.height), (1, 1));
    }

    #[test]
    fn transparent_pixels_flatten_onto_white() {
        let pixels = Pixels {
            format: SourceFormat::Png,
            width: 2,
            height: 1,
            alpha: true,
            data: vec![0, 0, 0, 0, 10, 20, 30, 255],
        };
        let flat = flatten(pixels);
        assert!(!flat.alpha);
        assert_eq!(flat.data, vec![255, 255, 255, 10, 20, 30]);
    }

    fn meta(width: u32, height: u32, alpha: bool) -> Meta {
        Meta {
            format: SourceFormat::Png,
            width,
            height,
            alpha,
        }
    }

    #[test]
    fn widths_never_upscale() {
        let widths = [480, 800, 1200, 1600];
        assert_eq!(widths_for(1000, &widths), vec![480, 800]);
        assert_eq!(widths_for(1600, &widths), vec![480, 800, 1200, 1600]);
        assert_eq!(widths_for(4000, &widths), vec![480, 800, 1200, 1600]);
        assert_eq!(widths_for(300, &widths), vec![300], "narrow: its own width");
    }

    #[test]
    fn plan_lists_modern_formats_then_the_fallback() {
        let settings = ImageSettings {
            widths: vec![16, 32],
            formats: vec![Format::Avif, Format::WebP],
            ..ImageSettings::default()
        };
        let plan = plan(&meta(64, 40, false), &settings);
        let got: Vec<(Format, u32, u32)> =
            plan.iter().map(|p| (p.format, p.width, p.height)).collect();
        assert_eq!(
            got,
            vec![
                (Format::Avif, 16, 10),
                (Format::Avif, 32, 20),
                (Format::WebP, 16, 10),
                (Format::WebP, 32, 20),
                (Format::Jpeg, 16, 10),
                (Format::Jpeg, 32, 20),
            ]
        );
        let alpha = super::plan(&meta(64, 40, true), &settings);
        assert!(alpha.iter().any(|p| p.format == Format::Png));
        assert!(!alpha.iter().any(|p| p.format == Format::Jpeg));
    }

    #[test]
    fn heights_round_and_never_reach_zero() {
        assert_eq!(height_at(&meta(3000, 2000, false), 800), 533);
        assert_eq!(height_at(&meta(1000, 1, false), 10), 1);
    }

    #[test]
    fn jpeg_tables_scale_the_klein_table_with_quality() {
        let values = |quality| match jpeg_tables(quality) {
            jpeg_encoder::QuantizationTableType::Custom(table) => *table,
            other => panic!("{other:?}"),
        };
        // Quality 80: 40% in libjpeg's terms, times 0.825 = 33%.
        let q80 = values(80);
        assert_eq!(&q80[..4], &[3, 4, 5, 6]);
        assert_eq!(q80[63], 138);
        assert!(values(100).iter().all(|&v| v == 1));
        // Quality 1 would scale past 8 bits: held at 255 for baseline JPEG.
        assert_eq!(values(1)[63], 255);
        let coarser = values(60);
        assert!(coarser.iter().zip(&q80).all(|(a, b)| a >= b));
    }

    #[test]
    fn jpeg_refuses_sizes_the_format_cannot_hold() {
        let pixels = Pixels {
            format: SourceFormat::Jpeg,
            width: 70_000,
            height: 1,
            alpha: false,
            data: vec![0; 70_000 * 3],
        };
        let err = jpeg(&pixels, 80).expect_err("too wide");
        assert!(err.contains("65535"), "{err}");
    }
}
