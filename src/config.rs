//! `rapport.toml`: read the raw file, reject unknown keys, and resolve it into
//! the [`Config`] every later stage reads (base URL split into origin and path,
//! defaults filled in).

use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::path::Path;

pub const CONFIG_FILE: &str = "rapport.toml";

/// The file as written; `deny_unknown_fields` turns typos into errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    author: Option<String>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_paginate_by")]
    paginate_by: usize,
    #[serde(default = "default_taxonomies")]
    taxonomies: Vec<String>,
    #[serde(default)]
    feed: FeedConfig,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default = "yes")]
    minify: bool,
    #[serde(default)]
    hosting: HostingConfig,
    #[serde(default)]
    extra: toml::Table,
    // Sections filled in by later features (images, social snippets, brand
    // voice, guidelines). Accepted now so sites can carry them already.
    #[serde(default)]
    images: Option<toml::Table>,
    #[serde(default)]
    social: Option<toml::Table>,
    #[serde(default)]
    brand: Option<toml::Table>,
    #[serde(default)]
    guidelines: Option<toml::Table>,
}

/// `[hosting]`: files for hosts that read them (Netlify, Cloudflare Pages).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct HostingConfig {
    /// Write `_headers`: fingerprinted files cached for a year.
    #[serde(default)]
    pub headers: bool,
    /// Write `_redirects`: each alias as a 301.
    #[serde(default)]
    pub redirects: bool,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// Write RSS 2.0 and Atom feeds (site-wide and per taxonomy term).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// How many of the latest posts a feed holds.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
    /// Put each post's whole content in the feed instead of its summary.
    #[serde(default)]
    pub full_content: bool,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            enabled: true,
            limit: default_feed_limit(),
            full_content: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Curly quotes, en and em dashes, ellipses.
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// A `#` link after every heading, to share a section.
    #[serde(default = "yes")]
    pub heading_anchors: bool,
    /// Words per minute for `reading_time`.
    #[serde(default = "default_words_per_minute")]
    pub words_per_minute: usize,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            heading_anchors: true,
            words_per_minute: default_words_per_minute(),
        }
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_paginate_by() -> usize {
    10
}
fn default_taxonomies() -> Vec<String> {
    vec!["tags".into(), "categories".into()]
}
fn default_feed_limit() -> usize {
    20
}
fn default_words_per_minute() -> usize {
    200
}
fn yes() -> bool {
    true
}

/// The resolved site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`, e.g. `https://example.com/blog/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/` (`/blog/`).
    pub base_path: String,
    pub language: String,
    pub author: Option<String>,
    pub theme: String,
    pub paginate_by: usize,
    pub taxonomies: Vec<String>,
    pub feed: FeedConfig,
    pub markdown: MarkdownConfig,
    pub minify: bool,
    pub hosting: HostingConfig,
    pub extra: toml::Table,
    pub images: Option<toml::Table>,
    pub social: Option<toml::Table>,
    pub brand: Option<toml::Table>,
    pub guidelines: Option<toml::Table>,
    /// `[guidelines]` and `[brand]`, resolved.
    pub rules: crate::guidelines::GuidelinesConfig,
    /// `[social]`, resolved.
    pub social_config: crate::social::SocialConfig,
    /// `[images]`, resolved.
    pub image_settings: crate::images::ImageSettings,
    /// The xxh3 of `rapport.toml`'s text: caches of what the configuration
    /// decides are kept only for the same text.
    pub text_hash: u128,
}

impl Config {
    /// The absolute URL of a site path such as `/posts/x/`.
    pub fn permalink(&self, site_path: &str) -> String {
        let origin = self.base_url.trim_end_matches('/');
        let origin = origin
            .strip_suffix(self.base_path.trim_end_matches('/'))
            .unwrap_or(origin);
        format!("{origin}{site_path}")
    }

    /// A site path (`/posts/x/`, relative to the site root) prefixed with the base path.
    pub fn url_path(&self, path_in_site: &str) -> String {
        let rest = path_in_site.trim_start_matches('/');
        format!("{}{rest}", self.base_path)
    }
}

/// Reads and resolves `SITE/rapport.toml`. `base_url_override` is `--base-url`.
pub fn load(site: &Path, base_url_override: Option<&str>) -> Result<Config, Diagnostic> {
    let path = site.join(CONFIG_FILE);
    let file = Path::new(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error("config", format!("cannot read {CONFIG_FILE}: {e}"))
            .in_file(file)
            .with_help("create it with `rapport init`, or point rapport at the site folder")
    })?;
    parse(&text, base_url_override)
}

/// Parses the text of a `rapport.toml`.
pub fn parse(text: &str, base_url_override: Option<&str>) -> Result<Config, Diagnostic> {
    let file = Path::new(CONFIG_FILE);
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let mut d = Diagnostic::error("config", first_line(e.message()))
            .in_file(file)
            .with_help("see docs/configuration.md for every key rapport.toml accepts");
        if let Some(span) = e.span() {
            d = d.at_offset(text, span.start);
        }
        d
    })?;
    let base_url = base_url_override.unwrap_or(&raw.base_url);
    let (base_url, base_path) = resolve_base_url(base_url).map_err(|why| {
        let offset = text.find("base_url").unwrap_or(0);
        Diagnostic::error("config", format!("`base_url` {why}"))
            .in_file(file)
            .at_offset(text, offset)
            .with_help("write the address the site will be served from, e.g. \"https://example.com/\" or \"https://user.github.io/repo/\"")
    })?;
    if raw.paginate_by == 0 {
        return Err(
            Diagnostic::error("config", "`paginate_by` must be at least 1")
                .in_file(file)
                .at_offset(text, text.find("paginate_by").unwrap_or(0)),
        );
    }
    for name in &raw.taxonomies {
        if crate::content::slugify(name) != *name || name.is_empty() {
            return Err(Diagnostic::error(
                "config",
                format!("taxonomy name `{name}` must be a lowercase URL-safe word"),
            )
            .in_file(file)
            .at_offset(text, text.find("taxonomies").unwrap_or(0))
            .with_help("use names like \"tags\", \"categories\" or \"series\""));
        }
    }
    let rules = crate::guidelines::GuidelinesConfig::from_tables(
        raw.guidelines.as_ref(),
        raw.brand.as_ref(),
    )
    .map_err(|why| {
        let offset = text
            .find("[guidelines")
            .or_else(|| text.find("[brand"))
            .unwrap_or(0);
        Diagnostic::error("config", why)
            .in_file(file)
            .at_offset(text, offset)
            .with_help("docs/guidelines.md lists every rule and its parameters")
    })?;
    let social_config =
        crate::social::SocialConfig::from_table(raw.social.as_ref()).map_err(|why| {
            Diagnostic::error("config", why)
                .in_file(file)
                .at_offset(text, text.find("[social").unwrap_or(0))
                .with_help("docs/social.md lists what [social] takes")
        })?;
    let image_settings =
        crate::images::ImageSettings::from_table(raw.images.as_ref()).map_err(|why| {
            Diagnostic::error("config", why)
                .in_file(file)
                .at_offset(text, text.find("[images").unwrap_or(0))
                .with_help("[images] takes enabled, widths, formats, quality, avif_quality, avif_speed, max_pixels")
        })?;
    Ok(Config {
        rules,
        social_config,
        image_settings,
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        language: raw.language,
        author: raw.author,
        theme: raw.theme,
        paginate_by: raw.paginate_by,
        taxonomies: raw.taxonomies,
        feed: raw.feed,
        markdown: raw.markdown,
        minify: raw.minify,
        hosting: raw.hosting,
        extra: raw.extra,
        images: raw.images,
        social: raw.social,
        brand: raw.brand,
        guidelines: raw.guidelines,
        text_hash: xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
    })
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// Splits a base URL into `(normalised URL, path)`, both ending in `/`.
fn resolve_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("must start with https:// or http://, found \"{url}\""))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() {
        return Err(format!("has no host name: \"{url}\""));
    }
    if path.contains(['?', '#']) {
        return Err(format!("must not carry a query or fragment: \"{url}\""));
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let scheme = &url[..url.len() - rest.len()];
    Ok((format!("{scheme}{host}{path}"), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://example.com\"\n";

    #[test]
    fn minimal_config_gets_defaults() {
        let config = parse(MINIMAL, None).expect("valid config");
        assert_eq!(config.base_url, "https://example.com/");
        assert_eq!(config.base_path, "/");
        assert_eq!(config.paginate_by, 10);
        assert_eq!(config.taxonomies, ["tags", "categories"]);
        assert!(config.feed.enabled);
    }

    #[test]
    fn base_url_with_a_path_gives_prefixed_urls() {
        let config = parse(MINIMAL, Some("https://user.github.io/repo")).expect("valid");
        assert_eq!(config.base_path, "/repo/");
        assert_eq!(config.url_path("/posts/a/"), "/repo/posts/a/");
        assert_eq!(
            config.permalink("/repo/posts/a/"),
            "https://user.github.io/repo/posts/a/"
        );
    }

    #[test]
    fn unknown_key_is_an_error_naming_key_file_and_line() {
        let text = format!("{MINIMAL}titel = \"typo\"\n");
        let error = parse(&text, None).expect_err("unknown key");
        assert!(error.message.contains("titel"), "{}", error.message);
        assert_eq!(error.file.as_deref(), Some("rapport.toml"));
        assert_eq!(error.line, Some(3));
    }

    #[test]
    fn bad_base_url_is_explained() {
        let error = parse("title = \"T\"\nbase_url = \"example.com\"\n", None).expect_err("bad");
        assert!(error.message.contains("https://"));
        assert_eq!(error.line, Some(2));
    }
}
