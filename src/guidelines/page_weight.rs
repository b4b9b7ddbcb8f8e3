//! `page-weight`: what a first visit to each page downloads, against budgets.

use super::config::PageBudgets;
use super::{Findings, Level, Rule};
use crate::content::Site;
use crate::diagnostic::Diagnostic;
use crate::weight::{Kind, Limits, PageWeight};
use std::collections::HashMap;

pub(super) const PAGE_WEIGHT: Rule = Rule {
    name: "page-weight",
    default_level: Level::Warn,
    what: "Adds up what a first visit to each page downloads: the HTML, its stylesheets and scripts \
           (compressed, as servers send them), preloaded fonts, and the images the page shows (each \
           `<img>`'s `src`, which is the fallback of a `<picture>`). Compares the total and each kind with \
           `[guidelines.page-weight]` budgets: total 500 KB, HTML 100 KB, CSS 50 KB, JS 100 KB, fonts \
           100 KB, images 350 KB (1 KB = 1024 bytes). Remote files are not counted.",
    why: "Slow pages lose readers before they read a word, most of all on phones; search engines rank fast \
          pages higher. Budgets keep a site fast as it grows.",
    fix: "Make the heaviest resources the message names smaller: use smaller or fewer images, drop unused \
          CSS and scripts, split very long pages.",
    example: "warning[page-weight]: this page downloads 612 KB on a first visit (HTML 14 KB, CSS 3 KB, images 595 KB), over the 500 KB budget; images are over their 350 KB budget; heaviest: posts/launch/hero.png 420 KB, posts/launch/team.jpg 175 KB, posts/launch/index.html 14 KB\n --> content/posts/launch/index.md",
};

/// What `weight::weigh` compares against.
pub fn limits(budgets: &PageBudgets) -> Limits {
    Limits {
        total: budgets.total,
        per_kind: [
            (Kind::Html, budgets.html),
            (Kind::Css, budgets.css),
            (Kind::Js, budgets.js),
            (Kind::Font, budgets.font),
            (Kind::Image, budgets.image),
        ],
    }
}

pub(super) fn check(site: &Site, weights: &[PageWeight], findings: &mut Findings<'_>) {
    if !findings.enabled(&PAGE_WEIGHT) {
        return;
    }
    let limits = limits(&findings.config.budgets);
    let sources = sources(site);
    for weight in weights {
        let over_kinds: Vec<String> = limits
            .per_kind
            .iter()
            .filter(|(kind, budget)| weight.of(*kind) > *budget)
            .map(|(kind, budget)| format!("{} are over their {} budget", kind.label(), kb(*budget)))
            .collect();
        if weight.total <= limits.total && over_kinds.is_empty() {
            continue;
        }
        let parts: Vec<String> = weight
            .by_kind
            .iter()
            .map(|(kind, bytes)| format!("{} {}", kind.label(), kb(*bytes)))
            .collect();
        let mut message = format!(
            "{} downloads {} on a first visit ({})",
            subject(sources.get(weight.page.as_str()), &weight.page),
            kb(weight.total),
            parts.join(", ")
        );
        if weight.total > limits.total {
            message.push_str(&format!(", over the {} budget", kb(limits.total)));
        }
        for over in over_kinds {
            message.push_str("; ");
            message.push_str(&over.replace("HTML are", "HTML is"));
        }
        let heaviest: Vec<String> = weight
            .heaviest
            .iter()
            .map(|(path, bytes)| format!("{path} {}", kb(*bytes)))
            .collect();
        message.push_str(&format!("; heaviest: {}", heaviest.join(", ")));
        let help =
            "make the heaviest resources smaller: smaller or fewer images, less CSS and script";
        match sources.get(weight.page.as_str()).copied() {
            Some(Source::Page(id)) => findings.report(&PAGE_WEIGHT, site, id, None, message, help),
            Some(Source::File(file)) => {
                findings.push_level(&PAGE_WEIGHT, |d: Diagnostic| d.in_file(file), message, help)
            }
            None => findings.push_level(&PAGE_WEIGHT, |d| d, message, help),
        }
    }
}

/// "this page" for content pages; the URL path for generated ones.
fn subject(source: Option<&Source<'_>>, page: &str) -> String {
    match source {
        Some(_) => "this page".to_string(),
        None => format!("/{}", page.trim_end_matches("index.html")),
    }
}

#[derive(Clone, Copy)]
enum Source<'s> {
    Page(usize),
    File(&'s std::path::Path),
}

/// The content file each page file (`posts/a/index.html`) was made from.
fn sources(site: &Site) -> HashMap<String, Source<'_>> {
    let file = |path: &str| format!("{}index.html", path.trim_start_matches('/'));
    let mut map: HashMap<String, Source<'_>> = site
        .sections
        .iter()
        .filter_map(|s| Some((file(&s.path), Source::File(s.source.as_deref()?))))
        .collect();
    // Pages win over sections at the same path, as before.
    map.extend(
        site.pages
            .iter()
            .enumerate()
            .map(|(id, p)| (file(&p.path), Source::Page(id))),
    );
    map
}

/// Bytes as KB (1024), rounded, at least 1 when not 0.
pub fn kb(bytes: u64) -> String {
    let kb = (bytes + 512) / 1024;
    format!("{} KB", if bytes > 0 { kb.max(1) } else { 0 })
}
