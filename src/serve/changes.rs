//! Changes: what an edit means for the preview. Two pure functions: which
//! rebuild a set of changed paths needs ([`rebuild_kind`]), and what open
//! pages must do once the new files are in ([`reload`]).

use crate::output::MemoryFiles;
use std::path::Path;
use std::sync::Arc;

/// How much of the previous build a rebuild may reuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RebuildKind {
    /// Content, static files or data changed: reuse what still holds.
    Incremental,
    /// Config, templates or a theme changed (or the watcher lost track):
    /// every page may look different, so build from nothing.
    Full,
}

/// The rebuild that `paths` (absolute, or relative to the site) need.
/// No paths means the watcher could not say what changed: build it all.
pub(super) fn rebuild_kind(root: &Path, paths: &[std::path::PathBuf]) -> RebuildKind {
    let everything = paths.is_empty()
        || paths.iter().any(|path| {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let mut parts = rel.components().map(|c| c.as_os_str());
            match parts.next().and_then(|first| first.to_str()) {
                Some("templates" | "themes") => true,
                Some(first) => first == crate::config::CONFIG_FILE && parts.next().is_none(),
                None => true,
            }
        });
    if everything {
        RebuildKind::Full
    } else {
        RebuildKind::Incremental
    }
}

/// What open pages do after a good build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reload {
    /// Only stylesheets changed: swap them in place (their URL paths).
    Css(Vec<String>),
    /// Pages at these URL paths changed (and nothing they load): a tab
    /// reloads if it shows one of them.
    Pages(Vec<String>),
    /// Something pages load changed (a script, an image, a font): every
    /// tab reloads.
    All,
}

impl Reload {
    /// The server-sent event: its type and JSON data.
    pub(super) fn event(&self) -> (&'static str, String) {
        match self {
            Reload::Css(paths) => ("css", serde_json::json!({ "paths": paths }).to_string()),
            Reload::Pages(paths) => ("reload", serde_json::json!({ "paths": paths }).to_string()),
            Reload::All => ("reload", serde_json::json!({ "paths": null }).to_string()),
        }
    }

    /// What the `/_rapport/` pages (`tools`) do once the build that made
    /// this change has its numbers: they change with any change but a
    /// stylesheet's.
    pub(super) fn tools(&self, tools: &[&str]) -> Option<Reload> {
        match self {
            Reload::Pages(paths) if paths.is_empty() => None,
            Reload::Css(_) => None,
            Reload::Pages(_) | Reload::All => Some(Reload::Pages(
                tools.iter().map(|tool| tool.to_string()).collect(),
            )),
        }
    }
}

/// Compares two builds' files. Feeds, the sitemap and other files no page
/// loads count as pages (a tab showing one reloads).
pub(super) fn reload(old: &MemoryFiles, new: &MemoryFiles) -> Reload {
    let changed: Vec<&str> = new
        .iter()
        .filter(|(path, bytes)| {
            old.get(*path)
                .is_none_or(|before| !Arc::ptr_eq(before, bytes) && before != *bytes)
        })
        .map(|(path, _)| path.as_str())
        .chain(
            old.keys()
                .filter(|path| !new.contains_key(*path))
                .map(String::as_str),
        )
        .collect();
    if !changed.is_empty() && changed.iter().all(|path| path.ends_with(".css")) {
        return Reload::Css(changed.iter().map(|path| path.to_string()).collect());
    }
    if changed.iter().any(|path| is_loaded_by_pages(path)) {
        return Reload::All;
    }
    let mut pages: Vec<String> = changed.iter().map(|path| url_of(path)).collect();
    pages.sort();
    pages.dedup();
    Reload::Pages(pages)
}

/// A file pages load that the script cannot swap in: anything but pages,
/// feeds and the like, and stylesheets (which it swaps).
fn is_loaded_by_pages(path: &str) -> bool {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    !matches!(
        extension.to_ascii_lowercase().as_str(),
        "html" | "htm" | "xml" | "txt" | "json" | "css"
    ) && !path.ends_with(crate::output::MARKER)
}

/// The URL path a browser shows for a file: `/a/index.html` is `/a/`.
fn url_of(path: &str) -> String {
    path.strip_suffix("index.html").unwrap_or(path).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn files(entries: &[(&str, &str)]) -> MemoryFiles {
        entries
            .iter()
            .map(|(path, text)| (path.to_string(), Arc::from(text.as_bytes())))
            .collect()
    }

    #[test]
    fn templates_themes_and_config_rebuild_everything() {
        let root = Path::new("/site");
        let kind = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            rebuild_kind(root, &paths)
        };
        assert_eq!(
            kind(&["/site/content/posts/a.md"]),
            RebuildKind::Incremental
        );
        assert_eq!(
            kind(&["/site/static/style.css", "/site/data/questions.csv"]),
            RebuildKind::Incremental
        );
        assert_eq!(
            kind(&["/site/content/rapport.toml"]),
            RebuildKind::Incremental
        );
        assert_eq!(kind(&["/site/rapport.toml"]), RebuildKind::Full);
        assert_eq!(kind(&["/site/templates/page.html"]), RebuildKind::Full);
        assert_eq!(
            kind(&["/site/content/a.md", "/site/themes/x/templates/base.html"]),
            RebuildKind::Full
        );
        assert_eq!(kind(&[]), RebuildKind::Full, "the watcher lost track");
    }

    #[test]
    fn a_changed_stylesheet_alone_is_swapped_not_reloaded() {
        let old = files(&[("/index.html", "a"), ("/style.css", "x")]);
        let new = files(&[("/index.html", "a"), ("/style.css", "y")]);
        assert_eq!(reload(&old, &new), Reload::Css(vec!["/style.css".into()]));
        assert_eq!(reload(&old, &new).event().0, "css");
        assert_eq!(
            reload(&old, &new).tools(&["/_rapport/"]),
            None,
            "the numbers do not change with a stylesheet"
        );
    }

    #[test]
    fn changed_pages_are_named_and_assets_reload_every_tab() {
        let old = files(&[
            ("/index.html", "a"),
            ("/posts/a/index.html", "a"),
            ("/posts/b/index.html", "b"),
            ("/rss.xml", "1"),
            ("/style.css", "x"),
        ]);
        let new = files(&[
            ("/index.html", "a"),
            ("/posts/a/index.html", "a2"),
            ("/posts/c/index.html", "c"),
            ("/rss.xml", "2"),
            ("/style.css", "y"),
        ]);
        assert_eq!(
            reload(&old, &new),
            Reload::Pages(vec![
                "/posts/a/".into(),
                "/posts/b/".into(),
                "/posts/c/".into(),
                "/rss.xml".into(),
                "/style.css".into(),
            ])
        );
        let mut with_image = new.clone();
        with_image.insert("/img/a.webp".into(), Arc::from(&b"w"[..]));
        assert_eq!(
            reload(&old, &new).tools(&["/_rapport/"]),
            Some(Reload::Pages(vec!["/_rapport/".into()])),
            "the tools pages follow any page change"
        );
        assert_eq!(reload(&old, &with_image), Reload::All);
        assert_eq!(
            Reload::All.tools(&["/_rapport/"]),
            Some(Reload::Pages(vec!["/_rapport/".into()]))
        );
        assert_eq!(reload(&old, &old), Reload::Pages(Vec::new()));
        assert_eq!(reload(&old, &old).tools(&["/_rapport/"]), None);
    }
}
