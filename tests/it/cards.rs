//! Link cards: posts without a cover get a generated 1200x630 card for
//! og:image, from the theme's `og-card.svg` (or the site's own), cached.

use crate::support::{Built, TestSite};

const CONFIG: &str =
    "title = \"Test Blog\"\nbase_url = \"https://example.com/blog/\"\nminify = false\n";

/// A `<meta>` tag's content, from an unminified page.
fn meta(page: &str, attribute: &str, name: &str) -> Option<String> {
    let key = format!("{attribute}=\"{name}\" content=\"");
    let start = page.find(&key)? + key.len();
    Some(page[start..start + page[start..].find('"')?].to_string())
}

/// The plain post's card, as a path in the output.
fn plain_card(built: &Built) -> String {
    let url = meta(
        &built.read("posts/plain/index.html"),
        "property",
        "og:image",
    )
    .expect("card");
    url.trim_start_matches("https://example.com/blog/")
        .to_string()
}

fn size_of(path: &std::path::Path) -> (u32, u32) {
    image::ImageReader::open(path)
        .expect("the card is in the output")
        .with_guessed_format()
        .expect("format")
        .into_dimensions()
        .expect("dimensions")
}

fn site() -> TestSite {
    TestSite::with_config(CONFIG)
        .post(
            "plain",
            "title: \"Plan less, publish more\"\ndate: 2025-01-01",
            "Text.",
        )
        .post(
            "covered",
            "title: Covered\ndate: 2025-01-02\nimage: /c.jpg\nimage_alt: A cover",
            "Text.",
        )
}

#[test]
fn a_post_without_a_cover_gets_a_1200x630_card_as_og_image() {
    let site = site();
    let built = site.build().assert_ok();
    let page = built.read("posts/plain/index.html");
    let url = meta(&page, "property", "og:image").expect("og:image");
    assert!(
        url.starts_with("https://example.com/blog/posts/plain/og-card.") && url.ends_with(".png"),
        "{url}"
    );
    assert_eq!(
        meta(&page, "property", "og:image:width").as_deref(),
        Some("1200")
    );
    assert_eq!(
        meta(&page, "property", "og:image:height").as_deref(),
        Some("630")
    );
    assert_eq!(
        meta(&page, "name", "twitter:image").as_deref(),
        Some(url.as_str())
    );
    assert_eq!(
        meta(&page, "name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        meta(&page, "property", "og:image:alt").as_deref(),
        Some("Plan less, publish more · Test Blog")
    );
    let file = built
        .output
        .join(url.trim_start_matches("https://example.com/blog/"));
    assert_eq!(size_of(&file), (1200, 630));
    // A post with a cover shares its cover, not a card.
    let covered = built.read("posts/covered/index.html");
    assert!(!covered.contains("og-card."), "{covered}");
    assert_eq!(built.report.stats.cards.cards, 1);
    assert_eq!(built.report.stats.cards.rendered, 1);
}

#[test]
fn a_warm_build_renders_no_card_and_writes_the_same_bytes() {
    let site = site();
    let first = site.build().assert_ok();
    let rel = plain_card(&first);
    let bytes = std::fs::read(first.output.join(&rel)).expect("card");
    let again = site.build().assert_ok();
    assert_eq!(
        again.report.stats.cards.rendered, 0,
        "{:?}",
        again.report.stats.cards
    );
    assert_eq!(again.report.stats.cards.cards, 1);
    assert_eq!(std::fs::read(again.output.join(&rel)).expect("card"), bytes);
    // A new title is a new card, and the old one leaves the cache.
    let site = site.post("plain", "title: \"Plan more\"\ndate: 2025-01-01", "Text.");
    let changed = site.build().assert_ok();
    assert_eq!(changed.report.stats.cards.rendered, 1);
    let cards_dir = site.root().join(".rapport/cache/images/generated");
    let cached = std::fs::read_dir(&cards_dir).expect("cache").count();
    assert_eq!(cached, 1, "the old card was pruned");
}

#[test]
fn cards_can_be_turned_off() {
    let config = format!("{CONFIG}\n[social]\ncards = false\n");
    let built = TestSite::with_config(&config)
        .post("plain", "title: Plain\ndate: 2025-01-01", "Text.")
        .build()
        .assert_ok();
    let page = built.read("posts/plain/index.html");
    assert!(meta(&page, "property", "og:image").is_none(), "{page}");
    assert_eq!(
        meta(&page, "name", "twitter:card").as_deref(),
        Some("summary")
    );
    assert_eq!(built.report.stats.cards.cards, 0);
}

#[test]
fn brand_colours_and_a_site_template_make_the_card() {
    let config = format!("{CONFIG}\n[social]\ncard_background = \"#ff0000\"\n");
    let site =
        TestSite::with_config(&config).post("plain", "title: Plain\ndate: 2025-01-01", "Text.");
    let built = site.build().assert_ok();
    let card = image::open(built.output.join(plain_card(&built)))
        .expect("card")
        .to_rgb8();
    assert_eq!(
        card.get_pixel(600, 20).0,
        [255, 0, 0],
        "the background colour"
    );

    let site = site.file(
        "templates/og-card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"315\"><rect width=\"600\" height=\"315\" fill=\"{{ card.accent }}\"/><text x=\"10\" y=\"100\">{{ page.title }}</text></svg>",
    );
    let built = site.build().assert_ok();
    let page = built.read("posts/plain/index.html");
    assert_eq!(
        meta(&page, "property", "og:image:width").as_deref(),
        Some("600")
    );
    assert_eq!(
        meta(&page, "property", "og:image:height").as_deref(),
        Some("315")
    );
}

#[test]
fn titles_with_markup_and_any_script_make_cards_without_panicking() {
    let titles = [
        "Tags like <script>alert(\\\"x\\\")</script> & \\\"quotes\\\" aren't markup",
        "コンテンツカレンダーを本当に使い続けるための計画の立て方",
        "كيف تخطط تقويم المحتوى لفريقك",
        "Emoji 👩‍👩‍👧 and combining e\u{301} marks",
        "Averyveryverylongwordwithoutanyspacesthatcannotpossiblyfitononelineofthecardatanysize",
    ];
    let mut site = TestSite::with_config(CONFIG);
    for (i, title) in titles.iter().enumerate() {
        site = site.post(
            &format!("p{i}"),
            &format!("title: \"{title}\"\ndate: 2025-01-0{}", i + 1),
            "Text.",
        );
    }
    let built = site.build().assert_ok();
    assert_eq!(built.report.stats.cards.cards, titles.len());
}

#[test]
fn a_broken_site_template_is_an_error_at_the_post() {
    let built = TestSite::with_config(CONFIG)
        .post("plain", "title: Plain\ndate: 2025-01-01", "Text.")
        .file(
            "templates/og-card.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect",
        )
        .build();
    let error = built.single_error("card", "content/posts/plain.md");
    assert!(error.message.contains("og-card.svg"), "{}", error.message);
    assert!(error.message.contains("not valid SVG"), "{}", error.message);
}

#[test]
fn the_default_cards_crisp_rectangles_draw_the_same_pixels_as_antialiased_ones() {
    // The theme draws its background and bar with crispEdges to skip the
    // antialiasing work; that is only right while they lie on whole pixels.
    let theme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/og-card.svg"),
    )
    .expect("the theme's card template");
    let crisp = " shape-rendering=\"crispEdges\"";
    assert!(theme.contains(crisp), "the theme uses crispEdges");
    let card = |site: &TestSite| {
        let built = site.build().assert_ok();
        image::open(built.output.join(plain_card(&built)))
            .expect("card")
            .to_rgba8()
    };
    let default = card(&site());
    let antialiased = card(&site().file("templates/og-card.svg", &theme.replace(crisp, "")));
    assert_eq!(default.dimensions(), (1200, 630));
    assert!(
        default == antialiased,
        "crispEdges changed the default card's pixels"
    );
}
