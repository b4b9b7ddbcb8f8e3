//! Incremental rebuilds, for `rapport serve`: what one build keeps so the
//! next one redoes only what an edit changed.
//!
//! A rebuild still runs every stage over the whole site, in the same order,
//! and makes the same bytes as a full build; a stage only asks the previous
//! build's [`Memo`] before it does expensive work, and takes an entry only
//! when everything that entry was made from is unchanged:
//!
//! - a content file's front matter: the file's bytes;
//! - its Markdown (HTML, outline, facts, problems), classification and
//!   prompt candidates: the file's bytes, and what each content file it links
//!   to (`@/posts/b.md`) resolved to (a renamed or deleted post changes them);
//! - an output page: a [`Fingerprint`] of its template and everything its
//!   template context holds;
//! - a post's fitted social snippets: its prompt candidates, permalink, slug
//!   and tags; what a page loads (for page weight): the page's bytes.
//!
//! Config, templates and themes are not tracked: after a change to any of
//! them the caller builds without a memo (see `serve`'s change kinds). The
//! memo is content-addressed, so any memo of the same config and templates
//! is safe to use, however old.

use crate::content::{LinkTarget, Parses};
use crate::diagnostic::Diagnostic;
use crate::markdown::RenderedMarkdown;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;
use xxhash_rust::xxh3::Xxh3;

/// What a build leaves for the next one. [`Memo::default`] holds nothing:
/// a build with it does all the work (and fills a new memo).
#[derive(Default, Clone)]
pub struct Memo {
    pub(crate) parses: Parses,
    /// Rendered Markdown by content-relative path (`posts/a.md`).
    pub(crate) markdown: FxHashMap<String, Arc<MarkdownMemo>>,
    /// Output pages by site path: the fingerprint they were made from, and their bytes.
    pub(crate) pages: FxHashMap<String, (u128, Arc<[u8]>)>,
    /// Each post's fitted social snippets, by a fingerprint of what fitting read.
    pub(crate) fitted: crate::social::FittedMemo,
    /// What each page loads, by the hash of its bytes (for page weight).
    pub(crate) scans: crate::weight::Scans,
    /// Images made for templates' `picture()` and `image()`, by site path.
    pub(crate) template_images: Vec<(String, crate::images::ProcessedImage)>,
    /// Link cards by what they were made from.
    pub(crate) cards: crate::cards::CardMemo,
    /// Bytes of the cache's variants and link cards the build copied.
    pub(crate) owned: Arc<crate::output::OwnedFiles>,
}

impl Memo {
    /// How many content files and pages it holds (for tests and logs).
    pub fn len(&self) -> (usize, usize) {
        (self.markdown.len(), self.pages.len())
    }

    pub fn is_empty(&self) -> bool {
        self.parses.is_empty() && self.markdown.is_empty() && self.pages.is_empty()
    }
}

/// One content file's Markdown, as rendered and analysed by a build.
#[derive(Debug, Clone)]
pub(crate) struct MarkdownMemo {
    /// xxh3 of the file's bytes.
    pub(crate) hash: u128,
    /// Each content file the body links to, and what it resolved to then.
    pub(crate) links: Vec<(String, Option<LinkTarget>)>,
    /// The rendered body, without its plain text (only the analysis used it).
    pub(crate) rendered: RenderedMarkdown,
    pub(crate) problems: Vec<Diagnostic>,
    /// Pages only: what the classifier and the prompt writer made of it.
    pub(crate) analysis: Option<Analysis>,
}

/// A page's classification and discussion-prompt candidates.
#[derive(Debug, Clone)]
pub(crate) struct Analysis {
    pub(crate) inferred: crate::guidelines::classify::Classification,
    pub(crate) prompts: Vec<crate::social::Candidate>,
}

impl MarkdownMemo {
    /// Whether this is still the rendering of a file with these bytes in a
    /// site with these links.
    pub(crate) fn still_holds(&self, hash: u128, links: &HashMap<String, LinkTarget>) -> bool {
        self.hash == hash
            && self
                .links
                .iter()
                .all(|(target, then)| links.get(target) == then.as_ref())
    }

    /// The link targets of `content_links`, as `links` resolves them now.
    pub(crate) fn resolved(
        content_links: &[String],
        links: &HashMap<String, LinkTarget>,
    ) -> Vec<(String, Option<LinkTarget>)> {
        content_links
            .iter()
            .map(|target| (target.clone(), links.get(target).cloned()))
            .collect()
    }
}

/// A 128-bit hash of what a page is made from. Strings are length-prefixed
/// and values are hashed as their JSON, so different inputs cannot run together.
pub(crate) struct Fingerprint(Xxh3);

impl Fingerprint {
    pub(crate) fn new() -> Fingerprint {
        Fingerprint(Xxh3::new())
    }

    pub(crate) fn str(&mut self, text: &str) -> &mut Fingerprint {
        self.0.update(&(text.len() as u64).to_le_bytes());
        self.0.update(text.as_bytes());
        self
    }

    pub(crate) fn number(&mut self, n: u128) -> &mut Fingerprint {
        self.0.update(&n.to_le_bytes());
        self
    }

    /// Hashes the value's JSON (the same data a template context gets).
    pub(crate) fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> &mut Fingerprint {
        // Serialising into a hasher cannot fail for lack of space; a value
        // that cannot serialise would fail rendering the same way.
        let _ = serde_json::to_writer(JsonSink(&mut self.0), value);
        self.0.update(b"\0");
        self
    }

    /// Hashes the value through `Hash`: cheaper than [`Fingerprint::json`]
    /// for data with much text, which JSON would escape first.
    pub(crate) fn hashed<T: std::hash::Hash + ?Sized>(&mut self, value: &T) -> &mut Fingerprint {
        value.hash(&mut self.0);
        self
    }

    pub(crate) fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

struct JsonSink<'a>(&'a mut Xxh3);

impl std::io::Write for JsonSink<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The render stage's side of the memo: the previous pages, and this
/// build's fingerprints as the pages are made.
pub(crate) struct PageMemo<'a> {
    pub(crate) earlier: &'a FxHashMap<String, (u128, Arc<[u8]>)>,
    pub(crate) made: std::sync::Mutex<Vec<(String, u128)>>,
}

impl PageMemo<'_> {
    /// The earlier bytes of `site_path` if they were made from `fingerprint`;
    /// notes the fingerprint either way.
    pub(crate) fn lookup(&self, site_path: &str, fingerprint: u128) -> Option<&Arc<[u8]>> {
        self.made
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((site_path.to_string(), fingerprint));
        self.earlier
            .get(site_path)
            .filter(|(then, _)| *then == fingerprint)
            .map(|(_, bytes)| bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_where_strings_split() {
        let ab_c = Fingerprint::new().str("ab").str("c").finish();
        let a_bc = Fingerprint::new().str("a").str("bc").finish();
        assert_ne!(ab_c, a_bc);
        assert_eq!(ab_c, Fingerprint::new().str("ab").str("c").finish());
        let json = Fingerprint::new()
            .json(&serde_json::json!({"a": 1}))
            .finish();
        assert_ne!(
            json,
            Fingerprint::new()
                .json(&serde_json::json!({"a": 2}))
                .finish()
        );
    }

    #[test]
    fn a_memo_holds_until_a_linked_file_moves() {
        let mut links = HashMap::new();
        let target = |url: &str| LinkTarget {
            url: url.to_string(),
            draft: false,
        };
        links.insert("posts/b.md".to_string(), target("/posts/b/"));
        let memo = MarkdownMemo {
            hash: 7,
            links: MarkdownMemo::resolved(&["posts/b.md".into(), "posts/gone.md".into()], &links),
            rendered: RenderedMarkdown::default(),
            problems: Vec::new(),
            analysis: None,
        };
        assert!(memo.still_holds(7, &links));
        assert!(!memo.still_holds(8, &links), "the file itself changed");
        links.insert("posts/b.md".to_string(), target("/posts/b-renamed/"));
        assert!(!memo.still_holds(7, &links), "a linked post moved");
        links.insert("posts/b.md".to_string(), target("/posts/b/"));
        links.insert("posts/gone.md".to_string(), target("/posts/gone/"));
        assert!(
            !memo.still_holds(7, &links),
            "a missing link target appeared"
        );
    }
}
