//! Conversations: an analytics export (`data/analytics.csv`) joined to the
//! posts, to show which posts, kinds and tags start the most conversations.
//!
//! The measure is replies per 1,000 views: comments and replies are what a
//! blog that wants conversations should count, and dividing by views keeps a
//! post read by many from winning on reach alone. Rates from a handful of
//! views are noise, so only posts with at least [`MIN_VIEWS`] views are
//! ranked; the rest are listed after them by views.
//!
//! Columns are found by name, in any case: the URL (`url`, `page`, `path`,
//! `landing page`, Google Analytics' `page path and screen class`...), views
//! (`views`, `pageviews`, `sessions`, `visits`), `shares`, and
//! `comments`/`replies` (added together when both are there). URLs may be
//! absolute or paths; they are compared without scheme and host, query,
//! fragment, `index.html`, trailing slash and the site's base path, in
//! lowercase. Several rows for one post (daily exports, `?utm_` variants)
//! add up. Old URLs in a post's `aliases` count for the post.

use super::columns::{self, RowProblems, Source};
use crate::diagnostic::Diagnostic;
use crate::frontmatter::ContentKind;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// Posts with fewer views are listed but not ranked by their rate.
pub const MIN_VIEWS: u64 = 100;
/// How many URLs that match no post the report lists.
const UNMATCHED_SHOWN: usize = 10;

const URL_COLUMNS: &[&str] = &[
    "url",
    "page",
    "path",
    "page path",
    "page url",
    "landing page",
    "page path and screen class",
    "page location",
    "pagepath",
    "link",
];
const VIEW_COLUMNS: &[&str] = &[
    "views",
    "pageviews",
    "page views",
    "screen page views",
    "sessions",
    "visits",
    "unique pageviews",
];
const SHARE_COLUMNS: &[&str] = &["shares", "share", "social shares"];
const REPLY_COLUMNS: &[&str] = &["comments", "replies", "comment", "reply", "comment count"];

/// One row of the export, numbers parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub url: String,
    pub views: u64,
    pub shares: u64,
    pub replies: u64,
}

/// The rows of an export and which measures it has.
#[derive(Debug, Clone, Default)]
pub struct Export {
    pub rows: Vec<Row>,
    pub has_shares: bool,
    pub has_replies: bool,
}

/// What the report needs to know about a post to join it.
pub struct PostKey<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// Site paths that lead to the post: its own and its aliases.
    pub paths: Vec<String>,
    pub kind: ContentKind,
    pub tags: &'a [String],
}

/// Views, shares and replies, and the rates per 1,000 views.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub views: u64,
    pub shares: u64,
    pub replies: u64,
    pub replies_per_1000_views: Option<f64>,
    pub shares_per_1000_views: Option<f64>,
}

impl Counts {
    fn add(&mut self, views: u64, shares: u64, replies: u64) {
        self.views += views;
        self.shares += shares;
        self.replies += replies;
    }

    fn with_rates(mut self) -> Self {
        let per_1000 = |n: u64| {
            (self.views > 0).then(|| super::round(n as f64 * 1000.0 / self.views as f64, 1))
        };
        self.replies_per_1000_views = per_1000(self.replies);
        self.shares_per_1000_views = per_1000(self.shares);
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PostTalk {
    pub title: String,
    pub url: String,
    pub kind: ContentKind,
    /// Whether it had enough views to be ranked by its rate.
    pub ranked: bool,
    #[serde(flatten)]
    pub counts: Counts,
}

/// A kind or tag: its posts' numbers added up.
#[derive(Debug, Clone, Serialize)]
pub struct GroupTalk {
    pub name: String,
    pub posts: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnmatchedUrl {
    pub url: String,
    pub views: u64,
}

/// The conversations part of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Conversations {
    pub source: String,
    pub min_views: u64,
    pub has_shares: bool,
    pub has_replies: bool,
    pub rows: usize,
    pub rows_matched: usize,
    /// All matched posts together.
    pub totals: Counts,
    /// Ranked posts by replies per 1,000 views (then views, then URL), then the others by views.
    pub posts: Vec<PostTalk>,
    pub kinds: Vec<GroupTalk>,
    /// Tags by replies per 1,000 views, then views, then name.
    pub tags: Vec<GroupTalk>,
    /// The most viewed URLs that match no post (home page, list pages, moved posts).
    pub unmatched: Vec<UnmatchedUrl>,
}

/// Reads an export. Missing URL or views column: one warning, no rows.
/// A bad number: a warning at its line, and the row is skipped.
pub fn from_csv(shown: &str, text: &str) -> (Export, Vec<Diagnostic>) {
    let source = Source { shown, text };
    let table = match columns::parse(&source) {
        Ok(table) => table,
        Err(d) => return (Export::default(), vec![d]),
    };
    let missing = |what: &str, names: &[&str]| {
        source.warning_at(
            table.header_line,
            format!(
                "{shown} has no {what} column; name one of: {}",
                names.join(", ")
            ),
            "export the report with a header row, or rename the column",
        )
    };
    let Some(url) = columns::find(&table.headers, URL_COLUMNS) else {
        return (Export::default(), vec![missing("URL", URL_COLUMNS)]);
    };
    let Some(views) = columns::find(&table.headers, VIEW_COLUMNS) else {
        return (Export::default(), vec![missing("views", VIEW_COLUMNS)]);
    };
    let shares = columns::find(&table.headers, SHARE_COLUMNS);
    let replies = columns::find_all(&table.headers, REPLY_COLUMNS);
    let mut problems = RowProblems::new();
    if replies.is_empty() {
        problems.push(|| missing("comments or replies", REPLY_COLUMNS));
    }
    let mut export = Export {
        rows: Vec::new(),
        has_shares: shares.is_some(),
        has_replies: !replies.is_empty(),
    };
    for (line, record) in &table.rows {
        let number = |column: usize| {
            let raw = columns::field(record, column);
            columns::parse_count(raw).map_err(|()| (column, raw))
        };
        let parsed = (|| {
            let views = number(views)?;
            let shares = shares.map(number).transpose()?.unwrap_or(0);
            let mut sum = 0u64;
            for &c in &replies {
                sum = sum.saturating_add(number(c)?);
            }
            Ok::<_, (usize, &str)>((views, shares, sum))
        })();
        match parsed {
            Ok((views, shares, replies)) => export.rows.push(Row {
                url: columns::field(record, url).to_string(),
                views,
                shares,
                replies,
            }),
            Err((column, raw)) => problems.push(|| {
                source.warning_at(
                    *line,
                    format!(
                        "`{raw}` in the {} column is not a whole number; the row is skipped",
                        table.headers[column]
                    ),
                    "export plain numbers (no units or percentages)",
                )
            }),
        }
    }
    (export, problems.finish(&source))
}

/// A URL or path as the key it is compared by: `/posts/a`.
pub fn url_key(raw: &str, base_path: &str) -> String {
    let mut s = raw.trim();
    if let Some((_, rest)) = s.split_once("://") {
        s = rest.find('/').map_or("/", |i| &rest[i..]);
    } else if let Some(rest) = s.strip_prefix("//") {
        s = rest.find('/').map_or("/", |i| &rest[i..]);
    } else if !s.starts_with('/') && s.split('/').next().is_some_and(|host| host.contains('.')) {
        // `blog.example.com/posts/a`: a host without a scheme.
        s = s.find('/').map_or("/", |i| &s[i..]);
    }
    let s = s.split(['?', '#']).next().unwrap_or("");
    let s = s.strip_suffix("index.html").unwrap_or(s);
    let mut path = format!("/{}", s.trim_start_matches('/')).to_lowercase();
    let base = base_path.trim_end_matches('/').to_lowercase();
    if !base.is_empty() && (path == base || path.starts_with(&format!("{base}/"))) {
        path = path[base.len()..].to_string();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Joins the export to the posts and ranks posts, kinds and tags.
pub fn conversations(
    source: &str,
    export: &Export,
    posts: &[PostKey<'_>],
    base_path: &str,
) -> Conversations {
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    for (i, post) in posts.iter().enumerate() {
        for path in &post.paths {
            by_key.entry(url_key(path, base_path)).or_insert(i);
        }
    }
    let mut per_post: BTreeMap<usize, Counts> = BTreeMap::new();
    let mut unmatched: BTreeMap<String, u64> = BTreeMap::new();
    let mut rows_matched = 0;
    for row in &export.rows {
        let key = url_key(&row.url, base_path);
        match by_key.get(&key) {
            Some(&i) => {
                rows_matched += 1;
                per_post
                    .entry(i)
                    .or_default()
                    .add(row.views, row.shares, row.replies);
            }
            None => *unmatched.entry(key).or_default() += row.views,
        }
    }
    let mut totals = Counts::default();
    per_post
        .values()
        .for_each(|c| totals.add(c.views, c.shares, c.replies));
    Conversations {
        source: source.to_string(),
        min_views: MIN_VIEWS,
        has_shares: export.has_shares,
        has_replies: export.has_replies,
        rows: export.rows.len(),
        rows_matched,
        totals: totals.with_rates(),
        posts: rank_posts(posts, &per_post),
        kinds: groups(posts, &per_post, |p| vec![kind_name(p.kind).to_string()]),
        tags: groups(posts, &per_post, |p| p.tags.to_vec()),
        unmatched: top_unmatched(unmatched),
    }
}

fn kind_name(kind: ContentKind) -> &'static str {
    match kind {
        ContentKind::Helpful => "helpful",
        ContentKind::Promotional => "promotional",
    }
}

fn rank_posts(posts: &[PostKey<'_>], per_post: &BTreeMap<usize, Counts>) -> Vec<PostTalk> {
    let mut out: Vec<PostTalk> = per_post
        .iter()
        .map(|(&i, counts)| PostTalk {
            title: posts[i].title.to_string(),
            url: posts[i].url.to_string(),
            kind: posts[i].kind,
            ranked: counts.views >= MIN_VIEWS,
            counts: counts.clone().with_rates(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.ranked
            .cmp(&a.ranked)
            .then_with(|| by_rate(&a.counts, &b.counts, a.ranked))
            .then_with(|| a.url.cmp(&b.url))
    });
    out
}

/// Highest replies per 1,000 views first (when ranked), then most views.
fn by_rate(a: &Counts, b: &Counts, ranked: bool) -> std::cmp::Ordering {
    let rate = |c: &Counts| c.replies_per_1000_views.unwrap_or(0.0);
    let by_rate = if ranked {
        rate(b).total_cmp(&rate(a))
    } else {
        std::cmp::Ordering::Equal
    };
    by_rate.then_with(|| b.views.cmp(&a.views))
}

/// Adds up the posts of each group (a post may be in several), ranked by rate.
fn groups(
    posts: &[PostKey<'_>],
    per_post: &BTreeMap<usize, Counts>,
    names: impl Fn(&PostKey<'_>) -> Vec<String>,
) -> Vec<GroupTalk> {
    let mut sums: BTreeMap<String, (usize, Counts)> = BTreeMap::new();
    for (&i, c) in per_post {
        for name in names(&posts[i]) {
            let entry = sums.entry(name).or_default();
            entry.0 += 1;
            entry.1.add(c.views, c.shares, c.replies);
        }
    }
    let mut out: Vec<GroupTalk> = sums
        .into_iter()
        .map(|(name, (posts, counts))| GroupTalk {
            name,
            posts,
            counts: counts.with_rates(),
        })
        .collect();
    out.sort_by(|a, b| by_rate(&a.counts, &b.counts, true).then_with(|| a.name.cmp(&b.name)));
    out
}

fn top_unmatched(unmatched: BTreeMap<String, u64>) -> Vec<UnmatchedUrl> {
    let mut list: Vec<UnmatchedUrl> = unmatched
        .into_iter()
        .map(|(url, views)| UnmatchedUrl { url, views })
        .collect();
    list.sort_by(|a, b| b.views.cmp(&a.views).then_with(|| a.url.cmp(&b.url)));
    list.truncate(UNMATCHED_SHOWN);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_compare_without_host_query_fragment_slash_and_base_path() {
        let key = "/posts/a";
        for raw in [
            "https://example.com/blog/posts/a/",
            "http://example.com/blog/posts/a/?utm_source=x#top",
            "//example.com/blog/posts/a",
            "example.com/blog/posts/a/",
            "/blog/posts/a/index.html",
            "/posts/a/",
            "posts/a",
            "/Blog/Posts/A/",
        ] {
            assert_eq!(url_key(raw, "/blog/"), key, "{raw}");
        }
        assert_eq!(url_key("https://example.com/", "/"), "/");
        assert_eq!(url_key("/blog/", "/blog/"), "/");
        assert_eq!(
            url_key("/blogging/x/", "/blog/"),
            "/blogging/x",
            "a prefix of a word is not the base path"
        );
    }

    #[test]
    fn columns_are_found_by_their_common_names() {
        let text = "Landing Page,Sessions,Shares,Comments,Replies\n/a/,1000,4,3,2\n";
        let (export, problems) = from_csv("data/analytics.csv", text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            export.rows,
            [Row {
                url: "/a/".into(),
                views: 1000,
                shares: 4,
                replies: 5
            }],
            "comments and replies add up"
        );
    }

    #[test]
    fn a_missing_views_column_is_one_warning_at_the_header() {
        let (export, problems) = from_csv("data/analytics.csv", "url,likes\n/a/,3\n");
        assert!(export.rows.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("no views column"),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[0].line, Some(1));
    }

    #[test]
    fn a_bad_number_names_its_line_and_column() {
        let text = "url,views,comments\n/a/,10,1\n/b/,12%,1\n/c/,\"1,200\",4\n";
        let (export, problems) = from_csv("data/analytics.csv", text);
        assert_eq!(export.rows.len(), 2);
        assert_eq!(export.rows[1].views, 1200);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        assert_eq!(problems[0].file.as_deref(), Some("data/analytics.csv"));
        assert!(problems[0].message.contains("`12%` in the views column"));
    }

    #[test]
    fn no_replies_column_is_said_but_views_still_count() {
        let (export, problems) = from_csv("data/analytics.csv", "page,pageviews\n/a/,5\n");
        assert_eq!(export.rows.len(), 1);
        assert!(!export.has_replies);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("no comments or replies column")
        );
    }

    fn key<'a>(title: &'a str, url: &'a str, kind: ContentKind, tags: &'a [String]) -> PostKey<'a> {
        PostKey {
            title,
            url,
            paths: vec![url.to_string()],
            kind,
            tags,
        }
    }

    #[test]
    fn posts_kinds_and_tags_rank_by_replies_per_thousand_views() {
        let tags_a = vec!["planning".to_string()];
        let tags_b = vec!["planning".to_string(), "pricing".to_string()];
        let mut c = key("C", "/c/", ContentKind::Helpful, &[]);
        c.paths.push("/old-c/".into());
        let posts = vec![
            key("A", "/a/", ContentKind::Helpful, &tags_a),
            key("B", "/b/", ContentKind::Promotional, &tags_b),
            c,
        ];
        let export = Export {
            rows: vec![
                Row {
                    url: "https://x.com/a/?utm=1".into(),
                    views: 1000,
                    shares: 0,
                    replies: 10,
                },
                Row {
                    url: "/a/".into(),
                    views: 1000,
                    shares: 0,
                    replies: 10,
                },
                Row {
                    url: "/b/".into(),
                    views: 1000,
                    shares: 8,
                    replies: 2,
                },
                Row {
                    url: "/old-c/".into(),
                    views: 50,
                    shares: 0,
                    replies: 5,
                },
                Row {
                    url: "/".into(),
                    views: 9000,
                    shares: 0,
                    replies: 0,
                },
            ],
            has_shares: true,
            has_replies: true,
        };
        let talk = conversations("data/analytics.csv", &export, &posts, "/");
        assert_eq!(talk.rows_matched, 4);
        let order: Vec<(&str, Option<f64>, bool)> = talk
            .posts
            .iter()
            .map(|p| (p.url.as_str(), p.counts.replies_per_1000_views, p.ranked))
            .collect();
        assert_eq!(
            order,
            [
                ("/a/", Some(10.0), true),
                ("/b/", Some(2.0), true),
                ("/c/", Some(100.0), false)
            ],
            "C's high rate from 50 views is not ranked"
        );
        let kinds: Vec<(&str, u64)> = talk
            .kinds
            .iter()
            .map(|k| (k.name.as_str(), k.counts.views))
            .collect();
        assert_eq!(kinds, [("helpful", 2050), ("promotional", 1000)]);
        let tags: Vec<(&str, usize)> = talk
            .tags
            .iter()
            .map(|t| (t.name.as_str(), t.posts))
            .collect();
        assert_eq!(tags, [("planning", 2), ("pricing", 1)]);
        assert_eq!(talk.unmatched.len(), 1);
        assert_eq!(talk.unmatched[0].url, "/");
    }
}
