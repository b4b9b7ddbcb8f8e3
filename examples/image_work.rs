//! Measures rapport's image stage on a folder of JPEGs: time, bytes per
//! format and, with `--dssim`, mean DSSIM of every variant against the source
//! resized to the same size (0 = identical; lower is better).
//!
//! ```text
//! cargo run --release --example image_work -- IN_DIR [--widths 480,960,1600]
//!     [--formats webp,avif] [--quality 80] [--avif-quality 62] [--avif-speed 8]
//!     [--cache DIR] [--fresh] [--runs N] [--dssim] [--sharp SHARP_OUT_DIR]
//! ```
//!
//! `--fresh` empties the cache first (a cold run); `--runs 2` then shows the
//! warm run too. `--sharp DIR` scores the output of
//! `shared/bench/sharp_resize.js` against the same references. AVIF variants
//! are scored only when `avifdec` (Debian's libavif-bin) is installed.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use rapport::images::{self, Cache, Format, ImageRequest, ImageSettings, ProcessedImage};
use ravif::RGB8;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Args {
    input: PathBuf,
    settings: ImageSettings,
    cache: PathBuf,
    fresh: bool,
    runs: usize,
    dssim: bool,
    sharp: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut raw = std::env::args().skip(1);
    let input = raw.next().ok_or("usage: image_work IN_DIR [options]")?;
    let mut args = Args {
        input: input.into(),
        settings: ImageSettings {
            widths: vec![480, 960, 1600],
            ..ImageSettings::default()
        },
        cache: std::env::temp_dir().join("rapport-image-work-cache"),
        fresh: false,
        runs: 1,
        dssim: false,
        sharp: None,
    };
    while let Some(flag) = raw.next() {
        let mut value = || raw.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<u32>().map_err(|e| format!("{v}: {e}"));
        match flag.as_str() {
            "--widths" => {
                args.settings.widths = value()?
                    .split(',')
                    .map(|w| number(w.to_string()))
                    .collect::<Result<_, _>>()?
            }
            "--formats" => {
                let list = value()?;
                args.settings.formats = list
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(|f| match f {
                        "webp" => Ok(Format::WebP),
                        "avif" => Ok(Format::Avif),
                        other => Err(format!("unknown format {other}")),
                    })
                    .collect::<Result<_, _>>()?
            }
            "--quality" => args.settings.quality = number(value()?)? as u8,
            "--avif-quality" => args.settings.avif_quality = number(value()?)? as u8,
            "--avif-speed" => args.settings.avif_speed = number(value()?)? as u8,
            "--cache" => args.cache = value()?.into(),
            "--runs" => args.runs = number(value()?)? as usize,
            "--fresh" => args.fresh = true,
            "--dssim" => args.dssim = true,
            "--sharp" => args.sharp = Some(value()?.into()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}

fn main() -> Result<(), String> {
    let args = parse_args()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.input)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .collect();
    files.sort();
    let requests: Vec<ImageRequest> = files
        .iter()
        .map(|source| ImageRequest {
            source: source.clone(),
            site_path: format!("images/{}", source.file_name().unwrap().to_string_lossy()),
            social: false,
        })
        .collect();
    if args.fresh {
        let _ = std::fs::remove_dir_all(&args.cache);
    }
    let cache = Cache::open(&args.cache).map_err(|e| e.to_string())?;
    let mut last = Vec::new();
    for run in 1..=args.runs {
        let (results, stats) = images::process_all(&requests, &args.settings, &cache, None);
        println!(
            "run {run}: {} images in {:.3} s ({:.1} ms/image); encoded {}, cached {}, failed {}; sources {:.1} MB, variants {:.1} MB",
            stats.images,
            stats.elapsed.as_secs_f64(),
            stats.elapsed.as_secs_f64() * 1000.0 / stats.images.max(1) as f64,
            stats.encoded,
            stats.cached,
            stats.failed,
            stats.source_bytes as f64 / 1e6,
            stats.output_bytes as f64 / 1e6,
        );
        last = results;
    }
    let processed: Vec<(PathBuf, ProcessedImage)> = files
        .iter()
        .cloned()
        .zip(last)
        .filter_map(|(path, r)| match r {
            Ok(image) => Some((path, image)),
            Err(e) => {
                eprintln!("{e}");
                None
            }
        })
        .collect();
    let mut per_format: BTreeMap<Format, (usize, u64)> = BTreeMap::new();
    for variant in processed.iter().flat_map(|(_, image)| &image.variants) {
        let entry = per_format.entry(variant.format).or_default();
        entry.0 += 1;
        entry.1 += variant.bytes;
    }
    for (format, (count, bytes)) in &per_format {
        println!(
            "rapport {:?}: {count} files, {:.2} MB",
            format,
            *bytes as f64 / 1e6
        );
    }
    if args.dssim || args.sharp.is_some() {
        score(&processed, args.dssim, args.sharp.as_deref());
    }
    Ok(())
}

/// Mean DSSIM per (producer, format).
fn score(processed: &[(PathBuf, ProcessedImage)], ours: bool, sharp: Option<&Path>) {
    let dssim = dssim_core::Dssim::new();
    let mut totals: BTreeMap<String, (f64, usize, u64)> = BTreeMap::new();
    for (source, image) in processed {
        let original = image::open(source).unwrap().into_rgb8();
        let mut candidates: Vec<(String, PathBuf)> = Vec::new();
        if ours {
            for v in &image.variants {
                candidates.push((format!("rapport {:?}", v.format), v.cache_path.clone()));
            }
        }
        if let Some(dir) = sharp {
            let stem = source.file_stem().unwrap().to_string_lossy();
            for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
                let name = entry.file_name().to_string_lossy().into_owned();
                let own = name
                    .strip_prefix(&*stem)
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|rest| {
                        rest.split('.')
                            .next()
                            .is_some_and(|w| w.parse::<u32>().is_ok())
                    });
                if own {
                    let ext = name.rsplit('.').next().unwrap_or("").to_string();
                    candidates.push((format!("sharp {ext}"), entry.path()));
                }
            }
        }
        for (label, path) in candidates {
            let Some(decoded) = decode(&path) else {
                continue;
            };
            let reference = resized(&original, decoded.width(), decoded.height());
            let a = dssim_image(&dssim, &reference);
            let b = dssim_image(&dssim, &decoded);
            let (value, _) = dssim.compare(&a, b);
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let entry = totals.entry(label).or_default();
            entry.0 += f64::from(value);
            entry.1 += 1;
            entry.2 += bytes;
        }
    }
    for (label, (sum, count, bytes)) in totals {
        println!(
            "{label}: {count} files, {:.2} MB, mean DSSIM {:.5}",
            bytes as f64 / 1e6,
            sum / count as f64
        );
    }
}

fn decode(path: &Path) -> Option<image::RgbImage> {
    if path.extension().is_some_and(|e| e == "avif") {
        let png = std::env::temp_dir().join(format!("image-work-{}.png", std::process::id()));
        let ok = std::process::Command::new("avifdec")
            .arg(path)
            .arg(&png)
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        return ok
            .then(|| image::open(&png).ok())
            .flatten()
            .map(|i| i.into_rgb8());
    }
    image::open(path).ok().map(|i| i.into_rgb8())
}

fn resized(original: &image::RgbImage, width: u32, height: u32) -> image::RgbImage {
    use fast_image_resize::{
        FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer, images::Image,
    };
    let src = Image::from_vec_u8(
        original.width(),
        original.height(),
        original.as_raw().clone(),
        PixelType::U8x3,
    )
    .unwrap();
    let mut dst = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&src, &mut dst, &options).unwrap();
    image::RgbImage::from_raw(width, height, dst.into_vec()).unwrap()
}

fn dssim_image(dssim: &dssim_core::Dssim, image: &image::RgbImage) -> dssim_core::DssimImage<f32> {
    let pixels: Vec<RGB8> = image
        .pixels()
        .map(|p| RGB8::new(p.0[0], p.0[1], p.0[2]))
        .collect();
    dssim
        .create_image_rgb(&pixels, image.width() as usize, image.height() as usize)
        .unwrap()
}
