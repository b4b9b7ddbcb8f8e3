//! Compares encoder settings on a folder of JPEGs: every source is resized
//! once per width the way rapport does it (Lanczos3, `fast_image_resize`),
//! then encoded with each `--config`, decoded again and scored with DSSIM
//! (0 = identical; lower is better) against up to three references:
//!
//! - `own`: that same Lanczos3 resize (what `examples/image_work.rs` uses;
//!   it favours rapport, whose resize it is);
//! - `sharp`: sharp's own resize saved losslessly by
//!   `scripts/sharp_reference.js` (`--sharp-ref DIR`; favours sharp);
//! - `linear`: a Lanczos3 resize in linear light and f32, which neither tool
//!   does (`--linear`).
//!
//! `--sharp DIR` scores the files of `shared/bench/sharp_resize.js` against
//! the same references, so both tools are measured by one ruler.
//!
//! ```text
//! cargo run --release --example encoder_sweep -- IN_DIR [--widths 480,960,1600]
//!     [--limit N] [--sharp SHARP_OUT] [--sharp-ref SHARP_REF] [--linear]
//!     --config jpeg,q=80 --config jpeg,q=80,table=imagemagick
//!     --config webp,q=80,m=4,sns=50,filter=60,sharpness=0,segments=4,pass=1
//! ```
//!
//! JPEG keys: `q`, `table` (default, flat, msssim, psnrhvs, imagemagick,
//! klein, watson, ahumada, peterson), `sampling` (420, 444), `method`
//! (average, sample), `scans` (2..), `scale` and `cscale` (the luma and
//! chroma tables scaled by that percentage instead of by `q`). WebP keys: `q` (f32), `m` (method),
//! `sns`, `filter`, `sharpness`, `segments`, `pass`, `pre`
//! (preprocessing), `sharpyuv`, `autofilter`.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer, images::Image};
use ravif::RGB8;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

#[derive(Debug, Clone)]
enum Config {
    Jpeg(BTreeMap<String, String>),
    WebP(BTreeMap<String, String>),
}

impl Config {
    fn parse(spec: &str) -> Result<Config, String> {
        let mut parts = spec.split(',');
        let kind = parts.next().unwrap_or("");
        let mut map = BTreeMap::new();
        for part in parts {
            let (k, v) = part
                .split_once('=')
                .ok_or(format!("{part}: want key=value"))?;
            map.insert(k.to_string(), v.to_string());
        }
        match kind {
            "jpeg" => Ok(Config::Jpeg(map)),
            "webp" => Ok(Config::WebP(map)),
            other => Err(format!("unknown format {other}")),
        }
    }

    fn ext(&self) -> &'static str {
        match self {
            Config::Jpeg(_) => "jpg",
            Config::WebP(_) => "webp",
        }
    }

    fn encode(&self, rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
        match self {
            Config::Jpeg(map) => jpeg(map, rgb, width, height),
            Config::WebP(map) => webp(map, rgb, width, height),
        }
    }
}

fn get<T: std::str::FromStr>(map: &BTreeMap<String, String>, key: &str, default: T) -> T {
    map.get(key)
        .map(|v| v.parse().ok().unwrap_or_else(|| panic!("{key}={v}?")))
        .unwrap_or(default)
}

fn jpeg(map: &BTreeMap<String, String>, rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
    use jpeg_encoder::{
        ChromaSubsamplingMethod, ColorType, Encoder, QuantizationTableType as T, SamplingFactor,
    };
    let table = |name: &str| match name {
        "default" => T::Default,
        "flat" => T::Flat,
        "msssim" => T::CustomMsSsim,
        "psnrhvs" => T::CustomPsnrHvs,
        "imagemagick" => T::ImageMagick,
        "klein" => T::KleinSilversteinCarney,
        "watson" => T::DentalXRays,
        "ahumada" => T::VisualDetectionModel,
        "peterson" => T::ImprovedDetectionModel,
        other => panic!("unknown table {other}"),
    };
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, get(map, "q", 80u8));
    let luma = get(map, "table", "default".to_string());
    let chroma = get(map, "chroma", luma.clone());
    if map.contains_key("scale") {
        // Tables scaled by a percentage in f64 rather than libjpeg's
        // 200 - 2q steps: `scale=40` is q80, `scale=42` between q79 and q78.
        let scale: f64 = get(map, "scale", 40.0);
        let cscale: f64 = get(map, "cscale", scale);
        let scaled = |base: &[u16; 64], scale: f64| {
            let mut out = [0u16; 64];
            for (o, &v) in out.iter_mut().zip(base) {
                *o = (f64::from(v) * scale / 100.0 + 0.5)
                    .floor()
                    .clamp(1.0, 255.0) as u16;
            }
            T::Custom(Box::new(out))
        };
        let index = |name: &str| TABLES.iter().position(|t| *t == name).unwrap();
        encoder.set_quantization_tables(
            scaled(&LUMA[index(&luma)], scale),
            scaled(
                CHROMA.get(index(&chroma)).unwrap_or(&LUMA[index(&chroma)]),
                cscale,
            ),
        );
    } else {
        encoder.set_quantization_tables(table(&luma), table(&chroma));
    }
    match get(map, "sampling", 420u32) {
        444 => encoder.set_sampling_factor(SamplingFactor::R_4_4_4),
        422 => encoder.set_sampling_factor(SamplingFactor::R_4_2_2),
        _ => encoder.set_sampling_factor(SamplingFactor::R_4_2_0),
    }
    if get(map, "method", "average".to_string()) == "average" {
        encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    }
    encoder.set_optimized_huffman_tables(true);
    encoder.set_progressive_scans(get(map, "scans", 2u8));
    encoder
        .encode(rgb, width as u16, height as u16, ColorType::Rgb)
        .unwrap();
    out
}

fn webp(map: &BTreeMap<String, String>, rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
    let encoder = webp::Encoder::from_rgb(rgb, width, height);
    let mut config = webp::WebPConfig::new().unwrap();
    config.quality = get(map, "q", 80.0f32);
    config.method = get(map, "m", 4);
    config.sns_strength = get(map, "sns", config.sns_strength);
    config.filter_strength = get(map, "filter", config.filter_strength);
    config.filter_sharpness = get(map, "sharpness", config.filter_sharpness);
    config.segments = get(map, "segments", config.segments);
    config.pass = get(map, "pass", config.pass);
    config.preprocessing = get(map, "pre", config.preprocessing);
    config.use_sharp_yuv = get(map, "sharpyuv", config.use_sharp_yuv);
    config.autofilter = get(map, "autofilter", config.autofilter);
    encoder.encode_advanced(&config).unwrap().to_vec()
}

struct Args {
    input: PathBuf,
    widths: Vec<u32>,
    limit: usize,
    sharp: Option<PathBuf>,
    sharp_ref: Option<PathBuf>,
    linear: bool,
    configs: Vec<(String, Config)>,
}

fn parse_args() -> Result<Args, String> {
    let mut raw = std::env::args().skip(1);
    let mut args = Args {
        input: raw
            .next()
            .ok_or("usage: encoder_sweep IN_DIR [options]")?
            .into(),
        widths: vec![480, 960, 1600],
        limit: usize::MAX,
        sharp: None,
        sharp_ref: None,
        linear: false,
        configs: Vec::new(),
    };
    while let Some(flag) = raw.next() {
        let mut value = || raw.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--widths" => {
                args.widths = value()?
                    .split(',')
                    .map(|w| w.parse().map_err(|e| format!("{w}: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--limit" => args.limit = value()?.parse().map_err(|e| format!("{e}"))?,
            "--sharp" => args.sharp = Some(value()?.into()),
            "--sharp-ref" => args.sharp_ref = Some(value()?.into()),
            "--linear" => args.linear = true,
            "--config" => {
                let spec = value()?;
                args.configs.push((spec.clone(), Config::parse(&spec)?));
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}

/// Per label: files, bytes, DSSIM sums per reference, encode seconds.
#[derive(Default)]
struct Total {
    files: usize,
    bytes: u64,
    dssim: BTreeMap<&'static str, f64>,
    seconds: f64,
}

fn main() -> Result<(), String> {
    let args = parse_args()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.input)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .collect();
    files.sort();
    files.truncate(args.limit);
    let totals: Mutex<BTreeMap<String, Total>> = Mutex::new(BTreeMap::new());
    let started = Instant::now();
    files.par_iter().for_each(|source| {
        let dssim = dssim_core::Dssim::new();
        let original = image::open(source).unwrap().into_rgb8();
        let stem = source.file_stem().unwrap().to_string_lossy().into_owned();
        for &width in &args.widths {
            if width > original.width() {
                continue;
            }
            let height = ((u64::from(original.height()) * u64::from(width)
                + u64::from(original.width()) / 2)
                / u64::from(original.width())) as u32;
            let own = lanczos(&original, width, height);
            // References as pixels; their DSSIM images are made per size
            // (sharp rounds some heights down where rapport rounds to the
            // nearest: both are then cropped to the rows they share).
            let mut refs: Vec<(&'static str, image::RgbImage)> = vec![("own", own.clone())];
            if let Some(dir) = &args.sharp_ref {
                let path = dir.join(format!("{stem}-{width}.png"));
                refs.push(("sharp", image::open(&path).unwrap().into_rgb8()));
            }
            if args.linear {
                refs.push(("linear", linear(&original, width, height)));
            }
            let mut made: BTreeMap<(usize, u32, u32), dssim_core::DssimImage<f32>> =
                BTreeMap::new();
            let mut candidates: Vec<(String, Vec<u8>, f64, &'static str)> = Vec::new();
            for (label, config) in &args.configs {
                let t = Instant::now();
                let bytes = config.encode(own.as_raw(), width, height);
                candidates.push((
                    label.clone(),
                    bytes,
                    t.elapsed().as_secs_f64(),
                    config.ext(),
                ));
            }
            if let Some(dir) = &args.sharp {
                for ext in ["jpg", "webp"] {
                    let path = dir.join(format!("{stem}-{width}.{ext}"));
                    if let Ok(bytes) = std::fs::read(&path) {
                        candidates.push((format!("sharp {ext}"), bytes, 0.0, ext));
                    }
                }
            }
            for (label, bytes, seconds, _) in candidates {
                let decoded = image::load_from_memory(&bytes).unwrap().into_rgb8();
                assert_eq!(decoded.width(), width, "{label}");
                assert!(decoded.height().abs_diff(height) <= 1, "{label}");
                let mut scores: Vec<(&'static str, f64)> = Vec::new();
                for (i, (name, reference)) in refs.iter().enumerate() {
                    let rows = reference.height().min(decoded.height());
                    let a = made
                        .entry((i, width, rows))
                        .or_insert_with(|| dssim_image(&dssim, &top(reference, rows)));
                    let b = dssim_image(&dssim, &top(&decoded, rows));
                    scores.push((name, f64::from(dssim.compare(a, b).0)));
                }
                let mut totals = totals.lock().unwrap();
                let total = totals.entry(label).or_default();
                total.files += 1;
                total.bytes += bytes.len() as u64;
                total.seconds += seconds;
                for (name, score) in scores {
                    *total.dssim.entry(name).or_default() += score;
                }
            }
        }
        eprint!(".");
    });
    eprintln!(" {:.1} s", started.elapsed().as_secs_f64());
    let totals = totals.into_inner().unwrap();
    let mut order: Vec<String> = args.configs.iter().map(|(l, _)| l.clone()).collect();
    order.extend(["sharp jpg".to_string(), "sharp webp".to_string()]);
    for label in order {
        let Some(t) = totals.get(&label) else {
            continue;
        };
        let scores: Vec<String> = t
            .dssim
            .iter()
            .map(|(name, sum)| format!("{name} {:.5}", sum / t.files as f64))
            .collect();
        println!(
            "{label:<44} {:>4} files {:>10} bytes  DSSIM {}  encode {:.2} s",
            t.files,
            t.bytes,
            scores.join(" "),
            t.seconds
        );
    }
    Ok(())
}

/// The first `rows` rows of `image`.
fn top(image: &image::RgbImage, rows: u32) -> image::RgbImage {
    if rows == image.height() {
        return image.clone();
    }
    image::imageops::crop_imm(image, 0, 0, image.width(), rows).to_image()
}

fn lanczos(original: &image::RgbImage, width: u32, height: u32) -> image::RgbImage {
    let src = fast_image_resize::images::ImageRef::new(
        original.width(),
        original.height(),
        original.as_raw(),
        PixelType::U8x3,
    )
    .unwrap();
    let mut dst = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&src, &mut dst, &options).unwrap();
    image::RgbImage::from_raw(width, height, dst.into_vec()).unwrap()
}

/// Lanczos3 on linear-light f32 values, back to sRGB bytes.
fn linear(original: &image::RgbImage, width: u32, height: u32) -> image::RgbImage {
    let to_linear: Vec<f32> = (0..256)
        .map(|v| {
            let c = v as f32 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        })
        .collect();
    let floats: Vec<u8> = original
        .as_raw()
        .iter()
        .flat_map(|&v| to_linear[usize::from(v)].to_ne_bytes())
        .collect();
    let src = fast_image_resize::images::ImageRef::new(
        original.width(),
        original.height(),
        &floats,
        PixelType::F32x3,
    )
    .unwrap();
    let mut dst = Image::new(width, height, PixelType::F32x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&src, &mut dst, &options).unwrap();
    let bytes: Vec<u8> = dst
        .into_vec()
        .chunks_exact(4)
        .map(|b| {
            let c = f32::from_ne_bytes([b[0], b[1], b[2], b[3]]).clamp(0.0, 1.0);
            let s = if c <= 0.003_130_8 {
                c * 12.92
            } else {
                1.055 * c.powf(1.0 / 2.4) - 0.055
            };
            (s * 255.0 + 0.5) as u8
        })
        .collect();
    image::RgbImage::from_raw(width, height, bytes).unwrap()
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

/// jpeg-encoder 0.7's tables (from mozjpeg's jcparam.c), in `TABLES` order.
const LUMA: [[u16; 64]; 9] = [
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69,
        56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81,
        104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ],
    [
        16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
        16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
        16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    ],
    [
        12, 17, 20, 21, 30, 34, 56, 63, 18, 20, 20, 26, 28, 51, 61, 55, 19, 20, 21, 26, 33, 58, 69,
        55, 26, 26, 26, 30, 46, 87, 86, 66, 31, 33, 36, 40, 46, 96, 100, 73, 40, 35, 46, 62, 81,
        100, 111, 91, 46, 66, 76, 86, 102, 121, 120, 101, 68, 90, 90, 96, 113, 102, 105, 103,
    ],
    [
        9, 10, 12, 14, 27, 32, 51, 62, 11, 12, 14, 19, 27, 44, 59, 73, 12, 14, 18, 25, 42, 59, 79,
        78, 17, 18, 25, 42, 61, 92, 87, 92, 23, 28, 42, 75, 79, 112, 112, 99, 40, 42, 59, 84, 88,
        124, 132, 111, 42, 64, 78, 95, 105, 126, 125, 99, 70, 75, 100, 102, 116, 100, 107, 98,
    ],
    [
        16, 16, 16, 18, 25, 37, 56, 85, 16, 17, 20, 27, 34, 40, 53, 75, 16, 20, 24, 31, 43, 62, 91,
        135, 18, 27, 31, 40, 53, 74, 106, 156, 25, 34, 43, 53, 69, 94, 131, 189, 37, 40, 62, 74,
        94, 124, 169, 238, 56, 53, 91, 106, 131, 169, 226, 311, 85, 75, 135, 156, 189, 238, 311,
        418,
    ],
    [
        10, 12, 14, 19, 26, 38, 57, 86, 12, 18, 21, 28, 35, 41, 54, 76, 14, 21, 25, 32, 44, 63, 92,
        136, 19, 28, 32, 41, 54, 75, 107, 157, 26, 35, 44, 54, 70, 95, 132, 190, 38, 41, 63, 75,
        95, 125, 170, 239, 57, 54, 92, 107, 132, 170, 227, 312, 86, 76, 136, 157, 190, 239, 312,
        419,
    ],
    [
        7, 8, 10, 14, 23, 44, 95, 241, 8, 8, 11, 15, 25, 47, 102, 255, 10, 11, 13, 19, 31, 58, 127,
        255, 14, 15, 19, 27, 44, 83, 181, 255, 23, 25, 31, 44, 72, 136, 255, 255, 44, 47, 58, 83,
        136, 255, 255, 255, 95, 102, 127, 181, 255, 255, 255, 255, 241, 255, 255, 255, 255, 255,
        255, 255,
    ],
    [
        15, 11, 11, 12, 15, 19, 25, 32, 11, 13, 10, 10, 12, 15, 19, 24, 11, 10, 14, 14, 16, 18, 22,
        27, 12, 10, 14, 18, 21, 24, 28, 33, 15, 12, 16, 21, 26, 31, 36, 42, 19, 15, 18, 24, 31, 38,
        45, 53, 25, 19, 22, 28, 36, 45, 55, 65, 32, 24, 27, 33, 42, 53, 65, 77,
    ],
    [
        14, 10, 11, 14, 19, 25, 34, 45, 10, 11, 11, 12, 15, 20, 26, 33, 11, 11, 15, 18, 21, 25, 31,
        38, 14, 12, 18, 24, 28, 33, 39, 47, 19, 15, 21, 28, 36, 43, 51, 59, 25, 20, 25, 33, 43, 54,
        64, 74, 34, 26, 31, 39, 51, 64, 77, 91, 45, 33, 38, 47, 59, 74, 91, 108,
    ],
];
/// jpeg-encoder 0.7's chroma tables where they differ from [`LUMA`]: default,
/// flat (the same), MS-SSIM and PSNR-HVS; the later ones are used for both.
const CHROMA: [[u16; 64]; 4] = [
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99,
        99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ],
    [
        16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
        16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
        16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    ],
    [
        8, 12, 15, 15, 86, 96, 96, 98, 13, 13, 15, 26, 90, 96, 99, 98, 12, 15, 18, 96, 99, 99, 99,
        99, 17, 16, 90, 96, 99, 99, 99, 99, 96, 96, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ],
    [
        9, 10, 17, 19, 62, 89, 91, 97, 12, 13, 18, 29, 84, 91, 88, 98, 14, 19, 29, 93, 95, 95, 98,
        97, 20, 26, 84, 88, 95, 95, 98, 94, 26, 86, 91, 93, 97, 99, 98, 99, 99, 100, 98, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 97, 97, 99, 99, 99, 99, 97, 99,
    ],
];
const TABLES: [&str; 9] = [
    "default",
    "flat",
    "msssim",
    "psnrhvs",
    "imagemagick",
    "klein",
    "watson",
    "ahumada",
    "peterson",
];
