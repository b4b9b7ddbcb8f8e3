//! Guidelines: the advice that makes marketing blogs work, checked at every
//! build like a linter. Each rule has a name, a default level and docs
//! (`RULES`, which docs/guidelines.md follows); `[guidelines]` in
//! rapport.toml sets levels (`allow`, `warn`, `deny`) and parameters.
//!
//! Rules read the finished site model and per-post facts; they never change
//! anything, and they report through the same [`Diagnostic`]s as the build.

pub mod classify;
mod config;
mod content_mix;
mod conversation;
mod habits;
mod links;
mod page_weight;
mod post_basics;
mod self_talk;

pub use config::{GuidelinesConfig, Level, PageBudgets};
pub use page_weight::{kb, limits as weight_limits};

use crate::content::{PageId, Site};
use crate::diagnostic::Diagnostic;
use crate::frontmatter::ContentKind;
use classify::Classification;
use std::path::Path;

/// A rule's static description: what docs/guidelines.md says about it.
pub struct Rule {
    pub name: &'static str,
    pub default_level: Level,
    pub what: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
    /// A diagnostic it gives, as printed.
    pub example: &'static str,
}

/// Every rule, in the order docs/guidelines.md lists them.
pub const RULES: &[Rule] = &[
    content_mix::CONTENT_MIX,
    content_mix::KIND_MISMATCH,
    post_basics::MISSING_VISUAL,
    post_basics::MISSING_ALT,
    post_basics::COVER_TOO_SMALL,
    post_basics::MISSING_DESCRIPTION,
    post_basics::MISSING_TAGS,
    self_talk::SELF_TALK,
    habits::PUBLISHING_GAP,
    habits::TOPIC_CONCENTRATION,
    links::ORPHAN_POST,
    links::NO_INTERNAL_LINKS,
    page_weight::PAGE_WEIGHT,
    crate::linkcheck::DEAD_LINK,
    crate::linkcheck::DEAD_ANCHOR,
    conversation::PROMPT_PROMOTIONAL,
    conversation::PROMPT_NOT_A_QUESTION,
    conversation::PROMPT_YES_NO,
    conversation::SNIPPET_TOO_LONG,
    conversation::SNIPPET_HASHTAGS,
    conversation::NO_PROMPTS,
];

/// What the checks know about one post, besides the site model.
pub struct PostFacts {
    /// What the classifier read in the title and text.
    pub inferred: Classification,
    /// The post's discussion prompts: the author's, or generated.
    pub prompts: Vec<crate::social::Candidate>,
    /// Body images, and those without alt text.
    pub images: usize,
    pub images_without_alt: Vec<String>,
    /// Links in the body to any page of the site but the post itself.
    pub site_links: usize,
    /// The pages those links lead to, sorted, each once.
    pub links_to: Vec<PageId>,
}

impl PostFacts {
    /// The post's kind: front matter decides; else the classifier.
    pub fn kind(&self, declared: Option<ContentKind>) -> ContentKind {
        declared.unwrap_or(self.inferred.kind)
    }
}

/// Runs every rule that is not `allow`ed. `facts[i]` belongs to `site.pages[i]`.
pub fn check(
    site: &Site,
    facts: &[PostFacts],
    snippets: &[crate::social::PostSnippets],
    weights: &[crate::weight::PageWeight],
    covers: &[Option<crate::render::Cover>],
    config: &GuidelinesConfig,
    today: Option<jiff::Timestamp>,
) -> Vec<Diagnostic> {
    let mut findings = Findings {
        config,
        today,
        diagnostics: Vec::new(),
    };
    content_mix::check(site, facts, &mut findings);
    post_basics::check(site, facts, &mut findings);
    post_basics::check_covers(site, covers, &mut findings);
    self_talk::check(site, facts, &mut findings);
    habits::check(site, &mut findings);
    links::check(site, facts, &mut findings);
    page_weight::check(site, weights, &mut findings);
    conversation::check(site, facts, snippets, &mut findings);
    findings.diagnostics
}

/// Collects diagnostics at each rule's configured level.
struct Findings<'c> {
    config: &'c GuidelinesConfig,
    /// See [`crate::BuildOptions::today`].
    today: Option<jiff::Timestamp>,
    diagnostics: Vec<Diagnostic>,
}

impl Findings<'_> {
    fn enabled(&self, rule: &Rule) -> bool {
        self.config.level(rule) != Level::Allow
    }

    /// Reports `message` for `rule` about a page, at the line of `key` in its front matter if known.
    fn report(
        &mut self,
        rule: &Rule,
        site: &Site,
        page: PageId,
        key: Option<&str>,
        message: String,
        help: &str,
    ) {
        // A front-matter key points at its line (the header's start if the key
        // is absent); without a key there is no line to name.
        let line = key.map(|k| {
            site.pages[page]
                .front
                .key_lines
                .get(k)
                .copied()
                .unwrap_or(1)
        });
        self.report_at(rule, site, page, line, message, help);
    }

    /// Reports a finding about the whole site, at `rapport.toml`.
    fn report_site(&mut self, rule: &Rule, message: String, help: &str) {
        self.push_level(
            rule,
            |mut d| {
                d.file = Some(crate::config::CONFIG_FILE.to_string());
                d
            },
            message,
            help,
        );
    }

    /// Reports at the rule's level, placed by `place`.
    fn push_level(
        &mut self,
        rule: &Rule,
        place: impl FnOnce(Diagnostic) -> Diagnostic,
        message: String,
        help: &str,
    ) {
        let d = match self.config.level(rule) {
            Level::Allow => return,
            Level::Warn => Diagnostic::warning(rule.name, message),
            Level::Deny => Diagnostic::error(rule.name, message),
        };
        self.diagnostics.push(place(d).with_help(help));
    }

    /// Like [`Self::report`], at a known line.
    fn report_at(
        &mut self,
        rule: &Rule,
        site: &Site,
        page: PageId,
        line: Option<usize>,
        message: String,
        help: &str,
    ) {
        let level = self.config.level(rule);
        let mut d = match level {
            Level::Allow => return,
            Level::Warn => Diagnostic::warning(rule.name, message),
            Level::Deny => Diagnostic::error(rule.name, message),
        };
        let page = &site.pages[page];
        d = d.in_file(&page.source).with_help(help);
        d.line = line;
        self.diagnostics.push(d);
    }
}

/// The rules part of docs/guidelines.md, made from [`RULES`] so the docs
/// never drift from the code (a test compares them).
pub fn rules_markdown() -> String {
    let mut out = String::new();
    for rule in RULES {
        let level = match rule.default_level {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        };
        out.push_str(&format!(
            "### `{}`\n\nDefault level: `{level}`.\n\n**What it does.** {}\n\n**Why it matters.** {}\n\n**How to fix it.** {}\n\n**Example.**\n\n```text\n{}\n```\n\n",
            rule.name,
            squeeze(rule.what),
            squeeze(rule.why),
            squeeze(rule.fix),
            rule.example
        ));
    }
    out
}

/// Joins the lines of a `\`-continued string literal.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `content/posts/x.md` as shown in messages.
fn shown(site: &Site, page: PageId) -> String {
    crate::diagnostic::display_path(Path::new(&site.pages[page].source))
}
