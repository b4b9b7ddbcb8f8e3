//! Link checking for `rapport check`: every link, image and stylesheet URL
//! in the built output that stays inside the site must lead to a file the
//! build wrote, and every `#fragment` to an element with that id.
//!
//! [`LinkSink`] sits in front of the real sink and reads each page as it is
//! written (in parallel, like rendering); [`verify`] then resolves the links
//! against what was written. Links to content files in Markdown are already
//! checked while rendering (`broken-link`); this catches the rest: links in
//! templates, raw HTML, fragments, and base-path mistakes. Remote URLs are
//! not fetched.

use crate::content::Site;
use crate::diagnostic::Diagnostic;
use crate::guidelines::{GuidelinesConfig, Level, Rule};
use crate::html_scan;
use crate::output::Sink;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const DEAD_LINK: Rule = Rule {
    name: "dead-link",
    default_level: Level::Deny,
    what: "`rapport check` reads every page of the built site and follows each local URL in it (links, \
           images, stylesheets, scripts, feeds, canonical URLs under `base_url`): each must lead to a file \
           the build writes. Also catches root-relative links that miss the base path of a site served \
           from a folder (`/about/` on a site under `/blog/`). Remote URLs are not fetched.",
    why: "A link that leads nowhere is a 404 for a reader and for search engines; broken links on a \
          company blog look careless and waste the reader's trust.",
    fix: "Correct the URL, or link to the content file (`@/posts/my-post.md`) so rapport writes the \
          right URL and tells you at build time when the file goes away. A link found on many pages \
          usually comes from a template.",
    example: "error[dead-link]: `/pricing/` on /posts/launch/: no page or file of the site is there\n --> content/posts/launch.md:14",
};

pub const DEAD_ANCHOR: Rule = Rule {
    name: "dead-anchor",
    default_level: Level::Warn,
    what: "For every local link with a `#fragment` (`/posts/a/#setup`, `#faq`), checks that the target \
           page has an element with that `id` (headings get ids from their text). `#` and `#top` always \
           work.",
    why: "A reader who follows a link to a section and lands at the top of a long page has to search \
          for it, or gives up.",
    fix: "Use the heading's id as rapport writes it (lowercase words joined by `-`; the table of \
          contents and the `#` next to each heading show it), or give the heading a custom id.",
    example: "warning[dead-anchor]: `/posts/setup/#instal` on /posts/launch/: /posts/setup/ has no element with id `instal`\n --> content/posts/launch.md:22",
};

/// A sink that passes everything on and reads each page's ids and links.
pub struct LinkSink<'a> {
    inner: &'a dyn Sink,
    /// The site's origin (`https://example.com`): absolute URLs under it are local.
    origin: String,
    files: Mutex<FxHashSet<String>>,
    pages: Mutex<Vec<PageLinks>>,
}

/// What one page offers (ids) and where it points (local URLs as written).
struct PageLinks {
    site_path: String,
    ids: FxHashSet<String>,
    links: Vec<String>,
}

impl<'a> LinkSink<'a> {
    pub fn new(inner: &'a dyn Sink, base_url: &str) -> Self {
        LinkSink {
            inner,
            origin: origin(base_url).to_string(),
            files: Mutex::new(FxHashSet::default()),
            pages: Mutex::new(Vec::new()),
        }
    }

    fn note(&self, site_path: &str) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(site_path.trim_start_matches('/').to_string());
        }
    }
}

impl Sink for LinkSink<'_> {
    fn write(&self, site_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write(site_path, bytes)?;
        self.note(site_path);
        if site_path.ends_with(".html") {
            let page = scan(
                site_path.trim_start_matches('/'),
                &html_scan::page_text(bytes),
                &self.origin,
            );
            if let Ok(mut pages) = self.pages.lock() {
                pages.push(page);
            }
        }
        Ok(())
    }

    fn copy(&self, site_path: &str, from: &Path) -> std::io::Result<()> {
        self.inner.copy(site_path, from)?;
        self.note(site_path);
        Ok(())
    }

    fn copy_owned(&self, site_path: &str, from: &Path) -> std::io::Result<()> {
        self.inner.copy_owned(site_path, from)?;
        self.note(site_path);
        Ok(())
    }
}

/// `https://example.com` of `https://example.com/blog/`.
fn origin(base_url: &str) -> &str {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    match base_url[after_scheme..].find('/') {
        Some(slash) => &base_url[..after_scheme + slash],
        None => base_url,
    }
}

/// The URL attributes a page's links, images, scripts and stylesheets use.
const URL_ATTRIBUTES: &[(&str, &str)] = &[
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("script", "src"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
];

fn scan(site_path: &str, html: &str, origin: &str) -> PageLinks {
    let mut page = PageLinks {
        site_path: site_path.to_string(),
        ids: FxHashSet::default(),
        links: Vec::new(),
    };
    for tag in html_scan::tags(html) {
        for (name, value) in tag.attributes() {
            if name.eq_ignore_ascii_case("id") || (tag.is("a") && name.eq_ignore_ascii_case("name"))
            {
                page.ids.insert(value.into_owned());
                continue;
            }
            let is_url = URL_ATTRIBUTES
                .iter()
                .any(|(t, a)| tag.is(t) && name.eq_ignore_ascii_case(a));
            if !is_url {
                continue;
            }
            // Hints to other hosts, never pages of this site.
            if tag.is("link") && is_connection_hint(tag.attr("rel").as_deref()) {
                continue;
            }
            if name.eq_ignore_ascii_case("srcset") {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        push_local(&mut page.links, url, origin);
                    }
                }
            } else {
                push_local(&mut page.links, value.trim(), origin);
            }
        }
    }
    page
}

fn is_connection_hint(rel: Option<&str>) -> bool {
    rel.is_some_and(|rel| {
        rel.split_whitespace()
            .any(|r| r.eq_ignore_ascii_case("preconnect") || r.eq_ignore_ascii_case("dns-prefetch"))
    })
}

/// Keeps URLs that stay on this site: relative, root-relative, or absolute under its origin.
fn push_local(links: &mut Vec<String>, url: &str, origin: &str) {
    let local = match url.strip_prefix(origin) {
        Some("") => "/",
        Some(rest) if rest.starts_with(['/', '?', '#']) => rest,
        _ if url.is_empty() || url.starts_with("//") || html_scan::has_scheme(url) => return,
        _ => url,
    };
    links.push(local.to_string());
}

/// Why a link fails.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Problem {
    /// Nothing was written there.
    NoFile,
    /// A root-relative URL outside the site's base path.
    OutsideBase,
    /// The page exists; the id does not.
    NoAnchor { page: String, id: String },
}

/// One failing link: where it leads (the group key) and where it was found.
#[derive(Debug)]
struct Dead {
    href: String,
    found_on: Vec<String>,
}

/// Follows every link the sink saw. `site` names the source file of each
/// page, so a finding points at the Markdown the link came from.
pub fn verify(sink: LinkSink<'_>, site: &Site, config: &GuidelinesConfig) -> Vec<Diagnostic> {
    let files = sink.files.into_inner().unwrap_or_default();
    let pages = sink.pages.into_inner().unwrap_or_default();
    let base_path = site.config.base_path.as_str();
    let ids: FxHashMap<&str, &FxHashSet<String>> = pages
        .iter()
        .map(|p| (p.site_path.as_str(), &p.ids))
        .collect();
    // Grouped by target and problem, so a template's bad link on 10,000
    // pages is one finding.
    let mut dead: BTreeMap<(Problem, String), Dead> = BTreeMap::new();
    for page in &pages {
        for href in &page.links {
            let Some((problem, target)) = follow(href, page, &files, &ids, base_path) else {
                continue;
            };
            dead.entry((problem, target))
                .or_insert_with(|| Dead {
                    href: href.clone(),
                    found_on: Vec::new(),
                })
                .found_on
                .push(page.site_path.clone());
        }
    }
    let sources = sources(site);
    let mut out = Vec::new();
    for ((problem, _), mut finding) in dead {
        finding.found_on.sort();
        finding.found_on.dedup();
        let rule = match problem {
            Problem::NoAnchor { .. } => &DEAD_ANCHOR,
            Problem::NoFile | Problem::OutsideBase => &DEAD_LINK,
        };
        let severity = match config.level(rule) {
            Level::Allow => continue,
            Level::Warn => Diagnostic::warning,
            Level::Deny => Diagnostic::error,
        };
        let why = match &problem {
            Problem::NoFile => "no page or file of the site is there".to_string(),
            Problem::OutsideBase => format!("it is outside the site's base path `{base_path}`"),
            Problem::NoAnchor { page, id } => {
                format!("{} has no element with id `{id}`", url_of(page, base_path))
            }
        };
        let help = match problem {
            Problem::NoFile => {
                "correct the URL, or link to the content file (`@/posts/my-post.md`) so rapport writes the right URL"
            }
            Problem::OutsideBase => {
                "start site links with the base path, or link to the content file (`@/posts/my-post.md`); in templates, use `get_url` or `config.base_url`"
            }
            Problem::NoAnchor { .. } => {
                "use the heading's id as rapport writes it (the `#` link beside each heading shows it)"
            }
        };
        // A link on a few pages is reported on each; on many, once.
        const EACH_UP_TO: usize = 3;
        if finding.found_on.len() <= EACH_UP_TO {
            for page in &finding.found_on {
                let message = format!("`{}` on {}: {why}", finding.href, url_of(page, base_path));
                out.push(
                    place(
                        severity(rule.name, message),
                        &finding.href,
                        sources.get(page.as_str()),
                        &site.root,
                    )
                    .with_help(help),
                );
            }
        } else {
            let shown: Vec<String> = finding
                .found_on
                .iter()
                .take(EACH_UP_TO)
                .map(|p| url_of(p, base_path))
                .collect();
            let message = format!(
                "`{}` on {} pages ({} and {} more): {why}; a link on many pages usually comes from a template",
                finding.href,
                finding.found_on.len(),
                shown.join(", "),
                finding.found_on.len() - EACH_UP_TO
            );
            let d = severity(rule.name, message);
            out.push(in_template(d, &finding.href, &site.root).with_help(help));
        }
    }
    out
}

/// Where `href` on `page` fails, as (problem, resolved target); `None` when it works.
fn follow(
    href: &str,
    page: &PageLinks,
    files: &FxHashSet<String>,
    ids: &FxHashMap<&str, &FxHashSet<String>>,
    base_path: &str,
) -> Option<(Problem, String)> {
    let (path_part, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (href, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let target = if path_part.is_empty() {
        page.site_path.clone()
    } else {
        let decoded = html_scan::percent_decode(path_part)?;
        match html_scan::site_path(&decoded, &page.site_path, base_path) {
            Some(path) => path,
            None if decoded.starts_with('/') => {
                return Some((Problem::OutsideBase, decoded.into_owned()));
            }
            // Above the site's root: no file can be there.
            None => return Some((Problem::NoFile, decoded.into_owned())),
        }
    };
    let target = if files.contains(&target) {
        target
    } else {
        // `/posts/a` is served as `/posts/a/` by every static host.
        let folder = format!("{target}/index.html");
        if !files.contains(&folder) {
            return Some((Problem::NoFile, target));
        }
        folder
    };
    let fragment = html_scan::percent_decode(fragment?)?;
    if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
        return None;
    }
    let page_ids = ids.get(target.as_str())?;
    (!page_ids.contains(fragment.as_ref())).then(|| {
        (
            Problem::NoAnchor {
                page: target.clone(),
                id: fragment.to_string(),
            },
            format!("{target}#{fragment}"),
        )
    })
}

/// `posts/a/index.html` as the URL a reader sees (`/blog/posts/a/`).
fn url_of(site_path: &str, base_path: &str) -> String {
    let path = site_path.strip_suffix("index.html").unwrap_or(site_path);
    format!("{base_path}{path}")
}

/// The source file of each page the site has one for, by site path.
fn sources(site: &Site) -> FxHashMap<String, PathBuf> {
    let file = |path: &str| format!("{}index.html", path.trim_start_matches('/'));
    let mut map: FxHashMap<String, PathBuf> = site
        .sections
        .iter()
        .filter_map(|s| Some((file(&s.path), s.source.clone()?)))
        .collect();
    map.extend(site.pages.iter().map(|p| (file(&p.path), p.source.clone())));
    map
}

/// Points a finding at the source file, at the first line that has the
/// link (or its fragment, or its last path segment) when one does.
fn place(mut d: Diagnostic, href: &str, source: Option<&PathBuf>, root: &Path) -> Diagnostic {
    let Some(source) = source else {
        return d;
    };
    d = d.in_file(source);
    let Ok(text) = std::fs::read_to_string(root.join(source)) else {
        return d;
    };
    let fragment = href.split_once('#').map(|(_, f)| format!("#{f}"));
    let segment = href
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| s.len() > 2)
        .map(str::to_string);
    let needles = [Some(href.to_string()), fragment, segment];
    for needle in needles.iter().flatten() {
        if let Some(offset) = find_whole(&text, needle) {
            return d.at_offset(&text, offset);
        }
    }
    d
}

/// The first `needle` in `text` not followed by more of a name or path
/// (`#how-it-work` must not match `#how-it-works`).
fn find_whole(text: &str, needle: &str) -> Option<usize> {
    text.match_indices(needle).map(|(at, _)| at).find(|&at| {
        !text[at + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    })
}

/// Points a finding seen on many pages at the site's own template that has
/// the link, if one does (the default theme's links are known to work).
fn in_template(d: Diagnostic, href: &str, root: &Path) -> Diagnostic {
    let mut templates: Vec<PathBuf> = walkdir::WalkDir::new(root.join("templates"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    templates.sort();
    for path in templates {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(offset) = find_whole(&text, href) {
            let shown = path.strip_prefix(root).unwrap_or(&path);
            return d.in_file(shown).at_offset(&text, offset);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(site_path: &str, html: &str) -> PageLinks {
        scan(site_path, html, "https://example.com")
    }

    #[test]
    fn scan_finds_ids_and_local_urls_only() {
        let p = page(
            "posts/a/index.html",
            r##"<link rel=preconnect href=/x><link rel=canonical href=https://example.com/posts/a/><h2 id=setup>S</h2><a name=old></a><a href="#setup">s</a><a href=https://other.com/>o</a><a href=mailto:a@b.c>m</a><img src=c.jpg srcset="c-480.webp 480w, /img/c-800.webp 800w" alt=""><a href=//cdn.example.com/x>c</a><a href=https://example.com>home</a>"##,
        );
        let mut ids: Vec<&String> = p.ids.iter().collect();
        ids.sort();
        assert_eq!(ids, ["old", "setup"]);
        assert_eq!(
            p.links,
            [
                "/posts/a/",
                "#setup",
                "c.jpg",
                "c-480.webp",
                "/img/c-800.webp",
                "/"
            ]
        );
    }

    fn check(base_path: &str, pages: &[PageLinks], extra_files: &[&str]) -> Vec<(Problem, String)> {
        let mut files: FxHashSet<String> = extra_files.iter().map(|f| f.to_string()).collect();
        files.extend(pages.iter().map(|p| p.site_path.clone()));
        let ids: FxHashMap<&str, &FxHashSet<String>> = pages
            .iter()
            .map(|p| (p.site_path.as_str(), &p.ids))
            .collect();
        pages
            .iter()
            .flat_map(|p| {
                p.links
                    .iter()
                    .filter_map(|href| follow(href, p, &files, &ids, base_path))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn links_resolve_to_files_folders_and_ids() {
        let a = page(
            "posts/a/index.html",
            "<h2 id=intro>I</h2><a href=../b/#how>b</a><a href=/posts/b>b</a><a href=#intro>i</a><a href=#top>t</a><a href=#>t</a><img src=a.png alt=''><a href=/feed.xml>f</a>",
        );
        let b = page("posts/b/index.html", "<h2 id=how>H</h2>");
        assert_eq!(check("/", &[a, b], &["posts/a/a.png", "feed.xml"]), []);
    }

    #[test]
    fn dead_links_anchors_and_base_path_mistakes_are_found() {
        let a = page(
            "posts/a/index.html",
            "<a href=/posts/gone/>g</a><a href=../b/#nope>n</a><a href=#missing>m</a><img src=x.png alt=''><a href=../../../../up>u</a>",
        );
        let b = page("posts/b/index.html", "<h2 id=how>H</h2>");
        let found = check("/", &[a, b], &[]);
        assert_eq!(
            found,
            [
                (Problem::NoFile, "posts/gone/index.html".to_string()),
                (
                    Problem::NoAnchor {
                        page: "posts/b/index.html".into(),
                        id: "nope".into()
                    },
                    "posts/b/index.html#nope".to_string()
                ),
                (
                    Problem::NoAnchor {
                        page: "posts/a/index.html".into(),
                        id: "missing".into()
                    },
                    "posts/a/index.html#missing".to_string()
                ),
                (Problem::NoFile, "posts/a/x.png".to_string()),
                (Problem::NoFile, "../../../../up".to_string()),
            ]
        );
        let under_blog = page(
            "index.html",
            "<a href=/about/>a</a><a href=/blog/about/>b</a>",
        );
        assert_eq!(
            check("/blog/", &[under_blog], &["about/index.html"]),
            [(Problem::OutsideBase, "/about/".to_string())]
        );
    }

    #[test]
    fn origins() {
        assert_eq!(origin("https://example.com/blog/"), "https://example.com");
        assert_eq!(origin("https://example.com"), "https://example.com");
        assert_eq!(url_of("posts/a/index.html", "/blog/"), "/blog/posts/a/");
        assert_eq!(url_of("feed.xml", "/"), "/feed.xml");
    }
}
