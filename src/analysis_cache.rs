//! Every post's analysis (its classification and discussion-prompt
//! candidates), kept between builds in `SITE/.rapport/cache/analysis.json`.
//!
//! Classifying a post and writing its prompts is a third of a build's work,
//! and both read nothing but the post's file and the site's configuration.
//! So an entry is looked up by the xxh3 of the file's bytes, and the whole
//! file is only used by a build of the same `rapport.toml` with the same
//! rapport (the same source code and dependencies): any other build ignores
//! it and writes a new one. A missing, unreadable or damaged cache only
//! means the work is done again; it never changes what a build makes.

use crate::error::{Error, Result};
use crate::frontmatter::ContentKind;
use crate::guidelines::classify::{Classification, Voice};
use crate::incremental::Analysis;
use crate::social::count::Platform;
use crate::social::{Candidate, Source};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where a site keeps the analyses, beside the image cache.
pub const FILE: &str = ".rapport/cache/analysis.json";

/// Changes when anything that decides an analysis changes: set by `build.rs`
/// from rapport's version, source files and `Cargo.lock`.
pub(crate) const BUILD_ID: &str = env!("RAPPORT_BUILD_ID");

/// What the cache file holds for the configuration `config_hash` (the xxh3
/// of `rapport.toml`'s text) and this build of rapport.
pub fn fingerprint(config_hash: u128) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(BUILD_ID.as_bytes());
    hasher.update(&config_hash.to_le_bytes());
    format!("{:032x}", hasher.digest128())
}

/// The analyses an earlier build left, by file hash.
#[derive(Default)]
pub(crate) struct Cache {
    entries: FxHashMap<u128, Analysis>,
}

impl Cache {
    /// Reads the site's cache; empty if there is none, or it was made by
    /// another configuration or rapport, or it cannot be read.
    pub(crate) fn load(site: &Path, fingerprint: &str) -> Cache {
        let Ok(bytes) = std::fs::read(site.join(FILE)) else {
            return Cache::default();
        };
        // Written by `save`, the file starts with its fingerprint (hex, so
        // never escaped): this is the whole check, and one made for another
        // configuration or rapport is not parsed at all.
        let head = format!("{{\"fingerprint\":\"{fingerprint}\"");
        if !bytes.starts_with(head.as_bytes()) {
            return Cache::default();
        }
        match serde_json::from_slice::<Stored>(&bytes) {
            Ok(stored) => Cache {
                entries: stored
                    .posts
                    .into_iter()
                    .filter_map(|post| {
                        let hash = u128::from_str_radix(&post.hash, 16).ok()?;
                        Some((hash, post.into_analysis()))
                    })
                    .collect(),
            },
            _ => Cache::default(),
        }
    }

    /// The analysis of a file with these bytes, if a build made one.
    pub(crate) fn get(&self, file_hash: u128) -> Option<&Analysis> {
        self.entries.get(&file_hash)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// A build's analyses, for the next build.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// [`fingerprint`] of the build's configuration.
    pub(crate) fingerprint: String,
    /// Each page's file hash and analysis.
    pub(crate) posts: Vec<(u128, Analysis)>,
}

impl Snapshot {
    pub(crate) fn save(&self, site: &Path) -> Result<usize> {
        save(site, &self.fingerprint, &self.posts)
    }
}

/// Writes the analyses of this build's posts (file hash, analysis), in a
/// stable order; the file is left alone when they have not changed.
fn save(site: &Path, fingerprint: &str, posts: &[(u128, Analysis)]) -> Result<usize> {
    let mut posts: Vec<StoredPost> = posts.iter().map(StoredPost::of).collect();
    posts.sort_by(|a, b| a.hash.cmp(&b.hash));
    posts.dedup_by(|a, b| a.hash == b.hash);
    let stored = Stored {
        fingerprint: fingerprint.to_string(),
        posts,
    };
    let path = site.join(FILE);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    }
    let json = serde_json::to_vec(&stored).map_err(|e| Error::write(&path, e.into()))?;
    crate::output::write_if_changed(&path, &json)
}

#[derive(Serialize, Deserialize)]
struct Stored {
    fingerprint: String,
    posts: Vec<StoredPost>,
}

#[derive(Serialize, Deserialize)]
struct StoredPost {
    /// The file's xxh3, as 32 hex digits (JSON numbers stop at 64 bits).
    hash: String,
    kind: ContentKind,
    score: f32,
    reasons: Vec<String>,
    voice: Voice,
    prompts: Vec<StoredCandidate>,
}

#[derive(Serialize, Deserialize)]
struct StoredCandidate {
    text: String,
    source: Source,
    platform: Option<Platform>,
    line: Option<usize>,
}

impl StoredPost {
    fn of((hash, analysis): &(u128, Analysis)) -> StoredPost {
        let inferred = &analysis.inferred;
        StoredPost {
            hash: format!("{hash:032x}"),
            kind: inferred.kind,
            score: inferred.score,
            reasons: inferred.reasons.clone(),
            voice: inferred.voice,
            prompts: analysis
                .prompts
                .iter()
                .map(|c| StoredCandidate {
                    text: c.text.clone(),
                    source: c.source,
                    platform: c.platform,
                    line: c.line,
                })
                .collect(),
        }
    }

    fn into_analysis(self) -> Analysis {
        Analysis {
            inferred: Classification {
                kind: self.kind,
                score: self.score,
                reasons: self.reasons,
                voice: self.voice,
            },
            prompts: self
                .prompts
                .into_iter()
                .map(|c| Candidate {
                    text: c.text,
                    source: c.source,
                    platform: c.platform,
                    line: c.line,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis(score: f32, prompt: &str) -> Analysis {
        Analysis {
            inferred: Classification {
                kind: ContentKind::Helpful,
                score,
                reasons: vec!["how-to title".into(), "\"you\" 3.1 per 100 words".into()],
                voice: Voice {
                    we: 1,
                    brand: 2,
                    you: 30,
                    words: 900,
                },
            },
            prompts: vec![
                Candidate {
                    text: prompt.into(),
                    source: Source::Generated,
                    platform: None,
                    line: None,
                },
                Candidate {
                    text: "Tell us: what \u{e9}lan?".into(),
                    source: Source::Override,
                    platform: Some(Platform::Mastodon),
                    line: Some(7),
                },
            ],
        }
    }

    fn same(a: &Analysis, b: &Analysis) -> bool {
        a.inferred == b.inferred
            && a.prompts.len() == b.prompts.len()
            && a.prompts.iter().zip(&b.prompts).all(|(x, y)| {
                x.text == y.text
                    && x.source == y.source
                    && x.platform == y.platform
                    && x.line == y.line
            })
    }

    #[test]
    fn analyses_come_back_exactly_for_the_same_fingerprint_only() {
        let site = tempfile::tempdir().expect("temp dir");
        let posts = [
            (
                u128::MAX - 3,
                analysis(0.1 + 0.2, "How do you plan a week?"),
            ),
            (5, analysis(0.612_345_7, "What makes a brief good?")),
        ];
        let print = fingerprint(42);
        assert!(save(site.path(), &print, &posts).expect("save") > 0);
        let cache = Cache::load(site.path(), &print);
        assert_eq!(cache.len(), 2);
        for (hash, made) in &posts {
            assert!(same(cache.get(*hash).expect("kept"), made));
        }
        assert!(cache.get(6).is_none());

        // Another rapport.toml: nothing is used.
        assert_eq!(Cache::load(site.path(), &fingerprint(43)).len(), 0);
        assert_ne!(fingerprint(42), fingerprint(43));

        // Saving the same analyses again leaves the file alone.
        assert_eq!(save(site.path(), &print, &posts).expect("again"), 0);
    }

    #[test]
    fn a_missing_or_damaged_cache_is_an_empty_one() {
        let site = tempfile::tempdir().expect("temp dir");
        assert_eq!(Cache::load(site.path(), &fingerprint(1)).len(), 0);
        let path = site.path().join(FILE);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        for damaged in [&b"{\"fingerprint\": "[..], b"\xff\xfe", b"[]", b""] {
            std::fs::write(&path, damaged).expect("write");
            assert_eq!(Cache::load(site.path(), &fingerprint(1)).len(), 0);
        }
    }
}
