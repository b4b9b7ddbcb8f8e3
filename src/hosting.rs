//! Files for hosts that read them (`[hosting]`): `_headers` and `_redirects`,
//! the format Netlify and Cloudflare Pages share. Other hosts serve them as
//! plain files, which is harmless, so both are opt-in.
//!
//! `_headers` gives every fingerprinted file (image variants, cover crops,
//! link cards: their names change whenever their bytes do) a year of
//! caching. Rules are patterns, one per kind of name (`/*-800w.*.webp`),
//! not one per file: Cloudflare Pages reads at most 100 rules.

use std::collections::BTreeSet;

/// The `_headers` file for the fingerprinted files at these site paths
/// (`posts/a/photo-800w.3fa9c2d1e0.webp`), under `base_path` (`/blog/`).
pub fn headers<'a>(base_path: &str, fingerprinted: impl IntoIterator<Item = &'a str>) -> String {
    let patterns: BTreeSet<String> = fingerprinted
        .into_iter()
        .filter_map(|path| pattern(base_path, path))
        .collect();
    let mut out = String::from(
        "# Written by rapport: fingerprinted files never change, so browsers may keep them.\n",
    );
    for pattern in patterns {
        out.push_str(&pattern);
        out.push_str("\n  Cache-Control: public, max-age=31536000, immutable\n");
    }
    out
}

/// `posts/a/photo-800w.3fa9c2d1e0.webp` -> `/*-800w.*.webp`: the file's
/// name without its stem and fingerprint, anywhere in the site.
fn pattern(base_path: &str, site_path: &str) -> Option<String> {
    let name = site_path.rsplit('/').next()?;
    let mut parts = name.rsplitn(3, '.');
    let extension = parts.next()?;
    let fingerprint = parts.next()?;
    let stem = parts.next()?;
    if fingerprint.len() != 10 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    // What follows the stem's last `-` (`800w`, `1200x630`), or the whole stem (`og-card`).
    let tail = match stem.rsplit_once('-') {
        Some((_, tail)) if tail.bytes().any(|b| b.is_ascii_digit()) => format!("*-{tail}"),
        _ => format!("*{stem}"),
    };
    Some(format!("{base_path}{tail}.*.{extension}"))
}

/// The `_redirects` file: each alias (`/old-name/`) to its page's URL, 301.
pub fn redirects(site: &crate::content::Site) -> String {
    let mut lines: BTreeSet<String> = BTreeSet::new();
    for page in &site.pages {
        for alias in &page.front.aliases {
            let from = site
                .config
                .url_path(&crate::content::normalise_alias(alias));
            lines.insert(format!("{from} {} 301", page.url));
        }
    }
    let mut out =
        String::from("# Written by rapport: each alias of a page, as a permanent redirect.\n");
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pattern_per_kind_of_fingerprinted_name() {
        let paths = [
            "posts/a/photo-800w.3fa9c2d1e0.webp",
            "posts/b/chart-800w.0123456789.webp",
            "images/logo-480w.aaaaaaaaaa.png",
            "posts/a/cover-1200x630.bbbbbbbbbb.jpg",
            "posts/c/og-card.cccccccccc.png",
            "style.css",
            "posts/a/notes.v2.txt",
        ];
        let file = headers("/blog/", paths);
        let rules: Vec<&str> = file.lines().filter(|l| l.starts_with('/')).collect();
        assert_eq!(
            rules,
            [
                "/blog/*-1200x630.*.jpg",
                "/blog/*-480w.*.png",
                "/blog/*-800w.*.webp",
                "/blog/*og-card.*.png"
            ]
        );
        assert_eq!(
            file.matches("Cache-Control: public, max-age=31536000, immutable")
                .count(),
            4
        );
    }
}
