//! Rules about a post's discussion prompts and social snippets: they should
//! invite replies about the reader's experience, not broadcast.

use super::{Findings, Level, PostFacts, Rule};
use crate::content::{PageId, Site};
use crate::social::prompts::{Issue, assess};
use crate::social::{PostSnippets, Source};

pub(super) const PROMPT_PROMOTIONAL: Rule = Rule {
    name: "prompt-promotional",
    default_level: Level::Warn,
    what: "A prompt (in `prompts:` or a `social:` override) that talks about the brand: \"we\", \"our\", \"us\", \
           the names in `[brand] names`, or phrases like \"check out\", \"new blog post\", \"we're excited\", \
           \"link in bio\", \"buy\", \"sign up\".",
    why: "People reply to questions about themselves. A snippet about your company is scrolled past; one about \
          the reader's work starts a conversation.",
    fix: "Ask about the reader's own experience with the post's topic; leave the product out of the prompt.",
    example: "warning[prompt-promotional]: prompt talks about the brand: \"our\", \"Acme\": \"Check out our new Acme dashboard\"\n --> content/posts/launch.md:9",
};

pub(super) const PROMPT_NOT_A_QUESTION: Rule = Rule {
    name: "prompt-not-a-question",
    default_level: Level::Warn,
    what: "A prompt that is neither a question nor an invitation to reply (\"Tell us...\", \"Share...\").",
    why: "A statement gets a like at best; a question gets answers.",
    fix: "Turn it into an open question: \"How do you ...?\", \"What has worked for you ...?\"",
    example: "warning[prompt-not-a-question]: prompt is not a question or an invitation to reply: \"Five ways to plan better\"\n --> content/posts/plan.md:8",
};

pub(super) const PROMPT_YES_NO: Rule = Rule {
    name: "prompt-yes-no",
    default_level: Level::Warn,
    what: "A prompt that can be answered with yes or no (\"Do you ...?\", \"Is it ...?\").",
    why: "A yes/no question gets a one-word reply or none; an open one gets a story.",
    fix: "Ask how, what, which or why: \"How do you ...?\" instead of \"Do you ...?\".",
    example: "warning[prompt-yes-no]: starts with \"Do you\": a yes/no question gets yes or no, not a story: \"Do you plan weekly?\"\n --> content/posts/plan.md:8",
};

pub(super) const SNIPPET_TOO_LONG: Rule = Rule {
    name: "snippet-too-long",
    default_level: Level::Warn,
    what: "A prompt too long for a platform even without hashtags, so its snippet had to be cut.",
    why: "A cut question reads as careless and often loses its point.",
    fix: "Write a shorter prompt, or a `social:` override for that platform.",
    example: "warning[snippet-too-long]: the prompt does not fit X (280) with the link; the snippet was cut\n --> content/posts/plan.md:8",
};

pub(super) const SNIPPET_HASHTAGS: Rule = Rule {
    name: "snippet-hashtags",
    default_level: Level::Warn,
    what: "A prompt or override with more hashtags than the platform's norm (X 2, Bluesky 2, Mastodon 3, \
           LinkedIn 3, Threads 1).",
    why: "Hashtag walls read as spam and get fewer replies.",
    fix: "Keep the one or two hashtags that name the topic; rapport adds them from the post's tags.",
    example: "warning[snippet-hashtags]: 4 hashtags for X, where 2 is the norm\n --> content/posts/plan.md:12",
};

pub(super) const NO_PROMPTS: Rule = Rule {
    name: "no-prompts",
    default_level: Level::Warn,
    what: "A post with no prompts in its front matter and nothing rapport could write one from.",
    why: "Every post should end with a question for its readers; that is what the social snippets share.",
    fix: "Add `prompts:` with one to three open questions about the reader's experience.",
    example: "warning[no-prompts]: this post has no discussion prompts and none could be written from it\n --> content/posts/notes.md:2",
};

/// How many hashtags `text` has, when more than `norm`. Every hashtag has a
/// `#`, and most snippets have too few of them to be split into words.
fn hashtags_over(text: &str, norm: usize) -> Option<usize> {
    if memchr::memchr_iter(b'#', text.as_bytes()).count() <= norm {
        return None;
    }
    let hashtags = text
        .split_whitespace()
        .filter(|w| w.starts_with('#') && w.len() > 1)
        .count();
    (hashtags > norm).then_some(hashtags)
}

pub(super) fn check(
    site: &Site,
    facts: &[PostFacts],
    snippets: &[PostSnippets],
    findings: &mut Findings<'_>,
) {
    let brand = findings.config.brand_names.as_slice();
    for &id in &site.posts {
        let prompts = &facts[id].prompts;
        if prompts.is_empty() {
            findings.report(
                &NO_PROMPTS,
                site,
                id,
                Some("title"),
                "this post has no discussion prompts and none could be written from it".into(),
                "add `prompts:` with one to three open questions about the reader's experience",
            );
        }
        for prompt in prompts.iter().filter(|p| p.source != Source::Generated) {
            assess_prompt(site, id, prompt, brand, findings);
        }
    }
    for (post, &id) in snippets.iter().zip(&site.posts) {
        for snippet in &post.snippets {
            // The prompt the snippet was made from: the platform's override,
            // else the first the author wrote (what a cut snippet keeps).
            let line = facts[id]
                .prompts
                .iter()
                .find(|p| p.source == snippet.source && p.platform == Some(snippet.platform))
                .or_else(|| {
                    facts[id]
                        .prompts
                        .iter()
                        .find(|p| p.source != Source::Generated && p.platform.is_none())
                })
                .and_then(|p| p.line);
            if snippet.trimmed && snippet.source != Source::Generated {
                let message = format!(
                    "the prompt does not fit {} ({}) with the link; the snippet was cut",
                    snippet.platform.label(),
                    snippet.limit
                );
                findings.report_at(
                    &SNIPPET_TOO_LONG,
                    site,
                    id,
                    line,
                    message,
                    "write a shorter prompt, or a `social:` override for that platform",
                );
            }
            let norm = snippet.platform.hashtag_norm();
            if let Some(hashtags) = hashtags_over(&snippet.text, norm) {
                let message = format!(
                    "{hashtags} hashtags for {}, where {} is the norm",
                    snippet.platform.label(),
                    snippet.platform.hashtag_norm()
                );
                findings.report_at(
                    &SNIPPET_HASHTAGS,
                    site,
                    id,
                    line,
                    message,
                    "keep one or two hashtags that name the topic",
                );
            }
        }
    }
}

fn assess_prompt(
    site: &Site,
    id: PageId,
    prompt: &crate::social::Candidate,
    brand: &[String],
    findings: &mut Findings<'_>,
) {
    for (issue, reason) in assess(&prompt.text, brand) {
        let (rule, help) = match issue {
            Issue::Promotional => (
                &PROMPT_PROMOTIONAL,
                "ask about the reader's own experience; leave the brand out of the prompt",
            ),
            Issue::NotAQuestion => (
                &PROMPT_NOT_A_QUESTION,
                "make it an open question: \"How do you ...?\" or \"What has worked for you ...?\"",
            ),
            Issue::YesNo => (&PROMPT_YES_NO, "ask how, what, which or why instead"),
        };
        let message = format!("{reason}: \"{}\"", prompt.text);
        findings.report_at(rule, site, id, prompt.line, message, help);
    }
}
