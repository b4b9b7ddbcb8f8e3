//! The report as one self-contained HTML page, for a marketer: headline
//! numbers first, then the charts, the per-post table, listening,
//! conversations and every finding. Inline CSS (light and dark), no script,
//! nothing fetched; tables have captions and header cells, charts a text
//! alternative. Everything from the site or the data files is escaped.
//! `rapport serve` can show the same page from [`html`].

use super::{Report, analytics, listening, svg};
use crate::diagnostic::Severity;
use crate::frontmatter::ContentKind;
use crate::guidelines::kb;
use std::fmt::Write as _;

const STYLE: &str = "\
:root{color-scheme:light dark;--fg:#1d2329;--muted:#58616b;--bg:#fff;--card:#f6f5f2;--line:#e3e1dc;--bar:#2f7d78;--over:#c2412d;--band:rgba(47,125,120,.16);--link:#1f5fa8}\
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e1;--muted:#a7adb4;--bg:#15191d;--card:#1f252b;--line:#343b42;--bar:#5fbdb5;--over:#ff8a73;--band:rgba(95,189,181,.2);--link:#8cb8f0}}\
body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:var(--fg);background:var(--bg)}\
a{color:var(--link)}h2{margin-top:2.5rem;font-size:1.3rem}nav a{margin-right:1rem}\
.muted,caption,.note{color:var(--muted)}caption{text-align:left;padding:.25rem 0}\
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.75rem;margin:0}\
.cards div{background:var(--card);border-radius:8px;padding:.75rem 1rem}.cards dt{font-size:.85rem;color:var(--muted)}\
.cards dd{margin:0;font-size:1.5rem;font-weight:600}.cards dd.note{font-size:.85rem;font-weight:400}\
.flag{color:var(--over);font-weight:600}\
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}\
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}ul.reasons{margin:0;padding-left:1rem}\
.chart{width:100%;height:auto;max-width:60rem;display:block;margin:1rem 0}\
.chart .bar{fill:var(--bar)}.chart .bar.over{fill:var(--over)}.chart .band{fill:var(--band)}\
.chart .grid{stroke:var(--line)}.chart .limit{stroke:var(--over);stroke-dasharray:4 3;stroke-width:1.5}\
.chart .axis{fill:var(--muted);font-size:11px}.chart .bar.zero{fill:var(--muted)}\
.chart .trend{fill:none;stroke:var(--fg);stroke-width:2}td.date{white-space:nowrap}details{margin:.5rem 0}";

/// The report page. The same report always gives the same bytes.
pub fn html(report: &Report) -> String {
    // About 1 KB a post (976 bytes on the benchmark corpus): sized so, the
    // page of a big site is not copied over and over as it grows.
    let mut out = String::with_capacity(64 * 1024 + report.posts.len() * 1024);
    head(&mut out, report);
    headline(&mut out, report);
    mix(&mut out, report);
    weight(&mut out, report);
    posts(&mut out, report);
    listening_section(&mut out, report.listening.as_ref());
    conversations(&mut out, report.conversations.as_ref());
    findings(&mut out, report);
    out.push_str("</main></body></html>\n");
    out
}

pub(crate) use crate::html_scan::escape;

/// `12345` -> `12,345`.
fn thousands(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn count(n: usize) -> String {
    thousands(n as u64)
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn kind_label(kind: ContentKind) -> &'static str {
    match kind {
        ContentKind::Helpful => "helpful",
        ContentKind::Promotional => "promotional",
    }
}

fn head(out: &mut String, report: &Report) {
    let title = escape(&report.site.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>Numbers: {title}</title><style>{STYLE}</style></head><body><header><h1>Numbers: {title}</h1><p class=\"muted\">What the last build of <a href=\"{}\">{}</a> found, made by {}. This page is not published.</p><nav aria-label=\"Sections\"><a href=\"#mix\">Content mix</a><a href=\"#weight\">Page weight</a><a href=\"#posts\">Posts</a><a href=\"#listening\">Listening</a><a href=\"#conversations\">Conversations</a><a href=\"#findings\">Findings</a></nav></header><main>",
        escape(&report.site.base_url),
        escape(&report.site.base_url),
        escape(&report.generator)
    );
}

fn card(out: &mut String, term: &str, value: &str, note: &str, flagged: bool) {
    let class = if flagged { " class=\"flag\"" } else { "" };
    let _ = write!(
        out,
        "<div><dt>{term}</dt><dd{class}>{value}</dd><dd class=\"note\">{note}</dd></div>"
    );
}

fn headline(out: &mut String, report: &Report) {
    let s = &report.summary;
    out.push_str("<section aria-labelledby=\"glance\"><h2 id=\"glance\">At a glance</h2><dl class=\"cards\">");
    card(
        out,
        "Posts",
        &count(s.posts),
        &format!("{} words", count(s.words)),
        false,
    );
    let helpful_share = if s.posts == 0 {
        0.0
    } else {
        1.0 - s.promotional_share
    };
    let over = s.promotional_share > s.max_promotional_share;
    card(
        out,
        "Helpful",
        &format!("{} ({})", count(s.helpful), percent(helpful_share)),
        &format!(
            "guideline: at least {}",
            percent(1.0 - s.max_promotional_share)
        ),
        over,
    );
    card(
        out,
        "Promotional",
        &format!(
            "{} ({})",
            count(s.promotional),
            percent(s.promotional_share)
        ),
        &format!(
            "guideline: at most {}{}",
            percent(s.max_promotional_share),
            if over { ", over it" } else { ", within it" }
        ),
        over,
    );
    let by_rule: Vec<String> = s
        .warnings_by_rule
        .iter()
        .map(|(rule, n)| format!("{} {n}", escape(rule)))
        .collect();
    let errors = if s.errors > 0 {
        format!("{} errors; ", count(s.errors))
    } else {
        String::new()
    };
    let rules = if by_rule.is_empty() {
        "none".to_string()
    } else {
        by_rule.join(", ")
    };
    card(
        out,
        "Warnings",
        &count(s.warnings),
        &format!("{errors}{rules}"),
        s.errors > 0,
    );
    match &s.heaviest_page {
        Some(page) => card(
            out,
            "Heaviest page",
            &kb(page.bytes),
            &format!(
                "<a href=\"{0}\">{0}</a>; {1} pages over the {2} budget",
                escape(&page.url),
                count(s.pages_over_budget),
                kb(report.weight.budget)
            ),
            page.over_budget,
        ),
        None => card(out, "Heaviest page", "none", "no pages weighed", false),
    }
    card(
        out,
        "Images in posts",
        &count(s.images),
        &format!("{} without alt text", count(s.images_without_alt)),
        s.images_without_alt > 0,
    );
    out.push_str("</dl></section>");
}

fn mix(out: &mut String, report: &Report) {
    let [low, high] = report.mix.band;
    let _ = write!(
        out,
        "<section id=\"mix\" aria-labelledby=\"mix-h\"><h2 id=\"mix-h\">Content mix over time</h2><p>Bars: the share of each month's posts that are promotional (months above the guideline are marked). Line: the share among the latest {} posts at each month's end, as the content-mix rule counts. Shaded: the guideline, {} to {} at most.</p>",
        report.mix.window_posts,
        percent(low),
        percent(high)
    );
    if report.mix.months.is_empty() {
        out.push_str("<p>No dated posts yet.</p></section>");
        return;
    }
    let bars: Vec<svg::MonthBar<'_>> = report
        .mix
        .months
        .iter()
        .map(|m| svg::MonthBar {
            month: &m.month,
            posts: m.posts,
            promotional: m.promotional,
            rolling: m.rolling_share,
        })
        .collect();
    out.push_str(&svg::mix_chart("mix-chart", &bars, (low, high)));
    out.push_str("<details><summary>The numbers per month</summary><div class=\"scroll\"><table><caption>Posts and promotional posts per month</caption><thead><tr><th scope=\"col\">Month</th><th scope=\"col\" class=\"n\">Posts</th><th scope=\"col\" class=\"n\">Promotional</th><th scope=\"col\" class=\"n\">Share</th><th scope=\"col\" class=\"n\">Latest posts</th></tr></thead><tbody>");
    for m in &report.mix.months {
        let share = m.promotional_share.map_or("–".to_string(), percent);
        let flag = if m.promotional_share.is_some_and(|s| s > high) {
            " class=\"n flag\""
        } else {
            " class=\"n\""
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td{flag}>{share}</td><td class=\"n\">{}</td></tr>",
            escape(&m.month),
            m.posts,
            m.promotional,
            m.rolling_share.map_or("–".to_string(), percent)
        );
    }
    out.push_str("</tbody></table></div></details></section>");
}

fn weight(out: &mut String, report: &Report) {
    let w = &report.weight;
    let over = w.pages.iter().filter(|p| p.over_budget).count();
    let _ = write!(
        out,
        "<section id=\"weight\" aria-labelledby=\"weight-h\"><h2 id=\"weight-h\">Page weight</h2><p>What a first visit downloads for each page (HTML, CSS, scripts, fonts, images; text compressed for pages near a budget). {} of {} pages are over the {} budget. The {} heaviest:</p>",
        count(over),
        count(w.pages.len()),
        kb(w.budget),
        count(w.pages.len().min(super::WEIGHT_CHART_PAGES))
    );
    let shown: Vec<(&str, u64)> = w
        .pages
        .iter()
        .take(super::WEIGHT_CHART_PAGES)
        .map(|p| (p.url.as_str(), p.bytes))
        .collect();
    if shown.is_empty() {
        out.push_str("<p>No pages were weighed.</p></section>");
        return;
    }
    out.push_str(&svg::weight_chart("weight-chart", &shown, w.budget));
    out.push_str("<details><summary>The numbers</summary><div class=\"scroll\"><table><caption>The heaviest pages (every page is in report.json)</caption><thead><tr><th scope=\"col\">Page</th><th scope=\"col\" class=\"n\">First visit</th></tr></thead><tbody>");
    for p in w.pages.iter().take(super::WEIGHT_CHART_PAGES) {
        let flag = if p.over_budget {
            " class=\"n flag\""
        } else {
            " class=\"n\""
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"{0}\">{0}</a></th><td{flag}>{1}</td></tr>",
            escape(&p.url),
            kb(p.bytes)
        );
    }
    out.push_str("</tbody></table></div></details></section>");
}

fn posts(out: &mut String, report: &Report) {
    let _ = write!(
        out,
        "<section id=\"posts\" aria-labelledby=\"posts-h\"><h2 id=\"posts-h\">Posts</h2><p>Every post, newest first. The class is the post's <code>kind</code> if it says, else the classifier's; the score runs from 0 (clearly helpful) to 1 (clearly promotional).</p><div class=\"scroll\" role=\"region\" aria-label=\"Posts table\" tabindex=\"0\"><table><caption>{} posts</caption><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Post</th><th scope=\"col\">Class</th><th scope=\"col\" class=\"n\">Score</th><th scope=\"col\">Why</th><th scope=\"col\" class=\"n\">Words</th><th scope=\"col\" class=\"n\">Minutes</th><th scope=\"col\" class=\"n\">Images</th><th scope=\"col\" class=\"n\">Prompts</th><th scope=\"col\" class=\"n\">Warnings</th><th scope=\"col\" class=\"n\">Page</th></tr></thead><tbody>",
        count(report.posts.len())
    );
    for p in &report.posts {
        let reasons: String = p
            .reasons
            .iter()
            .map(|r| format!("<li>{}</li>", escape(r)))
            .collect();
        let no_alt = if p.images_without_alt > 0 {
            format!(
                " <span class=\"flag\">({} without alt)</span>",
                p.images_without_alt
            )
        } else {
            String::new()
        };
        let problems = p.warnings + p.errors;
        let _ = write!(
            out,
            "<tr><td class=\"date\">{}</td><th scope=\"row\"><a href=\"{}\">{}</a><br><span class=\"note\">{}</span></th><td>{}{}</td><td class=\"n\">{:.2}</td><td><ul class=\"reasons\">{reasons}</ul></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}{no_alt}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td><td class=\"n\">{}</td></tr>",
            escape(p.date.as_deref().unwrap_or("")),
            escape(&p.url),
            escape(&p.title),
            escape(&p.file),
            kind_label(p.kind),
            if p.kind_declared { "" } else { " (inferred)" },
            p.score,
            count(p.words),
            p.reading_minutes,
            p.images,
            p.prompts,
            if problems > 0 { " flag" } else { "" },
            problems,
            p.page_bytes.map_or("–".to_string(), kb)
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn listening_section(out: &mut String, listening: Option<&listening::Listening>) {
    out.push_str("<section id=\"listening\" aria-labelledby=\"listening-h\"><h2 id=\"listening-h\">Listening: questions no post answers yet</h2>");
    let Some(l) = listening else {
        out.push_str("<p>Put the questions your audience asks (from support, comments, sales calls) in <code>data/questions.csv</code> with a <code>question</code> column and, if you have them, <code>count</code> and <code>date</code>: this section will list the ones no post answers yet, most asked first. See docs/report.md.</p></section>");
        return;
    };
    let _ = write!(
        out,
        "<p>{} of {} questions from <code>{}</code> have no post that answers them: ideas for helpful posts, most asked first. A post answers a question when it scores {:.1} or more: the question's words, weighted by how rare they are, found in its title, tags, headings or description.</p>",
        count(l.unanswered),
        count(l.questions_total),
        escape(&l.source),
        l.threshold
    );
    let (open, answered): (Vec<_>, Vec<_>) = l.questions.iter().partition(|q| !q.answered);
    question_table(out, "Unanswered questions", "Closest post", &open);
    question_table(out, "Answered questions", "Answered by", &answered);
    out.push_str("</section>");
}

fn question_table(
    out: &mut String,
    caption: &str,
    post_header: &str,
    questions: &[&listening::QuestionMatch],
) {
    if questions.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"scroll\"><table><caption>{caption}</caption><thead><tr><th scope=\"col\">Question</th><th scope=\"col\" class=\"n\">Asked</th><th scope=\"col\">Last asked</th><th scope=\"col\">{post_header}</th><th scope=\"col\" class=\"n\">Score</th><th scope=\"col\">Words matched</th></tr></thead><tbody>"
    );
    for q in questions {
        let (post, score, matched) = match &q.best {
            Some(b) => (
                format!("<a href=\"{}\">{}</a>", escape(&b.url), escape(&b.title)),
                format!("{:.2}", b.score),
                escape(&b.matched.join(", ")),
            ),
            None => ("none".to_string(), "–".to_string(), String::new()),
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td>{}</td><td>{post}</td><td class=\"n\">{score}</td><td>{matched}</td></tr>",
            escape(&q.text),
            thousands(q.count),
            escape(q.date.as_deref().unwrap_or(""))
        );
    }
    out.push_str("</tbody></table></div>");
}

fn rate(value: Option<f64>) -> String {
    value.map_or("–".to_string(), |v| format!("{v:.1}"))
}

fn conversations(out: &mut String, talk: Option<&analytics::Conversations>) {
    out.push_str("<section id=\"conversations\" aria-labelledby=\"conversations-h\"><h2 id=\"conversations-h\">Conversations</h2>");
    let Some(c) = talk else {
        out.push_str("<p>Export your analytics to <code>data/analytics.csv</code> (a URL column, views, and comments or replies; shares if you have them): this section will show which posts, kinds and tags start the most conversations. See docs/report.md.</p></section>");
        return;
    };
    let _ = write!(
        out,
        "<p>From <code>{}</code>: {} of {} rows matched a post. Replies per 1,000 views show which posts start conversations, whatever their reach; posts with fewer than {} views are listed last, unranked. All matched posts: {} views, {} replies ({} per 1,000 views), {} shares.</p>",
        escape(&c.source),
        count(c.rows_matched),
        count(c.rows),
        c.min_views,
        thousands(c.totals.views),
        thousands(c.totals.replies),
        rate(c.totals.replies_per_1000_views),
        thousands(c.totals.shares)
    );
    let rows: Vec<(String, String, &analytics::Counts)> = c
        .posts
        .iter()
        .map(|p| {
            let name = format!("<a href=\"{}\">{}</a>", escape(&p.url), escape(&p.title));
            let note = if p.ranked {
                kind_label(p.kind).to_string()
            } else {
                format!("{}, too few views to rank", kind_label(p.kind))
            };
            (name, note, &p.counts)
        })
        .collect();
    talk_table(
        out,
        "Posts by replies per 1,000 views",
        "Post",
        "Kind",
        &rows,
    );
    talk_table(out, "Kinds", "Kind", "Posts", &group_rows(&c.kinds));
    talk_table(out, "Tags", "Tag", "Posts", &group_rows(&c.tags));
    if !c.unmatched.is_empty() {
        out.push_str("<p>Most viewed URLs that are not posts (or no longer exist):</p><ul>");
        for u in &c.unmatched {
            let _ = write!(
                out,
                "<li><code>{}</code>: {} views</li>",
                escape(&u.url),
                thousands(u.views)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

fn group_rows(list: &[analytics::GroupTalk]) -> Vec<(String, String, &analytics::Counts)> {
    list.iter()
        .map(|g| (escape(&g.name), count(g.posts), &g.counts))
        .collect()
}

/// A table of (name cell HTML, second cell HTML, counts).
fn talk_table(
    out: &mut String,
    caption: &str,
    first: &str,
    second: &str,
    rows: &[(String, String, &analytics::Counts)],
) {
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"scroll\"><table><caption>{caption}</caption><thead><tr><th scope=\"col\">{first}</th><th scope=\"col\">{second}</th><th scope=\"col\" class=\"n\">Views</th><th scope=\"col\" class=\"n\">Replies</th><th scope=\"col\" class=\"n\">Shares</th><th scope=\"col\" class=\"n\">Replies per 1,000 views</th></tr></thead><tbody>"
    );
    for (name, note, c) in rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{name}</th><td>{note}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            thousands(c.views),
            thousands(c.replies),
            thousands(c.shares),
            rate(c.replies_per_1000_views)
        );
    }
    out.push_str("</tbody></table></div>");
}

fn findings(out: &mut String, report: &Report) {
    let _ = write!(
        out,
        "<section id=\"findings\" aria-labelledby=\"findings-h\"><h2 id=\"findings-h\">All findings</h2><p>{} errors and {} warnings, as the build printed them.</p>",
        count(report.summary.errors),
        count(report.summary.warnings)
    );
    if report.findings.is_empty() {
        out.push_str("<p>Nothing to report.</p></section>");
        return;
    }
    out.push_str("<div class=\"scroll\"><table><caption>Findings by severity, file and line</caption><thead><tr><th scope=\"col\">Level</th><th scope=\"col\">Rule</th><th scope=\"col\">Where</th><th scope=\"col\">What</th><th scope=\"col\">What to do</th></tr></thead><tbody>");
    for d in &report.findings {
        let level = match d.severity {
            Severity::Error => "<span class=\"flag\">error</span>",
            Severity::Warning => "warning",
        };
        let place = match (&d.file, d.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            (None, _) => String::new(),
        };
        let _ = write!(
            out,
            "<tr><td>{level}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            escape(d.code),
            escape(&place),
            escape(&d.message),
            escape(d.help.as_deref().unwrap_or(""))
        );
    }
    out.push_str("</tbody></table></div></section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }

    #[test]
    fn big_numbers_get_thousands_separators() {
        assert_eq!(thousands(0u64), "0");
        assert_eq!(thousands(999u64), "999");
        assert_eq!(thousands(1000u64), "1,000");
        assert_eq!(thousands(1234567u64), "1,234,567");
    }
}
