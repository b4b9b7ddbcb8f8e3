//! Rules about publishing habits across the whole blog: how regularly it
//! publishes (`publishing-gap`) and how narrow its topics are
//! (`topic-concentration`).

use super::{Findings, Level, Rule};
use crate::content::Site;

pub(super) const PUBLISHING_GAP: Rule = Rule {
    name: "publishing-gap",
    default_level: Level::Warn,
    what: "Looks for stretches without a new post: between two posts (over the year before the newest \
           post) and, unless `until_today = false`, from the newest post to today. The limit is 30 days \
           (`[guidelines.publishing-gap] max_days`). `RAPPORT_TODAY=YYYY-MM-DD` in the environment sets \
           \"today\" for reproducible checks.",
    why: "A blog is a conversation: readers, feeds and search engines come back to sites that keep talking. \
          A quiet month tells visitors nobody is home.",
    fix: "Plan a steady rhythm you can keep (every two weeks beats a burst then silence); keep a few helpful \
          evergreen posts ready for quiet weeks.",
    example: "warning[publishing-gap]: no new post for 47 days before this one (the previous, \
              \"Email subject lines\", is from 2025-01-03); the guideline is at most 30 days\n --> content/posts/utm-naming.md:3",
};

pub(super) const TOPIC_CONCENTRATION: Rule = Rule {
    name: "topic-concentration",
    default_level: Level::Warn,
    what: "Warns when one tag is on more than half of the posts (`max_share`, 0.5), once the blog has at \
           least 8 posts (`min_posts`).",
    why: "A tag on most posts tells readers nothing, and a blog that covers one topic only reaches the people \
          who already care about it. Helpful content answers the many questions around your product.",
    fix: "Write about the neighbouring problems your readers have, and use tags that tell posts apart.",
    example: "warning[topic-concentration]: 7 of 10 posts (70%) are tagged \"email\"; the guideline is at most 50%\n --> rapport.toml",
};

const DAY: i64 = 86_400;
/// Gaps that ended longer ago than this before the newest post are history.
const GAP_HISTORY_DAYS: i64 = 365;

pub(super) fn check(site: &Site, findings: &mut Findings<'_>) {
    if findings.enabled(&PUBLISHING_GAP) {
        publishing_gaps(site, findings);
    }
    if findings.enabled(&TOPIC_CONCENTRATION) {
        topic_concentration(site, findings);
    }
}

fn publishing_gaps(site: &Site, findings: &mut Findings<'_>) {
    let max_days = findings.config.max_gap_days;
    // Posts are newest first; undated ones come last and say nothing about rhythm.
    let dated: Vec<_> = site
        .posts
        .iter()
        .filter_map(|&id| site.pages[id].front.date.map(|d| (id, d)))
        .collect();
    let Some(&(newest, newest_date)) = dated.first() else {
        return;
    };
    if let Some(today) = findings.today.filter(|_| findings.config.gap_until_today) {
        let days = (today.as_second() - newest_date.timestamp.as_second()) / DAY;
        if days > max_days {
            findings.report(
                &PUBLISHING_GAP,
                site,
                newest,
                Some("date"),
                format!(
                    "nothing published for {days} days: this, the newest post, is from {}; the guideline is a new post at least every {max_days} days",
                    newest_date.day()
                ),
                "publish a helpful post: answer a question your readers asked lately",
            );
        }
    }
    let history_start = newest_date.timestamp.as_second() - GAP_HISTORY_DAYS * DAY;
    for pair in dated.windows(2) {
        let [(newer, newer_date), (_, older_date)] = pair else {
            continue;
        };
        if newer_date.timestamp.as_second() < history_start {
            break;
        }
        let days = (newer_date.timestamp.as_second() - older_date.timestamp.as_second()) / DAY;
        if days > max_days {
            let older_title = &site.pages[pair[1].0].title;
            findings.report(
                &PUBLISHING_GAP,
                site,
                *newer,
                Some("date"),
                format!(
                    "no new post for {days} days before this one (the previous, \"{older_title}\", is from {}); the guideline is at most {max_days} days",
                    older_date.day()
                ),
                "plan a steady rhythm you can keep; keep evergreen helpful posts ready for quiet weeks",
            );
        }
    }
}

fn topic_concentration(site: &Site, findings: &mut Findings<'_>) {
    let posts = site.posts.len();
    if posts < findings.config.min_posts_for_tags {
        return;
    }
    let Some(tags) = site.taxonomies.iter().find(|t| t.name == "tags") else {
        return;
    };
    let mut is_post = vec![false; site.pages.len()];
    for &id in &site.posts {
        is_post[id] = true;
    }
    // The most used tag; ties go to the first by slug, so the message is stable.
    let Some((term, count)) = tags
        .terms
        .iter()
        .map(|term| (term, term.pages.iter().filter(|&&id| is_post[id]).count()))
        .rev()
        .max_by_key(|(_, count)| *count)
    else {
        return;
    };
    let share = count as f64 / posts as f64;
    let limit = findings.config.max_tag_share;
    if share > limit {
        findings.report_site(
            &TOPIC_CONCENTRATION,
            format!(
                "{count} of {posts} posts ({:.0}%) are tagged \"{}\"; the guideline is at most {:.0}%",
                share * 100.0,
                term.name,
                limit * 100.0
            ),
            "write about the neighbouring problems your readers have, and use tags that tell posts apart",
        );
    }
}
