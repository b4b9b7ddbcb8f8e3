//! `self-talk`: a helpful post that talks about the brand more than about
//! the reader.

use super::{Findings, Level, PostFacts, Rule};
use crate::content::Site;
use crate::frontmatter::ContentKind;

pub(super) const SELF_TALK: Rule = Rule {
    name: "self-talk",
    default_level: Level::Warn,
    what: "In a helpful post (by `kind:` or as classified), counts \"we/our/us\" and the brand names of \
           `[brand] names` against \"you/your\". Warns when the brand side outnumbers the reader side and \
           comes at least once per 100 words (`[guidelines.self-talk] min_per_100_words`). Posts under 100 \
           words are not judged.",
    why: "A post meant to help the reader stops helping when it keeps talking about the company: readers \
          skim past \"we\" and look for \"you\". Listening starts with writing about them.",
    fix: "Rewrite around the reader: what they want to do, what they can try, what they get. Keep the company \
          for the example or the last paragraph.",
    example: "warning[self-talk]: this helpful post talks about the brand more than about the reader: \"we/our/us\" 14 times and brand names 6 times, \"you/your\" 9 times\n --> content/posts/our-story.md:2",
};

/// Shorter posts say too little to judge their voice.
const MIN_WORDS: usize = 100;

pub(super) fn check(site: &Site, facts: &[PostFacts], findings: &mut Findings<'_>) {
    if !findings.enabled(&SELF_TALK) {
        return;
    }
    let min_per_100 = findings.config.min_self_talk_per_100;
    for &id in &site.posts {
        let fact = &facts[id];
        if fact.kind(site.pages[id].front.kind) != ContentKind::Helpful {
            continue;
        }
        let voice = fact.inferred.voice;
        let brand_side = voice.we + voice.brand;
        if voice.words < MIN_WORDS || brand_side <= voice.you {
            continue;
        }
        let per_100 = brand_side as f64 * 100.0 / voice.words as f64;
        if per_100 < min_per_100 {
            continue;
        }
        let brand = if voice.brand > 0 {
            format!(" and brand names {}", times(voice.brand))
        } else {
            String::new()
        };
        findings.report(
            &SELF_TALK,
            site,
            id,
            Some("title"),
            format!(
                "this helpful post talks about the brand more than about the reader: \"we/our/us\" {}{brand}, \"you/your\" {}",
                times(voice.we),
                times(voice.you)
            ),
            "rewrite around the reader: what they want to do, what they can try, what they get",
        );
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        n => format!("{n} times"),
    }
}
