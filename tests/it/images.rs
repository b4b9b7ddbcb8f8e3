//! Images: every picture becomes a responsive `<picture>` from cached
//! variants; bad images are errors at the page that uses them.

use crate::support::{TestSite, jpeg, png};

fn photo_site() -> TestSite {
    TestSite::new()
        .file(
            "content/posts/trip/index.md",
            "---\ntitle: A Trip\ndate: 2025-02-01\n---\nIntro.\n\n![A wide photo](photo.jpg \"Seen from the hill\")\n\n![A logo](/images/logo.png)\n\n![A sketch](sketch.svg)\n",
        )
        .bytes("content/posts/trip/photo.jpg", &jpeg(1000, 600))
        .bytes("static/images/logo.png", &png(300, 100))
        .file(
            "content/posts/trip/sketch.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"80\"></svg>",
        )
}

#[test]
fn pictures_get_srcset_sizes_dimensions_and_lazy_loading() {
    let built = photo_site().build().assert_ok();
    let page = built.read("posts/trip/index.html");
    // The first picture is the likely largest paint: no lazy loading.
    let first = &page[page.find("<picture>").expect("a picture")..];
    let first = &first[..first.find("</picture>").expect("closed")];
    assert!(first.contains("type=\"image/webp\""), "{first}");
    assert!(first.contains("/posts/trip/photo-480w."), "{first}");
    assert!(first.contains("/posts/trip/photo-800w."), "{first}");
    assert!(!first.contains("photo-1200w"), "never upscaled: {first}");
    assert!(first.contains("fetchpriority=\"high\""), "{first}");
    assert!(!first.contains("loading=\"lazy\""), "{first}");
    assert!(first.contains("width=\"800\" height=\"480\""), "{first}");
    assert!(first.contains("title=\"Seen from the hill\""), "{first}");
    // The PNG keeps its transparency in a PNG fallback and is lazy.
    let logo = &page[page.find("logo-300w").expect("logo variants")..];
    assert!(
        page.contains("/images/logo-300w.") && page.contains(".png"),
        "{page}"
    );
    assert!(logo.contains("loading=\"lazy\""), "{logo}");
    // SVG passes through with its size.
    assert!(page.contains("<img src=\"sketch.svg\""), "{page}");
    assert!(page.contains("width=\"120\" height=\"80\""), "{page}");
    // The variants are in the output, the original too.
    let variant = page
        .split([' ', '"', '='])
        .find(|w| w.starts_with("/posts/trip/photo-480w.") && w.ends_with(".webp"))
        .expect("a webp variant url");
    assert!(built.exists(variant.trim_start_matches('/')), "{variant}");
    assert!(built.exists("posts/trip/photo.jpg"));
    assert!(built.report.stats.images.encoded > 0);
}

#[test]
fn a_second_build_encodes_nothing_and_changed_settings_reencode() {
    let site = photo_site();
    let first = site.build().assert_ok();
    assert!(first.report.stats.images.encoded > 0);
    let again = site.build().assert_ok();
    assert_eq!(
        again.report.stats.images.encoded, 0,
        "{:?}",
        again.report.stats.images
    );
    assert_eq!(
        again.report.stats.images.cached,
        first.report.stats.images.encoded
    );
    assert_eq!(
        first.read("posts/trip/index.html"),
        again.read("posts/trip/index.html")
    );

    let site = site.file(
        "rapport.toml",
        &format!("{}\n[images]\nquality = 60\n", crate::support::CONFIG),
    );
    let changed = site.build().assert_ok();
    assert!(
        changed.report.stats.images.encoded > 0,
        "new quality, new variants"
    );
}

#[test]
fn missing_corrupt_empty_and_mislabelled_images_are_errors_at_their_page() {
    let missing = TestSite::new().post(
        "a",
        "title: A\ndate: 2025-01-01",
        "Text.\n\n![Chart](chart.png)\n",
    );
    let built = missing.build();
    let error = built.single_error("missing-image", "content/posts/a.md");
    assert_eq!(error.line, Some(7), "{error:?}");
    assert!(error.message.contains("chart.png"), "{}", error.message);

    for (name, bytes, says) in [
        (
            "corrupt.jpg",
            b"\xff\xd8\xff\xe0 not really".to_vec(),
            "corrupt.jpg",
        ),
        ("empty.jpg", Vec::new(), "empty.jpg"),
        ("mislabelled.jpg", png(8, 8), "mislabelled.jpg"),
    ] {
        let site = TestSite::new()
            .file(
                "content/posts/b/index.md",
                &format!("---\ntitle: B\ndate: 2025-01-01\n---\n![Picture]({name})\n"),
            )
            .bytes(&format!("content/posts/b/{name}"), &bytes);
        let built = site.build();
        let error = built.single_error("image", "content/posts/b/index.md");
        assert!(error.message.contains(says), "{}", error.message);
        assert!(!site.root().join("public").exists(), "nothing written");
    }
}

#[test]
fn images_can_be_turned_off() {
    let site = photo_site().file(
        "rapport.toml",
        &format!("{}\n[images]\nenabled = false\n", crate::support::CONFIG),
    );
    let built = site.build().assert_ok();
    assert!(!built.read("posts/trip/index.html").contains("<picture"));
    assert_eq!(built.report.stats.images.images, 0);
}

#[test]
fn a_small_cover_is_named_for_social_cards() {
    let site = TestSite::new().file(
        "content/posts/small/index.md",
        "---\ntitle: Small\ndate: 2025-01-01\nimage: cover.jpg\nimage_alt: A small cover\n---\nText.\n",
    )
    .bytes("content/posts/small/cover.jpg", &jpeg(800, 450));
    let built = site.build();
    let found: Vec<_> = built.with_code("cover-too-small");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "the cover is 800x450 pixels; social cards need at least 1200x630 (its card is cropped to 800x420)"
    );
    assert_eq!(found[0].line, Some(4), "the line of `image:`");
}

/// Counts what the build tells a progress listener.
#[derive(Default)]
struct Counting {
    started: std::sync::Mutex<Vec<(&'static str, usize)>>,
    done: std::sync::atomic::AtomicUsize,
    finished: std::sync::atomic::AtomicUsize,
}

impl rapport::Progress for Counting {
    fn started(&self, what: &'static str, total: usize) {
        self.started.lock().expect("lock").push((what, total));
    }
    fn done(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    fn finished(&self) {
        self.finished
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

#[test]
fn progress_hears_of_every_image_once() {
    let site = photo_site();
    let counting = std::sync::Arc::new(Counting::default());
    let mut options = site.options();
    options.progress = Some(rapport::ProgressHook(counting.clone()));
    site.build_with(options).assert_ok();
    // The photo, the logo and the SVG the post uses (static/c.jpg is not
    // used); then the post's link card (it has no cover).
    let started = counting.started.lock().expect("lock").clone();
    assert_eq!(started, [("images", 3), ("link cards", 1)]);
    assert_eq!(counting.done.load(std::sync::atomic::Ordering::Relaxed), 4);
    assert_eq!(
        counting.finished.load(std::sync::atomic::Ordering::Relaxed),
        2
    );
}

/// A site template that shows a hero no content uses, and describes the
/// post's own photo for markup of its own.
const HERO_TEMPLATE: &str = r#"{% extends "base.html" %}
{% block content %}{{ picture(src="/images/hero.jpg", alt="Our hero", eager=true) }}
{% set photo = image(src="photo.jpg") %}<img class="own" src="{{ photo.url }}" srcset="{{ photo.srcset }}" width="{{ photo.width }}" height="{{ photo.height }}" alt="">{% for s in photo.sources %}<i data-type="{{ s.type }}" data-srcset="{{ s.srcset }}"></i>{% endfor %}
{{ page.content | safe }}{% endblock content %}
"#;

#[test]
fn templates_get_pictures_and_image_data_processed_on_demand() {
    let site = photo_site()
        .bytes("static/images/hero.jpg", &jpeg(1600, 900))
        .file("templates/page.html", HERO_TEMPLATE);
    let built = site.build().assert_ok();
    let page = built.read("posts/trip/index.html");
    let hero = &page[page
        .find("alt=\"Our hero\"")
        .map(|i| i.saturating_sub(600))
        .unwrap_or(0)..];
    assert!(page.contains("/images/hero-1200w."), "{page}");
    assert!(hero.contains("fetchpriority=\"high\""), "{hero}");
    let at = page.find("/images/hero-800w.").expect("an 800w variant");
    let variant: String = page[at..]
        .chars()
        .take_while(|c| !matches!(c, ' ' | '"' | ','))
        .collect();
    assert!(
        built.exists(&variant),
        "the hero's variants are written: {variant}"
    );
    // Minified once, as a template: its own attributes unquoted, and the
    // values it prints quoted.
    let class = page.find("class=own").expect("the template's own img");
    let own = &page[page[..class].rfind("<img").expect("its tag")..];
    let own = &own[..own.find('>').expect("closed")];
    assert!(own.contains("src=\"/posts/trip/photo-800w."), "{own}");
    assert!(
        own.contains("width=\"800\"") && own.contains("height=\"480\""),
        "{own}"
    );
    assert!(page.contains("data-type=\"image/webp\""), "{page}");
    // 3 images in the post + the hero.
    assert_eq!(built.report.stats.images.images, 4);
    let again = site.build().assert_ok();
    assert_eq!(
        again.report.stats.images.encoded, 0,
        "the hero is cached too"
    );
    assert_eq!(again.read("posts/trip/index.html"), page);
}

#[test]
fn a_missing_template_image_is_an_error_at_the_template_line() {
    let site = photo_site().file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ picture(src=\"/images/nope.jpg\", alt=\"x\") }}\n{% endblock content %}\n",
    );
    let built = site.build();
    let errors = built.errors();
    assert!(!built.report.ok);
    let error = errors
        .iter()
        .find(|d| d.message.contains("/images/nope.jpg"))
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(error.message.contains("no file gives"), "{error:?}");
    assert_eq!(
        error.file.as_deref(),
        Some("templates/page.html"),
        "{error:?}"
    );
    assert_eq!(error.line, Some(3), "{error:?}");
}

#[cfg(unix)]
#[test]
fn variants_share_the_cache_files_and_sources_are_copied() {
    use std::os::unix::fs::MetadataExt as _;
    let built = photo_site().build().assert_ok();
    let page = built.read("posts/trip/index.html");
    let at = page.find("/posts/trip/photo-480w.").expect("a variant");
    let variant: String = page[at..]
        .chars()
        .take_while(|c| !matches!(c, ' ' | '"' | ','))
        .collect();
    let links = |rel: &str| {
        std::fs::metadata(built.output.join(rel.trim_start_matches('/')))
            .expect("output file")
            .nlink()
    };
    assert_eq!(links(&variant), 2, "a hard link to the cache entry");
    assert_eq!(
        links("posts/trip/photo.jpg"),
        1,
        "the author's own file is a real copy: editing the output never edits the site"
    );
}

/// The `og:image` of a page, and its declared size.
fn og_image(page: &str) -> (String, String, String) {
    let meta = |property: &str| {
        let key = format!("property=\"{property}\" content=\"");
        let start = page
            .find(&key)
            .unwrap_or_else(|| panic!("{property} in {page}"))
            + key.len();
        page[start..start + page[start..].find('"').expect("closed")].to_string()
    };
    (
        meta("og:image"),
        meta("og:image:width"),
        meta("og:image:height"),
    )
}

#[test]
fn og_image_is_the_cover_cropped_to_a_1200x630_jpeg_under_the_base_path() {
    let site = TestSite::with_config(
        "title = \"T\"\nbase_url = \"https://example.com/blog/\"\nminify = false\n",
    )
    .file(
        "content/posts/tall/index.md",
        "---\ntitle: Tall\ndate: 2025-01-01\nimage: cover.jpg\nimage_alt: A tall cover\n---\nText.\n",
    )
    .bytes("content/posts/tall/cover.jpg", &jpeg(1600, 1600));
    let built = site.build().assert_ok();
    let page = built.read("posts/tall/index.html");
    let (url, width, height) = og_image(&page);
    assert!(
        url.starts_with("https://example.com/blog/posts/tall/cover-1200x630.")
            && url.ends_with(".jpg"),
        "{url}"
    );
    assert_eq!((width.as_str(), height.as_str()), ("1200", "630"));
    assert!(
        page.contains(&format!("name=\"twitter:image\" content=\"{url}\"")),
        "{page}"
    );
    let file = url.trim_start_matches("https://example.com/blog/");
    let size = image::ImageReader::open(built.output.join(file))
        .expect("the crop is in the output")
        .with_guessed_format()
        .expect("format")
        .into_dimensions()
        .expect("dimensions");
    assert_eq!(size, (1200, 630));
    // The crop is for cards only, never in a srcset.
    let srcsets: Vec<&str> = page.split("srcset=\"").skip(1).collect();
    assert!(srcsets.iter().all(|s| !s.contains("1200x630")), "{page}");
}
