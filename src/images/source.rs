//! Reading sources: what a file is named as and what it really holds, its
//! size from the header (so a decompression bomb is refused before any pixel
//! is allocated), and decoding to upright 8-bit RGB or RGBA pixels.

use super::cache::Meta;
use super::{Counts, ImageError, ProcessedImage, SourceFormat};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::{Cursor, Read};
use std::path::Path;

/// Decoded pixels, upright: RGB (3 bytes a pixel) or RGBA (4), row by row.
pub(super) struct Pixels {
    pub format: SourceFormat,
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

impl Pixels {
    pub(super) fn meta(&self) -> Meta {
        Meta {
            format: self.format,
            width: self.width,
            height: self.height,
            alpha: self.alpha,
        }
    }
}

/// The format a file claims by its extension.
pub(super) fn format_from_extension(path: &Path) -> Result<SourceFormat, ImageError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "jpg" | "jpeg" => Ok(SourceFormat::Jpeg),
        "png" => Ok(SourceFormat::Png),
        "webp" => Ok(SourceFormat::WebP),
        "gif" => Ok(SourceFormat::Gif),
        "svg" => Ok(SourceFormat::Svg),
        _ => Err(ImageError::UnsupportedExtension {
            path: path.to_path_buf(),
            extension,
        }),
    }
}

/// The format the bytes hold, by their magic numbers.
pub(super) fn sniff(bytes: &[u8]) -> Option<SourceFormat> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Some(SourceFormat::Jpeg),
        Ok(ImageFormat::Png) => Some(SourceFormat::Png),
        Ok(ImageFormat::WebP) => Some(SourceFormat::WebP),
        Ok(ImageFormat::Gif) => Some(SourceFormat::Gif),
        _ => looks_like_svg(bytes).then_some(SourceFormat::Svg),
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with('<')) && text.contains("<svg")
}

/// Refuses a file whose content is not what its extension says.
pub(super) fn check_extension(
    path: &Path,
    named: SourceFormat,
    actual: SourceFormat,
) -> Result<(), ImageError> {
    if named == actual {
        return Ok(());
    }
    Err(ImageError::WrongExtension {
        path: path.to_path_buf(),
        extension: extension_of(path),
        actual: actual.name(),
        suggested: actual.extension(),
    })
}

fn check_sniffed(path: &Path, named: SourceFormat, bytes: &[u8]) -> Result<(), ImageError> {
    match sniff(bytes) {
        Some(actual) => check_extension(path, named, actual),
        None => Err(ImageError::Unrecognised {
            path: path.to_path_buf(),
            extension: extension_of(path),
            expected: named.name(),
        }),
    }
}

fn extension_of(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Refuses images with more pixels than `limit`.
pub(super) fn check_size(
    path: &Path,
    width: u32,
    height: u32,
    limit: u64,
) -> Result<(), ImageError> {
    if u64::from(width) * u64::from(height) <= limit {
        return Ok(());
    }
    Err(ImageError::TooLarge {
        path: path.to_path_buf(),
        width,
        height,
        limit,
    })
}

fn io_error(path: &Path, error: std::io::Error) -> ImageError {
    if error.kind() == std::io::ErrorKind::NotFound {
        ImageError::Missing {
            path: path.to_path_buf(),
        }
    } else {
        ImageError::Unreadable {
            path: path.to_path_buf(),
            source: error,
        }
    }
}

/// The whole file; an empty file is an error.
pub(super) fn read(path: &Path) -> Result<Vec<u8>, ImageError> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    if bytes.is_empty() {
        return Err(ImageError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(bytes)
}

/// The cache key of the file's bytes and its length, streamed through a small
/// buffer: the warm path never holds a whole photo in memory.
pub(super) fn hash_file(path: &Path) -> Result<(u128, u64), ImageError> {
    let mut file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    let mut hasher = super::cache::SourceHasher::new();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut len = 0u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(path, e)),
        };
        hasher.update(&buffer[..n]);
        len += n as u64;
    }
    if len == 0 {
        return Err(ImageError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok((hasher.finish(), len))
}

/// An SVG, a GIF, or any image when processing is off: checked, measured
/// when that is cheap, and otherwise left alone.
pub(super) fn passthrough(
    path: &Path,
    named: SourceFormat,
) -> Result<(ProcessedImage, Counts), ImageError> {
    let bytes = read(path)?;
    check_sniffed(path, named, &bytes)?;
    let dimensions = match named {
        SourceFormat::Svg => svg_size(&bytes),
        SourceFormat::Gif => gif_size(&bytes),
        _ => Some(header(path, &bytes)?.displayed()),
    };
    let image = ProcessedImage {
        format: named,
        dimensions,
        passthrough: true,
        variants: Vec::new(),
        social: None,
    };
    let counts = Counts {
        source_bytes: bytes.len() as u64,
        ..Counts::default()
    };
    Ok((image, counts))
}

/// Width and height from a GIF's logical screen descriptor.
fn gif_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let header = bytes.get(..10)?;
    if !header.starts_with(b"GIF87a") && !header.starts_with(b"GIF89a") {
        return None;
    }
    let width = u16::from_le_bytes([header[6], header[7]]);
    let height = u16::from_le_bytes([header[8], header[9]]);
    Some((u32::from(width), u32::from(height)))
}

/// Width and height of an SVG's root element when given as plain numbers or
/// pixels, else from its `viewBox`; `None` when neither says.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(16 * 1024)]);
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let number = |s: &str| -> Option<f64> {
        s.trim()
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n > 0.0)
    };
    let sized = attribute(tag, "width")
        .and_then(number)
        .zip(attribute(tag, "height").and_then(number));
    let (width, height) = sized.or_else(|| {
        let view_box: Vec<f64> = attribute(tag, "viewBox")?
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        match view_box[..] {
            [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
            _ => None,
        }
    })?;
    let round = |n: f64| n.round().clamp(1.0, f64::from(u32::MAX)) as u32;
    Some((round(width), round(height)))
}

/// The value of `name="..."` (or `'...'`) inside one tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value = &value[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// What the header says, read without decoding pixels.
struct Header<D> {
    decoder: D,
    width: u32,
    height: u32,
    orientation: image::metadata::Orientation,
}

impl<D> Header<D> {
    /// Width and height once the EXIF orientation is applied.
    fn displayed(&self) -> (u32, u32) {
        use image::metadata::Orientation::*;
        match self.orientation {
            Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH => (self.height, self.width),
            _ => (self.width, self.height),
        }
    }
}

fn corrupt(path: &Path, error: impl std::fmt::Display) -> ImageError {
    ImageError::Corrupt {
        path: path.to_path_buf(),
        reason: error.to_string(),
    }
}

fn header<'a>(path: &Path, bytes: &'a [u8]) -> Result<Header<impl ImageDecoder + 'a>, ImageError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| corrupt(path, e))?;
    let mut decoder = reader.into_decoder().map_err(|e| corrupt(path, e))?;
    let (width, height) = decoder.dimensions();
    // A broken EXIF block must not cost the picture: show it as stored.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    Ok(Header {
        decoder,
        width,
        height,
        orientation,
    })
}

/// Decodes `bytes` (a file named as `named`) to upright pixels. The header's
/// size is checked against `max_pixels` first; [`Limits`] guard the decoder's
/// allocations as well, in case a header understates what follows.
pub(super) fn decode(
    path: &Path,
    bytes: &[u8],
    named: SourceFormat,
    max_pixels: u64,
) -> Result<Pixels, ImageError> {
    check_sniffed(path, named, bytes)?;
    let mut header = header(path, bytes)?;
    check_size(path, header.width, header.height, max_pixels)?;
    let mut limits = Limits::default();
    // Room for 16-bit RGBA, the widest layout the decoders produce.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(64 * 1024 * 1024));
    header
        .decoder
        .set_limits(limits)
        .map_err(|e| corrupt(path, e))?;
    let orientation = header.orientation;
    // A missing or unreadable profile means sRGB, as browsers assume.
    let icc = header.decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(header.decoder).map_err(|e| corrupt(path, e))?;
    image.apply_orientation(orientation);
    let mut pixels = to_pixels(image, named);
    if let Some(icc) = icc {
        to_srgb(&mut pixels, &icc);
    }
    Ok(pixels)
}

/// Converts pixels described by an ICC profile to sRGB. Phones and cameras
/// shoot in Display P3 or Adobe RGB; variants are written without a profile
/// (stripping metadata strips it too), and a browser shows untagged pixels
/// as sRGB: unconverted, their colours would look dull and shifted. Profiles
/// that are sRGB already, or that cannot be read, leave the pixels alone.
fn to_srgb(pixels: &mut Pixels, icc: &[u8]) {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if profile.color_space != DataColorSpace::Rgb {
        return;
    }
    let layout = if pixels.alpha {
        Layout::Rgba
    } else {
        Layout::Rgb
    };
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) =
        profile.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    // Most embedded profiles are sRGB: a few probe colours tell, and skip the work.
    let probe: &[u8] = if pixels.alpha {
        &[
            230, 40, 30, 255, 40, 200, 60, 255, 30, 60, 220, 255, 128, 128, 128, 255,
        ]
    } else {
        &[230, 40, 30, 40, 200, 60, 30, 60, 220, 128, 128, 128]
    };
    let mut probed = vec![0u8; probe.len()];
    if transform.transform(probe, &mut probed).is_err()
        || probe.iter().zip(&probed).all(|(a, b)| a.abs_diff(*b) <= 1)
    {
        return;
    }
    let mut converted = vec![0u8; pixels.data.len()];
    if transform.transform(&pixels.data, &mut converted).is_ok() {
        pixels.data = converted;
    }
}

/// 8-bit RGB, or RGBA when some pixel is not fully opaque: an unused alpha
/// channel would otherwise make a photo's fallback a PNG.
fn to_pixels(image: DynamicImage, format: SourceFormat) -> Pixels {
    let (width, height) = (image.width(), image.height());
    if image.color().has_alpha() {
        let rgba = image.into_rgba8();
        if rgba.pixels().any(|p| p.0[3] != u8::MAX) {
            return Pixels {
                format,
                width,
                height,
                alpha: true,
                data: rgba.into_raw(),
            };
        }
        let data = DynamicImage::ImageRgba8(rgba).into_rgb8().into_raw();
        return Pixels {
            format,
            width,
            height,
            alpha: false,
            data,
        };
    }
    Pixels {
        format,
        width,
        height,
        alpha: false,
        data: image.into_rgb8().into_raw(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixels(rgb: [u8; 3]) -> Pixels {
        Pixels {
            format: SourceFormat::Jpeg,
            width: 1,
            height: 1,
            alpha: false,
            data: rgb.to_vec(),
        }
    }

    #[test]
    fn wide_gamut_pixels_become_srgb_and_srgb_stays() {
        let p3 = moxcms::ColorProfile::new_display_p3()
            .encode()
            .expect("P3 profile");
        let mut red = pixels([200, 60, 40]);
        to_srgb(&mut red, &p3);
        // The same numbers mean a more saturated red in P3 than in sRGB.
        assert!(red.data[0] > 200 && red.data[1] < 60, "{:?}", red.data);

        let srgb = moxcms::ColorProfile::new_srgb().encode().expect("sRGB");
        let mut same = pixels([200, 60, 40]);
        to_srgb(&mut same, &srgb);
        assert_eq!(same.data, [200, 60, 40]);

        let mut garbage = pixels([200, 60, 40]);
        to_srgb(&mut garbage, b"not a profile");
        assert_eq!(garbage.data, [200, 60, 40]);
    }

    #[test]
    fn a_tagged_jpeg_decodes_to_srgb() {
        let jpeg = |icc: Option<&[u8]>| {
            let mut out = Vec::new();
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, 100);
            if let Some(icc) = icc {
                encoder.add_icc_profile(icc).expect("icc");
            }
            let data: Vec<u8> = [200u8, 60, 40].repeat(64);
            encoder
                .encode(&data, 8, 8, jpeg_encoder::ColorType::Rgb)
                .expect("encode");
            out
        };
        let p3 = moxcms::ColorProfile::new_display_p3()
            .encode()
            .expect("P3 profile");
        let path = Path::new("photo.jpg");
        let plain = decode(path, &jpeg(None), SourceFormat::Jpeg, 1 << 20).expect("plain");
        let tagged = decode(path, &jpeg(Some(&p3)), SourceFormat::Jpeg, 1 << 20).expect("tagged");
        assert!(
            tagged.data[0] > plain.data[0] + 5,
            "{:?} vs {:?}",
            &tagged.data[..3],
            &plain.data[..3]
        );
    }

    #[test]
    fn gif_size_reads_the_screen_descriptor() {
        let header = b"GIF89a\x40\x01\xf0\x00\x00\x00\x00";
        assert_eq!(gif_size(header), Some((320, 240)));
        assert_eq!(gif_size(b"GIF8"), None);
    }

    #[test]
    fn svg_size_from_attributes_or_view_box() {
        let sized = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120px" height='80'><rect/></svg>"#;
        assert_eq!(svg_size(sized), Some((120, 80)));
        let boxed = br#"<svg viewBox="0 0 300 150" stroke-width="2"></svg>"#;
        assert_eq!(svg_size(boxed), Some((300, 150)));
        let relative = br#"<svg width="100%" height="100%"></svg>"#;
        assert_eq!(svg_size(relative), None);
        assert_eq!(svg_size(b"<svg"), None);
    }

    #[test]
    fn sniff_knows_svg_text_from_other_text() {
        assert_eq!(
            sniff(b"\xef\xbb\xbf <svg xmlns='x'/>"),
            Some(SourceFormat::Svg)
        );
        assert_eq!(sniff(b"hello, world"), None);
    }

    #[test]
    fn extensions_are_read_case_insensitively() {
        let format = format_from_extension(Path::new("/a/B.JPEG")).expect("known");
        assert_eq!(format, SourceFormat::Jpeg);
        let err = format_from_extension(Path::new("/a/b.tiff")).expect_err("unknown");
        assert!(err.to_string().contains("`tiff`"), "{err}");
    }
}
