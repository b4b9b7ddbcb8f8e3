//! Social: for every post, the snippets a marketer publishes on X, Bluesky,
//! Mastodon, LinkedIn and Threads. Each snippet is a discussion prompt (an
//! open question about the reader's own experience) plus the post's link
//! (with UTM parameters) and a few hashtags, fitted to the platform's limit.
//!
//! Prompts come from the post's front matter (`prompts:`, and per-platform
//! `social: {x: "..."}` overrides), else [`prompts::generate`] writes them
//! from the title, headings, text and tags. `count` measures text the way
//! each platform does. Nothing here is published: snippets go to
//! `SITE/.rapport/social/` and to `rapport social`.

pub mod count;
pub mod kit;
pub mod prompts;
pub mod replies;

use crate::content::{PageId, Site};
use count::Platform;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// `[social]` in rapport.toml.
#[derive(Debug, Clone)]
pub struct SocialConfig {
    pub platforms: Vec<Platform>,
    /// Your account per platform, shown in the social kit.
    pub handles: BTreeMap<Platform, String>,
    /// A Mastodon instance (`mastodon.social`) for share links and its limit.
    pub mastodon_instance: Option<String>,
    pub mastodon_limit: usize,
    /// Add utm_source/utm_medium/utm_campaign to shared links.
    pub utm: bool,
    /// Generate a link card (1200x630) for posts without a cover.
    pub cards: bool,
    /// Brand colours of generated cards, as `#rrggbb` or `#rgb`.
    pub card_background: String,
    pub card_foreground: String,
    pub card_accent: String,
    /// Offer a "Show replies" button for `discussion:` links to Mastodon or
    /// Bluesky posts (loads a script from the theme on click).
    pub show_replies: bool,
}

impl Default for SocialConfig {
    fn default() -> Self {
        SocialConfig {
            platforms: Platform::ALL.to_vec(),
            handles: BTreeMap::new(),
            mastodon_instance: None,
            mastodon_limit: Platform::Mastodon.default_limit(),
            utm: true,
            cards: true,
            card_background: "#1d2329".into(),
            card_foreground: "#fdfcfa".into(),
            card_accent: "#7cc0ef".into(),
            show_replies: false,
        }
    }
}

impl SocialConfig {
    pub fn from_table(table: Option<&toml::Table>) -> Result<Self, String> {
        let mut config = SocialConfig::default();
        let Some(table) = table else {
            return Ok(config);
        };
        for (key, value) in table {
            match key.as_str() {
                "platforms" => {
                    let names = value
                        .as_array()
                        .ok_or("`social.platforms` must be a list, e.g. [\"x\", \"bluesky\"]")?;
                    config.platforms = names
                        .iter()
                        .map(|n| {
                            n.as_str().and_then(Platform::from_name).ok_or_else(|| {
                                format!("unknown platform {n} in `social.platforms`; use x, bluesky, mastodon, linkedin, threads")
                            })
                        })
                        .collect::<Result<_, _>>()?;
                }
                "handles" => {
                    let handles = value
                        .as_table()
                        .ok_or("`social.handles` must be a table, e.g. { x = \"@acme\" }")?;
                    for (name, handle) in handles {
                        let platform = Platform::from_name(name).ok_or_else(|| {
                            format!("unknown platform `{name}` in `social.handles`")
                        })?;
                        let handle = handle
                            .as_str()
                            .ok_or_else(|| format!("`social.handles.{name}` must be text"))?;
                        config.handles.insert(platform, handle.to_string());
                    }
                }
                "mastodon_instance" => {
                    let instance = value.as_str().ok_or("`social.mastodon_instance` must be a host name such as \"mastodon.social\"")?;
                    let host = instance
                        .trim()
                        .trim_start_matches("https://")
                        .trim_end_matches('/');
                    if host.is_empty() || host.contains(['/', ' ']) {
                        return Err("`social.mastodon_instance` must be a host name such as \"mastodon.social\"".into());
                    }
                    config.mastodon_instance = Some(host.to_string());
                }
                "mastodon_limit" => {
                    let limit = value.as_integer().filter(|n| *n >= 100).ok_or(
                        "`social.mastodon_limit` must be a number of characters, at least 100",
                    )?;
                    config.mastodon_limit = usize::try_from(limit)
                        .map_err(|_| "`social.mastodon_limit` is too large")?;
                }
                "utm" => config.utm = flag(value, "utm")?,
                "cards" => config.cards = flag(value, "cards")?,
                "show_replies" => config.show_replies = flag(value, "show_replies")?,
                "card_background" => config.card_background = colour(value, key)?,
                "card_foreground" => config.card_foreground = colour(value, key)?,
                "card_accent" => config.card_accent = colour(value, key)?,
                other => {
                    return Err(format!(
                        "unknown key `social.{other}`; [social] takes platforms, handles, mastodon_instance, mastodon_limit, utm, cards, card_background, card_foreground, card_accent, show_replies"
                    ));
                }
            }
        }
        Ok(config)
    }

    pub(crate) fn limit(&self, platform: Platform) -> usize {
        match platform {
            Platform::Mastodon => self.mastodon_limit,
            other => other.default_limit(),
        }
    }
}

fn flag(value: &toml::Value, key: &str) -> Result<bool, String> {
    value
        .as_bool()
        .ok_or_else(|| format!("`social.{key}` must be true or false"))
}

/// A colour as `#rrggbb` or `#rgb`: the only form that goes into a card's
/// SVG as it is, whatever the template does with it.
fn colour(value: &toml::Value, key: &str) -> Result<String, String> {
    let text = value.as_str().unwrap_or_default().trim();
    let hex = text.strip_prefix('#').unwrap_or("");
    if matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(format!(
            "`social.{key}` must be a colour written #rrggbb or #rgb, e.g. \"#1f5f8b\""
        ))
    }
}

/// Where a prompt came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// `prompts:` in front matter.
    Author,
    /// `social: {platform: "..."}` in front matter.
    Override,
    /// Written by rapport from the post.
    Generated,
}

/// A prompt that may become a snippet.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Candidate {
    pub text: String,
    pub source: Source,
    /// For `Override`: the one platform it is for.
    #[serde(skip)]
    pub platform: Option<Platform>,
    /// For `Author` and `Override`: its line in the file.
    #[serde(skip)]
    pub line: Option<usize>,
}

/// One snippet, ready to paste.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Snippet {
    pub platform: Platform,
    pub text: String,
    /// As the platform counts it.
    pub length: usize,
    pub limit: usize,
    pub share_url: String,
    pub source: Source,
    /// The whole prompt did not fit and was cut at a word boundary.
    pub trimmed: bool,
}

/// A post's snippets.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct PostSnippets {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub kind: crate::frontmatter::ContentKind,
    pub prompts: Vec<Candidate>,
    pub snippets: Vec<Snippet>,
}

/// The prompts a post offers: the author's, overrides, else generated ones.
pub fn candidates(
    site: &Site,
    page: PageId,
    headings: &[String],
    text: &str,
    brand_names: &[String],
) -> Vec<Candidate> {
    let front = &site.pages[page].front;
    let mut out: Vec<Candidate> = front
        .prompts
        .iter()
        .zip(
            front
                .prompt_lines
                .iter()
                .copied()
                .map(Some)
                .chain(std::iter::repeat(None)),
        )
        .map(|(text, line)| Candidate {
            text: text.trim().to_string(),
            source: Source::Author,
            platform: None,
            line,
        })
        .collect();
    out.extend(front.social.iter().map(|(platform, text, line)| Candidate {
        text: text.clone(),
        source: Source::Override,
        platform: Some(*platform),
        line: Some(*line),
    }));
    if out.iter().all(|c| c.source == Source::Override) {
        let page = &site.pages[page];
        let tags: Vec<String> = page
            .terms
            .get("tags")
            .map(|t| t.iter().map(|(name, _)| name.clone()).collect())
            .unwrap_or_default();
        let post = prompts::PostText {
            title: &page.title,
            description: page.front.description.as_deref(),
            headings,
            text,
            tags: &tags,
        };
        out.extend(
            prompts::generate(&post, brand_names)
                .into_iter()
                .map(|p| Candidate {
                    text: p.text,
                    source: Source::Generated,
                    platform: None,
                    line: None,
                }),
        );
    }
    out
}

/// Builds every post's snippets. `candidates[i]` belongs to `site.pages[i]`.
pub fn snippets(
    site: &Site,
    candidates: &[&[Candidate]],
    kinds: &[crate::frontmatter::ContentKind],
    config: &SocialConfig,
) -> Vec<PostSnippets> {
    snippets_reusing(site, candidates, kinds, config, &FittedMemo::default()).0
}

/// Fitted snippets by a fingerprint of what fitting read (see [`fit_key`]).
pub(crate) type FittedMemo = rustc_hash::FxHashMap<u128, std::sync::Arc<Vec<Snippet>>>;

/// Like [`snippets`], taking a post's fitted snippets from `earlier` when
/// their inputs are the same; also returns every post's, for the next build.
pub(crate) fn snippets_reusing(
    site: &Site,
    candidates: &[&[Candidate]],
    kinds: &[crate::frontmatter::ContentKind],
    config: &SocialConfig,
    earlier: &FittedMemo,
) -> (Vec<PostSnippets>, FittedMemo) {
    let posts: Vec<_> = site
        .posts
        .par_iter()
        .map(|&id| {
            let page = &site.pages[id];
            let key = fit_key(page, candidates[id]);
            let fitted = match earlier.get(&key) {
                Some(fitted) => std::sync::Arc::clone(fitted),
                None => std::sync::Arc::new(fit_all(page, candidates[id], config)),
            };
            let post = PostSnippets {
                slug: page.slug.clone(),
                title: page.title.clone(),
                url: page.permalink.clone(),
                kind: kinds[id],
                prompts: candidates[id].to_vec(),
                snippets: fitted.as_ref().clone(),
            };
            (post, (key, fitted))
        })
        .collect();
    let mut memo = FittedMemo::default();
    let posts = posts
        .into_iter()
        .map(|(post, (key, fitted))| {
            memo.insert(key, fitted);
            post
        })
        .collect();
    (posts, memo)
}

/// What fitting a post's snippets reads besides the config: its prompt
/// candidates, permalink, slug and tags.
fn fit_key(page: &crate::content::Page, candidates: &[Candidate]) -> u128 {
    crate::incremental::Fingerprint::new()
        .json(candidates)
        .str(&page.permalink)
        .str(&page.slug)
        .json(&page.terms.get("tags"))
        .finish()
}

/// One post's snippet for each platform of the config.
fn fit_all(
    page: &crate::content::Page,
    candidates: &[Candidate],
    config: &SocialConfig,
) -> Vec<Snippet> {
    let hashtags: Vec<String> = page
        .terms
        .get("tags")
        .map(|tags| {
            tags.iter()
                .map(|(name, _)| hashtag(name))
                .filter(|h| h.len() > 1)
                .collect()
        })
        .unwrap_or_default();
    config
        .platforms
        .iter()
        .filter_map(|&platform| {
            let share_url = share_url(&page.permalink, platform, &page.slug, config.utm);
            // An override is that platform's prompt, verbatim: cut to fit if
            // it must be, never swapped for another prompt.
            let own: Vec<&Candidate> = candidates
                .iter()
                .filter(|c| c.platform == Some(platform))
                .collect();
            let ordered: Vec<&Candidate> = if own.is_empty() {
                candidates.iter().filter(|c| c.platform.is_none()).collect()
            } else {
                own
            };
            fit(
                platform,
                config.limit(platform),
                &ordered,
                &share_url,
                &hashtags,
            )
        })
        .collect()
}

/// `#ContentMarketing` from "content marketing".
fn hashtag(tag: &str) -> String {
    let mut out = String::from("#");
    for word in tag.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// The post's URL as shared on `platform`.
pub fn share_url(permalink: &str, platform: Platform, slug: &str, utm: bool) -> String {
    let mut out = String::new();
    push_share_url(&mut out, permalink, platform, slug, utm);
    out
}

/// Appends [`share_url`] to `out`.
fn push_share_url(out: &mut String, permalink: &str, platform: Platform, slug: &str, utm: bool) {
    out.push_str(permalink);
    if !utm {
        return;
    }
    out.push(if permalink.contains('?') { '&' } else { '?' });
    out.push_str("utm_source=");
    out.push_str(platform.name());
    out.push_str("&utm_medium=social&utm_campaign=");
    crate::templates::push_percent_encoded(out, slug);
}

/// The first prompt that fits with the link (and as many hashtags as the
/// platform's norm allows); failing that, the first prompt cut at a word.
fn fit(
    platform: Platform,
    limit: usize,
    candidates: &[&Candidate],
    url: &str,
    hashtags: &[String],
) -> Option<Snippet> {
    let first = candidates.first()?;
    let norm = platform.hashtag_norm().min(hashtags.len());
    for candidate in candidates {
        for n in (0..=norm).rev() {
            let text = compose(&candidate.text, url, &hashtags[..n]);
            if let Some(length) = count::fitting_length(platform, &text, limit) {
                let measured = (length, limit);
                return Some(snippet(
                    platform,
                    measured,
                    text,
                    url,
                    candidate.source,
                    false,
                ));
            }
        }
    }
    // Nothing fits whole: cut the first prompt at a word boundary.
    let words: Vec<&str> = first.text.split_whitespace().collect();
    for keep in (1..words.len()).rev() {
        let text = compose(&format!("{}…", words[..keep].join(" ")), url, &[]);
        if let Some(length) = count::fitting_length(platform, &text, limit) {
            let measured = (length, limit);
            return Some(snippet(platform, measured, text, url, first.source, true));
        }
    }
    None
}

fn compose(prompt: &str, url: &str, hashtags: &[String]) -> String {
    let mut text = format!("{prompt}\n\n{url}");
    if !hashtags.is_empty() {
        text.push_str("\n\n");
        text.push_str(&hashtags.join(" "));
    }
    text
}

/// `(length, limit)`: the text's length on `platform`, as it was measured
/// to fit, and the platform's limit.
fn snippet(
    platform: Platform,
    (length, limit): (usize, usize),
    text: String,
    url: &str,
    source: Source,
    trimmed: bool,
) -> Snippet {
    Snippet {
        platform,
        length,
        limit,
        share_url: url.to_string(),
        text,
        source,
        trimmed,
    }
}

/// Where the build writes the Mastodon instance picker (without the base path).
pub const MASTODON_PICKER: &str = "/share/mastodon/";

/// A post as the share links need it.
pub struct Shared<'a> {
    pub prompt: &'a str,
    pub title: &'a str,
    pub permalink: &'a str,
    pub slug: &'a str,
}

/// Share links for the "Join the conversation" block: (label, URL). Without
/// `mastodon_instance`, Mastodon's goes to the picker page at `picker` (the
/// site's URL of [`MASTODON_PICKER`]), where readers name their own server.
pub fn share_links(
    post: &Shared<'_>,
    picker: &str,
    config: &SocialConfig,
) -> Vec<(&'static str, String)> {
    use crate::templates::push_percent_encoded as push_encoded;
    let Shared {
        prompt,
        title,
        permalink,
        slug,
    } = *post;
    // Percent-encoding works byte by byte, so the encoded prompt, title and
    // permalink are made once and joined: this runs for every post.
    let encoded = |text: &str| crate::templates::percent_encode(text);
    let (prompt_enc, title_enc, permalink_enc) =
        (encoded(prompt), encoded(title), encoded(permalink));
    let capacity = 96 + 3 * (prompt.len() + permalink.len() + slug.len()) + 64;
    let link = |parts: &[&str]| {
        let mut out = String::with_capacity(capacity);
        parts.iter().for_each(|part| out.push_str(part));
        out
    };
    // The share URL for `platform`, encoded, after `start`.
    let with_url = |start: &[&str], platform: Platform| {
        let mut out = link(start);
        let mut url = String::with_capacity(permalink.len() + slug.len() + 64);
        push_share_url(&mut url, permalink, platform, slug, config.utm);
        push_encoded(&mut out, &url);
        out
    };
    const LINES: &str = "%0A%0A";
    let mastodon = match &config.mastodon_instance {
        Some(instance) => format!("https://{instance}/share?text="),
        None => format!("{picker}?text="),
    };
    vec![
        (
            "X",
            with_url(
                &["https://x.com/intent/tweet?text=", &prompt_enc, "&url="],
                Platform::X,
            ),
        ),
        (
            "Bluesky",
            with_url(
                &["https://bsky.app/intent/compose?text=", &prompt_enc, LINES],
                Platform::Bluesky,
            ),
        ),
        (
            "Mastodon",
            with_url(&[&mastodon, &prompt_enc, LINES], Platform::Mastodon),
        ),
        (
            "LinkedIn",
            with_url(
                &["https://www.linkedin.com/sharing/share-offsite/?url="],
                Platform::Linkedin,
            ),
        ),
        (
            "Threads",
            with_url(
                &[
                    "https://www.threads.net/intent/post?text=",
                    &prompt_enc,
                    LINES,
                ],
                Platform::Threads,
            ),
        ),
        (
            "Reddit",
            link(&[
                "https://www.reddit.com/submit?url=",
                &permalink_enc,
                "&title=",
                &title_enc,
            ]),
        ),
        (
            "Hacker News",
            link(&[
                "https://news.ycombinator.com/submitlink?u=",
                &permalink_enc,
                "&t=",
                &title_enc,
            ]),
        ),
        (
            "Email",
            link(&[
                "mailto:?subject=",
                &title_enc,
                "&body=",
                &prompt_enc,
                LINES,
                &permalink_enc,
            ]),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_camel_cased_words() {
        assert_eq!(hashtag("content marketing"), "#ContentMarketing");
        assert_eq!(hashtag("SEO"), "#SEO");
        assert_eq!(hashtag("e-mail"), "#EMail");
    }

    #[test]
    fn share_urls_carry_utm_parameters() {
        assert_eq!(
            share_url("https://ex.com/posts/a/", Platform::Bluesky, "a", true),
            "https://ex.com/posts/a/?utm_source=bluesky&utm_medium=social&utm_campaign=a"
        );
        assert_eq!(
            share_url("https://ex.com/posts/a/", Platform::X, "a", false),
            "https://ex.com/posts/a/"
        );
    }

    #[test]
    fn a_long_prompt_falls_back_to_a_shorter_one_then_to_a_cut() {
        let long = Candidate {
            text: "word ".repeat(80).trim().to_string(),
            source: Source::Author,
            platform: None,
            line: None,
        };
        let short = Candidate {
            text: "How do you plan?".into(),
            source: Source::Author,
            platform: None,
            line: None,
        };
        let url = "https://ex.com/posts/a/";
        let snippet = fit(
            Platform::X,
            280,
            &[&long, &short],
            url,
            &["#A".into(), "#B".into(), "#C".into()],
        )
        .expect("fits");
        assert!(snippet.text.starts_with("How do you plan?"));
        assert!(
            snippet.text.ends_with("#A #B"),
            "at most the platform's norm of hashtags: {}",
            snippet.text
        );
        let cut = fit(Platform::X, 280, &[&long], url, &[]).expect("cut");
        assert!(
            cut.trimmed && cut.text.contains("word…") && cut.length <= 280,
            "{}",
            cut.text
        );
        assert!(cut.text.ends_with(url), "the link is never cut");
    }

    #[test]
    fn share_links_encode_the_prompt() {
        let post = Shared {
            prompt: "How & why?",
            title: "T",
            permalink: "https://ex.com/a/",
            slug: "a",
        };
        let links = share_links(&post, "/blog/share/mastodon/", &SocialConfig::default());
        let x = &links[0].1;
        assert!(x.starts_with("https://x.com/intent/tweet?text=How%20%26%20why%3F&url=https%3A%2F%2Fex.com%2Fa%2F%3Futm_source%3Dx"), "{x}");
        let mastodon = |links: &[(&str, String)]| {
            links
                .iter()
                .find(|(label, _)| *label == "Mastodon")
                .map(|(_, url)| url.clone())
                .expect("a Mastodon link")
        };
        assert!(
            mastodon(&links).starts_with("/blog/share/mastodon/?text=How%20%26%20why%3F%0A%0Ahttps%3A%2F%2Fex.com%2Fa%2F%3Futm_source%3Dmastodon"),
            "no instance: the picker, {}",
            mastodon(&links)
        );
        let config = SocialConfig {
            mastodon_instance: Some("fosstodon.org".into()),
            ..SocialConfig::default()
        };
        assert!(
            mastodon(&share_links(&post, "/share/mastodon/", &config))
                .starts_with("https://fosstodon.org/share?text=How%20%26%20why%3F")
        );
    }

    #[test]
    fn every_share_link_joins_its_encoded_parts() {
        let post = Shared {
            prompt: "How & why?",
            title: "A/B tests",
            permalink: "https://ex.com/a/",
            slug: "a",
        };
        // Written out by hand, not by the encoder under test.
        let (prompt, title, permalink) = (
            "How%20%26%20why%3F",
            "A%2FB%20tests",
            "https%3A%2F%2Fex.com%2Fa%2F",
        );
        let utm = |p: &str| {
            format!("{permalink}%3Futm_source%3D{p}%26utm_medium%3Dsocial%26utm_campaign%3Da")
        };
        let links = share_links(&post, "/share/mastodon/", &SocialConfig::default());
        let expected = [
            (
                "X",
                format!("https://x.com/intent/tweet?text={prompt}&url={}", utm("x")),
            ),
            (
                "Bluesky",
                format!(
                    "https://bsky.app/intent/compose?text={prompt}%0A%0A{}",
                    utm("bluesky")
                ),
            ),
            (
                "Mastodon",
                format!("/share/mastodon/?text={prompt}%0A%0A{}", utm("mastodon")),
            ),
            (
                "LinkedIn",
                format!(
                    "https://www.linkedin.com/sharing/share-offsite/?url={}",
                    utm("linkedin")
                ),
            ),
            (
                "Threads",
                format!(
                    "https://www.threads.net/intent/post?text={prompt}%0A%0A{}",
                    utm("threads")
                ),
            ),
            (
                "Reddit",
                format!("https://www.reddit.com/submit?url={permalink}&title={title}"),
            ),
            (
                "Hacker News",
                format!("https://news.ycombinator.com/submitlink?u={permalink}&t={title}"),
            ),
            (
                "Email",
                format!("mailto:?subject={title}&body={prompt}%0A%0A{permalink}"),
            ),
        ];
        for ((label, url), (want_label, want_url)) in links.iter().zip(&expected) {
            assert_eq!((*label, url), (*want_label, want_url));
        }
        assert_eq!(links.len(), expected.len());

        // Without UTM parameters, the permalink alone.
        let plain = SocialConfig {
            utm: false,
            ..SocialConfig::default()
        };
        let links = share_links(&post, "/share/mastodon/", &plain);
        assert_eq!(
            links[3].1,
            format!("https://www.linkedin.com/sharing/share-offsite/?url={permalink}")
        );
        assert_eq!(
            links[0].1,
            format!("https://x.com/intent/tweet?text={prompt}&url={permalink}")
        );
    }

    #[test]
    fn social_config_is_read_and_checked() {
        let table: toml::Table = toml::from_str("platforms = [\"x\", \"mastodon\"]\nmastodon_instance = \"https://fosstodon.org/\"\nmastodon_limit = 1000\n").expect("toml");
        let config = SocialConfig::from_table(Some(&table)).expect("valid");
        assert_eq!(config.platforms, [Platform::X, Platform::Mastodon]);
        assert_eq!(config.mastodon_instance.as_deref(), Some("fosstodon.org"));
        assert_eq!(config.limit(Platform::Mastodon), 1000);
        let bad: toml::Table = toml::from_str("platforms = [\"myspace\"]").expect("toml");
        assert!(SocialConfig::from_table(Some(&bad)).is_err());
    }

    #[test]
    fn card_colours_and_switches_are_read_and_checked() {
        let parse = |text: &str| {
            let table: toml::Table = toml::from_str(text).expect("toml");
            SocialConfig::from_table(Some(&table))
        };
        let config = parse("cards = false\ncard_background = \"#FFF\"\ncard_accent = \"#1f5f8b\"\nshow_replies = true")
            .expect("valid");
        assert!(!config.cards && config.show_replies);
        assert_eq!(config.card_background, "#fff");
        assert_eq!(config.card_accent, "#1f5f8b");
        assert_eq!(
            config.card_foreground,
            SocialConfig::default().card_foreground
        );
        for bad in [
            "card_background = \"red\"",
            "card_foreground = \"#12345\"",
            "card_accent = \"#12345g\"",
            "card_accent = 3",
            "card_background = \"#fff\\\"/><script>\"",
        ] {
            let err = parse(bad).expect_err(bad);
            assert!(err.contains("#rrggbb"), "{bad}: {err}");
        }
        assert!(
            parse("cards = \"no\"")
                .expect_err("bool")
                .contains("social.cards")
        );
    }
}
