//! Rules about the links between posts: `orphan-post` (nothing links to
//! it) and `no-internal-links` (it links to nothing of the site).

use super::{Findings, Level, PostFacts, Rule};
use crate::content::Site;

pub(super) const ORPHAN_POST: Rule = Rule {
    name: "orphan-post",
    default_level: Level::Warn,
    what: "A post that no other post or page links to in its text. The lists rapport makes (home page, \
           sections, tags, feeds, older/newer links) don't count. Checked once the site has at least 3 posts.",
    why: "Readers find older posts through the posts they are reading, and search engines judge a page by \
          the links to it. A post nothing links to is read the week it comes out and then forgotten.",
    fix: "Link to it from two or three related posts, where it answers the reader's next question: \
          `[how to run a 30-minute editorial meeting](@/posts/editorial-meeting.md)`.",
    example: "warning[orphan-post]: no other post links to this one\n --> content/posts/utm-naming.md:2",
};

pub(super) const NO_INTERNAL_LINKS: Rule = Rule {
    name: "no-internal-links",
    default_level: Level::Warn,
    what: "A post whose text links to no other page of the site (links to content files with `@/` or \
           `../post.md`, root-relative links and absolute links under `base_url` all count). Checked once the \
           site has at least 3 posts.",
    why: "A post that links nowhere is a dead end: the reader leaves when it ends. Links to your other \
          helpful posts give context and keep the conversation going.",
    fix: "Link to the posts that go deeper or answer the next question, in the text where they help.",
    example: "warning[no-internal-links]: this post links to no other page of the site\n --> content/posts/utm-naming.md:2",
};

/// Below this many posts there is little to link to.
const MIN_POSTS: usize = 3;

pub(super) fn check(site: &Site, facts: &[PostFacts], findings: &mut Findings<'_>) {
    if site.posts.len() < MIN_POSTS {
        return;
    }
    if findings.enabled(&NO_INTERNAL_LINKS) {
        for &id in &site.posts {
            if facts[id].site_links == 0 {
                findings.report(
                    &NO_INTERNAL_LINKS,
                    site,
                    id,
                    Some("title"),
                    "this post links to no other page of the site".to_string(),
                    "link to related posts where they help: `[the next step](@/posts/next-step.md)`",
                );
            }
        }
    }
    if findings.enabled(&ORPHAN_POST) {
        let mut linked = vec![false; site.pages.len()];
        for fact in facts {
            for &target in &fact.links_to {
                linked[target] = true;
            }
        }
        for &id in &site.posts {
            if !linked[id] {
                findings.report(
                    &ORPHAN_POST,
                    site,
                    id,
                    Some("title"),
                    "no other post links to this one".to_string(),
                    "link to it from two or three related posts, where it answers the reader's next question",
                );
            }
        }
    }
}
