//! End-to-end tests of [`process_all`] against a temporary cache.

use super::fixtures;
use super::*;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Small widths and both modern formats: every code path, quickly.
fn settings() -> ImageSettings {
    ImageSettings {
        widths: vec![16, 32],
        formats: vec![Format::Avif, Format::WebP],
        avif_speed: 10,
        ..ImageSettings::default()
    }
}

struct Workspace {
    dir: tempfile::TempDir,
    cache: Cache,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::open(dir.path().join("cache")).expect("open cache");
        Workspace { dir, cache }
    }

    /// Writes a source file and returns its request (site path `posts/x/NAME`).
    fn add(&self, name: &str, bytes: &[u8]) -> ImageRequest {
        let source = self.dir.path().join("src").join(name);
        std::fs::create_dir_all(source.parent().expect("parent")).expect("mkdir");
        std::fs::write(&source, bytes).expect("write source");
        ImageRequest {
            source,
            site_path: format!("posts/x/{name}"),
            social: false,
        }
    }

    fn run(
        &self,
        requests: &[ImageRequest],
        settings: &ImageSettings,
    ) -> (Vec<Result<ProcessedImage, ImageError>>, ImageStats) {
        process_all(requests, settings, &self.cache, None)
    }

    fn one(
        &self,
        request: &ImageRequest,
        settings: &ImageSettings,
    ) -> Result<ProcessedImage, ImageError> {
        let (mut results, _) = self.run(std::slice::from_ref(request), settings);
        results.pop().expect("one result")
    }
}

fn dimensions_of(path: &Path) -> (u32, u32) {
    image::ImageReader::open(path)
        .expect("open variant")
        .with_guessed_format()
        .expect("sniff variant")
        .into_dimensions()
        .expect("variant header")
}

fn widths(image: &ProcessedImage, format: Format) -> Vec<u32> {
    image
        .variants
        .iter()
        .filter(|v| v.format == format)
        .map(|v| v.width)
        .collect()
}

#[test]
fn jpeg_gets_each_width_in_each_format_and_never_upscales() {
    let ws = Workspace::new();
    let request = ws.add("cover.jpg", &fixtures::jpeg(64, 40));
    let settings = ImageSettings {
        widths: vec![16, 32, 128],
        ..settings()
    };
    let image = ws.one(&request, &settings).expect("processed");
    assert_eq!(image.format, SourceFormat::Jpeg);
    assert_eq!(image.dimensions, Some((64, 40)));
    assert!(!image.passthrough);
    assert_eq!(
        image.formats(),
        vec![Format::Avif, Format::WebP, Format::Jpeg]
    );
    for format in [Format::Avif, Format::WebP, Format::Jpeg] {
        assert_eq!(
            widths(&image, format),
            vec![16, 32],
            "{format:?}: 128 is wider than the source"
        );
    }
    for variant in image.variants.iter().filter(|v| v.format != Format::Avif) {
        // The image crate here reads JPEG, PNG and WebP, not AVIF.
        assert_eq!(
            dimensions_of(&variant.cache_path),
            (variant.width, variant.height)
        );
    }
    let avif = std::fs::read(&image.variants[0].cache_path).expect("avif");
    assert_eq!(&avif[4..12], b"ftypavif");
    let fallback = image.fallback().expect("fallback");
    assert_eq!(
        (fallback.format, fallback.width, fallback.height),
        (Format::Jpeg, 32, 20)
    );
    assert!(
        fallback.site_path.starts_with("posts/x/cover-32w."),
        "{}",
        fallback.site_path
    );
    assert!(fallback.site_path.ends_with(".jpg"));
    let bytes = std::fs::metadata(&fallback.cache_path)
        .expect("cache file")
        .len();
    assert_eq!(fallback.bytes, bytes);
}

#[test]
fn a_source_narrower_than_every_width_gets_one_variant_at_its_own_width() {
    let ws = Workspace::new();
    let request = ws.add("small.jpg", &fixtures::jpeg(64, 40));
    let settings = ImageSettings {
        widths: vec![100, 200],
        formats: vec![Format::WebP],
        ..settings()
    };
    let image = ws.one(&request, &settings).expect("processed");
    assert_eq!(widths(&image, Format::WebP), vec![64]);
    assert_eq!(widths(&image, Format::Jpeg), vec![64]);
}

#[test]
fn transparency_gets_a_png_fallback_but_an_unused_alpha_channel_does_not() {
    let ws = Workspace::new();
    let see_through = ws.add("logo.png", &fixtures::png(64, 40, true));
    let opaque = ws.add("chart.png", &fixtures::png(64, 40, false));
    let (results, _) = ws.run(&[see_through, opaque], &settings());
    let see_through = results[0].as_ref().expect("logo");
    let opaque = results[1].as_ref().expect("chart");
    assert_eq!(see_through.fallback().map(|v| v.format), Some(Format::Png));
    assert_eq!(widths(see_through, Format::Jpeg), Vec::<u32>::new());
    assert_eq!(opaque.fallback().map(|v| v.format), Some(Format::Jpeg));
    let png = see_through.fallback().expect("png");
    let decoded = image::open(&png.cache_path).expect("decode").into_rgba8();
    assert_eq!(decoded.get_pixel(0, 0).0[3], 0, "left stays transparent");
    assert_eq!(decoded.get_pixel(png.width - 1, 0).0[3], 255);
}

#[test]
fn exif_orientation_is_applied_and_dropped() {
    let ws = Workspace::new();
    // Orientation 6: stored landscape, shown rotated 90 degrees clockwise.
    let request = ws.add("portrait.jpg", &fixtures::jpeg_with_orientation(64, 40, 6));
    let image = ws.one(&request, &settings()).expect("processed");
    assert_eq!(image.dimensions, Some((40, 64)));
    let fallback = image.fallback().expect("fallback");
    assert_eq!((fallback.width, fallback.height), (32, 51));
    let mut decoder = image::ImageReader::open(&fallback.cache_path)
        .expect("open")
        .into_decoder()
        .expect("decoder");
    assert_eq!(image::ImageDecoder::dimensions(&decoder), (32, 51));
    let exif = image::ImageDecoder::exif_metadata(&mut decoder).expect("read exif");
    assert_eq!(
        exif, None,
        "metadata is stripped, so no viewer rotates it again"
    );
    // The warm run reads the orientation from the cache, not the file.
    let (results, stats) = ws.run(&[request], &settings());
    assert_eq!(stats.encoded, 0);
    assert_eq!(
        results[0].as_ref().expect("warm").dimensions,
        Some((40, 64))
    );
}

#[test]
fn a_warm_run_encodes_nothing_and_gives_the_same_result() {
    let ws = Workspace::new();
    let requests = [
        ws.add("a.jpg", &fixtures::jpeg(64, 40)),
        ws.add("b.png", &fixtures::png(48, 48, true)),
    ];
    let (cold, stats) = ws.run(&requests, &settings());
    assert_eq!((stats.encoded, stats.cached), (12, 0));
    assert_eq!((stats.images, stats.failed, stats.passthrough), (2, 0, 0));
    let sources: u64 = requests
        .iter()
        .map(|r| std::fs::metadata(&r.source).expect("source").len())
        .sum();
    assert_eq!(stats.source_bytes, sources);
    let (warm, again) = ws.run(&requests, &settings());
    assert_eq!((again.encoded, again.cached), (0, 12));
    assert_eq!(again.output_bytes, stats.output_bytes);
    let cold: Vec<_> = cold.into_iter().map(|r| r.expect("cold")).collect();
    let warm: Vec<_> = warm.into_iter().map(|r| r.expect("warm")).collect();
    assert_eq!(cold, warm);
}

#[test]
fn a_changed_quality_re_encodes_only_what_it_touches() {
    let ws = Workspace::new();
    let request = ws.add("a.jpg", &fixtures::jpeg(64, 40));
    ws.run(std::slice::from_ref(&request), &settings());
    let lower = ImageSettings {
        quality: 50,
        ..settings()
    };
    let (results, stats) = ws.run(std::slice::from_ref(&request), &lower);
    // JPEG and WebP use `quality`; AVIF has its own and stays cached.
    assert_eq!((stats.encoded, stats.cached), (4, 2));
    let image = results[0].as_ref().expect("processed");
    assert_eq!(image.variants.len(), 6);
    let (_, stats) = ws.run(std::slice::from_ref(&request), &lower);
    assert_eq!((stats.encoded, stats.cached), (0, 6));
}

#[test]
fn a_changed_source_is_processed_again() {
    let ws = Workspace::new();
    let request = ws.add("a.jpg", &fixtures::jpeg(64, 40));
    let first = ws.one(&request, &settings()).expect("first");
    std::fs::write(&request.source, fixtures::jpeg(80, 40)).expect("edit");
    let (results, stats) = ws.run(std::slice::from_ref(&request), &settings());
    assert_eq!(stats.encoded, 6);
    let second = results[0].as_ref().expect("second");
    assert_eq!(second.dimensions, Some((80, 40)));
    assert_ne!(
        first.variants[0].site_path, second.variants[0].site_path,
        "new fingerprint"
    );
}

/// Sets a file's modification time `seconds` into the past.
fn age(path: &std::path::Path, seconds: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(seconds);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(then))
        .expect("set mtime");
}

#[test]
fn stamps_skip_hashing_unchanged_files_but_never_hide_an_edit() {
    let ws = Workspace::new();
    let request = ws.add("a.jpg", &fixtures::jpeg(64, 40));
    age(&request.source, 60);
    let first = ws.one(&request, &settings()).expect("first");
    let stamps = ws.cache.root().join("stamps");
    assert_eq!(std::fs::read_dir(&stamps).expect("stamps").count(), 1);
    let warm = ws.one(&request, &settings()).expect("warm, from the stamp");
    assert_eq!(warm, first);

    // Same length, same modification time, other bytes: still seen.
    let modified = std::fs::metadata(&request.source)
        .and_then(|m| m.modified())
        .expect("mtime");
    let mut bytes = std::fs::read(&request.source).expect("read");
    let last = bytes.len() - 3;
    bytes[last] ^= 0x01;
    std::fs::write(&request.source, &bytes).expect("edit");
    std::fs::File::options()
        .write(true)
        .open(&request.source)
        .and_then(|f| f.set_modified(modified))
        .expect("restore mtime");
    let edited = ws.one(&request, &settings()).expect("edited");
    if cfg!(unix) {
        assert_ne!(
            edited.variants[0].site_path, first.variants[0].site_path,
            "the change time gives the edit away"
        );
    }

    // A fresh file gets no stamp until it has settled.
    let fresh = ws.add("b.jpg", &fixtures::jpeg(40, 40));
    ws.one(&fresh, &settings()).expect("fresh");
    assert_eq!(std::fs::read_dir(&stamps).expect("stamps").count(), 1);

    // Stamps of sources no longer used are pruned with their entries.
    let other = ws.add("c.jpg", &fixtures::jpeg(48, 40));
    age(&other.source, 60);
    ws.one(&other, &settings()).expect("other");
    assert_eq!(std::fs::read_dir(&stamps).expect("stamps").count(), 2);
    ws.cache.prune(edited.cache_paths()).expect("prune");
    assert_eq!(std::fs::read_dir(&stamps).expect("stamps").count(), 1);
}

#[test]
fn deleting_a_cached_file_re_encodes_just_that_one() {
    let ws = Workspace::new();
    let request = ws.add("a.jpg", &fixtures::jpeg(64, 40));
    let image = ws.one(&request, &settings()).expect("first");
    std::fs::remove_file(&image.variants[3].cache_path).expect("delete");
    let (_, stats) = ws.run(std::slice::from_ref(&request), &settings());
    assert_eq!((stats.encoded, stats.cached), (1, 5));
}

#[test]
fn prune_keeps_what_the_last_run_used_and_nothing_else() {
    let ws = Workspace::new();
    let a = ws.add("a.jpg", &fixtures::jpeg(64, 40));
    let b = ws.add("b.jpg", &fixtures::jpeg(40, 64));
    let (old, _) = ws.run(&[a.clone(), b], &settings());
    let old_b = old[1].as_ref().expect("b").clone();
    let (results, _) = ws.run(std::slice::from_ref(&a), &settings());
    let kept: Vec<ProcessedImage> = results.into_iter().map(|r| r.expect("a")).collect();
    let leftover = ws.cache.root().join(".tmp-1-1");
    std::fs::write(&leftover, b"half").expect("temp");
    let pruned = ws
        .cache
        .prune(kept.iter().flat_map(ProcessedImage::cache_paths))
        .expect("prune");
    assert_eq!(
        pruned.files,
        6 + 1 + 1,
        "b's variants, b's meta, the temp file (fresh files have no stamps)"
    );
    assert!(old_b.variants.iter().all(|v| !v.cache_path.exists()));
    assert!(kept[0].variants.iter().all(|v| v.cache_path.exists()));
    assert!(!leftover.exists());
    let (_, stats) = ws.run(std::slice::from_ref(&a), &settings());
    assert_eq!(stats.encoded, 0, "a is still warm");
    let again = ws
        .cache
        .prune(kept.iter().flat_map(ProcessedImage::cache_paths))
        .expect("prune again");
    assert_eq!(again, PruneStats::default());
}

#[test]
fn same_input_gives_byte_identical_variants() {
    let runs: Vec<Vec<(String, Vec<u8>)>> = (0..2)
        .map(|_| {
            let ws = Workspace::new();
            let requests = [
                ws.add("a.jpg", &fixtures::jpeg(64, 40)),
                ws.add("b.png", &fixtures::png(64, 40, true)),
            ];
            let (results, _) = ws.run(&requests, &settings());
            results
                .into_iter()
                .flat_map(|r| r.expect("processed").variants)
                .map(|v| (v.site_path, std::fs::read(&v.cache_path).expect("read")))
                .collect()
        })
        .collect();
    assert_eq!(runs[0].len(), 12);
    assert!(runs[0] == runs[1], "two runs differ");
}

#[test]
fn results_keep_request_order_and_progress_ticks_once_per_image() {
    let ws = Workspace::new();
    let requests: Vec<ImageRequest> = (0..6)
        .map(|i| ws.add(&format!("i{i}.jpg"), &fixtures::jpeg(20 + i * 8, 20)))
        .collect();
    let ticks = AtomicUsize::new(0);
    let tick = || {
        ticks.fetch_add(1, Ordering::Relaxed);
    };
    let settings = ImageSettings {
        formats: vec![Format::WebP],
        ..settings()
    };
    let (results, _) = process_all(&requests, &settings, &ws.cache, Some(&tick));
    assert_eq!(ticks.load(Ordering::Relaxed), 6);
    let dims: Vec<_> = results
        .iter()
        .map(|r| r.as_ref().expect("ok").dimensions)
        .collect();
    let expected: Vec<_> = (0..6).map(|i| Some((20 + i * 8, 20))).collect();
    assert_eq!(dims, expected);
}

#[test]
fn svg_and_gif_pass_through_with_their_size() {
    let ws = Workspace::new();
    let svg = ws.add(
        "d.svg",
        br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 20"/>"#,
    );
    let gif = ws.add("e.gif", &fixtures::gif(320, 240));
    let (results, stats) = ws.run(&[svg, gif], &settings());
    let svg = results[0].as_ref().expect("svg");
    let gif = results[1].as_ref().expect("gif");
    assert!(svg.passthrough && svg.variants.is_empty());
    assert_eq!(
        (svg.format, svg.dimensions),
        (SourceFormat::Svg, Some((30, 20)))
    );
    assert!(gif.passthrough && gif.variants.is_empty());
    assert_eq!(
        (gif.format, gif.dimensions),
        (SourceFormat::Gif, Some((320, 240)))
    );
    assert_eq!((stats.passthrough, stats.encoded), (2, 0));
}

#[test]
fn disabled_processing_passes_everything_through_with_upright_sizes() {
    let ws = Workspace::new();
    let request = ws.add("p.jpg", &fixtures::jpeg_with_orientation(64, 40, 6));
    let off = ImageSettings {
        enabled: false,
        ..settings()
    };
    let image = ws.one(&request, &off).expect("passthrough");
    assert!(image.passthrough && image.variants.is_empty());
    assert_eq!(image.dimensions, Some((40, 64)));
}

#[test]
fn srcset_lists_one_format_by_width() {
    let ws = Workspace::new();
    let request = ws.add("c.jpg", &fixtures::jpeg(64, 40));
    let image = ws.one(&request, &settings()).expect("processed");
    let srcset = image.srcset(Format::WebP, |path| format!("/blog/{path}"));
    let parts: Vec<&str> = srcset.split(", ").collect();
    assert_eq!(parts.len(), 2, "{srcset}");
    assert!(parts[0].starts_with("/blog/posts/x/c-16w.") && parts[0].ends_with(".webp 16w"));
    assert!(parts[1].ends_with(".webp 32w"));
}

// Bad input: every case is an error that names the file, and none panics.

fn error_for(name: &str, bytes: Option<&[u8]>) -> ImageError {
    let ws = Workspace::new();
    let request = match bytes {
        Some(bytes) => ws.add(name, bytes),
        None => ImageRequest {
            source: ws.dir.path().join(name),
            site_path: name.into(),
            social: false,
        },
    };
    let err = ws.one(&request, &settings()).expect_err(name);
    assert!(
        err.to_string()
            .contains(&request.source.display().to_string()),
        "names the file: {err}"
    );
    assert_eq!(err.path(), request.source);
    err
}

#[test]
fn a_missing_file_is_reported() {
    let err = error_for("gone.jpg", None);
    assert!(matches!(err, ImageError::Missing { .. }), "{err:?}");
    assert!(err.to_string().contains("does not exist"));
}

#[test]
fn an_empty_file_is_reported() {
    for name in ["empty.jpg", "empty.svg", "empty.gif"] {
        let err = error_for(name, Some(b""));
        assert!(matches!(err, ImageError::Empty { .. }), "{name}: {err:?}");
    }
}

#[test]
fn random_bytes_are_not_an_image() {
    let err = error_for("noise.jpg", Some(&fixtures::noise(4096)));
    assert!(matches!(err, ImageError::Unrecognised { .. }), "{err:?}");
    assert!(err.to_string().contains("not a JPEG image"), "{err}");
}

#[test]
fn a_truncated_png_is_corrupt() {
    let png = fixtures::png(64, 40, true);
    for cut in [8, 40, png.len() / 2, png.len() - 13] {
        let err = error_for("cut.png", Some(&png[..cut]));
        assert!(
            matches!(err, ImageError::Corrupt { .. }),
            "cut at {cut}: {err:?}"
        );
    }
}

#[test]
fn a_truncated_jpeg_never_panics() {
    let jpeg = fixtures::jpeg(64, 40);
    for cut in [3, 20, 200, jpeg.len() / 2, jpeg.len() - 2] {
        let ws = Workspace::new();
        let request = ws.add("cut.jpg", &jpeg[..cut]);
        // Decoders may show what arrived (grey below) or refuse; both are fine.
        if let Err(err) = ws.one(&request, &settings()) {
            assert!(
                matches!(err, ImageError::Corrupt { .. }),
                "cut at {cut}: {err:?}"
            );
        }
    }
}

#[test]
fn a_huge_header_is_refused_before_decoding() {
    let started = std::time::Instant::now();
    let err = error_for("bomb.png", Some(&fixtures::png_claiming(20_000, 20_000)));
    let ImageError::TooLarge {
        width,
        height,
        limit,
        ..
    } = err
    else {
        panic!("expected TooLarge, got {err:?}");
    };
    assert_eq!((width, height, limit), (20_000, 20_000, 100_000_000));
    let message = err.to_string();
    assert!(
        message.contains("20000x20000") && message.contains("max_pixels"),
        "{message}"
    );
    // 400 million pixels would take seconds to decode; the header takes nothing.
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn a_header_within_the_limit_that_lies_is_corrupt_not_a_crash() {
    // 5000x5000 passes max_pixels, but the data is for 4x4.
    let err = error_for("liar.png", Some(&fixtures::png_claiming(5000, 5000)));
    assert!(matches!(err, ImageError::Corrupt { .. }), "{err:?}");
}

#[test]
fn a_png_named_jpg_asks_to_be_renamed() {
    let err = error_for("photo.jpg", Some(&fixtures::png(8, 8, false)));
    assert!(matches!(err, ImageError::WrongExtension { .. }), "{err:?}");
    assert!(err.to_string().contains("rename it to .png"), "{err}");
    let err = error_for("anim.gif", Some(&fixtures::jpeg(8, 8)));
    assert!(err.to_string().contains("rename it to .jpg"), "{err}");
}

#[test]
fn an_unknown_extension_is_reported() {
    let err = error_for("scan.tiff", Some(b"II*\0"));
    assert!(
        matches!(err, ImageError::UnsupportedExtension { .. }),
        "{err:?}"
    );
}

#[test]
fn one_bad_image_does_not_spoil_the_others() {
    let ws = Workspace::new();
    let good = ws.add("good.jpg", &fixtures::jpeg(64, 40));
    let bad = ws.add("bad.jpg", b"not an image at all");
    let (results, stats) = ws.run(&[bad, good], &settings());
    assert!(results[0].is_err() && results[1].is_ok());
    assert_eq!((stats.images, stats.failed), (2, 1));
}

/// Mean absolute difference per channel between two RGB images of one size.
fn mean_difference(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    let total: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    total as f64 / a.as_raw().len() as f64
}

#[test]
fn variants_look_like_the_source() {
    let ws = Workspace::new();
    let request = ws.add("look.png", &fixtures::png(64, 40, false));
    let settings = ImageSettings {
        widths: vec![64],
        formats: vec![Format::WebP],
        quality: 80,
        ..settings()
    };
    let image = ws.one(&request, &settings).expect("processed");
    let source = fixtures::photo(64, 40);
    let differences: Vec<(Format, f64)> = image
        .variants
        .iter()
        .map(|variant| {
            let decoded = image::open(&variant.cache_path)
                .expect("decode")
                .into_rgb8();
            (variant.format, mean_difference(&source, &decoded))
        })
        .collect();
    // Honest lossy encoding of this hard-edged pattern stays under ~16; a
    // decoder and encoder that disagree (planes shifted, colours swapped) give 50+.
    assert!(
        differences.iter().all(|(_, d)| *d < 20.0),
        "{differences:?}"
    );
}

#[test]
fn a_cover_gets_a_card_crop_that_is_cached_and_pruned_with_it() {
    let ws = Workspace::new();
    let mut wide = ws.add("wide.png", &fixtures::png(2000, 800, true));
    wide.social = true;
    let image = ws.one(&wide, &settings()).expect("processed");
    let card = image.social.as_ref().expect("a card crop");
    assert_eq!(
        (card.width, card.height, card.format),
        (1200, 630, Format::Jpeg)
    );
    assert_eq!(dimensions_of(&card.cache_path), (1200, 630));
    assert!(
        card.site_path.starts_with("posts/x/wide-1200x630."),
        "{}",
        card.site_path
    );
    assert!(card.site_path.ends_with(".jpg"));
    assert!(
        image.variants.iter().all(|v| !v
            .cache_path
            .ends_with(card.cache_path.file_name().expect("name"))),
        "the crop is not a srcset variant"
    );
    let (again, stats) = ws.run(std::slice::from_ref(&wide), &settings());
    assert_eq!(stats.encoded, 0, "warm");
    assert_eq!(
        again[0].as_ref().expect("again").social.as_ref(),
        Some(card)
    );
    let pruned = ws.cache.prune(image.cache_paths()).expect("prune");
    assert_eq!(pruned.files, 0, "the card is kept: {pruned:?}");
    // The same image, no longer a cover: its card goes.
    wide.social = false;
    let plain = ws.one(&wide, &settings()).expect("processed");
    assert!(plain.social.is_none());
    ws.cache.prune(plain.cache_paths()).expect("prune");
    assert!(!card.cache_path.exists());
}

#[test]
fn a_small_cover_is_cropped_at_its_own_size() {
    let ws = Workspace::new();
    let mut small = ws.add("small.jpg", &fixtures::jpeg(64, 64));
    small.social = true;
    let image = ws.one(&small, &settings()).expect("processed");
    let card = image.social.expect("a card crop");
    assert_eq!((card.width, card.height), (64, 34));
    assert_eq!(dimensions_of(&card.cache_path), (64, 34));
}
