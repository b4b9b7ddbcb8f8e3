//! `content-mix` and `kind-mismatch`: about 70-80% of what a brand publishes
//! should help its audience; only 20-30% should be about its own product.

use super::{Findings, Level, PostFacts, Rule, shown};
use crate::content::{PageId, Site};
use crate::frontmatter::ContentKind;

pub(super) const CONTENT_MIX: Rule = Rule {
    name: "content-mix",
    default_level: Level::Warn,
    what: "Counts promotional posts (about your own product) against helpful ones, over all posts, over the \
           latest posts (10 by default) and over the last 90 days of publishing, and looks for runs of \
           promotional posts in a row (more than 2 by default).",
    why: "Readers follow a blog that helps them; a blog that mostly announces and sells is read by nobody but \
          the team that writes it. The rule of thumb: at most 20-30% of posts about the product.",
    fix: "Publish helpful posts (how-tos, answers to your customers' questions, lessons) between announcements, \
          or fold small announcements into one roundup. Mark each post `kind: helpful` or `kind: promotional`; \
          posts without `kind` are classified from their title and text.",
    example: "warning[content-mix]: 4 of the latest 10 posts are promotional (40%); the guideline is at most 30%: content/posts/webinar.md, content/posts/pricing.md, content/posts/launch.md, content/posts/beta.md\n --> content/posts/webinar.md:7",
};

pub(super) const KIND_MISMATCH: Rule = Rule {
    name: "kind-mismatch",
    default_level: Level::Warn,
    what: "Warns when a post marked `kind: helpful` reads as promotional: it names the brand often, talks in \
           \"we\" and \"our\" more than \"you\", or uses launch and sales vocabulary.",
    why: "The content mix is only as honest as the labels; a sales post labelled helpful hides the real mix.",
    fix: "Rewrite the post around the reader's problem, or mark it `kind: promotional`.",
    example: "warning[kind-mismatch]: marked `kind: helpful` but reads as promotional (score 0.81): names the brand 6 times (Acme); \"we/our/us\" 3.1 per 100 words vs \"you/your\" 0.4\n --> content/posts/new-dashboard.md:5",
};

/// Posts counted in a window with their kinds, newest first.
struct Mix<'a> {
    posts: &'a [(PageId, ContentKind)],
}

impl Mix<'_> {
    fn promotional(&self) -> Vec<PageId> {
        self.posts
            .iter()
            .filter(|(_, kind)| *kind == ContentKind::Promotional)
            .map(|(id, _)| *id)
            .collect()
    }

    fn share(&self) -> f64 {
        if self.posts.is_empty() {
            0.0
        } else {
            self.promotional().len() as f64 / self.posts.len() as f64
        }
    }
}

/// A share check needs a few posts to mean anything.
const MIN_POSTS_FOR_SHARE: usize = 3;

pub(super) fn check(site: &Site, facts: &[PostFacts], findings: &mut Findings<'_>) {
    if findings.enabled(&KIND_MISMATCH) {
        kind_mismatch(site, facts, findings);
    }
    if !findings.enabled(&CONTENT_MIX) {
        return;
    }
    let config = findings.config;
    let kinds: Vec<(PageId, ContentKind)> = site
        .posts
        .iter()
        .map(|&id| (id, facts[id].kind(site.pages[id].front.kind)))
        .collect();
    let limit = config.max_promotional_share;

    let all = Mix { posts: &kinds };
    let mut reported_all = false;
    if kinds.len() >= MIN_POSTS_FOR_SHARE && all.share() > limit {
        report_share(
            site,
            findings,
            &all,
            format!("{} of all {} posts", all.promotional().len(), kinds.len()),
        );
        reported_all = true;
    }
    let latest = Mix {
        posts: &kinds[..kinds.len().min(config.window_posts)],
    };
    let latest_is_all = latest.posts.len() == kinds.len();
    if !(latest_is_all && reported_all)
        && latest.posts.len() >= MIN_POSTS_FOR_SHARE
        && latest.share() > limit
    {
        let what = format!(
            "{} of the latest {} posts",
            latest.promotional().len(),
            latest.posts.len()
        );
        report_share(site, findings, &latest, what);
    }
    if let Some(newest) = kinds.first().and_then(|(id, _)| site.pages[*id].front.date) {
        let since = newest.timestamp.as_second() - config.window_days * 86_400;
        let in_days = kinds
            .iter()
            .take_while(|(id, _)| {
                site.pages[*id]
                    .front
                    .date
                    .is_some_and(|d| d.timestamp.as_second() >= since)
            })
            .count();
        let recent = Mix {
            posts: &kinds[..in_days],
        };
        let same_as_reported = in_days == latest.posts.len() || in_days == kinds.len();
        if !same_as_reported && in_days >= MIN_POSTS_FOR_SHARE && recent.share() > limit {
            let what = format!(
                "{} of the {} posts of the last {} days",
                recent.promotional().len(),
                in_days,
                config.window_days
            );
            report_share(site, findings, &recent, what);
        }
    }
    promotional_runs(site, &kinds, findings);
}

fn report_share(site: &Site, findings: &mut Findings<'_>, mix: &Mix<'_>, what: String) {
    let promotional = mix.promotional();
    let Some(&newest) = promotional.first() else {
        return;
    };
    let message = format!(
        "{what} are promotional ({:.0}%); the guideline is at most {:.0}%: {}",
        mix.share() * 100.0,
        findings.config.max_promotional_share * 100.0,
        name_posts(site, &promotional)
    );
    findings.report(
        &CONTENT_MIX,
        site,
        newest,
        Some("kind"),
        message,
        "publish helpful posts (how-tos, answers to your readers' questions) between announcements; see docs/guidelines.md#content-mix",
    );
}

fn promotional_runs(site: &Site, kinds: &[(PageId, ContentKind)], findings: &mut Findings<'_>) {
    let max_run = findings.config.max_promotional_run;
    let mut run: Vec<PageId> = Vec::new();
    // Oldest first, so a run reads in publishing order.
    for &(id, kind) in kinds
        .iter()
        .rev()
        .chain(std::iter::once(&(usize::MAX, ContentKind::Helpful)))
    {
        if kind == ContentKind::Promotional {
            run.push(id);
            continue;
        }
        if run.len() > max_run {
            let Some(&last) = run.last() else { continue };
            let message = format!(
                "{} promotional posts in a row (at most {max_run} is the guideline): {}",
                run.len(),
                name_posts(site, &run)
            );
            findings.report(
                &CONTENT_MIX,
                site,
                last,
                Some("kind"),
                message,
                "put a helpful post between announcements, or combine them into one update",
            );
        }
        run.clear();
    }
}

fn kind_mismatch(site: &Site, facts: &[PostFacts], findings: &mut Findings<'_>) {
    for &id in &site.posts {
        let page = &site.pages[id];
        let inferred = &facts[id].inferred;
        if page.front.kind == Some(ContentKind::Helpful)
            && inferred.kind == ContentKind::Promotional
        {
            let message = format!(
                "marked `kind: helpful` but reads as promotional (score {:.2}): {}",
                inferred.score,
                inferred.reasons.join("; ")
            );
            findings.report(
                &KIND_MISMATCH,
                site,
                id,
                Some("kind"),
                message,
                "rewrite it around the reader's problem, or mark it `kind: promotional`",
            );
        }
    }
}

/// "content/posts/a.md, content/posts/b.md and 3 more"
fn name_posts(site: &Site, ids: &[PageId]) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = ids.iter().take(SHOWN).map(|&id| shown(site, id)).collect();
    if ids.len() > SHOWN {
        names.push(format!("and {} more", ids.len() - SHOWN));
    }
    names.join(", ")
}
