//! Rules about each post on its own: visuals, alt text, description, tags.

use super::{Findings, Level, PostFacts, Rule};
use crate::content::Site;

pub(super) const MISSING_VISUAL: Rule = Rule {
    name: "missing-visual",
    default_level: Level::Warn,
    what: "A post with no image at all: no cover (`image:`) and no image in its text.",
    why: "Posts with a picture are shared and read more, and social networks show a big card only when there \
          is an image.",
    fix: "Add a cover with `image:` and `image_alt:`, or a chart, screenshot or photo that helps explain the post.",
    example: "warning[missing-visual]: this post has no image: no cover and no picture in its text\n --> content/posts/utm-naming.md:2",
};

pub(super) const MISSING_ALT: Rule = Rule {
    name: "missing-alt",
    default_level: Level::Warn,
    what: "An image without alt text: a cover without `image_alt:`, or `![](chart.png)` with empty brackets.",
    why: "Screen-reader users hear nothing useful, search engines learn nothing, and a broken image shows nothing.",
    fix: "Describe what the image shows and why it is there: `![Signups doubled after the redesign](chart.png)`.",
    example: "warning[missing-alt]: the cover image has no alt text\n --> content/posts/launch/index.md:6",
};

pub(super) const COVER_TOO_SMALL: Rule = Rule {
    name: "cover-too-small",
    default_level: Level::Warn,
    what: "A post's cover (`image:`) smaller than 1200x630 pixels, the size X, LinkedIn, Facebook, Bluesky and \
           Mastodon use for large link cards. Checked on covers rapport processes (JPEG, PNG, WebP).",
    why: "A small cover is shown blurred or as a tiny thumbnail when the post is shared, and a post that \
          looks poor in the feed gets fewer clicks and fewer replies.",
    fix: "Use a cover at least 1200 pixels wide and 630 high. rapport crops the centre of the cover to 1.905:1 for the card, \
          so keep what matters in the middle.",
    example: "warning[cover-too-small]: the cover is 800x450 pixels; social cards need at least 1200x630 (its card is cropped to 800x420)\n --> content/posts/launch/index.md:6",
};

pub(super) const MISSING_DESCRIPTION: Rule = Rule {
    name: "missing-description",
    default_level: Level::Warn,
    what: "A post without `description:` in its front matter.",
    why: "The description is what search results, feeds, link previews and list pages show; without it they \
          show whatever comes first in the text.",
    fix: "Add one sentence (120-160 characters) that tells the reader what they will get out of the post.",
    example: "warning[missing-description]: this post has no description\n --> content/posts/notes.md:2",
};

pub(super) const MISSING_TAGS: Rule = Rule {
    name: "missing-tags",
    default_level: Level::Warn,
    what: "A post without tags (when the site uses the `tags` taxonomy).",
    why: "Tags give context: readers find related posts, and you can see which topics you cover and which \
          start conversations.",
    fix: "Add one to four tags that name the post's topics: `tags: [\"email\", \"onboarding\"]`.",
    example: "warning[missing-tags]: this post has no tags\n --> content/posts/notes.md:2",
};

pub(super) fn check(site: &Site, facts: &[PostFacts], findings: &mut Findings<'_>) {
    let uses_tags = site.config.taxonomies.iter().any(|t| t == "tags");
    for &id in &site.posts {
        let page = &site.pages[id];
        let fact = &facts[id];
        if page.front.image.is_none() && fact.images == 0 {
            findings.report(
                &MISSING_VISUAL,
                site,
                id,
                Some("title"),
                "this post has no image: no cover and no picture in its text".into(),
                "add a cover (`image:` and `image_alt:`) or an image that helps explain the post",
            );
        }
        if page
            .front
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            findings.report(
                &MISSING_DESCRIPTION,
                site,
                id,
                Some("title"),
                "this post has no description".into(),
                "add `description:` with one sentence that tells readers what they will get from the post",
            );
        }
        if uses_tags && page.terms.get("tags").is_none_or(|t| t.is_empty()) {
            findings.report(
                &MISSING_TAGS,
                site,
                id,
                Some("title"),
                "this post has no tags".into(),
                "add one to four topic tags, e.g. `tags: [\"email\", \"onboarding\"]`",
            );
        }
    }
    for (id, page) in site.pages.iter().enumerate() {
        if page.front.image.is_some()
            && page
                .front
                .image_alt
                .as_deref()
                .is_none_or(|a| a.trim().is_empty())
        {
            findings.report(
                &MISSING_ALT,
                site,
                id,
                Some("image"),
                "the cover image has no alt text".into(),
                "add `image_alt:` describing what the cover shows",
            );
        }
        for url in &facts[id].images_without_alt {
            findings.report(
                &MISSING_ALT,
                site,
                id,
                None,
                format!("the image `{url}` has no alt text"),
                "describe the image between the brackets: ![what it shows](image.png)",
            );
        }
    }
}

/// Social cards want 1200x630 at least.
const CARD: (u32, u32) = crate::images::CARD_SIZE;

pub(super) fn check_covers(
    site: &Site,
    covers: &[Option<crate::render::Cover>],
    findings: &mut Findings<'_>,
) {
    if !findings.enabled(&COVER_TOO_SMALL) {
        return;
    }
    for &id in &site.posts {
        let Some(Some(cover)) = covers.get(id) else {
            continue;
        };
        let (width, height) = (cover.original_width, cover.original_height);
        if width < CARD.0 || height < CARD.1 {
            findings.report(
                &COVER_TOO_SMALL,
                site,
                id,
                Some("image"),
                format!(
                    "the cover is {width}x{height} pixels; social cards need at least {}x{} (its card is cropped to {}x{})",
                    CARD.0, CARD.1, cover.og_width, cover.og_height
                ),
                "use a cover at least 1200 pixels wide and 630 high",
            );
        }
    }
}
