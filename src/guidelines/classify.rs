//! Classify a post as helpful or promotional, and say why.
//!
//! The content-mix guideline asks that most posts help the reader live, work
//! or play better (how-tos, guides, tips, opinions, answers to questions) and
//! that promotional posts (launches, announcements, pricing, webinars, demos,
//! customer praise) stay under about 30% of what a blog publishes. Posts can
//! say which they are in front matter (`kind:`); this module judges the rest
//! and checks the ones that did.
//!
//! # How it scores
//!
//! A handful of signals, each a named weight times a measurement, are added
//! up on a log-odds scale and squashed by the logistic function into
//! [`Classification::score`]: 0 is clearly helpful, 1 clearly promotional,
//! and [`THRESHOLD`] (0.5, a sum of 0) the line between. Each signal is also
//! a reason; the reasons are the signals that moved the sum most, in either
//! direction, largest first.
//!
//! | signal | weight (log-odds) | why |
//! |---|---|---|
//! | start | `BIAS` −0.85 | ln(30/70): the guideline's 30% as the prior, so a post needs evidence to be called promotional |
//! | brand mentions per 100 words of body | `BRAND_PER_100_WORDS` +0.6 each, up to `BRAND_DENSITY_CAP` (4) | a post about the product names it again and again (+2.4 at most); a helpful post names it once in passing (+0.6 in a 100-word post, less in longer ones) |
//! | the title names the brand | `BRAND_IN_TITLE` +1.0 | the title says what the post is about |
//! | "we/our/us" minus "you/your" per 100 words | `VOICE_PER_100_WORDS` +0.25, within ±`VOICE_CAP` (3) | announcements speak as the company, helpful posts to the reader. A difference, so a post that does both is neutral; at most ±0.75, less than the prior, so voice alone never makes a post promotional (engineering write-ups and "what we learned" posts speak as "we" too) |
//! | promotional words per 100 words of body | `PROMO_BODY_PER_100_WORDS` +0.8, up to `PROMO_BODY_CAP` (4) | launch, pricing, free trial, webinar, demo, "we're excited"… each weighs 0.3 to 1.0 by how surely it means promotion ("check out" 0.3, "price" 0.6, "free trial" 1.0) and counts at most `PROMO_REPEAT_CAP` (3) times, so one topic word repeated weighs less than many different ones |
//! | promotional words in the title | `PROMO_TITLE` +1.5 per word, up to `PROMO_TITLE_CAP` (2 words) | "Introducing…", "Webinar:", "New pricing" name the post's purpose |
//! | how-to title ("How to", "How do/does/can…") | `HOW_TO_TITLE` −1.5 | the clearest helpful shape |
//! | numbered-list title ("7 mistakes", "Top 10") | `LIST_TITLE` −1.2 | listicles are how-tos in another form |
//! | question title ("Why/What/When/Which…", "…?") | `QUESTION_TITLE` −1.0 | answers a reader's question |
//! | comparison title ("X vs Y") | `COMPARISON_TITLE` −0.8 | helps the reader choose |
//! | helpful title words (guide, tips, checklist, mistakes, lessons, ideas, template…) | `HELPFUL_TITLE_WORD` −0.8 each | name a helpful genre |
//!
//! The helpful title signals together count at most `HELPFUL_TITLE_CAP`
//! (−2.5), about what a promotional word and the brand in a title add, so a
//! title stuffed with "tips", "guide" and "checklist" cannot outweigh a body
//! that is about the product. Brand density and
//! promotional words can each decide on their own: a post that names the
//! product four times in a hundred words, or is dense with launch and pricing
//! words, is about the product whatever else it does.
//!
//! Rules that keep words from meaning the wrong thing:
//! - In a how-to or question title ("How to launch on Product Hunt", "Is your
//!   pricing page too long?") the promotional words are the topic the post
//!   helps with, not its purpose: they count neither in the title nor the body.
//! - "Why/What we…" and "What's new…" are the company talking about itself,
//!   not a reader's question.
//! - "plan" alone is content-planning vocabulary; only "pricing plan", "paid
//!   plan", "annual plan" and the like are promotional.
//! - Words for something the reader can own ("your launch", "when you
//!   release", "their pricing") do not count; calls to action ("start your
//!   free trial", "save your seat") still do.
//! - "US" in capitals is the country, not "us".
//! - Brand names match as whole words, longest first, so "Acme Pulse" is not
//!   also counted as "Acme".
//!
//! Short bodies (fewer than `FULL_CONFIDENCE_WORDS`, 50 words) are too few
//! words to measure: body signals shrink in proportion to the length, title
//! signals keep their weight, and the whole sum is pulled towards 0.5 (to
//! `SHORT_TEXT_FLOOR`, 60%, of itself for an empty body), so such posts are
//! never called with much confidence and say so in their reasons.
//!
//! Words are runs of Unicode letters and digits, compared in lowercase. The
//! vocabulary is English; in other languages only the language-neutral
//! signals work (brand names, numbered and "?" titles), so a post with none
//! of them stays at the helpful default and says "no clear signals".
//!
//! The weights come from what each signal means, not from fitting a sample:
//! they are meant to be read and argued with.

use crate::frontmatter::ContentKind;
use crate::phrases::PhraseTable;
use serde::Serialize;
use std::sync::LazyLock;

/// What the classifier decided about a post, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    /// Helpful or promotional: promotional when `score >= THRESHOLD`.
    pub kind: ContentKind,
    /// 0.0 (clearly helpful) ..= 1.0 (clearly promotional); >= THRESHOLD means promotional.
    pub score: f32,
    /// The strongest signals, most important first, as short phrases a marketer understands,
    /// with numbers, e.g. "names the brand 6 times (Loomwork)", "\"we/our/us\" 3.1 per 100 words vs \"you/your\" 0.4",
    /// "promotional words: launch, pricing, free trial", "how-to title". At most 4.
    pub reasons: Vec<String>,
    /// Who the text talks about.
    pub voice: Voice,
}

/// Who a post talks about: counts of words in its body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Voice {
    /// "we/our/us" (not "US", the country).
    pub we: usize,
    /// Brand and product names from `[brand] names`.
    pub brand: usize,
    /// "you/your".
    pub you: usize,
    /// All words.
    pub words: usize,
}

/// Scores at or above this are promotional.
pub const THRESHOLD: f32 = 0.5;

/// Log-odds before any signal: ln(30/70), the guideline's 30% as the prior.
const BIAS: f32 = -0.85;
/// Per brand or product mention per 100 words of body.
const BRAND_PER_100_WORDS: f32 = 0.6;
/// Brand mentions per 100 words beyond this add nothing.
const BRAND_DENSITY_CAP: f32 = 4.0;
/// When the title names the brand or a product (once, however many times).
const BRAND_IN_TITLE: f32 = 1.0;
/// Per point of ("we/our/us" − "you/your") per 100 words.
const VOICE_PER_100_WORDS: f32 = 0.25;
/// The pronoun difference counts within ±this many per 100 words.
const VOICE_CAP: f32 = 3.0;
/// Per weighted promotional word per 100 words of body.
const PROMO_BODY_PER_100_WORDS: f32 = 0.8;
/// Weighted promotional words per 100 words beyond this add nothing.
const PROMO_BODY_CAP: f32 = 4.0;
/// Occurrences of one promotional word beyond this add nothing.
const PROMO_REPEAT_CAP: usize = 3;
/// Per weighted promotional word in the title.
const PROMO_TITLE: f32 = 1.5;
/// Weighted promotional title words beyond this add nothing.
const PROMO_TITLE_CAP: f32 = 2.0;
/// Title starts "How to", "How do/does/can/should…".
const HOW_TO_TITLE: f32 = -1.5;
/// Title starts with a number ("7 ways", "Ten tips", "Top 5").
const LIST_TITLE: f32 = -1.2;
/// Title starts "Why/What/When/Which/Who/Where", or ends in "?".
const QUESTION_TITLE: f32 = -1.0;
/// Title has "vs" or "versus".
const COMPARISON_TITLE: f32 = -0.8;
/// Per helpful genre word in the title (guide, tips, checklist…).
const HELPFUL_TITLE_WORD: f32 = -0.8;
/// All helpful title signals together count at most this much.
const HELPFUL_TITLE_CAP: f32 = -2.5;
/// Bodies shorter than this many words are trusted in proportion to their length.
const FULL_CONFIDENCE_WORDS: usize = 50;
/// An empty body keeps this share of its title's log-odds.
const SHORT_TEXT_FLOOR: f32 = 0.6;

/// Reasons given at most.
const MAX_REASONS: usize = 4;
/// Signals weaker than this (in log-odds) are not worth a reason.
const MIN_REASON: f32 = 0.1;
/// Promotional words listed in a reason at most.
const MAX_LISTED_WORDS: usize = 5;

/// A promotional word or phrase and its forms, written as in a post.
struct Term {
    label: &'static str,
    /// 0.3 (often innocent) ..= 1.0 (almost always promotional).
    weight: f32,
    /// Whether the reader can have one of their own ("your launch", "their
    /// pricing"): then it does not count after "your/you/their/they".
    readers_own: bool,
    forms: &'static [&'static str],
}

const fn term(
    label: &'static str,
    weight: f32,
    readers_own: bool,
    forms: &'static [&'static str],
) -> Term {
    Term {
        label,
        weight,
        readers_own,
        forms,
    }
}

/// Promotional vocabulary: label, weight, reader can own one, forms. Longer
/// forms win over shorter ones at the same place.
#[rustfmt::skip]
const PROMO_TERMS: &[Term] = &[
    term("launch", 1.0, true, &["launch", "launches", "launched", "launching"]),
    term("announcing", 1.0, true, &["announcing", "announcement", "announcements", "announce", "announced"]),
    term("introducing", 1.0, false, &["introducing"]),
    term("now available", 1.0, false, &["now available", "available now", "available today", "now live"]),
    term("new feature", 1.0, false, &["new feature", "new features"]),
    term("what's new", 1.0, false, &["what's new", "whats new"]),
    term("pricing", 1.0, true, &["pricing"]),
    term("pricing plan", 1.0, false, &[
        "pricing plan", "pricing plans", "paid plan", "paid plans", "free plan", "annual plan",
        "annual plans", "monthly plan", "premium plan", "business plan", "enterprise plan",
    ]),
    term("free trial", 1.0, false, &["free trial", "free trials", "try it free", "try it for free"]),
    term("webinar", 1.0, true, &["webinar", "webinars"]),
    term("demo", 1.0, false, &["demo", "demos", "live demo"]),
    term("book a call", 1.0, false, &["book a call", "book a demo", "schedule a call", "schedule a demo"]),
    term("customers love", 1.0, false, &["customers love", "customers loved", "users love"]),
    term("waitlist", 1.0, true, &["waitlist", "waiting list"]),
    term("we're excited", 1.0, false, &[
        "we're excited", "we are excited", "we're thrilled", "we are thrilled", "we're proud",
        "we are proud", "we're happy to", "we are happy to", "we're delighted", "we are delighted",
    ]),
    term("% off", 1.0, false, &["% off", "percent off"]),
    term("promo code", 1.0, false, &["promo code", "discount code", "coupon", "coupon code"]),
    term("early access", 0.8, false, &["early access"]),
    term("customer story", 0.8, true, &["customer story", "success story", "case study", "testimonial"]),
    term("price", 0.6, true, &["price", "prices"]),
    term("discount", 0.6, false, &["discount", "discounts", "discounted"]),
    term("release", 0.6, true, &["release", "released", "releasing", "release notes", "new release"]),
    term("sign up", 0.6, false, &["sign up", "signup", "signing up"]),
    term("register", 0.6, false, &["register", "registers", "registration"]),
    term("save your seat", 0.6, false, &["save your seat", "reserve your seat", "reserve your spot"]),
    term("join us live", 0.6, false, &["join us live", "join us on", "join us for"]),
    term("upgrade", 0.6, false, &["upgrade", "upgrades", "upgraded", "upgrading"]),
    term("beta", 0.6, true, &["beta", "public beta", "private beta"]),
    term("coming soon", 0.6, false, &["coming soon", "limited time"]),
    term("product update", 0.6, true, &["product update", "product updates", "changelog", "roadmap"]),
    term("shipped", 0.6, false, &["shipped", "rolled out", "rolling out"]),
    term("game changer", 0.6, false, &["game changer", "highly recommend"]),
    term("switched to", 0.4, false, &["switched to", "since switching"]),
    term("check out", 0.3, false, &["check out", "checking out"]),
];

/// Words after which a reader-owned term is about the reader's thing, not the brand's.
const READERS: &[&str] = &["your", "you", "their", "they"];

/// Helpful genre words in a title.
const HELPFUL_TITLE_WORDS: &[&[&str]] = &[
    &["guide", "guides", "handbook", "playbook"],
    &["tips", "tip", "tricks"],
    &["checklist"],
    &["mistakes", "mistake"],
    &["lessons", "lesson", "learned", "learnt"],
    &["ideas", "examples", "ways"],
    &["template", "templates"],
    &["best practices", "step by step", "step-by-step"],
];

const FIRST_PLURAL: &[&str] = &["we", "our", "ours", "us", "ourselves"];
const SECOND_PERSON: &[&str] = &["you", "your", "yours", "yourself", "yourselves"];
const QUESTION_WORDS: &[&str] = &["why", "what", "when", "which", "who", "where"];
const HOW_TO_NEXT: &[&str] = &["to", "do", "does", "can", "should", "much", "many"];
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "twenty",
];

/// Phrases as word tokens (see [`words`]), each with the group (term or
/// brand) it counts for.
fn phrases<'a>(groups: impl Iterator<Item = (usize, &'a str)>) -> PhraseTable {
    PhraseTable::new(groups.map(|(group, form)| (group, words(form))))
}

fn word<'a>(w: &'a &str) -> &'a str {
    w
}

static PROMO_PHRASES: LazyLock<PhraseTable> = LazyLock::new(|| {
    phrases(
        PROMO_TERMS
            .iter()
            .enumerate()
            .flat_map(|(i, t)| t.forms.iter().map(move |f| (i, *f))),
    )
});

static HELPFUL_TITLE_PHRASES: LazyLock<PhraseTable> = LazyLock::new(|| {
    phrases(
        HELPFUL_TITLE_WORDS
            .iter()
            .enumerate()
            .flat_map(|(i, forms)| forms.iter().map(move |f| (i, *f))),
    )
});

/// Lowercase runs of letters and digits; `%` is a word of its own ("20% off").
fn words(text: &str) -> Vec<String> {
    let split = Split::of(text);
    split.words().into_iter().map(str::to_string).collect()
}

/// ASCII letters and digits, by byte: one load instead of three range tests
/// in the loops that split every post into words.
static ASCII_WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Whether `b` is an ASCII letter or digit.
#[inline]
pub(crate) fn is_ascii_word_byte(b: u8) -> bool {
    ASCII_WORD_BYTE[usize::from(b)]
}

/// Where the word starting at `start` ends (`start` itself if none starts
/// there): letters and digits, ASCII or not.
pub(crate) fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if !is_ascii_word_byte(b) {
                break;
            }
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// A text split into lowercase words (see [`words`]), kept as ranges of one
/// lowered copy of the text: splitting a long post is one allocation, not one
/// a word.
struct Split {
    lower: String,
    ranges: Vec<(usize, usize)>,
    /// How many words were "US" in capitals (the country, not the pronoun).
    country: usize,
}

impl Split {
    fn of(text: &str) -> Split {
        let bytes = text.as_bytes();
        // The whole text lowered at once keeps every byte where it was: an
        // ASCII word's range in it is the word's own, with no copy a word.
        // Words with letters beyond ASCII (whose lowercase may be longer)
        // are lowered char by char and appended after it.
        let mut lower = String::with_capacity(text.len() + 64);
        lower.push_str(text);
        lower.make_ascii_lowercase();
        let mut ranges = Vec::with_capacity(text.len() / 5);
        let mut country = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'%' {
                ranges.push((i, i + 1));
                i += 1;
                continue;
            }
            if is_ascii_word_byte(b) {
                // Most words are ASCII to their end: found here without a
                // call a word (measured: `word_end` for every word costs 3%
                // of a build's instructions).
                let start = i;
                while i < bytes.len() && is_ascii_word_byte(bytes[i]) {
                    i += 1;
                }
                if i == bytes.len() || bytes[i].is_ascii() {
                    country += usize::from(&bytes[start..i] == b"US");
                    ranges.push((start, i));
                    continue;
                }
                i = start;
            } else if b.is_ascii() {
                i += 1;
                continue;
            }
            // A word with letters beyond ASCII, or none here.
            let end = word_end(text, i);
            if end == i {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let at = lower.len();
            lower.extend(text[i..end].chars().flat_map(char::to_lowercase));
            ranges.push((at, lower.len()));
            i = end;
        }
        Split {
            lower,
            ranges,
            country,
        }
    }

    fn words(&self) -> Vec<&str> {
        self.ranges
            .iter()
            .map(|&(a, b)| &self.lower[a..b])
            .collect()
    }
}

/// Words that count towards densities (not `%`).
fn word_count(words: &[&str]) -> usize {
    words.iter().filter(|&&w| w != "%").count()
}

/// Matches of each group, scanning left to right with the longest phrase
/// first; `skip(group, index)` drops a match at `index`. Also returns where
/// each group first matched, to list them in reading order.
fn count(
    words: &[&str],
    phrases: &PhraseTable,
    groups: usize,
    skip: impl Fn(usize, usize) -> bool,
) -> (Vec<usize>, Vec<usize>) {
    let mut counts = vec![0; groups];
    let mut first = vec![usize::MAX; groups];
    let mut i = 0;
    while i < words.len() {
        let found = phrases.longest_at(&words[i..], word);
        let Some(phrase) = found else {
            i += 1;
            continue;
        };
        if !skip(phrase.group, i) {
            counts[phrase.group] += 1;
            first[phrase.group] = first[phrase.group].min(i);
        }
        i += phrase.words.len();
    }
    (counts, first)
}

/// "we/our/us" and "you/your" counts; `country` is how many "us" were "US".
fn voice(words: &[&str], country: usize) -> (usize, usize) {
    // Both lists start with "w", "o", "u" or "y": most words are out at once.
    let count = |set: &[&str]| {
        words
            .iter()
            .filter(|w| matches!(w.as_bytes().first(), Some(b'w' | b'o' | b'u' | b'y')))
            .filter(|w| set.contains(w))
            .count()
    };
    (
        count(FIRST_PLURAL).saturating_sub(country),
        count(SECOND_PERSON),
    )
}

fn per_100(n: f32, words: usize) -> f32 {
    if words == 0 {
        0.0
    } else {
        n * 100.0 / words as f32
    }
}

/// One term of the sum, and how to say it.
struct Signal {
    weight: f32,
    reason: String,
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// Brand mentions in the title and body.
fn brand_signal(
    title: &[&str],
    body: &[&str],
    body_words: usize,
    confidence: f32,
    brand_names: &[String],
) -> (Option<Signal>, usize) {
    let mut names: Vec<&str> = Vec::new();
    for name in brand_names {
        let name = name.trim();
        if !words(name).is_empty() && !names.iter().any(|n| words(n) == words(name)) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return (None, 0);
    }
    let table = phrases(names.iter().enumerate().map(|(i, n)| (i, *n)));
    let (in_title, title_first) = count(title, &table, names.len(), |_, _| false);
    let (in_body, body_first) = count(body, &table, names.len(), |_, _| false);
    let title_total: usize = in_title.iter().sum();
    let body_total: usize = in_body.iter().sum();
    if title_total + body_total == 0 {
        return (None, 0);
    }
    let density = per_100(body_total as f32, body_words).min(BRAND_DENSITY_CAP);
    let mut weight = BRAND_PER_100_WORDS * density * confidence;
    if title_total > 0 {
        weight += BRAND_IN_TITLE;
    }
    // Names in reading order: the title first, then the body.
    let mut order: Vec<usize> = (0..names.len())
        .filter(|&i| in_title[i] + in_body[i] > 0)
        .collect();
    order.sort_by_key(|&i| (title_first[i], body_first[i]));
    let listed: Vec<String> = if order.len() == 1 {
        order.iter().map(|&i| names[i].to_string()).collect()
    } else {
        order
            .iter()
            .map(|&i| format!("{} {}", names[i], in_title[i] + in_body[i]))
            .collect()
    };
    let total = title_total + body_total;
    let said = match (title_total, body_total) {
        (_, 0) => "names the brand in the title".to_string(),
        (0, _) => format!("names the brand {}", times(total)),
        (1, _) => format!("names the brand {}, once in the title", times(total)),
        (n, _) => format!("names the brand {}, {n} in the title", times(total)),
    };
    let signal = Signal {
        weight,
        reason: format!("{said} ({})", listed.join(", ")),
    };
    (Some(signal), body_total)
}

/// Pronoun balance: company voice against reader voice.
fn voice_signal((we, you): (usize, usize), body_words: usize, confidence: f32) -> Option<Signal> {
    if we + you == 0 {
        return None;
    }
    let we = per_100(we as f32, body_words);
    let you = per_100(you as f32, body_words);
    Some(Signal {
        weight: VOICE_PER_100_WORDS * (we - you).clamp(-VOICE_CAP, VOICE_CAP) * confidence,
        reason: format!("\"we/our/us\" {we:.1} per 100 words vs \"you/your\" {you:.1}"),
    })
}

/// Promotional vocabulary in the title and body.
///
/// In a how-to or question title ("How to launch…", "Is your pricing…?") the
/// promotional words are the topic the post helps with, not its purpose: they
/// count neither in the title nor in the body.
fn promo_signal(
    title: &[&str],
    body: &[&str],
    body_words: usize,
    confidence: f32,
    topic_title: bool,
) -> Option<Signal> {
    let groups = PROMO_TERMS.len();
    let skip = |words: &[&str], group: usize, i: usize| {
        PROMO_TERMS[group].readers_own && i > 0 && READERS.contains(&words[i - 1])
    };
    let (mut in_title, _) = count(title, &PROMO_PHRASES, groups, |g, i| skip(title, g, i));
    let (mut in_body, body_first) = count(body, &PROMO_PHRASES, groups, |g, i| skip(body, g, i));
    if topic_title {
        for (t, b) in in_title.iter_mut().zip(in_body.iter_mut()) {
            if *t > 0 {
                (*t, *b) = (0, 0);
            }
        }
    }
    let weighted = |counts: &[usize]| -> f32 {
        counts
            .iter()
            .zip(PROMO_TERMS)
            .map(|(&n, t)| n.min(PROMO_REPEAT_CAP) as f32 * t.weight)
            .sum()
    };
    let title_units = weighted(&in_title).min(PROMO_TITLE_CAP);
    let body_density = per_100(weighted(&in_body), body_words).min(PROMO_BODY_CAP);
    let weight = PROMO_TITLE * title_units + PROMO_BODY_PER_100_WORDS * body_density * confidence;
    let mut listed: Vec<String> = Vec::new();
    for (i, t) in PROMO_TERMS.iter().enumerate() {
        if in_title[i] > 0 {
            listed.push(format!("{} (title)", t.label));
        }
    }
    let mut order: Vec<usize> = (0..groups).filter(|&i| in_body[i] > 0).collect();
    order.sort_by_key(|&i| body_first[i]);
    for i in order {
        let label = PROMO_TERMS[i].label;
        listed.push(match in_body[i] {
            1 => label.to_string(),
            n => format!("{label} ×{n}"),
        });
    }
    if listed.is_empty() {
        return None;
    }
    let more = listed.len().saturating_sub(MAX_LISTED_WORDS);
    listed.truncate(MAX_LISTED_WORDS);
    if more > 0 {
        listed.push(format!("{more} more"));
    }
    Some(Signal {
        weight,
        reason: format!("promotional words: {}", listed.join(", ")),
    })
}

/// The shape of a title.
#[derive(Clone, Copy)]
struct Shape {
    how_to: bool,
    question: bool,
    list: bool,
    comparison: bool,
}

fn shape(raw: &str, title: &[&str]) -> Shape {
    let word = |i: usize| title.get(i).copied().unwrap_or("");
    let how_to = word(0) == "how" && HOW_TO_NEXT.contains(&word(1));
    // "Why we…", "What our…", "What's new…": the company talking about itself.
    let company_voice = FIRST_PLURAL.contains(&word(1)) || (word(1) == "s" && word(2) == "new");
    let raw = raw.trim();
    let question = raw.ends_with('?')
        || raw.starts_with('¿')
        || (QUESTION_WORDS.contains(&word(0)) && !company_voice);
    let first_is_number = |w: &str| {
        w.parse::<u32>().is_ok_and(|n| (1..=100).contains(&n)) || NUMBER_WORDS.contains(&w)
    };
    Shape {
        how_to,
        question: question && !how_to,
        list: first_is_number(word(0)) || (word(0) == "top" && first_is_number(word(1))),
        comparison: title.iter().any(|&w| w == "vs" || w == "versus"),
    }
}

/// Helpful shapes and genre words in the title.
fn title_signal(title: &[&str], shape: &Shape) -> Option<Signal> {
    let Shape {
        how_to,
        question,
        list,
        comparison,
    } = *shape;
    let mut features: Vec<String> = Vec::new();
    let mut weight = 0.0;
    if how_to {
        weight += HOW_TO_TITLE;
        features.push("how-to".to_string());
    } else if question {
        weight += QUESTION_TITLE;
        features.push("question".to_string());
    }
    if list {
        weight += LIST_TITLE;
        features.push("numbered-list".to_string());
    }
    if comparison {
        weight += COMPARISON_TITLE;
        features.push("comparison".to_string());
    }
    let (genres, first) = count(
        title,
        &HELPFUL_TITLE_PHRASES,
        HELPFUL_TITLE_WORDS.len(),
        |_, _| false,
    );
    let mut found: Vec<usize> = (0..genres.len()).filter(|&i| genres[i] > 0).collect();
    found.sort_by_key(|&i| first[i]);
    for i in found {
        weight += HELPFUL_TITLE_WORD;
        let matched = title
            .get(first[i]..)
            .and_then(|rest| HELPFUL_TITLE_PHRASES.longest_at(rest, word))
            .map(|p| p.words.join(" "))
            .unwrap_or_default();
        features.push(format!("\"{matched}\""));
    }
    if features.is_empty() {
        return None;
    }
    let reason = match features.as_slice() {
        [one] if one.starts_with('"') => format!("title says {one}"),
        [one] => format!("{one} title"),
        many => format!("helpful title: {}", many.join(", ")),
    };
    Some(Signal {
        weight: weight.max(HELPFUL_TITLE_CAP),
        reason,
    })
}

/// Classifies a post from its title and plain-text body.
///
/// `title`: the post title; `text`: the post body as plain text (no markup);
/// `brand_names`: the brand and product names from config (may be empty), matched case-insensitively as whole words/phrases.
pub fn classify(title: &str, text: &str, brand_names: &[String]) -> Classification {
    let title_split = Split::of(title);
    let title_words = title_split.words();
    let shape = shape(title, &title_words);
    let split = Split::of(text);
    let (body, country) = (split.words(), split.country);
    let body_words = word_count(&body);
    let confidence = (body_words as f32 / FULL_CONFIDENCE_WORDS as f32).min(1.0);

    let (we, you) = voice(&body, country);
    let (brand, brand_in_body) =
        brand_signal(&title_words, &body, body_words, confidence, brand_names);
    let signals: Vec<Signal> = [
        brand,
        voice_signal((we, you), body_words, confidence),
        promo_signal(
            &title_words,
            &body,
            body_words,
            confidence,
            shape.how_to || shape.question,
        ),
        title_signal(&title_words, &shape),
    ]
    .into_iter()
    .flatten()
    .collect();

    let sum: f32 = BIAS + signals.iter().map(|s| s.weight).sum::<f32>();
    let logit = sum * (SHORT_TEXT_FLOOR + (1.0 - SHORT_TEXT_FLOOR) * confidence);
    let score = 1.0 / (1.0 + (-logit).exp());
    let kind = if score >= THRESHOLD {
        ContentKind::Promotional
    } else {
        ContentKind::Helpful
    };

    let mut ranked: Vec<&Signal> = signals
        .iter()
        .filter(|s| s.weight.abs() >= MIN_REASON)
        .collect();
    ranked.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
    let short = body_words < FULL_CONFIDENCE_WORDS;
    let room = if short { MAX_REASONS - 1 } else { MAX_REASONS };
    let mut reasons: Vec<String> = ranked.iter().take(room).map(|s| s.reason.clone()).collect();
    if reasons.is_empty() {
        reasons.push("no clear signals, so helpful by default".to_string());
    }
    if short {
        reasons.push(match body_words {
            0 => "no body text: judged on the title alone".to_string(),
            n => format!("short text ({n} words): leans on the title"),
        });
    }
    Classification {
        kind,
        score,
        reasons,
        voice: Voice {
            we,
            brand: brand_in_body,
            you,
            words: body_words,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowered_in_place_or_beyond_ascii_appended() {
        let split = Split::of("Über US café, 50% naïve us İ");
        assert_eq!(
            split.words(),
            ["über", "us", "café", "50", "%", "naïve", "us", "i\u{307}"]
        );
        assert_eq!(split.country, 1);
    }

    #[test]
    fn split_matches_a_char_by_char_reading() {
        // The plain definition: runs of alphanumeric chars, lowercased; `%` alone.
        fn reference(text: &str) -> (Vec<String>, usize) {
            let (mut words, mut country, mut word) = (Vec::new(), 0, String::new());
            let mut flush = |word: &mut String, words: &mut Vec<String>| {
                if !word.is_empty() {
                    country += usize::from(word == "US");
                    words.push(word.to_lowercase());
                    word.clear();
                }
            };
            for c in text.chars() {
                if c.is_alphanumeric() {
                    word.push(c);
                } else {
                    flush(&mut word, &mut words);
                    if c == '%' {
                        words.push("%".into());
                    }
                }
            }
            flush(&mut word, &mut words);
            (words, country)
        }
        for text in [
            "We grew 20% in the US, and you can too!",
            "Naïve CAFÉ déjà-vu: Ærøskøbing 3×4 ÉTÉ",
            "don’t stop — 東京 and 🙂 emoji, us/US/Us",
            "",
            "%%a%",
        ] {
            let split = Split::of(text);
            let (words, country) = reference(text);
            assert_eq!(split.words(), words, "{text}");
            assert_eq!(split.country, country, "{text}");
        }
    }

    #[test]
    fn voice_words_start_with_the_letters_voice_looks_at() {
        for word in FIRST_PLURAL.iter().chain(SECOND_PERSON) {
            assert!(
                matches!(word.as_bytes()[0], b'w' | b'o' | b'u' | b'y'),
                "{word}"
            );
        }
    }

    fn brands() -> Vec<String> {
        vec!["Loomwork".to_string(), "Loomwork Pulse".to_string()]
    }

    fn run(post: (&str, &str)) -> Classification {
        classify(post.0, post.1, &brands())
    }

    const HOW_TO: (&str, &str) = (
        "How to write a content brief your writers will actually use",
        "A good brief saves you a round of edits. Start with the reader: who are they, and what \
         problem brings them to your post? Then list the questions your article must answer, in \
         the order a reader would ask them. Add two or three sources you trust and one example of \
         the tone you want. Keep it to a single page, so your writer reads all of it before they \
         start.",
    );

    const LISTICLE: (&str, &str) = (
        "7 mistakes that make your newsletter easy to ignore",
        "Most newsletters fail quietly: people stop opening them long before they unsubscribe. \
         The first mistake is a subject line that describes the issue instead of the benefit. The \
         second is sending whenever you have time, so your readers never know when to expect you. \
         Third, you bury the one link you care about under ten others. If you fix only these \
         three, your open rate will tell you within a month.",
    );

    const OPINION: (&str, &str) = (
        "Why your blog doesn't need more posts",
        "Publishing more is the easiest lever to pull, and usually the wrong one. If your last \
         twenty posts each got a handful of visits, a twenty-first will not change that. Spend \
         the next month updating the five posts that already rank on page two. You will learn \
         more about your readers from those edits than from any new draft.",
    );

    const QUESTION: (&str, &str) = (
        "Is it worth answering every comment on your posts?",
        "Short answer: yes, for the first year. Every reply tells a reader that someone is \
         listening, and readers who feel heard come back and share. Once comments outgrow your \
         time, answer the questions and thank the rest in a single weekly note. Never let a \
         question sit unanswered for more than two days, even if the answer is \"I don't know \
         yet\".",
    );

    const COMPARISON: (&str, &str) = (
        "Long-form vs short-form posts: which one should you write?",
        "Long posts rank for more searches and earn more links, but they take days to write well. \
         Short posts are quick to publish and easy to share, yet they rarely hold a reader for \
         long. If your customers ask the same question again and again, answer it properly in a \
         long post. Use short posts for news from your industry and quick tips. Mix both, and let \
         your analytics tell you which ones your readers finish.",
    );

    const HELPFUL_WITH_BRAND: (&str, &str) = (
        "How to plan a month of blog posts in one afternoon",
        "Block three hours and close your inbox. List the ten questions your customers asked most \
         this quarter; your support inbox is the best source. Group them into four themes, one \
         per week, and pick the strongest question in each as the post. We keep our own calendar \
         on a shared Loomwork board, but a spreadsheet works just as well. Finish by writing a \
         one-line promise for each post so you know what the reader gets.",
    );

    const LAUNCH: (&str, &str) = (
        "Introducing Loomwork Pulse: live dashboards for every team",
        "Today we're excited to launch Loomwork Pulse, our new way to see every project at a \
         glance. Pulse pulls updates from your Loomwork boards into one live dashboard, so you \
         never have to ask for a status report again. We built it with feedback from hundreds of \
         our beta customers. Loomwork Pulse is now available on all paid plans, and you can try \
         it free for 14 days. Start your free trial today or book a demo with our team.",
    );

    const PRICING: (&str, &str) = (
        "Why we're changing our pricing",
        "Starting March 1, our Pro plan will cost $24 per user per month, up from $19. We know \
         price changes are never welcome, so we want to explain why. Over the past year we added \
         unlimited boards, Loomwork Pulse and priority support to every paid plan. Customers on \
         annual plans keep their current price until renewal, and anyone who upgrades before \
         March 1 locks in today's pricing for a year.",
    );

    const WEBINAR: (&str, &str) = (
        "Webinar: build a content calendar that lasts all year",
        "Join us live on April 12 at 5 pm CET for a 45-minute webinar with our head of content, \
         Maya Ortiz. Maya will share the planning template our team uses and answer your \
         questions live. You will also see a short demo of the new calendar view in Loomwork. \
         Seats are limited, so register today to save your seat; everyone who registers gets \
         the recording.",
    );

    const RELEASE_WE_VOICE: (&str, &str) = (
        "What we shipped in March",
        "This month we shipped three things our users asked for most. We rebuilt the editor so \
         it loads twice as fast on long posts. We also added comments, so our customers can \
         review drafts without leaving the app. Finally, we've released a public API in beta, \
         and we'd love to hear what you build with it. Our roadmap for April is already up on \
         our site.",
    );

    const CUSTOMER_STORY: (&str, &str) = (
        "How Brightleaf cut onboarding time in half with Loomwork",
        "Brightleaf's support team was drowning in spreadsheets before they switched to \
         Loomwork. \"Loomwork changed how our whole team works,\" says Dana Lee, Head of Support. \
         Within three weeks every new hire was onboarded in Loomwork, and onboarding time fell \
         from ten days to five. \"Honestly, it's a game changer, and I'd recommend Loomwork to \
         any growing team,\" Dana adds. Brightleaf now runs all 40 of its client projects in \
         Loomwork.",
    );

    const GERMAN: (&str, &str) = (
        "Wie Sie in fünf Schritten einen Redaktionsplan erstellen",
        "Ein Redaktionsplan spart Ihnen jede Woche Zeit, weil Sie nicht mehr jeden Montag neu \
         überlegen müssen. Sammeln Sie zuerst die Fragen, die Ihre Kunden am häufigsten stellen. \
         Ordnen Sie diese Fragen nach Themen und planen Sie pro Woche einen Beitrag. Legen Sie \
         für jeden Beitrag fest, was der Leser danach besser kann. Prüfen Sie den Plan einmal im \
         Monat und streichen Sie, was nicht mehr passt.",
    );

    const SPANISH: (&str, &str) = (
        "¿Cuántas veces por semana deberías publicar en tu blog?",
        "Menos de lo que crees. Una entrada útil a la semana vale más que tres escritas con \
         prisa. Elige un día fijo, para que tus lectores sepan cuándo volver. Dedica el tiempo \
         que te sobra a responder comentarios y a actualizar tus mejores entradas.",
    );

    const GERMAN_LAUNCH: (&str, &str) = (
        "Loomwork Pulse ist da",
        "Ab heute ist Loomwork Pulse für alle Teams verfügbar. Mit Loomwork Pulse sehen Sie den \
         Stand aller Projekte auf einen Blick. Loomwork Pulse zeigt Ihnen Aufgaben, Termine und \
         Engpässe in Echtzeit. Testen Sie Loomwork Pulse jetzt 14 Tage kostenlos in Ihrem \
         Loomwork-Konto.",
    );

    const LAUNCH_HOW_TO: (&str, &str) = (
        "How to launch your first product on Product Hunt",
        "Launch day is a marathon, not a sprint. Before your launch, line up ten people who will \
         try the product and leave honest comments. Schedule your launch for 12:01 am Pacific so \
         you get the full day. Reply to every comment within the hour, and thank your supporters \
         by name when the day is over. If your launch flops, you can launch again in six months \
         with what you learned.",
    );

    /// Every signal at once, on a short body: more candidate reasons than fit.
    const SHORT_MIXED: (&str, &str) = (
        "3 new features in Loomwork Pulse",
        "We're excited to launch three new features in Loomwork Pulse for our customers. Our \
         team built them with you in mind. Upgrade today.",
    );

    const HELPFUL: &[(&str, &str)] = &[
        HOW_TO,
        LISTICLE,
        OPINION,
        QUESTION,
        COMPARISON,
        HELPFUL_WITH_BRAND,
        GERMAN,
        SPANISH,
        LAUNCH_HOW_TO,
    ];
    const PROMOTIONAL: &[(&str, &str)] = &[
        LAUNCH,
        PRICING,
        WEBINAR,
        RELEASE_WE_VOICE,
        CUSTOMER_STORY,
        GERMAN_LAUNCH,
        SHORT_MIXED,
    ];

    fn has(c: &Classification, needle: &str) -> bool {
        c.reasons.iter().any(|r| r.contains(needle))
    }

    #[test]
    fn helpful_posts_are_helpful_and_promotional_posts_promotional() {
        for &post in HELPFUL {
            let c = run(post);
            assert_eq!(c.kind, ContentKind::Helpful, "{}: {c:?}", post.0);
            assert!(c.score < THRESHOLD, "{}: {c:?}", post.0);
        }
        for &post in PROMOTIONAL {
            let c = run(post);
            assert_eq!(c.kind, ContentKind::Promotional, "{}: {c:?}", post.0);
            assert!(c.score >= THRESHOLD, "{}: {c:?}", post.0);
        }
    }

    #[test]
    fn every_promotional_sample_outscores_every_helpful_one() {
        let most_helpful = HELPFUL.iter().map(|&p| run(p).score).fold(0.0, f32::max);
        let least_promotional = PROMOTIONAL
            .iter()
            .map(|&p| run(p).score)
            .fold(1.0, f32::min);
        assert!(
            least_promotional > most_helpful + 0.3,
            "{least_promotional} vs {most_helpful}"
        );
    }

    #[test]
    fn how_to_guide_reads_as_helpful_and_says_why() {
        let c = run(HOW_TO);
        assert!(c.score < 0.1, "{c:?}");
        assert_eq!(
            c.reasons,
            [
                "how-to title",
                "\"we/our/us\" 0.0 per 100 words vs \"you/your\" 8.5"
            ]
        );
    }

    #[test]
    fn listicle_opinion_question_and_comparison_titles_are_named() {
        assert!(has(
            &run(LISTICLE),
            "helpful title: numbered-list, \"mistakes\""
        ));
        assert!(has(&run(OPINION), "question title"));
        assert!(has(&run(QUESTION), "question title"));
        assert!(has(&run(COMPARISON), "helpful title: question, comparison"));
    }

    #[test]
    fn a_brand_mention_in_passing_stays_helpful_but_counts() {
        let with = run(HELPFUL_WITH_BRAND);
        let without = classify(HELPFUL_WITH_BRAND.0, HELPFUL_WITH_BRAND.1, &[]);
        assert_eq!(with.kind, ContentKind::Helpful);
        assert!(with.score < 0.25, "{with:?}");
        assert!(has(&with, "names the brand once (Loomwork)"), "{with:?}");
        assert!(with.score > without.score, "{with:?} vs {without:?}");
        assert!(!has(&without, "names the brand"));
        assert!(run(LAUNCH).score > with.score + 0.5);
    }

    #[test]
    fn launch_announcement_names_brand_and_words() {
        let c = run(LAUNCH);
        assert!(c.score > 0.95, "{c:?}");
        assert_eq!(
            c.reasons[0],
            "promotional words: introducing (title), we're excited, launch, beta, now available, \
             3 more"
        );
        // "Loomwork Pulse" is not also counted as "Loomwork".
        assert!(
            has(
                &c,
                "names the brand 4 times, once in the title (Loomwork Pulse 3, Loomwork 1)"
            ),
            "{c:?}"
        );
    }

    #[test]
    fn pricing_change_is_promotional_and_why_we_is_no_question() {
        let c = run(PRICING);
        assert!(c.score > 0.9, "{c:?}");
        assert!(has(&c, "promotional words: pricing (title)"), "{c:?}");
        assert!(!has(&c, "question title"), "{c:?}");
        assert!(
            has(&c, "\"we/our/us\" 5.6 per 100 words vs \"you/your\" 0.0"),
            "{c:?}"
        );
    }

    #[test]
    fn webinar_invitation_is_promotional() {
        let c = run(WEBINAR);
        assert!(c.score > 0.9, "{c:?}");
        assert!(
            c.reasons[0].starts_with("promotional words: webinar (title)"),
            "{c:?}"
        );
    }

    #[test]
    fn feature_release_in_we_voice_is_promotional_without_brand_names() {
        let c = classify(RELEASE_WE_VOICE.0, RELEASE_WE_VOICE.1, &[]);
        assert_eq!(c.kind, ContentKind::Promotional, "{c:?}");
        assert!(
            has(&c, "\"we/our/us\" 13.2 per 100 words vs \"you/your\" 1.5"),
            "{c:?}"
        );
        assert!(!has(&c, "question title"), "{c:?}");
    }

    #[test]
    fn customer_praise_is_promotional_on_brand_density() {
        let c = run(CUSTOMER_STORY);
        assert!(c.score > 0.9, "{c:?}");
        assert_eq!(
            c.reasons[0],
            "names the brand 6 times, once in the title (Loomwork)"
        );
    }

    #[test]
    fn non_english_helpful_post_defaults_to_helpful() {
        let c = run(GERMAN);
        assert_eq!(c.kind, ContentKind::Helpful);
        assert!(c.score > 0.2 && c.score < THRESHOLD, "{c:?}");
        assert_eq!(c.reasons, ["no clear signals, so helpful by default"]);
        let c = run(SPANISH);
        assert!(has(&c, "question title"), "{c:?}");
        assert!(
            has(&c, "short text (44 words): leans on the title"),
            "{c:?}"
        );
    }

    #[test]
    fn brand_names_count_in_any_language() {
        let c = run(GERMAN_LAUNCH);
        assert_eq!(c.kind, ContentKind::Promotional, "{c:?}");
        assert!(has(&c, "names the brand 6 times"), "{c:?}");
        let unbranded = classify(GERMAN_LAUNCH.0, GERMAN_LAUNCH.1, &[]);
        assert_eq!(unbranded.kind, ContentKind::Helpful, "{unbranded:?}");
    }

    #[test]
    fn empty_body_leans_on_the_title_without_overconfidence() {
        let launch = run(("Introducing Loomwork Pulse", ""));
        assert_eq!(launch.kind, ContentKind::Promotional, "{launch:?}");
        assert!(launch.score < 0.8, "{launch:?}");
        assert!(launch.score < run(LAUNCH).score);
        assert_eq!(
            launch.reasons.last().map(String::as_str),
            Some("no body text: judged on the title alone")
        );
        let how_to = run(("How to write a content brief", ""));
        assert_eq!(how_to.kind, ContentKind::Helpful, "{how_to:?}");
        assert!(how_to.score > 0.15, "{how_to:?}");
        let nothing = run(("", ""));
        assert_eq!(nothing.kind, ContentKind::Helpful);
        assert_eq!(
            nothing.reasons,
            [
                "no clear signals, so helpful by default",
                "no body text: judged on the title alone"
            ]
        );
    }

    #[test]
    fn short_text_is_less_certain_than_the_full_post() {
        let full = run(LAUNCH);
        let first_sentence = LAUNCH.1.split(". ").next().unwrap_or_default();
        let short = run((LAUNCH.0, first_sentence));
        assert!(short.score < full.score, "{short:?} vs {full:?}");
        assert!(has(&short, "short text ("), "{short:?}");
    }

    #[test]
    fn at_most_four_reasons_that_join_cleanly() {
        let mixed = run(SHORT_MIXED);
        assert_eq!(mixed.reasons.len(), 4, "{mixed:?}");
        assert_eq!(
            mixed.reasons[3],
            "short text (24 words): leans on the title"
        );
        for &post in HELPFUL.iter().chain(PROMOTIONAL) {
            let c = run(post);
            assert!(!c.reasons.is_empty() && c.reasons.len() <= 4, "{c:?}");
            // Callers join reasons with "; ".
            assert!(c.reasons.iter().all(|r| !r.contains(';')), "{c:?}");
            assert!((0.0..=1.0).contains(&c.score));
        }
    }

    #[test]
    fn brand_names_match_whole_words_case_insensitively() {
        let names = vec!["Loom".to_string(), " ".to_string(), "loom".to_string()];
        let c = classify(
            "",
            "Loomwork teams loomed over the LOOM booth, and Loom's demo drew a crowd.",
            &names,
        );
        assert!(has(&c, "names the brand twice (Loom)"), "{c:?}");
    }

    #[test]
    fn capital_us_is_the_country() {
        let country = classify("", &"US teams lead the US market. ".repeat(10), &[]);
        assert!(!has(&country, "we/our/us"), "{country:?}");
        let pronoun = classify("", &"Teams like us lead the market. ".repeat(10), &[]);
        assert!(has(&pronoun, "\"we/our/us\" 16.7"), "{pronoun:?}");
    }

    #[test]
    fn the_readers_own_launch_is_not_promotional() {
        let body = |whose: &str| {
            format!(
                "Plan {whose} launch a month ahead. Write down what {whose} launch must achieve, \
                 who needs to hear about it and when. A launch without a date is a wish."
            )
        };
        let theirs = classify("Launch day notes", &body("your"), &[]);
        let ours = classify("Launch day notes", &body("our"), &[]);
        assert!(ours.score > theirs.score, "{ours:?} vs {theirs:?}");
        assert!(
            has(&theirs, "promotional words: launch (title), launch"),
            "{theirs:?}"
        );
        assert!(has(&ours, "launch ×3"), "{ours:?}");
        assert!(!has(&theirs, "launch ×"), "{theirs:?}");
    }

    #[test]
    fn promotional_words_in_a_how_to_title_are_the_topic() {
        let c = run(LAUNCH_HOW_TO);
        assert_eq!(c.kind, ContentKind::Helpful, "{c:?}");
        assert!(!has(&c, "promotional words"), "{c:?}");
        let announced = run(("Launching on Product Hunt today", LAUNCH_HOW_TO.1));
        assert!(
            has(&announced, "promotional words: launch (title)"),
            "{announced:?}"
        );
        assert!(announced.score > c.score + 0.2, "{announced:?} vs {c:?}");
    }

    #[test]
    fn one_promotional_word_repeated_counts_at_most_three_times() {
        let body = |n: usize| {
            let mut words = vec!["readers"; 200];
            for w in words.iter_mut().step_by(20).take(n) {
                *w = "pricing";
            }
            words.join(" ")
        };
        let score = |n: usize| classify("Notes", &body(n), &[]).score;
        assert!(score(3) > score(1), "{} vs {}", score(3), score(1));
        assert!(
            (score(6) - score(3)).abs() < 1e-6,
            "{} vs {}",
            score(6),
            score(3)
        );
        assert!(has(&classify("Notes", &body(6), &[]), "pricing ×6"));
    }

    #[test]
    fn helpful_title_signals_are_capped() {
        let c = classify(
            "Top 10 tips and mistakes: a step-by-step guide, checklist and templates, A vs B?",
            "",
            &[],
        );
        let logit = (BIAS + HELPFUL_TITLE_CAP) * SHORT_TEXT_FLOOR;
        let expected = 1.0 / (1.0 + (-logit).exp());
        assert!((c.score - expected).abs() < 1e-6, "{c:?} vs {expected}");
    }

    #[test]
    fn the_brand_in_the_title_counts_extra() {
        let body = "A short note on keeping boards tidy. ".repeat(10);
        let named = run(("Notes on Loomwork boards", &body));
        let unnamed = run(("Notes on shared boards", &body));
        assert!(
            named.score > unnamed.score + 0.1,
            "{named:?} vs {unnamed:?}"
        );
        assert_eq!(named.reasons, ["names the brand in the title (Loomwork)"]);
    }
}
