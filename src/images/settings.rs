//! `[images]` in rapport.toml, resolved into [`ImageSettings`]: which widths
//! and formats every photo is encoded to, and how hard. Parsing follows the
//! other optional sections (`[social]`): a missing table means defaults, an
//! unknown key or a wrong type is an error that says what to write instead.

use super::Format;

/// `[images]` in rapport.toml.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSettings {
    /// Process images at all; `false` copies every image as it is.
    pub enabled: bool,
    /// Widths in pixels, ascending and without repeats; never empty.
    pub widths: Vec<u32>,
    /// Modern formats offered beside the fallback, in the order browsers should
    /// try them (`<source>` order). Only [`Format::WebP`] and [`Format::Avif`].
    pub formats: Vec<Format>,
    /// JPEG and WebP quality, 1-100.
    pub quality: u8,
    /// AVIF quality, 1-100 (ravif's scale: lower than JPEG's for the same look).
    pub avif_quality: u8,
    /// AVIF encoder speed, 1 (slowest, smallest) to 10 (fastest).
    pub avif_speed: u8,
    /// Images with more pixels than this are refused before they are decoded.
    pub max_pixels: u64,
}

/// Widths a site gets without saying: phone, tablet, laptop, large/retina.
pub const DEFAULT_WIDTHS: [u32; 4] = [480, 800, 1200, 1600];
/// Wider than any screen at 2x; a typo such as 16000 is caught.
const MAX_WIDTH: i64 = 8192;

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            enabled: true,
            widths: DEFAULT_WIDTHS.to_vec(),
            // AVIF is opt-in (`formats = ["avif", "webp"]`): without rav1e's
            // assembly it took ~3.8 s per photo here, 11x everything else
            // (docs/BENCHMARKS.md), while WebP is supported everywhere.
            formats: vec![Format::WebP],
            quality: 80,
            // Not tuned yet. On the bench corpus, q62 at speed 8 gave half of
            // WebP q80's bytes at a worse DSSIM (0.0055 vs 0.0022): measure
            // with examples/image_work.rs before changing it.
            avif_quality: 62,
            avif_speed: 8,
            max_pixels: 100_000_000,
        }
    }
}

const KEYS: &str = "enabled, widths, formats, quality, avif_quality, avif_speed, max_pixels";

impl ImageSettings {
    /// Resolves `[images]`; `None` (no table) gives the defaults.
    pub fn from_table(table: Option<&toml::Table>) -> Result<Self, String> {
        let mut settings = ImageSettings::default();
        let Some(table) = table else {
            return Ok(settings);
        };
        for (key, value) in table {
            match key.as_str() {
                "enabled" => {
                    settings.enabled = value
                        .as_bool()
                        .ok_or("`images.enabled` must be true or false")?;
                }
                "widths" => settings.widths = widths(value)?,
                "formats" => settings.formats = formats(value)?,
                "quality" => settings.quality = percent(value, "quality")?,
                "avif_quality" => settings.avif_quality = percent(value, "avif_quality")?,
                "avif_speed" => {
                    settings.avif_speed = value
                        .as_integer()
                        .filter(|n| (1..=10).contains(n))
                        .and_then(|n| u8::try_from(n).ok())
                        .ok_or("`images.avif_speed` must be a whole number from 1 (slowest, smallest files) to 10 (fastest)")?;
                }
                "max_pixels" => {
                    settings.max_pixels = value
                        .as_integer()
                        .filter(|n| *n >= 1)
                        .and_then(|n| u64::try_from(n).ok())
                        .ok_or(
                            "`images.max_pixels` must be a positive whole number, e.g. 100_000_000",
                        )?;
                }
                other => {
                    return Err(format!(
                        "unknown key `images.{other}`; [images] takes {KEYS}"
                    ));
                }
            }
        }
        Ok(settings)
    }
}

fn widths(value: &toml::Value) -> Result<Vec<u32>, String> {
    const HELP: &str =
        "`images.widths` must be a list of widths in pixels, e.g. [480, 800, 1200, 1600]";
    let list = value.as_array().ok_or(HELP)?;
    let mut widths = list
        .iter()
        .map(|w| {
            w.as_integer()
                .filter(|n| (1..=MAX_WIDTH).contains(n))
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| {
                    format!(
                        "width {w} in `images.widths` must be a whole number from 1 to {MAX_WIDTH}"
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if widths.is_empty() {
        return Err(HELP.into());
    }
    widths.sort_unstable();
    widths.dedup();
    Ok(widths)
}

fn formats(value: &toml::Value) -> Result<Vec<Format>, String> {
    let list = value.as_array().ok_or(
        "`images.formats` must be a list, e.g. [\"avif\", \"webp\"] (or [] for the fallback only)",
    )?;
    let mut formats = Vec::with_capacity(list.len());
    for name in list {
        let format = match name.as_str() {
            Some("webp") => Format::WebP,
            Some("avif") => Format::Avif,
            _ => {
                return Err(format!(
                    "unknown format {name} in `images.formats`; use \"webp\" and/or \"avif\" (JPEG or PNG fallbacks are always written)"
                ));
            }
        };
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    Ok(formats)
}

fn percent(value: &toml::Value, key: &str) -> Result<u8, String> {
    value
        .as_integer()
        .filter(|n| (1..=100).contains(n))
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| format!("`images.{key}` must be a whole number from 1 to 100"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ImageSettings, String> {
        let table: toml::Table = toml::from_str(text).expect("test TOML is valid");
        ImageSettings::from_table(Some(&table))
    }

    #[test]
    fn missing_table_gives_defaults() {
        let settings = ImageSettings::from_table(None).expect("defaults");
        assert_eq!(settings, ImageSettings::default());
        assert_eq!(settings.widths, vec![480, 800, 1200, 1600]);
        assert!(settings.enabled);
    }

    #[test]
    fn every_key_is_read() {
        let settings = parse(
            "enabled = false\nwidths = [800, 320, 800]\nformats = [\"webp\"]\nquality = 70\n\
             avif_quality = 50\navif_speed = 9\nmax_pixels = 1000",
        )
        .expect("valid");
        assert!(!settings.enabled);
        assert_eq!(settings.widths, vec![320, 800], "sorted and deduplicated");
        assert_eq!(settings.formats, vec![Format::WebP]);
        assert_eq!(
            (settings.quality, settings.avif_quality, settings.avif_speed),
            (70, 50, 9)
        );
        assert_eq!(settings.max_pixels, 1000);
    }

    #[test]
    fn empty_formats_means_fallback_only() {
        assert_eq!(parse("formats = []").expect("valid").formats, vec![]);
    }

    #[test]
    fn unknown_key_names_the_keys_that_exist() {
        let err = parse("qualty = 80").expect_err("typo");
        assert!(err.contains("`images.qualty`"), "{err}");
        assert!(err.contains("quality"), "{err}");
    }

    #[test]
    fn wrong_types_and_ranges_are_errors() {
        let cases = [
            ("enabled = \"yes\"", "images.enabled"),
            ("widths = 800", "images.widths"),
            ("widths = []", "images.widths"),
            ("widths = [0]", "images.widths"),
            ("widths = [\"800\"]", "images.widths"),
            ("widths = [100000]", "8192"),
            ("formats = [\"jpeg\"]", "\"webp\""),
            ("formats = \"webp\"", "images.formats"),
            ("quality = 0", "images.quality"),
            ("quality = 101", "images.quality"),
            ("quality = 80.5", "images.quality"),
            ("avif_quality = -3", "images.avif_quality"),
            ("avif_speed = 11", "images.avif_speed"),
            ("max_pixels = 0", "images.max_pixels"),
        ];
        for (text, expected) in cases {
            let err = parse(text).expect_err(text);
            assert!(err.contains(expected), "{text}: {err}");
        }
    }
}
