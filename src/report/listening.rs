//! Listening: the questions an audience asked (exported from support,
//! comments, sales calls into `data/questions.csv` or `.json`), matched to
//! the posts that answer them, so the ones no post answers yet become ideas
//! for helpful content, most asked first.
//!
//! # How a question is matched
//!
//! The question and each post are reduced to content words ([`super::words`]).
//! A post offers each word with the weight of the best place it appears:
//! the title ([`TITLE`], 1.0), a tag or other taxonomy term ([`TERMS`], 0.7),
//! a heading or the description ([`OUTLINE`], 0.5). Each question word also
//! weighs by how rare it is among posts (inverse document frequency,
//! `ln(1 + posts / (1 + posts with the word))`), so "content" on a content
//! marketing blog counts for little and a word no post uses counts most.
//!
//! A post's score for a question is the better of two coverages:
//! - how much of the question the post covers: sum of rarity × place over
//!   the question's words the post has, divided by the sum of rarity ×
//!   [`TITLE`] over all the question's words (1.0: every word in the title);
//! - how much of the post's title the question covers: the rarity-weighted
//!   share of the title's words found in the question, for titles of at
//!   least [`MIN_TITLE_WORDS`] (2) content words. A question that says
//!   everything the title says ("How do we plan a content calendar the whole
//!   team sticks to?" and "How to Plan a Content Calendar Your Team Will
//!   Actually Use") is what the post is about, whatever else it adds.
//!
//! A post "answers" the question at [`THRESHOLD`] (0.6) or more, which
//! takes most of the question's rare words in prominent places, or most of
//! the title's. The best post is named for every question, with both
//! coverages and the words it matched, so each verdict can be checked by eye.
//!
//! Posts are indexed once (word -> posts); a question only visits the posts
//! that share a word with it.

use super::columns::{self, RowProblems, Source};
use super::words::{content_words, for_each_word};
use crate::diagnostic::Diagnostic;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// A post answers a question at this score or more.
pub const THRESHOLD: f64 = 0.6;
/// Titles with fewer content words are not matched by title coverage: one
/// word ("Pricing") would be covered by any question that uses it.
pub const MIN_TITLE_WORDS: usize = 2;
/// How much a word counts where it appears in a post.
pub const TITLE: f64 = 1.0;
pub const TERMS: f64 = 0.7;
pub const OUTLINE: f64 = 0.5;

/// Header names for each column, best first.
const TEXT_COLUMNS: &[&str] = &["question", "text", "questions", "query", "title", "subject"];
const COUNT_COLUMNS: &[&str] = &[
    "count",
    "asked",
    "times",
    "times asked",
    "votes",
    "frequency",
];
const DATE_COLUMNS: &[&str] = &["date", "asked on", "last asked", "created", "created at"];

/// One question as the file has it (duplicates already merged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    /// How many times it was asked (1 if the file does not say).
    pub count: u64,
    /// `YYYY-MM-DD`, the latest date it was asked if the file says.
    pub date: Option<String>,
}

/// What a post offers to the matcher.
pub struct PostText<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: Option<&'a str>,
    pub headings: &'a [String],
    /// Tags and other taxonomy terms.
    pub terms: Vec<&'a str>,
}

/// The listening part of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Listening {
    /// The file the questions came from (`data/questions.csv`).
    pub source: String,
    pub threshold: f64,
    pub questions_total: usize,
    pub unanswered: usize,
    /// Unanswered first, then most asked, then newest, then by text.
    pub questions: Vec<QuestionMatch>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionMatch {
    pub text: String,
    pub count: u64,
    pub date: Option<String>,
    pub answered: bool,
    /// The question's content words (stemmed), as matched.
    pub words: Vec<String>,
    /// The best-scoring post, whether or not it passes the threshold.
    pub best: Option<BestPost>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BestPost {
    pub title: String,
    pub url: String,
    /// The better of the two coverages below.
    pub score: f64,
    /// How much of the question the post covers (0..=1).
    pub question_coverage: f64,
    /// How much of the post's title the question covers (0..=1; 0 for short titles).
    pub title_coverage: f64,
    /// The question's words this post has.
    pub matched: Vec<String>,
}

/// Posts' content words, indexed once for all questions. Words are
/// interned to numbers so matching compares integers, not strings.
pub struct PostIndex<'a> {
    posts: &'a [PostText<'a>],
    ids: FxHashMap<String, u32>,
    /// By word id: (post, weight of the word's best place in that post), post order.
    postings: Vec<Vec<(u32, f32)>>,
    /// By word id.
    rarity: Vec<f64>,
    /// By post: its title's word ids (sorted, each once) and their summed rarity.
    titles: Vec<(Vec<u32>, f64)>,
}

impl<'a> PostIndex<'a> {
    /// Indexes the words of `posts` that can matter to `questions`: the
    /// questions' own words, and every title's words (title coverage weighs
    /// them by rarity). No other word can change a score, so the others are
    /// only looked up, never stored. Questions matched later with
    /// [`Self::best_match`] must be among `questions`.
    pub fn new(posts: &'a [PostText<'a>], questions: &[Question]) -> Self {
        let titles: Vec<Vec<String>> = posts
            .par_iter()
            .map(|post| {
                let mut title = content_words(post.title);
                title.sort();
                title.dedup();
                title
            })
            .collect();
        let mut index = PostIndex {
            posts,
            ids: FxHashMap::default(),
            postings: Vec::new(),
            rarity: Vec::new(),
            titles: Vec::with_capacity(posts.len()),
        };
        for question in questions {
            content_words(&question.text).into_iter().for_each(|w| {
                index.intern(w);
            });
        }
        for title in titles {
            let ids: Vec<u32> = title.into_iter().map(|w| index.intern(w)).collect();
            index.titles.push((ids, 0.0));
        }
        let ids = &index.ids;
        // Reading every title, tag, heading and description is the costly
        // part, and is per post: in parallel, one word buffer per thread.
        let found: Vec<Vec<(u32, f32)>> = posts
            .par_iter()
            .map_init(String::new, |buffer, post| known_words(post, ids, buffer))
            .collect();
        for (post, words) in found.into_iter().enumerate() {
            let post = u32::try_from(post).unwrap_or(u32::MAX);
            for (id, weight) in words {
                index.postings[id as usize].push((post, weight));
            }
        }
        let n = posts.len() as f64;
        index.rarity = index
            .postings
            .iter()
            .map(|p| (1.0 + n / (1.0 + p.len() as f64)).ln())
            .collect();
        for (title, sum) in &mut index.titles {
            *sum = title.iter().map(|&id| index.rarity[id as usize]).sum();
            title.sort_unstable();
        }
        index
    }

    fn intern(&mut self, word: String) -> u32 {
        if let Some(&id) = self.ids.get(&word) {
            return id;
        }
        let id = u32::try_from(self.postings.len()).unwrap_or(u32::MAX);
        self.ids.insert(word, id);
        self.postings.push(Vec::new());
        id
    }

    /// How much a word no post has says: the most any word can.
    fn unseen_rarity(&self) -> f64 {
        (1.0 + self.posts.len() as f64).ln()
    }

    /// The question matched against every post that shares a word with it.
    pub fn best_match(&self, question: &Question) -> QuestionMatch {
        let mut words = content_words(&question.text);
        words.sort();
        words.dedup();
        // Which question words each touched post has, as bits: 64 words is
        // far more than a question holds; later words still score.
        let ids: Vec<Option<u32>> = words.iter().map(|w| self.ids.get(w).copied()).collect();
        let rarity: Vec<f64> = ids
            .iter()
            .map(|id| id.map_or_else(|| self.unseen_rarity(), |id| self.rarity[id as usize]))
            .collect();
        let most: f64 = rarity.iter().sum::<f64>() * TITLE;
        let mut scores = vec![0.0f64; self.posts.len()];
        let mut masks = vec![0u64; self.posts.len()];
        let mut touched: Vec<u32> = Vec::new();
        for (bit, (id, r)) in ids.iter().zip(&rarity).enumerate() {
            let Some(id) = id else { continue };
            for &(post, weight) in &self.postings[*id as usize] {
                let p = post as usize;
                if masks[p] == 0 && scores[p] == 0.0 {
                    touched.push(post);
                }
                scores[p] += r * f64::from(weight);
                masks[p] |= 1u64.checked_shl(bit as u32).unwrap_or(0);
            }
        }
        let mut known: Vec<u32> = ids.iter().flatten().copied().collect();
        known.sort_unstable();
        // Highest score; on a tie the earlier post (newest first) wins.
        let best = touched
            .into_iter()
            .filter(|_| most > 0.0)
            .map(|post| {
                let p = post as usize;
                (p, scores[p] / most, self.title_coverage(p, &known))
            })
            .max_by(|a, b| {
                a.1.max(a.2)
                    .total_cmp(&b.1.max(b.2))
                    .then_with(|| b.0.cmp(&a.0))
            })
            .map(|(post, q, t)| self.describe(post, q, t, &words, masks[post]));
        QuestionMatch {
            text: question.text.clone(),
            count: question.count,
            date: question.date.clone(),
            answered: best.as_ref().is_some_and(|b| b.score >= THRESHOLD),
            words,
            best,
        }
    }

    /// The rarity-weighted share of a post's title words among `known` (sorted ids).
    fn title_coverage(&self, post: usize, known: &[u32]) -> f64 {
        let (title, all) = &self.titles[post];
        if title.len() < MIN_TITLE_WORDS || *all <= 0.0 {
            return 0.0;
        }
        let covered: f64 = title
            .iter()
            .filter(|id| known.binary_search(id).is_ok())
            .map(|&id| self.rarity[id as usize])
            .sum();
        covered / all
    }

    fn describe(
        &self,
        post: usize,
        question: f64,
        title: f64,
        words: &[String],
        mask: u64,
    ) -> BestPost {
        let matched = words
            .iter()
            .enumerate()
            .filter(|(bit, _)| mask & 1u64.checked_shl(*bit as u32).unwrap_or(0) != 0)
            .map(|(_, w)| w.clone())
            .collect();
        let text = &self.posts[post];
        BestPost {
            title: text.title.to_string(),
            url: text.url.to_string(),
            score: super::round(question.max(title), 2),
            question_coverage: super::round(question, 2),
            title_coverage: super::round(title, 2),
            matched,
        }
    }
}

/// A post's words that are in `ids`, each once, at its best place's weight.
fn known_words(
    post: &PostText<'_>,
    ids: &FxHashMap<String, u32>,
    buffer: &mut String,
) -> Vec<(u32, f32)> {
    let fields = std::iter::once((post.title, TITLE))
        .chain(post.terms.iter().map(|t| (*t, TERMS)))
        .chain(post.headings.iter().map(|h| (h.as_str(), OUTLINE)))
        .chain(post.description.map(|d| (d, OUTLINE)));
    let mut found: Vec<(u32, f32)> = Vec::new();
    for (text, weight) in fields {
        for_each_word(text, buffer, |word| {
            if let Some(&id) = ids.get(word) {
                found.push((id, weight as f32));
            }
        });
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.total_cmp(&a.1)));
    found.dedup_by_key(|(id, _)| *id);
    found
}

/// Matches every question and orders them for the report.
pub fn listen(source: &str, questions: &[Question], posts: &[PostText<'_>]) -> Listening {
    let index = PostIndex::new(posts, questions);
    let mut matched: Vec<QuestionMatch> =
        questions.par_iter().map(|q| index.best_match(q)).collect();
    matched.sort_by(|a, b| {
        a.answered
            .cmp(&b.answered)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.text.cmp(&b.text))
    });
    Listening {
        source: source.to_string(),
        threshold: THRESHOLD,
        questions_total: matched.len(),
        unanswered: matched.iter().filter(|q| !q.answered).count(),
        questions: matched,
    }
}

/// Reads `data/questions.csv`: a question column (`question`, `text`...),
/// optionally a count (`count`, `asked`, `times`...) and a date.
pub fn from_csv(shown: &str, text: &str) -> (Vec<Question>, Vec<Diagnostic>) {
    let source = Source { shown, text };
    let table = match columns::parse(&source) {
        Ok(table) => table,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let Some(text_column) = columns::find(&table.headers, TEXT_COLUMNS) else {
        let d = source.warning_at(
            table.header_line,
            format!(
                "{shown} has no question column; name one of: {}",
                TEXT_COLUMNS.join(", ")
            ),
            "add a header row such as `question,count,date`",
        );
        return (Vec::new(), vec![d]);
    };
    let count_column = columns::find(&table.headers, COUNT_COLUMNS);
    let date_column = columns::find(&table.headers, DATE_COLUMNS);
    let mut problems = RowProblems::new();
    let mut questions = Vec::new();
    for (line, record) in &table.rows {
        let text = columns::field(record, text_column);
        if text.is_empty() {
            continue;
        }
        let count = match count_column.map(|c| columns::field(record, c)) {
            None | Some("") => 1,
            Some(raw) => match columns::parse_count(raw) {
                Ok(n) => n,
                Err(()) => {
                    problems.push(|| bad_number(&source, *line, raw, &table.headers, count_column));
                    continue;
                }
            },
        };
        let date = match date_column.map(|c| columns::field(record, c)) {
            None | Some("") => None,
            Some(raw) => {
                let day = parse_day(raw);
                if day.is_none() {
                    problems.push(|| {
                        source.warning_at(
                            *line,
                            format!("`{raw}` is not a date; the question is kept without one"),
                            "write dates as YYYY-MM-DD",
                        )
                    });
                }
                day
            }
        };
        questions.push(Question {
            text: text.to_string(),
            count,
            date,
        });
    }
    (merge(questions), problems.finish(&source))
}

fn bad_number(
    source: &Source<'_>,
    line: usize,
    raw: &str,
    headers: &[String],
    column: Option<usize>,
) -> Diagnostic {
    let name = column
        .and_then(|c| headers.get(c))
        .map_or("count", String::as_str);
    source.warning_at(
        line,
        format!("`{raw}` in the {name} column is not a whole number; the row is skipped"),
        "write how many times the question was asked as a plain number, e.g. 12",
    )
}

/// Reads `data/questions.json`: a list of strings, or of objects with
/// `question` or `text`, and optionally `count` (or `asked`, `times`) and `date`.
pub fn from_json(shown: &str, text: &str) -> (Vec<Question>, Vec<Diagnostic>) {
    let source = Source { shown, text };
    let help = "write a JSON list such as [{\"question\": \"How do I...?\", \"count\": 3}]";
    let items: Vec<serde_json::Value> = match serde_json::from_str(text) {
        Ok(serde_json::Value::Array(items)) => items,
        Ok(_) => {
            return (
                Vec::new(),
                vec![source.warning(format!("{shown} is not a JSON list"), help)],
            );
        }
        Err(e) => {
            let d = source.warning_at(
                e.line().max(1),
                format!("{shown} is not valid JSON: {e}"),
                help,
            );
            return (Vec::new(), vec![d]);
        }
    };
    let mut problems = RowProblems::new();
    let mut questions = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match json_question(item) {
            Some(q) => questions.push(q),
            None => problems.push(|| {
                source.warning(
                    format!("item {} of {shown} is not a question; it is skipped", i + 1),
                    help,
                )
            }),
        }
    }
    (merge(questions), problems.finish(&source))
}

fn json_question(item: &serde_json::Value) -> Option<Question> {
    if let Some(text) = item.as_str() {
        return Some(Question {
            text: text.trim().to_string(),
            count: 1,
            date: None,
        });
    }
    let object = item.as_object()?;
    let pick = |names: &[&str]| names.iter().find_map(|n| object.get(*n));
    let text = pick(&["question", "text"])?.as_str()?.trim().to_string();
    let count = match pick(&["count", "asked", "times"]) {
        None => 1,
        Some(v) => v.as_u64()?,
    };
    let date = pick(&["date"]).and_then(|d| d.as_str()).and_then(parse_day);
    (!text.is_empty()).then_some(Question { text, count, date })
}

/// `2025-03-04`, or the day of `2025-03-04T10:00:00Z` and `2025-03-04 10:00`.
fn parse_day(raw: &str) -> Option<String> {
    let day = raw.get(..10)?;
    let rest = &raw[10..];
    let ok_rest = rest.is_empty() || rest.starts_with(['T', ' ']);
    (ok_rest && day.parse::<jiff::civil::Date>().is_ok()).then(|| day.to_string())
}

/// The same question asked in several rows is one question: counts add up,
/// the latest date stays, the first wording is kept. Same means the same
/// words in any case, spacing and end punctuation.
fn merge(questions: Vec<Question>) -> Vec<Question> {
    let mut merged: Vec<Question> = Vec::new();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for q in questions {
        let key = q
            .text
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches(['?', '!', '.'])
            .to_string();
        match seen.get(&key) {
            Some(&i) => {
                let kept = &mut merged[i];
                kept.count += q.count;
                kept.date = kept.date.clone().max(q.date);
            }
            None => {
                seen.insert(key, merged.len());
                merged.push(q);
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post<'a>(title: &'a str, url: &'a str, terms: Vec<&'a str>) -> PostText<'a> {
        PostText {
            title,
            url,
            description: None,
            headings: &[],
            terms,
        }
    }

    fn question(text: &str) -> Question {
        Question {
            text: text.to_string(),
            count: 1,
            date: None,
        }
    }

    fn match_one(posts: &[PostText<'_>], text: &str) -> QuestionMatch {
        let q = question(text);
        PostIndex::new(posts, std::slice::from_ref(&q)).best_match(&q)
    }

    fn blog() -> Vec<PostText<'static>> {
        vec![
            post(
                "How to Run an Editorial Meeting in 30 Minutes",
                "/meeting/",
                vec!["planning", "team workflow"],
            ),
            post(
                "Spreadsheet vs. Dedicated Tool: Where Should Your Content Calendar Live?",
                "/calendar/",
                vec!["content calendar"],
            ),
            post(
                "Stop Counting Likes: Why Replies Are the Metric That Matters",
                "/replies/",
                vec!["measurement", "social media"],
            ),
            post(
                "Simpler Pricing for Small Teams",
                "/pricing/",
                vec!["product updates", "pricing"],
            ),
            post(
                "7 Content Repurposing Mistakes",
                "/repurposing/",
                vec!["repurposing", "content"],
            ),
        ]
    }

    #[test]
    fn a_question_in_other_words_forms_finds_its_post() {
        let posts = blog();
        let m = match_one(
            &posts,
            "Should we keep our content calendars in a spreadsheet?",
        );
        let best = m.best.expect("a best post");
        assert_eq!(best.url, "/calendar/");
        assert!(m.answered, "score {}", best.score);
        assert_eq!(best.matched, ["calendar", "content", "spreadsheet"]);

        let m = match_one(&posts, "How long should editorial meetings run?");
        assert_eq!(m.best.as_ref().map(|b| b.url.as_str()), Some("/meeting/"));
        assert!(m.answered);
    }

    #[test]
    fn a_common_word_alone_does_not_answer_a_question() {
        let posts = blog();
        // "content" is in two titles; "podcast" is in none: half a question is no answer.
        let m = match_one(&posts, "Is a content podcast worth it?");
        assert!(!m.answered, "{m:?}");
        let best = m.best.expect("the closest post is still named");
        assert!(best.score < THRESHOLD && best.score > 0.0, "{best:?}");
    }

    #[test]
    fn questions_without_content_words_or_matches_are_unanswered() {
        let posts = blog();
        let vague = match_one(&posts, "How? Why? What should we do?");
        assert!(!vague.answered && vague.best.is_none() && vague.words.is_empty());
        let unknown = match_one(&posts, "Which CRM integrates with HubSpot?");
        assert!(!unknown.answered && unknown.best.is_none());
        let none = match_one(&[], "How do I plan?");
        assert!(!none.answered && none.best.is_none());
    }

    #[test]
    fn a_question_that_says_all_a_title_says_is_answered_whatever_it_adds() {
        let posts = vec![
            post(
                "How to Plan a Content Calendar Your Team Will Actually Use",
                "/calendar/",
                vec![],
            ),
            post("Simpler Pricing for Small Teams", "/pricing/", vec![]),
            post("Pricing", "/pricing-page/", vec![]),
        ];
        let m = match_one(
            &posts,
            "How do we plan a content calendar the whole crew sticks to over the holidays?",
        );
        let best = m.best.expect("best");
        assert_eq!(best.url, "/calendar/");
        assert!(best.question_coverage < THRESHOLD, "{best:?}");
        // Four of the title's five words ("team" is "crew" here).
        assert!(best.title_coverage >= THRESHOLD, "{best:?}");
        assert!(m.answered);
        // A one-word title is not covered by any question that uses its word.
        let m = match_one(&posts, "Is pricing different for nonprofits and charities?");
        assert!(!m.answered, "{m:?}");
    }

    #[test]
    fn a_title_outweighs_a_heading_for_the_same_words() {
        let headings = vec!["Pricing your webinar".to_string()];
        let posts = vec![
            PostText {
                title: "Ten things about events",
                url: "/events/",
                description: None,
                headings: &headings,
                terms: vec![],
            },
            post("How to price a webinar", "/webinar-pricing/", vec![]),
        ];
        let m = match_one(&posts, "webinar pricing?");
        let best = m.best.expect("best");
        assert_eq!(best.url, "/webinar-pricing/");
        assert!(
            (best.score - 1.0).abs() < 1e-9,
            "all words in the title: {}",
            best.score
        );
    }

    #[test]
    fn unanswered_questions_come_first_most_asked_first() {
        let posts = blog();
        let questions = [
            Question {
                count: 9,
                ..question("How do I plan a content calendar?")
            },
            Question {
                count: 2,
                ..question("Do you integrate with Salesforce?")
            },
            Question {
                count: 5,
                ..question("What should our podcast cover?")
            },
        ];
        let listening = listen("data/questions.csv", &questions, &posts);
        let order: Vec<(&str, bool)> = listening
            .questions
            .iter()
            .map(|q| (q.text.as_str(), q.answered))
            .collect();
        assert_eq!(
            order,
            [
                ("What should our podcast cover?", false),
                ("Do you integrate with Salesforce?", false),
                ("How do I plan a content calendar?", true),
            ]
        );
        assert_eq!(listening.unanswered, 2);
    }

    #[test]
    fn csv_columns_are_found_by_alias_and_duplicates_merge() {
        let text = "Question,Times Asked,Date\nHow do I plan?,3,2025-01-02\n\"how do i plan\",2,2025-03-01T10:00:00Z\nWhy UTMs?,,\n";
        let (questions, problems) = from_csv("data/questions.csv", text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            questions,
            [
                Question {
                    text: "How do I plan?".into(),
                    count: 5,
                    date: Some("2025-03-01".into())
                },
                Question {
                    text: "Why UTMs?".into(),
                    count: 1,
                    date: None
                },
            ]
        );
    }

    #[test]
    fn a_bad_count_is_a_warning_at_its_line_and_the_row_is_skipped() {
        let text = "text,count\nGood?,2\nBad?,lots\n";
        let (questions, problems) = from_csv("data/questions.csv", text);
        assert_eq!(questions.len(), 1);
        assert_eq!(problems.len(), 1);
        let d = &problems[0];
        assert_eq!(d.file.as_deref(), Some("data/questions.csv"));
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("`lots`"), "{}", d.message);
    }

    #[test]
    fn a_missing_question_column_is_one_warning() {
        let (questions, problems) = from_csv("data/questions.csv", "topic,count\nA,1\n");
        assert!(questions.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("no question column"));
        assert_eq!(problems[0].line, Some(1));
    }

    #[test]
    fn json_takes_strings_and_objects_and_names_bad_items() {
        let text = r#"["Plain?", {"question": "Counted?", "count": 4, "date": "2025-02-03"}, {"count": "x"}]"#;
        let (questions, problems) = from_json("data/questions.json", text);
        assert_eq!(questions.len(), 2);
        assert_eq!(questions[1].count, 4);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("item 3"));
        let (_, problems) = from_json("data/questions.json", "{\n  oops");
        assert_eq!(problems[0].line, Some(2));
    }
}
