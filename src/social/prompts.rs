//! Discussion prompts: open questions about the reader's own experience, for
//! the social snippets of a post, and a check of the ones authors write.
//!
//! A prompt that starts a conversation asks about the reader ("How do you
//! plan your content today, and what has worked?"); one that broadcasts
//! talks about the company ("Check out our new post!") and gets scrolled
//! past. [`generate`] writes prompts from what a post says; [`assess`]
//! names what is wrong with a prompt an author wrote.
//!
//! # How prompts are generated
//!
//! The generator reads the title first, then the text, the headings and the
//! tags. Every candidate is a template filled with words from the post, then
//! checked: it must end with "?", open with How/What/Which/Why/When/Where (or
//! a quotation followed by such a question), say "you" or "your", pass
//! [`assess`] with no issue, and contain none of "check out", "new post",
//! "excited", "announce", "introducing", "launch", "sign up", "buy", "link
//! in bio", "register", "demo" (in any form, even "your launch": at a glance
//! a snippet with those words reads as an announcement). Candidates that fail
//! are dropped, never repaired.
//!
//! The title is split into parts at ": ", " - ", " – ", " — ", " | ", "? "
//! and ". " (not after "vs." or "e.g."). Parts that only label the post
//! ("Webinar:", "Episode 12:") are dropped; parts that name the brand, speak
//! as "we/our/us" or "I/my" (except "Should I…?", asked back as "Should
//! you…?"), or announce ("Introducing…", "Meet…", "Now available") are not
//! used, so "Introducing Acme Pulse: Analytics for Small Teams" is read as
//! "Analytics for Small Teams". Strong patterns (the first rows below, down
//! to guides) are looked for in every part before weak ones (imperatives and
//! statements), so "Ask the Expert: How Should Startups Approach PR?" is the
//! question, not the imperative "Ask the expert".
//!
//! | title | prompts (the first is the lead) |
//! |---|---|
//! | How to X; A Better Way to X | Experience "How do you X today, and what has worked?"; Opinion "What do you find hardest about trying to X?" |
//! | N mistakes/myths/pitfalls… (also "Are You Making These 5 Email Mistakes?") | Experience "Which content repurposing mistakes have you run into, and what did you change?" ("…to avoid when X": "…run into when X…") |
//! | N ways/tips/ideas/habits… to X | Experience "What has worked best for you when trying to X?" ("for X": "What is your best tip for X?"; neither: "Which productivity habits have worked for you, and which have not?") |
//! | N lessons/takeaways… from X | Experience "What is the biggest lesson you have learned from X?" |
//! | N reasons (why) X | Experience "What have you found to be the main reason X?" |
//! | N signs X | Experience "Which signs have told you that X?" |
//! | any numbered list (tools, questions, "9 formulas that work"…) | Opinion "What would you add to this list of {the list's words}?" |
//! | yes/no question: "Should you X?", "Is X worth it?" | Experience "When should you X, and when not?", "When has X been worth it for you, and when not?"; Opinion "“Should you X?” What is your answer, and why?" |
//! | X vs Y (vs Z), "X or Y?" | Opinion "Which works better for you, X or Y, and why?"; Experience "Which have you used, X or Y, and what made you stay or switch?" |
//! | open question: "What should teams stop doing?" | Experience "{question} What has your own experience taught you?"; Opinion "{question} What is your answer, and why?" ("Who…?" is quoted, to open with a quotation) |
//! | Why X (a statement) | Opinion "How true is it, in your experience, that X?"; Experience "What have you learned about why X?" |
//! | a guide: "The Beginner's Guide to X", "The X Playbook", "X 101", "X: A Complete Guide", "Everything You Need to Know About X" | Experience "How do you approach X today, and what has worked?"; Opinion "What do you find hardest about X?" |
//! | How/What/When X, not asked: "How Algorithms Rank Posts" | Experience "What have you learned about how algorithms rank posts?" |
//! | "X: Friend or Foe?" | Opinion "What has your experience with X been: friend or foe?" |
//! | an imperative: "Measure Replies, Not Likes" | as "How to measure replies, not likes" |
//! | "Don't X", "Never X" | Opinion "How true is it, in your experience, that you should not X?" |
//! | a statement: "Replies Are the New Likes" | Opinion "How true is it, in your experience, that replies are the new likes?" |
//! | a noun phrase: "Analytics for Small Teams" | Topic "What has your experience been with analytics for small teams?" (also added when another part has the pattern: "Email Subject Lines: What Works…") |
//! | anything else | Topic "“{title}”: what is your experience?" |
//!
//! A title without a question word or pattern is a statement when it has an
//! auxiliary or copula ("is", "are", "should", "don't"…) or a verb that is
//! rarely a noun ("beats", "matters"); a noun phrase when it has no verb; and
//! unclear, so quoted, when it has a word that is as often a plural noun as
//! a verb ("Algorithm Changes You Need to Know"). Verbs after "that", "who",
//! "you", "we"… belong to a relative clause ("Stories That Sell") and do
//! not count.
//!
//! Some forms from the brief were changed so that every prompt stays a
//! grammatical open question that addresses the reader and starts with a
//! question word: "Why X? What have you seen?" is not a question when X is a
//! statement ("Why you should measure replies?"), so "Why" titles become
//! "How true is it, in your experience, that X?"; "X or Y: which works
//! better for you?" would open with X, so it is "Which works better for
//! you, X or Y, and why?"; a yes/no title is never asked back as yes/no
//! ("Do you agree that X?"), but as "When…, and when not?" or quoted and
//! followed by an open question; "What is the hardest part of trying to X?"
//! does not say "you", so it is "What do you find hardest about trying to
//! X?". "today" is added to "How do you X" only when X is short (five words
//! or fewer), has no comma and no time of its own ("every day", "in 2025"):
//! otherwise it attaches to the wrong verb ("…your team will actually use
//! today"). Comparison sides get "a"/"an" when the text itself says "a
//! spreadsheet"; otherwise they stay bare ("email or social").
//!
//! Besides the title:
//! - **Claim**: a sentence of the text (or description) with a figure (a
//!   number with "%", "percent", "times", "3x", "1 in 5", "8 out of 10",
//!   "twice", "half of"…), else one with a strong word (most, never, always,
//!   every, nobody, no one, none), the first such, 6 to 30 words and at most
//!   140 characters, becomes "“{sentence}” How does this compare with what
//!   you see?". Sentences that name the brand, speak as we/our/I, ask, quote,
//!   lean on context ("This…", "It…", "But…", "below") or have capitalised
//!   common words inside (list items the plain text ran together) are
//!   skipped: a quotation must make sense on its own. Headings are cut out of
//!   the text first, since the plain text runs them into the paragraphs.
//! - **Headings**: the first heading that is an imperative ("Step 2: Pick a
//!   Publishing Cadence", "How to Win Back Quiet Subscribers") becomes "How
//!   do you pick a publishing cadence?". A heading is imperative when it
//!   starts with a verb from a list of common instructions; verbs that are
//!   also nouns ("Plan", "Review", "Test") count only before an object word
//!   ("a", "the", "your"…). Headings with "it/them/they" (whose "it" is the
//!   post's) and calls to action ("Learn More", "Get Started") are skipped.
//! - **Tags**: the first tag that is a topic (not "news", "product",
//!   "announcements", "updates"… and not the brand) becomes "What is your
//!   biggest question about {tag} right now?".
//!
//! Candidates are ranked (title lead 100, title second 90, a claim with a
//! figure 80, heading 70, a claim with a strong word 60, a noun-phrase title
//! 55, tag 50, quoted title 30); the best of each angle is taken, best first,
//! up to four, and if that gives fewer than two the next best are added up
//! to two. A title with words always yields at least one prompt: when
//! nothing else passes, "What is your biggest question about this topic
//! right now?".
//!
//! # Capital letters
//!
//! Title words are moved into the middle of a sentence, so their capitals
//! must go, except for names. In a title written in Title Case a word keeps
//! its capital if it is "I", has a capital inside ("SEO", "LinkedIn", "B2B"),
//! is a day or a month, is one of a short list of platforms marketing posts
//! name (Instagram, Google, Slack…), or the post's own text writes it with a
//! capital in the middle of sentences more often than without ("Google
//! Sheets" stays, "Content Calendar" becomes "content calendar"). A title in
//! ALL CAPS takes the text's spelling of each word, else lowercase. In a title written in
//! sentence case only the first word is checked; the rest stay as written.
//! Tags take the spelling the text uses most ("seo" becomes "SEO" if the text
//! says "SEO"), or a short list of marketing acronyms.
//!
//! # Other languages
//!
//! The templates are English. A title whose function words are mostly not
//! English ("Cómo planificar un calendario editorial": "cómo", "un", accents)
//! gets one prompt, the title quoted and followed by a short English
//! question: "“Cómo planificar un calendario editorial”: what is your
//! experience?". "What has your experience been with {title}?" is not used
//! there: it would put a Spanish "how to…" clause into an English sentence,
//! which is not grammatical in either language. The quotation keeps the
//! title intact and the question is one a reader of either language
//! understands. Claims, headings and tags of such posts are not used: they
//! would mix the two languages in one sentence. English titles that fit no
//! pattern and are not noun phrases get the same quoted form.
//!
//! # How prompts are assessed
//!
//! [`assess`] gives at most one entry per [`Issue`], in the order
//! Promotional, NotAQuestion, YesNo:
//! - **Promotional**: "we", "our", "us", "ours", "we're", "we've", "we'll"
//!   ("US" in capitals is the country; the "us" of an opening "Tell us" is an
//!   invitation), a brand name (whole words, any case, longest first), or one
//!   of "check out", "new blog post", "new post", "read our", "we're
//!   excited", "excited to", "link in bio", "buy", "sign up", "register",
//!   "subscribe", "don't miss", "limited time".
//! - **NotAQuestion**: it does not end with "?" (trailing quotes, emoji and
//!   spaces aside; "?!" counts) and does not start with "Tell us", "Share" or
//!   "Reply with".
//! - **YesNo**: a sentence of it that ends with "?" starts with an auxiliary
//!   verb (do, does, did, is, are, am, was, were, can, could, should, would,
//!   will, shall, must, might, have, has, had, or their "n't" forms) and no
//!   "or", "which", "what", "how" or "why" follows it.

use crate::phrases::PhraseTable;
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// What the generator can read about a post.
#[derive(Debug, Clone, Copy)]
pub struct PostText<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// `##`/`###` heading texts, in order.
    pub headings: &'a [String],
    /// Body as plain text (no markup).
    pub text: &'a str,
    pub tags: &'a [String],
}

/// What a prompt asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Angle {
    /// How the reader does the thing the post is about.
    Experience,
    /// What the reader thinks: which is better, how true a statement is.
    Opinion,
    /// How a figure or strong sentence from the post compares with what the reader sees.
    Claim,
    /// The post's subject in general.
    Topic,
}

/// A discussion prompt and what it asks about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Prompt {
    pub text: String,
    pub angle: Angle,
}

/// What is wrong with a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Issue {
    /// It talks about the company or sells.
    Promotional,
    /// It neither asks nor invites a reply.
    NotAQuestion,
    /// It can be answered with yes or no.
    YesNo,
}

/// Several prompts from different angles (best first, 2 to 4 when the post gives enough to work with,
/// at least 1 whenever the title has any words), all open questions about the reader, none promotional.
pub fn generate(post: &PostText<'_>, brand_names: &[String]) -> Vec<Prompt> {
    let generator = Generator::new(post, brand_names);
    let mut candidates = generator.candidates();
    candidates.retain(|c| acceptable(&c.text, &generator.brands));
    if candidates.is_empty() && !words_of(post.title).is_empty() {
        candidates.push(Candidate::new(LAST_RESORT.to_string(), Angle::Topic, 0));
    }
    select(candidates)
}

/// Problems with a prompt an author wrote, each with a short reason naming the offending words,
/// e.g. (Promotional, "talks about the brand: \"our\", \"Acme\""), (YesNo, "starts with \"Do you\": a yes/no question gets yes or no, not a story").
pub fn assess(prompt: &str, brand_names: &[String]) -> Vec<(Issue, String)> {
    assess_with(prompt, &Brands::new(brand_names))
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/// The prompt given when nothing else passes.
const LAST_RESORT: &str = "What is your biggest question about this topic right now?";

/// Generated prompts are at most this long, so they fit X with a link.
const MAX_PROMPT_CHARS: usize = 220;
/// Quoted claims are at most this long.
const MAX_CLAIM_CHARS: usize = 140;

/// Words that speak as the company.
#[rustfmt::skip]
const FIRST_PLURAL: &[&str] = &[
    "we", "our", "ours", "us", "ourselves", "we're", "we've", "we'll", "we'd",
];
/// Words that speak as the author.
#[rustfmt::skip]
const FIRST_SINGULAR: &[&str] = &[
    "i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd",
];
#[rustfmt::skip]
const SECOND_PERSON: &[&str] = &[
    "you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'll", "you'd",
];

/// Promotional phrases `assess` flags.
#[rustfmt::skip]
const ASSESS_PROMO: &[&str] = &[
    "check out", "new blog post", "new post", "read our", "we're excited", "excited to",
    "link in bio", "buy", "sign up", "register", "subscribe", "don't miss", "limited time",
];

/// Words a generated prompt never contains, in any form.
#[rustfmt::skip]
const GENERATED_PROMO: &[&str] = &[
    "check out", "checking out", "new post", "new blog post", "excited", "announce", "announces",
    "announced", "announcing", "announcement", "announcements", "introducing", "launch", "launches",
    "launched", "launching", "sign up", "signup", "buy", "buying", "link in bio", "register",
    "registration", "demo", "demos",
];

/// Title openers that announce.
#[rustfmt::skip]
const ANNOUNCING_OPENERS: &[&str] = &[
    "introducing", "announcing", "meet", "presenting", "unveiling", "welcome", "welcoming",
    "now available", "webinar", "new feature", "new features", "what's new", "coming soon",
    "release notes",
];

/// Title parts that only label the kind of post: "Webinar: …", "Case Study: …".
#[rustfmt::skip]
const LABEL_WORDS: &[&str] = &[
    "webinar", "podcast", "episode", "ep", "interview", "recap", "case", "study", "guest", "post",
    "video", "live", "event", "report", "roundup", "news", "update", "updates", "announcement",
    "part", "series", "transcript", "opinion", "essay", "newsletter", "issue", "edition", "vol",
    "no",
];

/// Whether a part is only a label (and numbers): "Episode 12", "Case Study".
fn is_label(words: &[Word]) -> bool {
    words
        .iter()
        .all(|w| is_in(LABEL_WORDS, &w.lower) || is_number(&w.lower))
}

/// Whether a part only names the genre: "A Beginner's Guide", "A Practical Primer".
fn is_genre_label(words: &[Word]) -> bool {
    words.iter().all(|w| {
        is_in(GENRE_PREFIX, &w.lower)
            || is_in(GENRE_WORDS, &w.lower)
            || is_in(GENRE_SUFFIX, &w.lower)
            || is_in(LIST_PRAISE, &w.lower)
    })
}

/// Invitations that make a statement a prompt.
#[rustfmt::skip]
const INVITATIONS: &[&str] = &["tell us", "share", "reply with"];

/// Words that start a yes/no question.
#[rustfmt::skip]
const YES_NO_STARTERS: &[&str] = &[
    "do", "does", "did", "is", "are", "am", "was", "were", "can", "could", "should", "would",
    "will", "shall", "must", "might", "have", "has", "had", "don't", "doesn't", "didn't", "isn't",
    "aren't", "wasn't", "weren't", "can't", "couldn't", "shouldn't", "wouldn't", "won't", "haven't",
    "hasn't", "hadn't", "mustn't",
];
/// Words after a yes/no opener that make the question open.
#[rustfmt::skip]
const OPENERS_OF_ALTERNATIVES: &[&str] = &["or", "which", "what", "how", "why"];

/// Auxiliaries a yes/no title can be turned into "When {aux} …, and when not?" with.
#[rustfmt::skip]
const WHEN_AUX: &[&str] = &[
    "is", "are", "should", "can", "could", "would", "will", "do", "does",
];

/// Auxiliaries and copulas that make a title a statement (not in first place).
#[rustfmt::skip]
const STATEMENT_AUX: &[&str] = &[
    "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't", "will", "won't", "can",
    "can't", "cannot", "should", "shouldn't", "must", "do", "don't", "does", "doesn't", "did",
    "didn't", "has", "have", "hasn't", "haven't", "had", "would", "wouldn't", "could", "couldn't",
    "might", "it's", "that's", "there's", "isnt", "dont",
];

/// Words that start the subject of a yes/no title written without "?".
#[rustfmt::skip]
const SUBJECT_STARTS: &[&str] = &[
    "you", "i", "your", "my", "it", "a", "an", "the", "this", "that", "there", "these", "those",
];

/// Verbs in -s or past forms that headlines use without an auxiliary and
/// that are rarely nouns ("Consistency Beats Creativity").
#[rustfmt::skip]
const HEADLINE_VERBS: &[&str] = &[
    "beats", "matters", "deserves", "outperforms", "trumps", "belongs", "happens", "ruins",
    "ruined", "killed", "died", "failed", "won", "became", "broke", "hurts", "loses", "grows",
    "drives", "says", "tells",
];

/// Verbs in -s form that are also plural nouns ("Algorithm Changes", "Quick Wins").
#[rustfmt::skip]
const AMBIGUOUS_VERBS: &[&str] = &[
    "changes", "works", "needs", "helps", "makes", "takes", "breaks", "means", "pays", "sells",
    "wins", "kills", "builds", "scales", "fails", "costs", "starts", "ends", "shows", "matches",
];

/// Base verbs that make a statement after a plural subject ("Small Teams Need Fewer Channels").
#[rustfmt::skip]
const BASE_VERBS: &[&str] = &[
    "fail", "work", "matter", "win", "lose", "need", "beat", "kill", "hurt", "help", "grow", "die",
    "break", "change", "make", "take", "drive", "build", "mean", "deserve", "outperform", "sell",
    "pay", "scale", "happen", "get", "want", "hate", "love", "ignore", "read", "reply", "skip",
    "stop", "start", "share", "click", "remember", "forget", "know", "trust", "prefer", "don't",
];

/// Question words a prompt may open with.
#[rustfmt::skip]
const PROMPT_OPENERS: &[&str] = &["how", "what", "which", "why", "when", "where"];

/// Question words of titles.
#[rustfmt::skip]
const WH_WORDS: &[&str] = &[
    "how", "what", "which", "why", "when", "where", "who", "whose", "what's", "how's", "who's",
    "where's", "when's", "why's",
];

/// Words between "How" and an inverted auxiliary ("How often should you…").
#[rustfmt::skip]
const HOW_ADVERBS: &[&str] = &[
    "often", "much", "many", "long", "soon", "far", "well", "big", "fast", "early", "late",
    "quickly", "frequently",
];

/// Words that make a clause depend on what came before.
#[rustfmt::skip]
const CONTEXT_OPENERS: &[&str] = &[
    "this", "that", "these", "those", "it", "it's", "its", "they", "they're", "them", "he", "she",
    "here", "here's", "there", "such", "and", "but", "so", "or", "because", "also", "then", "yet",
    "however", "still", "instead", "again", "another", "both",
];

/// Phrases that point at the post around a sentence.
#[rustfmt::skip]
const CONTEXT_PHRASES: &[&str] = &[
    "below", "above", "this post", "this article", "this guide", "in this", "the following",
    "click", "you'll learn", "read on", "let's",
];

/// Words that say when, so "today" is not added.
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "today", "now", "currently", "anymore", "daily", "weekly", "monthly", "yearly", "annually",
    "every", "each", "year", "years", "month", "months", "week", "weeks", "day", "days", "quarter",
    "season", "tomorrow", "tonight", "again", "always", "never", "still", "yet", "ever", "often",
    "regularly", "morning", "mornings", "hour", "hours", "minute", "minutes",
];

/// Words that keep a capital wherever they are.
#[rustfmt::skip]
const ALWAYS_CAPITAL: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december",
];

/// Names of platforms and tools marketing posts name in titles, kept with a
/// capital even when the text does not say them (names that are also common
/// words, like Notion, Buffer or Threads, need the text's evidence).
#[rustfmt::skip]
const NAMES: &[&str] = &[
    "instagram", "facebook", "twitter", "google", "pinterest", "reddit", "bluesky", "mastodon",
    "slack", "trello", "asana", "shopify", "mailchimp", "substack", "canva", "figma", "excel",
    "gmail", "amazon", "microsoft", "spotify", "discord", "twitch", "snapchat", "tumblr", "quora",
    "squarespace", "wix", "webflow", "zapier", "airtable", "salesforce", "etsy", "chatgpt",
    "openai", "apple", "android", "windows", "wordpress", "hubspot", "linkedin", "youtube",
    "tiktok", "whatsapp", "instagram's", "google's", "facebook's", "twitter's", "linkedin's",
    "english", "european", "american", "british",
];

/// Acronyms marketing tags are often written in lowercase.
#[rustfmt::skip]
const ACRONYMS: &[(&str, &str)] = &[
    ("seo", "SEO"), ("ai", "AI"), ("roi", "ROI"), ("b2b", "B2B"), ("b2c", "B2C"), ("saas", "SaaS"),
    ("ux", "UX"), ("ui", "UI"), ("crm", "CRM"), ("cms", "CMS"), ("api", "API"), ("kpi", "KPI"),
    ("kpis", "KPIs"), ("ppc", "PPC"), ("cta", "CTA"), ("ctas", "CTAs"), ("smb", "SMB"),
    ("smbs", "SMBs"), ("gdpr", "GDPR"), ("rss", "RSS"), ("pr", "PR"), ("hr", "HR"), ("okr", "OKR"),
    ("okrs", "OKRs"), ("ugc", "UGC"), ("llm", "LLM"), ("llms", "LLMs"),
];

/// Tags that name a kind of post, not a topic the reader has.
#[rustfmt::skip]
const META_TAG_WORDS: &[&str] = &[
    "news", "announcement", "announcements", "update", "updates", "release", "releases", "product",
    "company", "launch", "launches", "events", "event", "press", "changelog", "webinar", "webinars",
    "promo", "promotion", "sale", "offer", "offers", "featured", "uncategorized", "misc", "general",
    "blog",
];

/// Imperatives that are rarely nouns.
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "agree", "align", "ask", "automate", "avoid", "batch", "become", "begin", "borrow",
    "bring", "build", "capture", "celebrate", "choose", "clarify", "collect", "combine", "connect",
    "craft", "create", "cut", "decide", "define", "delegate", "delete", "ditch", "drop", "earn",
    "embrace", "encourage", "find", "fix", "follow", "forget", "get", "give", "grow", "hire",
    "identify", "ignore", "improve", "invite", "involve", "keep", "know", "learn", "let", "limit",
    "listen", "make", "measure", "mix", "move", "nail", "pair", "pick", "prepare", "prioritize",
    "prioritise", "protect", "prune", "pull", "put", "recycle", "reduce", "remove", "repeat",
    "reply", "repurpose", "respond", "rethink", "reuse", "revisit", "reward", "run", "say", "see",
    "send", "set", "show", "simplify", "skip", "slow", "speak", "spend", "split", "start", "stay",
    "stick", "stop", "streamline", "swap", "tailor", "take", "talk", "teach", "tell", "think",
    "track", "treat", "trim", "try", "turn", "understand", "write", "lead", "aim", "cultivate",
    "guard", "interview", "invest", "open", "ship", "win", "boost", "increase", "attract", "engage",
    "convert", "retain", "nurture", "clean", "warm", "rewrite", "refresh", "repackage", "explain",
    "handle", "manage", "organize", "organise", "shorten", "tighten", "finish", "hook", "close",
];

/// Imperatives that are often nouns too: they count only before an object word.
#[rustfmt::skip]
const NOUN_VERBS: &[&str] = &[
    "plan", "review", "test", "schedule", "map", "audit", "report", "document", "design", "draft",
    "outline", "budget", "post", "link", "tag", "email", "check", "work", "use", "need", "change",
    "offer", "study", "process", "edit", "record", "list", "label", "name", "note", "mark", "count",
    "score", "rank", "sort", "group", "format", "frame", "time", "research", "update", "host",
    "call", "share", "focus", "answer", "question", "publish", "promote", "reach",
];

/// Words that can follow an imperative verb.
#[rustfmt::skip]
const OBJECT_STARTS: &[&str] = &[
    "a", "an", "the", "your", "you", "one", "each", "every", "it", "them", "this", "that", "these",
    "those", "some", "more", "less", "fewer", "better", "up", "out", "down", "back", "ahead",
    "with", "to", "for", "on", "in", "from", "about", "what", "how", "who", "when", "why",
    "which", "everything", "nothing", "all", "only", "first", "early", "often", "together",
    "smarter", "faster", "before", "after", "around", "like", "yourself",
];

/// Plural nouns after a number that are amounts, not lists ("5 Minutes to…").
#[rustfmt::skip]
const TIME_UNITS: &[&str] = &[
    "seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "dollars",
    "euros", "percent", "times", "words", "pages", "posts", "subscribers", "followers", "readers",
];

/// Number words that start a list title.
#[rustfmt::skip]
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty", "forty", "fifty", "hundred", "dozen",
];

/// Adjectives of a list that praise it rather than say what it is about.
#[rustfmt::skip]
const LIST_PRAISE: &[&str] = &[
    "simple", "easy", "quick", "proven", "best", "top", "essential", "powerful", "surprising",
    "common", "costly", "biggest", "big", "smart", "effective", "practical", "actionable", "key",
    "great", "little", "known", "underrated", "brilliant", "crucial", "important", "critical",
    "ultimate", "unexpected", "creative", "fresh", "clever", "painful", "deadly", "expensive",
    "sneaky", "hidden", "overlooked", "real", "honest", "useful", "must", "know", "surprisingly",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    /// Things to avoid: "Which … have you run into?"
    Pitfall,
    /// Things to do: "What has worked best for you…?"
    Advice,
    Lesson,
    Reason,
    Sign,
    /// Anything else that is listed: only "What would you add to this list…?"
    Other,
}

/// List nouns: plural, singular, kind.
#[rustfmt::skip]
const LIST_NOUNS: &[(&str, &str, ListKind)] = &[
    ("mistakes", "mistake", ListKind::Pitfall), ("pitfalls", "pitfall", ListKind::Pitfall),
    ("myths", "myth", ListKind::Pitfall), ("traps", "trap", ListKind::Pitfall),
    ("errors", "error", ListKind::Pitfall), ("misconceptions", "misconception", ListKind::Pitfall),
    ("problems", "problem", ListKind::Pitfall), ("challenges", "challenge", ListKind::Pitfall),
    ("sins", "sin", ListKind::Pitfall), ("excuses", "excuse", ListKind::Pitfall),
    ("ways", "way", ListKind::Advice), ("tips", "tip", ListKind::Advice),
    ("ideas", "idea", ListKind::Advice), ("strategies", "strategy", ListKind::Advice),
    ("tactics", "tactic", ListKind::Advice), ("hacks", "hack", ListKind::Advice),
    ("tricks", "trick", ListKind::Advice), ("techniques", "technique", ListKind::Advice),
    ("steps", "step", ListKind::Advice), ("habits", "habit", ListKind::Advice),
    ("rules", "rule", ListKind::Advice), ("practices", "practice", ListKind::Advice),
    ("principles", "principle", ListKind::Advice), ("secrets", "secret", ListKind::Advice),
    ("methods", "method", ListKind::Advice), ("approaches", "approach", ListKind::Advice),
    ("moves", "move", ListKind::Advice), ("shortcuts", "shortcut", ListKind::Advice),
    ("lessons", "lesson", ListKind::Lesson), ("takeaways", "takeaway", ListKind::Lesson),
    ("insights", "insight", ListKind::Lesson), ("learnings", "learning", ListKind::Lesson),
    ("truths", "truth", ListKind::Lesson),
    ("reasons", "reason", ListKind::Reason),
    ("signs", "sign", ListKind::Sign), ("signals", "signal", ListKind::Sign),
    ("questions", "question", ListKind::Other), ("tools", "tool", ListKind::Other),
    ("examples", "example", ListKind::Other), ("books", "book", ListKind::Other),
    ("templates", "template", ListKind::Other), ("resources", "resource", ListKind::Other),
    ("metrics", "metric", ListKind::Other), ("trends", "trend", ListKind::Other),
    ("things", "thing", ListKind::Other), ("types", "type", ListKind::Other),
    ("apps", "app", ListKind::Other), ("podcasts", "podcast", ListKind::Other),
    ("newsletters", "newsletter", ListKind::Other), ("stats", "stat", ListKind::Other),
    ("statistics", "statistic", ListKind::Other), ("quotes", "quote", ListKind::Other),
    ("prompts", "prompt", ListKind::Other), ("formats", "format", ListKind::Other),
    ("kpis", "KPI", ListKind::Other), ("channels", "channel", ListKind::Other),
    ("platforms", "platform", ListKind::Other), ("rituals", "ritual", ListKind::Advice),
];

/// Headings that close a post rather than teach a step.
#[rustfmt::skip]
const HEADING_CALLS: &[&str] = &[
    "learn more", "read more", "keep reading", "get started", "start here", "get in touch",
    "find out more", "see also", "take the next step", "take action", "try it", "join in",
    "stay tuned", "stay in touch", "get the template", "get the checklist", "see it in action",
];

/// Words that start a phrase that is not a noun phrase ("From 0 to 10k").
#[rustfmt::skip]
const PREPOSITIONS: &[&str] = &[
    "from", "to", "in", "on", "at", "for", "with", "about", "by", "into", "beyond", "inside",
    "after", "before", "under", "over", "between", "without", "beyond", "against", "through",
];

/// Prepositions that attach a phrase to a list noun ("mistakes in email marketing").
#[rustfmt::skip]
const ATTACHING: &[&str] = &[
    "in", "with", "on", "for", "of", "about", "at", "during", "from", "across", "around", "beyond",
];
/// Conjunctions that start a time clause ("mistakes … when hiring a writer").
#[rustfmt::skip]
const ADVERBIAL: &[&str] = &["when", "while", "before", "after", "if", "once"];

/// Genre words of a guide title: "The Beginner's Guide to X".
#[rustfmt::skip]
const GENRE_WORDS: &[&str] = &[
    "guide", "introduction", "intro", "primer", "handbook", "playbook", "checklist", "overview",
    "tutorial", "course", "sheet", "dive", "manual", "roadmap", "blueprint", "framework",
];
/// Words before a genre word: "The Complete Beginner's …".
#[rustfmt::skip]
const GENRE_PREFIX: &[&str] = &[
    "the", "a", "an", "your", "ultimate", "complete", "definitive", "beginner's", "beginners",
    "quick", "simple", "essential", "practical", "short", "brief", "comprehensive", "step", "by",
    "no", "nonsense", "modern", "cheat", "crash", "deep", "field", "friendly", "easy", "full",
];
/// Genre words at the end of a title: "Email Marketing 101".
#[rustfmt::skip]
const GENRE_SUFFIX: &[&str] = &[
    "101", "basics", "explained", "essentials", "fundamentals", "demystified", "guide", "checklist",
    "primer", "playbook", "handbook", "faq", "faqs", "cheatsheet",
];

/// Function words that are only English (words shared with other languages are left out).
#[rustfmt::skip]
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "to", "for", "with", "how", "why", "what", "when", "where", "which", "who",
    "is", "are", "your", "you", "not", "vs", "does", "should", "can", "this", "that", "it", "from",
    "by", "my", "our", "we", "at", "be", "will", "than", "more", "about", "without", "ways",
    "tips", "into", "or", "an", "do",
];
/// Function words of other languages (Spanish, French, German, Italian, Portuguese, Dutch, Nordic).
#[rustfmt::skip]
const FOREIGN_WORDS: &[&str] = &[
    "de", "la", "el", "los", "las", "un", "una", "y", "para", "con", "por", "del", "que", "cómo",
    "qué", "por qué", "le", "les", "des", "du", "et", "pour", "avec", "une", "est", "der", "die",
    "das", "und", "mit", "für", "ein", "eine", "wie", "warum", "il", "di", "che", "per", "gli",
    "della", "het", "een", "voor", "met", "och", "att", "för", "não", "com", "uma", "os", "como",
    "sur", "dans", "au", "aux", "zu", "nicht", "ist", "sind", "pas", "plus", "sobre", "tu", "tus",
    "su", "sus", "ihr", "ihre", "votre", "vos", "comment", "pourquoi", "wat", "hoe", "waarom",
];

// ---------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------

/// A word of a text: where it is, and its lowercase form with straight apostrophes.
#[derive(Debug, Clone)]
struct Word {
    start: usize,
    end: usize,
    /// Inline up to 24 bytes: almost every word, so splitting a post's
    /// text makes no allocation a word.
    lower: CompactString,
}

/// Runs of letters and digits, with apostrophes inside ("don't", "we’re").
fn words_of(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut spans = WordSpans::new(text);
    while let Some((start, end)) = spans.next() {
        let word = &text[start..end];
        // The scan saw the word's letters: most words need no second look.
        let lower = match spans.case {
            Case::AsciiLower => CompactString::from(word),
            Case::AsciiUpper => {
                let mut lower = CompactString::from(word);
                lower.make_ascii_lowercase();
                lower
            }
            Case::Other => lowercase(word),
        };
        out.push(Word { start, end, lower });
    }
    out
}

/// What [`WordSpans`] saw of the letters of the word it found last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// ASCII letters and digits, no capital: its own lowercase form.
    AsciiLower,
    /// ASCII letters and digits with a capital.
    AsciiUpper,
    /// Letters beyond ASCII or an apostrophe: lowered by [`lowercase`].
    Other,
}

/// Where [`words_of`] finds words, without lowering them: most callers of
/// this one look at few of the words.
struct WordSpans<'t> {
    text: &'t str,
    at: usize,
    case: Case,
}

impl<'t> WordSpans<'t> {
    fn new(text: &'t str) -> Self {
        WordSpans {
            text,
            at: 0,
            case: Case::Other,
        }
    }
}

impl Iterator for WordSpans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        use crate::guidelines::classify::{is_ascii_word_byte, word_end};
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.at;
        loop {
            while i < bytes.len() && bytes[i].is_ascii() && !is_ascii_word_byte(bytes[i]) {
                i += 1;
            }
            if i >= bytes.len() {
                self.at = i;
                return None;
            }
            let start = i;
            // Plain ASCII letters and digits here; `word_end` for the rest.
            let mut end = i;
            let mut upper = false;
            while end < bytes.len() && is_ascii_word_byte(bytes[end]) {
                upper |= bytes[end].is_ascii_uppercase();
                end += 1;
            }
            self.case = if upper {
                Case::AsciiUpper
            } else {
                Case::AsciiLower
            };
            if end < bytes.len() && !bytes[end].is_ascii() {
                let ascii_end = end;
                end = word_end(text, end);
                if end != ascii_end {
                    self.case = Case::Other;
                }
            }
            if end == start {
                // Not a letter or digit beyond ASCII: a symbol, a dash, ...
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            // An apostrophe joins the word when a letter or digit follows it.
            loop {
                let rest = &bytes[end..];
                let apostrophe = if rest.starts_with(b"'") {
                    1
                } else if rest.starts_with("’".as_bytes()) {
                    "’".len()
                } else {
                    break;
                };
                let after = word_end(text, end + apostrophe);
                if after == end + apostrophe {
                    break;
                }
                end = after;
                self.case = Case::Other;
            }
            self.at = end;
            return Some((start, end));
        }
    }
}

/// Lowercase with straight apostrophes.
fn lowercase(word: &str) -> CompactString {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return CompactString::from(word);
        }
        // Most words have no capital and are copied as they are; the rest
        // are lowered on the stack (24 bytes: CompactString's inline size).
        let mut buf = [0u8; 24];
        if let Some(buf) = buf.get_mut(..word.len()) {
            for (to, &from) in buf.iter_mut().zip(word.as_bytes()) {
                *to = from.to_ascii_lowercase();
            }
            if let Ok(lower) = std::str::from_utf8(buf) {
                return CompactString::from(lower);
            }
        }
        let mut lower = CompactString::from(word);
        lower.make_ascii_lowercase();
        lower
    } else {
        CompactString::from(word.to_lowercase().replace('’', "'"))
    }
}

/// A word list's phrases as lowercase words, split once: the lists are
/// checked against every sentence of every post (see [`PhraseTable`]).
struct PhraseList(PhraseTable);

impl PhraseList {
    fn new(phrases: &[&str]) -> Self {
        PhraseList(PhraseTable::new(
            phrases.iter().map(|p| (0, lower_words(p))),
        ))
    }

    /// Whether any phrase occurs in `words`.
    fn any_in(&self, words: &[Word]) -> bool {
        self.0.any_in(words, lowercase_of)
    }

    /// Whether `words` starts with one of the phrases.
    fn starts(&self, words: &[Word]) -> bool {
        self.0.starts(words, lowercase_of)
    }

    /// The longest phrase `words` starts with.
    fn longest_at(&self, words: &[Word]) -> Option<&[String]> {
        self.0
            .longest_at(words, lowercase_of)
            .map(|p| p.words.as_slice())
    }
}

fn lowercase_of(word: &Word) -> &str {
    &word.lower
}

static GENERATED_PROMO_PHRASES: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(GENERATED_PROMO));
static ANNOUNCING_OPENER_PHRASES: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(ANNOUNCING_OPENERS));
static ASSESS_PROMO_PHRASES: LazyLock<PhraseList> = LazyLock::new(|| PhraseList::new(ASSESS_PROMO));
static INVITATION_PHRASES: LazyLock<PhraseList> = LazyLock::new(|| PhraseList::new(INVITATIONS));
static CONTEXT_PHRASE_LIST: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(CONTEXT_PHRASES));
/// [`HEADING_CALLS`] as lowercase words, split once (every heading of every
/// post is compared with them).
static HEADING_CALL_WORDS: LazyLock<Vec<Vec<String>>> =
    LazyLock::new(|| HEADING_CALLS.iter().map(|c| lower_words(c)).collect());

fn lower_words(text: &str) -> Vec<String> {
    words_of(text).into_iter().map(|w| w.lower.into()).collect()
}

fn is_in(set: &[&str], word: &str) -> bool {
    set.contains(&word)
}

/// Whether a word is "we/our/us…", with "US" in capitals being the country.
fn is_first_plural(text: &str, word: &Word) -> bool {
    is_in(FIRST_PLURAL, &word.lower) && &text[word.start..word.end] != "US"
}

fn speaks_as_company(text: &str, words: &[Word]) -> bool {
    words.iter().any(|w| is_first_plural(text, w))
}

fn speaks_as_author(words: &[Word]) -> bool {
    words.iter().any(|w| is_in(FIRST_SINGULAR, &w.lower))
}

fn addresses_reader(words: &[Word]) -> bool {
    words.iter().any(|w| is_in(SECOND_PERSON, &w.lower))
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_digit())
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && is_number(word) && (word.starts_with("19") || word.starts_with("20"))
}

/// The first letter in upper case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Trailing punctuation off, and whether it ended in "?".
fn strip_end(text: &str) -> (&str, bool) {
    let mut question = false;
    let mut t = text.trim();
    loop {
        let before = t;
        t = t.trim_end();
        if let Some(rest) = t.strip_suffix('?') {
            question = true;
            t = rest;
        }
        t = t.trim_end_matches(['.', '!', ',', ';', ':', '…', '-', '–', '—', '"', '”', '\'']);
        if t.ends_with(')') || t.ends_with(']') {
            let open = if t.ends_with(')') { '(' } else { '[' };
            if let Some(at) = t.rfind(open)
                && at > 0
            {
                t = &t[..at];
            }
        }
        if t == before {
            return (t.trim(), question);
        }
    }
}

/// Leading "[Template]" and quotes off.
fn strip_start(text: &str) -> &str {
    let mut t = text.trim_start();
    loop {
        let before = t;
        // Quotes around the whole title, not "\"Good Enough\" Is Good Enough".
        let inner = t.trim_start_matches(['"', '“', '\'', '‘']);
        if inner.len() < t.len() && !inner.contains(['"', '”', '’']) {
            t = inner.trim_start();
        }
        if let Some(rest) = t.strip_prefix('[')
            && let Some(end) = rest.find(']')
        {
            t = rest[end + 1..].trim_start();
        }
        if t == before {
            return t;
        }
    }
}

// ---------------------------------------------------------------------------
// Brand names
// ---------------------------------------------------------------------------

/// Brand names as lowercase word sequences, longest first.
struct Brands {
    names: Vec<Vec<String>>,
}

impl Brands {
    fn new(brand_names: &[String]) -> Self {
        let mut names: Vec<Vec<String>> = Vec::new();
        for name in brand_names {
            let words = lower_words(name);
            if !words.is_empty() && !names.contains(&words) {
                names.push(words);
            }
        }
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Brands { names }
    }

    /// Matches as (first word, word count), left to right, longest first.
    fn matches(&self, words: &[Word]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let found = self.names.iter().find(|name| {
                words.len() - i >= name.len()
                    && words[i..i + name.len()]
                        .iter()
                        .zip(name.iter())
                        .all(|(w, n)| w.lower == *n)
            });
            match found {
                Some(name) => {
                    out.push((i, name.len()));
                    i += name.len();
                }
                None => i += 1,
            }
        }
        out
    }

    fn named_in(&self, words: &[Word]) -> bool {
        !self.matches(words).is_empty()
    }
}

// ---------------------------------------------------------------------------
// Assessing
// ---------------------------------------------------------------------------

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn assess_with(prompt: &str, brands: &Brands) -> Vec<(Issue, String)> {
    let text = prompt.trim();
    assess_words(text, &words_of(text), brands)
}

/// [`assess_with`] for a trimmed `text` already split into `words`.
fn assess_words(text: &str, words: &[Word], brands: &Brands) -> Vec<(Issue, String)> {
    let mut issues = Vec::new();
    if let Some(reason) = promotional(text, words, brands) {
        issues.push((Issue::Promotional, reason));
    }
    if let Some(reason) = not_a_question(text, words) {
        issues.push((Issue::NotAQuestion, reason));
    }
    if let Some(reason) = yes_no(text, words) {
        issues.push((Issue::YesNo, reason));
    }
    issues
}

fn promotional(text: &str, words: &[Word], brands: &Brands) -> Option<String> {
    let slice = |a: usize, n: usize| text[words[a].start..words[a + n - 1].end].to_string();
    let invitation = words.len() >= 2 && words[0].lower == "tell" && words[1].lower == "us";
    let mut talk: Vec<(usize, String)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if is_first_plural(text, w) && !(invitation && i == 1) {
            talk.push((i, slice(i, 1)));
        }
    }
    for (at, n) in brands.matches(words) {
        talk.push((at, slice(at, n)));
    }
    talk.sort_by_key(|(at, _)| *at);
    let mut talk_words: Vec<String> = Vec::new();
    for (_, w) in talk {
        if !talk_words.iter().any(|t| t.eq_ignore_ascii_case(&w)) {
            talk_words.push(w);
        }
    }
    let mut promo_words: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = ASSESS_PROMO_PHRASES.longest_at(&words[i..]);
        match found {
            Some(p) => {
                let w = slice(i, p.len());
                if !promo_words.iter().any(|t| t.eq_ignore_ascii_case(&w)) {
                    promo_words.push(w);
                }
                i += p.len();
            }
            None => i += 1,
        }
    }
    let mut reasons = Vec::new();
    if !talk_words.is_empty() {
        reasons.push(format!(
            "talks about the brand: {}",
            quoted_list(&talk_words)
        ));
    }
    if !promo_words.is_empty() {
        reasons.push(format!(
            "uses promotional words: {}",
            quoted_list(&promo_words)
        ));
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// The text without trailing spaces, quotes, brackets and emoji.
fn trim_decoration(text: &str) -> &str {
    text.trim_end_matches(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '!' | '?')))
}

fn not_a_question(text: &str, words: &[Word]) -> Option<String> {
    let end = trim_decoration(text);
    if end.is_empty() || words.is_empty() {
        return Some("is empty: there is nothing to reply to".to_string());
    }
    let closing: String = end
        .chars()
        .rev()
        .take_while(|c| matches!(c, '.' | '!' | '?'))
        .collect();
    if closing.contains('?') {
        return None;
    }
    if INVITATION_PHRASES.starts(words) {
        return None;
    }
    let from = words[words.len().saturating_sub(2)].start;
    Some(format!(
        "ends with \"{}\", not \"?\", and invites no reply (\"Tell us\", \"Share\", \"Reply with\"): a statement gets read, not answered",
        &end[from..]
    ))
}

/// Sentences as word ranges, each with whether it ends in "?".
fn sentence_ranges(text: &str, words: &[Word]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..words.len() {
        let gap_end = words.get(i + 1).map_or(text.len(), |w| w.start);
        let gap = &text[words[i].end..gap_end];
        if gap.contains(['?', '!', '.']) || i + 1 == words.len() {
            out.push((first, i + 1, gap.contains('?')));
            first = i + 1;
        }
    }
    out
}

fn yes_no(text: &str, words: &[Word]) -> Option<String> {
    for (first, end, question) in sentence_ranges(text, words) {
        if !question || !is_in(YES_NO_STARTERS, &words[first].lower) {
            continue;
        }
        let open = words[first + 1..]
            .iter()
            .any(|w| is_in(OPENERS_OF_ALTERNATIVES, &w.lower));
        if open {
            continue;
        }
        let last = (first + 1).min(end - 1);
        return Some(format!(
            "starts with \"{}\": a yes/no question gets yes or no, not a story",
            &text[words[first].start..words[last].end]
        ));
    }
    None
}

/// Whether a generated prompt may be offered.
fn acceptable(text: &str, brands: &Brands) -> bool {
    let words = words_of(text);
    let opens = match text.chars().next() {
        Some('“') => true,
        _ => words
            .first()
            .is_some_and(|w| w.start == 0 && is_in(PROMPT_OPENERS, w.lower.trim_end_matches("'s"))),
    };
    opens
        && text.ends_with('?')
        && words.len() >= 4
        && text.chars().count() <= MAX_PROMPT_CHARS
        && addresses_reader(&words)
        && !speaks_as_author(&words)
        && !GENERATED_PROMO_PHRASES.any_in(&words)
        && if text.trim().len() == text.len() {
            // Already split: the words' offsets are the trimmed text's.
            assess_words(text, &words, brands).is_empty()
        } else {
            assess_with(text, brands).is_empty()
        }
}

// ---------------------------------------------------------------------------
// Capital letters
// ---------------------------------------------------------------------------

/// How a title or heading is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Most words start with a capital: capitals say nothing.
    Title,
    /// Only names have capitals: keep them.
    Sentence,
    /// ALL CAPS.
    Caps,
}

/// Short words Title Case leaves in lowercase.
#[rustfmt::skip]
const TITLE_SMALL: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "for", "to", "of", "in", "on", "at", "by", "with",
    "from", "as", "vs", "via", "per", "into", "up", "off", "out", "over", "than", "so", "yet", "if",
];

fn style_of(text: &str) -> Style {
    let words = words_of(text);
    let lettered: Vec<&str> = words
        .iter()
        .map(|w| &text[w.start..w.end])
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let caps = lettered
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect::<Vec<_>>();
    if caps.len() >= 2 && caps.iter().all(|w| !w.chars().any(char::is_lowercase)) {
        return Style::Caps;
    }
    // Words after the first of each part, that Title Case capitalises.
    let mut significant = 0;
    let mut capitalised = 0;
    for (i, w) in words.iter().enumerate() {
        let raw = &text[w.start..w.end];
        let part_start = i == 0
            || text[..w.start]
                .trim_end()
                .ends_with([':', '?', '|', '—', '–']);
        if part_start || is_in(TITLE_SMALL, &w.lower) || !raw.chars().any(char::is_alphabetic) {
            continue;
        }
        significant += 1;
        if raw.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        }
    }
    if significant > 0 && capitalised * 5 >= significant * 3 {
        Style::Title
    } else {
        Style::Sentence
    }
}

/// How the post writes a word in the middle of sentences.
#[derive(Debug, Default)]
struct Evidence {
    lower: usize,
    capital: usize,
    /// Spellings other than all-lowercase, and how often.
    forms: FxHashMap<String, usize>,
}

/// Casing evidence from the post's prose, kept for the words it ever
/// capitalises (a word never capitalised mid-sentence is never proper).
#[derive(Debug, Default)]
struct Casing {
    words: FxHashMap<CompactString, Evidence>,
}

/// Whether a word at `start` opens a sentence, list item or quotation.
fn sentence_initial(text: &str, start: usize) -> bool {
    match text[..start].chars().rev().find(|c| !c.is_whitespace()) {
        None => true,
        Some(c) => !(c.is_alphanumeric() || matches!(c, ',' | '%' | '’' | '\'' | '&' | '/')),
    }
}

impl Casing {
    fn from_prose(sources: &[&str]) -> Self {
        let mut casing = Casing::default();
        // Lowercase words count only against words seen capitalised, which
        // may come later: keep them until every capital is known.
        let mut lowercase_words: Vec<&str> = Vec::new();
        for source in sources {
            for (start, end) in WordSpans::new(source) {
                let raw = &source[start..end];
                let ascii = raw.is_ascii();
                let (alphabetic, upper) = if ascii {
                    (
                        raw.bytes().any(|b| b.is_ascii_alphabetic()),
                        raw.bytes().any(|b| b.is_ascii_uppercase()),
                    )
                } else {
                    (
                        raw.chars().any(char::is_alphabetic),
                        raw.chars().any(char::is_uppercase),
                    )
                };
                if !alphabetic || sentence_initial(source, start) {
                    continue;
                }
                if upper {
                    let e = casing.words.entry(lowercase(raw)).or_default();
                    e.capital += 1;
                    // A form seen before is counted without a copy of it.
                    let form = if raw.contains('’') {
                        std::borrow::Cow::Owned(raw.replace('’', "'"))
                    } else {
                        std::borrow::Cow::Borrowed(raw)
                    };
                    match e.forms.get_mut(form.as_ref()) {
                        Some(count) => *count += 1,
                        None => {
                            e.forms.insert(form.into_owned(), 1);
                        }
                    }
                } else {
                    lowercase_words.push(raw);
                }
            }
        }
        if casing.words.is_empty() {
            return casing;
        }
        for raw in lowercase_words {
            let e = if raw.is_ascii() {
                casing.words.get_mut(raw)
            } else {
                casing.words.get_mut(lowercase(raw).as_str())
            };
            if let Some(e) = e {
                e.lower += 1;
            }
        }
        casing
    }

    /// The post writes it with a capital more often than without.
    fn proper(&self, lower: &str) -> bool {
        self.words.get(lower).is_some_and(|e| e.capital > e.lower)
    }

    /// The post's usual capitalised spelling, if it usually capitalises the word.
    fn best_form(&self, lower: &str) -> Option<String> {
        let e = self.words.get(lower)?;
        if e.capital <= e.lower {
            return None;
        }
        e.forms
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(form, _)| form.clone())
    }

    fn case_word(&self, raw: &str, lower: &str, style: Style) -> String {
        if raw == "I" || (raw.starts_with("I'") || raw.starts_with("I’")) {
            return raw.to_string();
        }
        let has_lower = raw.chars().any(char::is_lowercase);
        if style == Style::Caps && !has_lower {
            if let Some(form) = self.best_form(lower) {
                return form;
            }
            if let Some((_, form)) = ACRONYMS.iter().find(|(l, _)| *l == lower) {
                return (*form).to_string();
            }
            return raw.to_lowercase();
        }
        let first_upper = raw.chars().next().is_some_and(char::is_uppercase);
        let inner_upper = raw.chars().skip(1).any(char::is_uppercase);
        if inner_upper
            || !first_upper
            || is_in(ALWAYS_CAPITAL, lower)
            || is_in(NAMES, lower)
            || self.proper(lower)
        {
            return raw.to_string();
        }
        raw.to_lowercase()
    }

    /// `text` with each word cased for the middle of a sentence, or for its
    /// start when `start`.
    fn recase(&self, text: &str, style: Style, start: bool) -> String {
        let words = words_of(text);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (i, w) in words.iter().enumerate() {
            out.push_str(&text[last..w.start]);
            let raw = &text[w.start..w.end];
            let cased = if style == Style::Sentence && i > 0 {
                raw.to_string()
            } else {
                self.case_word(raw, &w.lower, style)
            };
            if i == 0 && start {
                out.push_str(&capitalize(&cased));
            } else {
                out.push_str(&cased);
            }
            last = w.end;
        }
        out.push_str(&text[last..]);
        out
    }

    /// A tag's words in the post's own spelling ("seo" → "SEO").
    fn case_tag(&self, tag: &str) -> String {
        let words = words_of(tag);
        let mut out = String::new();
        let mut last = 0;
        for w in &words {
            out.push_str(&tag[last..w.start]);
            let raw = &tag[w.start..w.end];
            let cased = if raw.chars().skip(1).any(char::is_uppercase) {
                raw.to_string()
            } else if raw.chars().any(char::is_uppercase) {
                // "Meetings" as a tag is not a name; "Google" is.
                self.case_word(raw, &w.lower, Style::Title)
            } else if let Some(form) = self.best_form(&w.lower) {
                form
            } else if let Some((_, form)) = ACRONYMS.iter().find(|(l, _)| *l == w.lower) {
                (*form).to_string()
            } else {
                raw.to_string()
            };
            out.push_str(&cased);
            last = w.end;
        }
        out.push_str(&tag[last..]);
        out
    }
}

/// "I/my/me" as "you/your".
fn to_second_person(text: &str) -> String {
    let words = words_of(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for w in &words {
        out.push_str(&text[last..w.start]);
        let replaced = match w.lower.as_str() {
            "i" | "me" => "you",
            "my" => "your",
            "mine" => "yours",
            "myself" => "yourself",
            "i'm" => "you're",
            "i've" => "you've",
            "i'll" => "you'll",
            "i'd" => "you'd",
            _ => &text[w.start..w.end],
        };
        out.push_str(replaced);
        last = w.end;
    }
    out.push_str(&text[last..]);
    out
}

// ---------------------------------------------------------------------------
// Generating
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Candidate {
    text: String,
    angle: Angle,
    /// Higher is better.
    rank: u8,
}

impl Candidate {
    fn new(text: String, angle: Angle, rank: u8) -> Self {
        Candidate { text, angle, rank }
    }
}

const LEAD: u8 = 100;
const SECOND: u8 = 90;
const CLAIM_FIGURE: u8 = 80;
const HEADING: u8 = 70;
const CLAIM_STRONG: u8 = 60;
const NOUN_PHRASE: u8 = 55;
const TAG: u8 = 50;
const QUOTED_TITLE: u8 = 30;

/// Best of each angle first, up to four; then the next best up to two.
fn select(mut candidates: Vec<Candidate>) -> Vec<Prompt> {
    candidates.sort_by_key(|c| std::cmp::Reverse(c.rank));
    let mut unique: Vec<Candidate> = Vec::new();
    for c in candidates {
        if !unique.iter().any(|u| u.text.eq_ignore_ascii_case(&c.text)) {
            unique.push(c);
        }
    }
    let mut chosen: Vec<usize> = Vec::new();
    for (i, c) in unique.iter().enumerate() {
        if chosen.len() == 4 {
            break;
        }
        if !chosen.iter().any(|&j| unique[j].angle == c.angle) {
            chosen.push(i);
        }
    }
    for i in 0..unique.len() {
        if chosen.len() >= 2 {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_by_key(|&i| (std::cmp::Reverse(unique[i].rank), i));
    chosen
        .into_iter()
        .map(|i| Prompt {
            text: unique[i].text.clone(),
            angle: unique[i].angle,
        })
        .collect()
}

/// A piece of a title between separators.
struct Part {
    text: String,
    question: bool,
    words: Vec<Word>,
}

impl Part {
    fn new(raw: &str) -> Option<Part> {
        let (mut text, question) = strip_end(strip_start(raw));
        // "No, You Don't Need…": the interjection is not part of the claim.
        for interjection in ["No, ", "Yes, ", "OK, ", "Okay, ", "So, ", "Look, "] {
            if let Some(rest) = text.strip_prefix(interjection) {
                text = rest.trim_start();
            }
        }
        let words = words_of(text);
        (!words.is_empty()).then(|| Part {
            text: text.to_string(),
            question,
            words,
        })
    }

    fn first(&self) -> &str {
        &self.words[0].lower
    }

    fn word(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.lower.as_str())
    }

    /// The text from word `i` on.
    fn from(&self, i: usize) -> &str {
        self.words
            .get(i)
            .map_or("", |w| self.text[w.start..].trim())
    }

    /// The text of words `a..b`.
    fn span(&self, a: usize, b: usize) -> &str {
        if a >= b || b > self.words.len() {
            return "";
        }
        &self.text[self.words[a].start..self.words[b - 1].end]
    }
}

/// The title's parts: split at ": ", " - ", " – ", " — ", " | " and after "? ".
fn split_title(title: &str) -> Vec<Part> {
    // "Twitter Is Dead. Long Live Bluesky?": two sentences, but not "vs. ".
    let mut marked = String::with_capacity(title.len());
    let mut last = 0;
    for (at, _) in title.match_indices(". ") {
        let before = title[last..at]
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_lowercase();
        marked.push_str(&title[last..at]);
        marked.push_str(if is_in(ABBREVIATIONS, &before) {
            ". "
        } else {
            ".\u{1f}"
        });
        last = at + 2;
    }
    marked.push_str(&title[last..]);
    let mut marked = marked.replace("? ", "?\u{1f}");
    for sep in [": ", " - ", " – ", " — ", " | ", "—", "–"] {
        // Most titles have one separator at most: copy only for those.
        if marked.contains(sep) {
            marked = marked.replace(sep, "\u{1f}");
        }
    }
    marked.split('\u{1f}').filter_map(Part::new).collect()
}

/// Whether a title's words are mostly not English.
fn looks_foreign(title: &str) -> bool {
    let words = lower_words(title);
    let english = words.iter().filter(|w| is_in(ENGLISH_WORDS, w)).count();
    let mut foreign = words.iter().filter(|w| is_in(FOREIGN_WORDS, w)).count();
    if title.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
        foreign += 1;
    }
    foreign > english
}

fn has_time(words: &[Word]) -> bool {
    words
        .iter()
        .any(|w| is_in(TIME_WORDS, &w.lower) || is_year(&w.lower))
}

/// "today" when it cannot attach to the wrong verb.
fn today(phrase: &str) -> &'static str {
    let words = words_of(phrase);
    if words.len() <= 5 && !phrase.contains(',') && !has_time(&words) {
        " today"
    } else {
        ""
    }
}

fn is_imperative(words: &[Word]) -> bool {
    if words.len() < 2 || words.len() > 12 {
        return false;
    }
    let verb = words[0].lower.as_str();
    if is_in(NOUN_VERBS, verb) {
        return is_in(OBJECT_STARTS, &words[1].lower);
    }
    is_in(VERBS, verb)
}

/// What a title without a question word or pattern is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clause {
    /// It has an auxiliary or a verb that is rarely a noun: "Replies Are the New Likes".
    Statement,
    /// It has a word that is a verb or a plural noun: "Algorithm Changes You Need to Know".
    Unclear,
    NounPhrase,
}

/// Words that start a relative clause: verbs after them belong to the clause
/// ("Stories That Sell", "Things You Should Know"), not to the title.
#[rustfmt::skip]
const RELATIVE_MARKERS: &[&str] = &["that", "which", "who", "whom", "you", "we", "they", "i", "people"];

fn clause_of(text: &str, words: &[Word]) -> Clause {
    // A marker after a comma starts a new clause, not a relative one.
    let main = (1..words.len())
        .find(|&i| {
            is_in(RELATIVE_MARKERS, &words[i].lower)
                && !text[words[i - 1].end..words[i].start].contains(',')
        })
        .unwrap_or(words.len());
    let mut clause = Clause::NounPhrase;
    for i in 1..main {
        let w = words[i].lower.as_str();
        if is_in(STATEMENT_AUX, w) || is_in(HEADLINE_VERBS, w) {
            return Clause::Statement;
        }
        let after_plural = {
            let before = &words[i - 1].lower;
            before.ends_with('s') && !before.ends_with("ss")
        };
        if is_in(AMBIGUOUS_VERBS, w) || (is_in(BASE_VERBS, w) && after_plural) {
            clause = Clause::Unclear;
        }
    }
    clause
}

/// The word count of a phrase.
fn count(text: &str) -> usize {
    words_of(text).len()
}

/// A title pattern: its prompts, if the part has the pattern.
type Pattern<'p, 'a> = fn(&Generator<'p, 'a>, &Part) -> Option<Vec<Candidate>>;

struct Generator<'p, 'a> {
    post: &'p PostText<'a>,
    brands: Brands,
    casing: Casing,
    /// The text without its headings.
    text: String,
    /// The text's words, lowercase, to find "a spreadsheet" (made when a
    /// comparison first asks).
    body: std::cell::OnceCell<Vec<String>>,
    /// How the title is capitalised.
    style: Style,
}

impl<'p, 'a> Generator<'p, 'a> {
    fn new(post: &'p PostText<'a>, brand_names: &[String]) -> Self {
        let text = without_headings(opening(post.text, MAX_TEXT_BYTES), post.headings);
        let mut prose = vec![text.as_str()];
        if let Some(d) = post.description {
            prose.push(d);
        }
        Generator {
            post,
            brands: Brands::new(brand_names),
            casing: Casing::from_prose(&prose),
            body: std::cell::OnceCell::new(),
            text,
            style: style_of(post.title),
        }
    }

    fn candidates(&self) -> Vec<Candidate> {
        let mut out = Vec::new();
        if looks_foreign(self.post.title) {
            out.extend(self.quoted_title(self.post.title));
            return out;
        }
        out.extend(self.title_prompts());
        out.extend(self.claim_prompt());
        out.extend(self.heading_prompt());
        out.extend(self.tag_prompt());
        out
    }

    /// In the middle of a sentence.
    fn mid(&self, text: &str, style: Style) -> String {
        self.casing.recase(text, style, false)
    }

    /// At the start of a sentence.
    fn sentence(&self, text: &str, style: Style) -> String {
        self.casing.recase(text, style, true)
    }

    /// Free of the brand, "we/our/us", "I/my" and announcing words.
    fn usable(&self, text: &str, words: &[Word]) -> bool {
        !self.brands.named_in(words)
            && !speaks_as_company(text, words)
            && !speaks_as_author(words)
            && !GENERATED_PROMO_PHRASES.any_in(words)
            && !ANNOUNCING_OPENER_PHRASES.starts(words)
    }

    fn title_prompts(&self) -> Vec<Candidate> {
        let parts: Vec<Part> = split_title(self.post.title)
            .into_iter()
            .filter(|p| !is_label(&p.words))
            .collect();
        // A question or how-to anywhere beats an imperative or statement
        // before it: "Ask the Expert: How Should Startups Approach PR?"
        let strong: Vec<Option<Vec<Candidate>>> =
            parts.iter().map(|p| self.title_pattern(p, true)).collect();
        let weak: Vec<Option<Vec<Candidate>>> =
            parts.iter().map(|p| self.title_pattern(p, false)).collect();
        // Another part that is a noun phrase ("Email Subject Lines: What Works
        // and What Doesn't") names the topic besides the pattern.
        let topic_part = |except: Option<usize>| {
            parts.iter().enumerate().find(|&(i, p)| {
                Some(i) != except
                    && strong[i].is_none()
                    && weak[i].is_none()
                    && !is_genre_label(&p.words)
                    && self.usable(&p.text, &p.words)
                    && self.noun_phrase(p).is_some()
            })
        };
        if let Some(verdict) = self.verdict(&parts) {
            return verdict;
        }
        let found = strong
            .iter()
            .enumerate()
            .find_map(|(i, f)| f.as_ref().map(|f| (i, f)))
            .or_else(|| {
                weak.iter()
                    .enumerate()
                    .find_map(|(i, f)| f.as_ref().map(|f| (i, f)))
            });
        if let Some((at, found)) = found {
            let mut found = found.clone();
            found.extend(topic_part(Some(at)).and_then(|(_, p)| self.noun_phrase(p)));
            return found;
        }
        if let Some((_, part)) = topic_part(None) {
            // "LinkedIn Carousels: A Complete Guide" is a guide to the noun phrase.
            if parts.iter().any(|p| is_genre_label(&p.words)) {
                return self.approach(&self.mid(&part.text, self.style));
            }
            return self.noun_phrase(part).into_iter().collect();
        }
        parts
            .iter()
            .find(|p| self.usable(&p.text, &p.words))
            .map(|p| self.quoted_title(&p.text))
            .unwrap_or_default()
    }

    /// "AI Writing Tools: Friend or Foe?": a verdict on the noun phrase before it.
    fn verdict(&self, parts: &[Part]) -> Option<Vec<Candidate>> {
        parts.windows(2).find_map(|pair| {
            let [topic, choice] = pair else { return None };
            let or = choice.words.iter().position(|w| w.lower == "or")?;
            let short = (1..=3).contains(&or) && choice.words.len() - or - 1 <= 3;
            let plain = !is_in(YES_NO_STARTERS, choice.first()) && !is_in(WH_WORDS, choice.first());
            if !(choice.question && short && plain && self.usable(&choice.text, &choice.words)) {
                return None;
            }
            let np = self.noun_phrase(topic)?;
            let subject = self.mid(&topic.text, self.style);
            let choices = self.mid(&choice.text, self.style);
            Some(vec![
                Candidate::new(
                    format!("What has your experience with {subject} been: {choices}?"),
                    Angle::Opinion,
                    LEAD,
                ),
                np,
            ])
        })
    }

    /// The prompts of the first pattern the part has: strong ones (questions,
    /// how-tos, lists, comparisons, guides) or weak ones (imperatives, statements).
    fn title_pattern(&self, part: &Part, strong: bool) -> Option<Vec<Candidate>> {
        if !self.usable(&part.text, &part.words) || is_in(CONTEXT_OPENERS, part.first()) {
            // "Should I…?" may speak as the author: it is asked back as "you".
            return if strong {
                self.yes_no_title(part)
            } else {
                None
            };
        }
        let patterns: &[Pattern<'p, 'a>] = if strong {
            &[
                Self::how_to,
                Self::way_to,
                Self::list,
                Self::yes_no_title,
                Self::comparison,
                Self::open_question,
                Self::why,
                Self::guide,
                Self::wh_clause,
            ]
        } else {
            &[Self::negative_imperative, Self::imperative, Self::statement]
        };
        patterns.iter().find_map(|pattern| pattern(self, part))
    }

    /// "How do you X today, and what has worked?" and "What do you find hardest about trying to X?"
    fn practice(&self, x: &str) -> Vec<Candidate> {
        let words = words_of(x);
        let experience = if words.first().is_some_and(|w| w.lower == "be") {
            format!("What helps you {x}, and what gets in the way?")
        } else {
            format!("How do you {x}{}, and what has worked?", today(x))
        };
        vec![
            Candidate::new(experience, Angle::Experience, LEAD),
            Candidate::new(
                format!("What do you find hardest about trying to {x}?"),
                Angle::Opinion,
                SECOND,
            ),
        ]
    }

    fn how_to(&self, part: &Part) -> Option<Vec<Candidate>> {
        if part.first() != "how" || part.word(1) != "to" || part.words.len() < 3 {
            return None;
        }
        Some(self.practice(&self.mid(part.from(2), self.style)))
    }

    /// "A Better Way to Run Editorial Meetings", "The Easiest Way to X".
    fn way_to(&self, part: &Part) -> Option<Vec<Candidate>> {
        let w = &part.words;
        let at = w
            .iter()
            .position(|x| x.lower == "way" || x.lower == "ways")?;
        let before_ok = w[..at].iter().all(|x| {
            matches!(
                x.lower.as_str(),
                "a" | "an" | "the" | "one" | "better" | "smarter" | "faster"
            ) || is_in(LIST_PRAISE, &x.lower)
                || x.lower.ends_with("est")
        });
        if !before_ok || part.word(at + 1) != "to" || w.len() < at + 3 || part.question {
            return None;
        }
        Some(self.practice(&self.mid(part.from(at + 2), self.style)))
    }

    fn imperative(&self, part: &Part) -> Option<Vec<Candidate>> {
        if part.question || !is_imperative(&part.words) {
            return None;
        }
        Some(self.practice(&self.mid(&part.text, self.style)))
    }

    /// "Don't Post Every Day", "Never Buy Followers".
    fn negative_imperative(&self, part: &Part) -> Option<Vec<Candidate>> {
        let (should, rest) = match (part.first(), part.word(1)) {
            ("don't" | "dont", _) => ("should not", 1),
            ("do", "not") => ("should not", 2),
            ("never", _) => ("should never", 1),
            _ => return None,
        };
        if part.question || part.words.len() <= rest + 1 {
            return None;
        }
        let x = self.mid(part.from(rest), self.style);
        Some(vec![Candidate::new(
            format!("How true is it, in your experience, that you {should} {x}?"),
            Angle::Opinion,
            LEAD,
        )])
    }

    fn list(&self, part: &Part) -> Option<Vec<Candidate>> {
        let w = &part.words;
        let counted = |i: usize| {
            let n = part.word(i);
            (is_number(n) && !is_year(n)) || is_in(NUMBER_WORDS, n)
        };
        // "7 Mistakes…", "The Top 10…", "Are You Making These 5 Email Mistakes?"
        let mut i = 0;
        while matches!(part.word(i), "the" | "top") {
            i += 1;
        }
        if !counted(i) {
            i = (1..w.len()).find(|&j| {
                counted(j) && matches!(part.word(j - 1), "these" | "those" | "the" | "top")
            })?;
        }
        i += 1;
        let start = i;
        let window = start..w.len().min(start + 5);
        let known = window.clone().find_map(|j| {
            LIST_NOUNS
                .iter()
                .find(|(plural, _, _)| *plural == w[j].lower)
                .map(|&(_, singular, kind)| (j, singular, kind))
        });
        // "9 Formulas That Work": any plural noun is a list, asked about only as a list.
        let (noun_at, singular, kind) = known.or_else(|| {
            window
                .clone()
                .find(|&j| {
                    let x = &w[j].lower;
                    x.ends_with('s') && !x.ends_with("ss") && x.len() > 3
                })
                .filter(|&j| !is_in(TIME_UNITS, &w[j].lower))
                .map(|j| (j, "", ListKind::Other))
        })?;
        let mut mod_at = start;
        while mod_at < noun_at && is_in(LIST_PRAISE, &w[mod_at].lower) {
            mod_at += 1;
        }
        let style = self.style;
        let noun_phrase = self.mid(part.span(mod_at, noun_at + 1), style);
        let modifiers = self.mid(part.span(mod_at, noun_at), style);
        let singular_phrase = if modifiers.is_empty() {
            singular.to_string()
        } else {
            format!("{modifiers} {singular}")
        };
        let conn = part.word(noun_at + 1).to_string();
        let clause = self.mid(part.from(noun_at + 1), style);
        let rest = self.mid(part.from(noun_at + 2), style);
        let whole = if clause.is_empty() {
            noun_phrase.clone()
        } else {
            format!("{noun_phrase} {clause}")
        };
        let short_whole = if count(&whole) <= 6 {
            whole.clone()
        } else {
            noun_phrase.clone()
        };
        let experience = match kind {
            ListKind::Pitfall => Some(self.pitfall(&conn, &noun_phrase, &clause, part, noun_at)),
            ListKind::Advice => Some(match conn.as_str() {
                "to" if !rest.is_empty() => {
                    format!("What has worked best for you when trying to {rest}?")
                }
                "for" | "on" | "about" if !rest.is_empty() => {
                    format!("What is your best {singular_phrase} {conn} {rest}?")
                }
                _ => format!("Which {short_whole} have worked for you, and which have not?"),
            }),
            ListKind::Lesson => {
                if is_in(ATTACHING, &conn) || is_in(ADVERBIAL, &conn) {
                    let lesson = if modifiers.is_empty() {
                        "lesson".to_string()
                    } else {
                        format!("{modifiers} lesson")
                    };
                    Some(format!(
                        "What is the biggest {lesson} you have learned {clause}?"
                    ))
                } else if !modifiers.is_empty() {
                    Some(format!(
                        "What is the biggest {modifiers} lesson you have learned?"
                    ))
                } else {
                    None
                }
            }
            ListKind::Reason => match conn.as_str() {
                "" => None,
                "to" => Some(format!("What would be your main reason to {rest}?")),
                _ => Some(format!(
                    "What have you found to be the main reason {clause}?"
                )),
            },
            ListKind::Sign => match conn.as_str() {
                "" => None,
                c if is_in(ATTACHING, c) => Some(format!(
                    "Which {whole} have you noticed, and what did you do?"
                )),
                "that" => Some(format!("Which signs have told you {clause}?")),
                _ => Some(format!("Which signs have told you that {clause}?")),
            },
            ListKind::Other => None,
        };
        let list_of = if count(&whole) <= 12 {
            &whole
        } else {
            &noun_phrase
        };
        let mut out = Vec::new();
        if let Some(e) = experience {
            out.push(Candidate::new(e, Angle::Experience, LEAD));
        }
        out.push(Candidate::new(
            format!("What would you add to this list of {list_of}?"),
            Angle::Opinion,
            if out.is_empty() { LEAD } else { SECOND },
        ));
        Some(out)
    }

    fn pitfall(
        &self,
        conn: &str,
        noun_phrase: &str,
        clause: &str,
        part: &Part,
        noun_at: usize,
    ) -> String {
        // "Mistakes to Avoid When …": what follows "avoid" is the context.
        let (conn, clause) = if conn == "to" && part.word(noun_at + 2) == "avoid" {
            (
                part.word(noun_at + 3).to_string(),
                self.mid(part.from(noun_at + 3), self.style),
            )
        } else {
            (conn.to_string(), clause.to_string())
        };
        let with_clause = format!("{noun_phrase} {clause}");
        if clause.is_empty() {
            format!("Which {noun_phrase} have you run into, and what did you change?")
        } else if is_in(ADVERBIAL, &conn) {
            format!("Which {noun_phrase} have you run into {clause}, and what did you change?")
        } else if count(&with_clause) <= if is_in(ATTACHING, &conn) { 7 } else { 6 } {
            format!("Which {with_clause} have you run into, and what did you change?")
        } else {
            format!("Which {noun_phrase} have you run into, and what did you change?")
        }
    }

    /// "a spreadsheet" if the text says so.
    fn with_article(&self, side: &str) -> String {
        let words = lower_words(side);
        let Some(first) = words.first() else {
            return side.to_string();
        };
        if matches!(first.as_str(), "a" | "an" | "the" | "your") || is_number(first) {
            return side.to_string();
        }
        for article in ["a", "an"] {
            let mut phrase = vec![article.to_string()];
            phrase.extend(words.iter().cloned());
            let found = self
                .body
                .get_or_init(|| lower_words(&self.text))
                .windows(phrase.len())
                .any(|window| window == phrase.as_slice());
            if found {
                return format!("{article} {side}");
            }
        }
        side.to_string()
    }

    fn comparison(&self, part: &Part) -> Option<Vec<Candidate>> {
        let w = &part.words;
        let mut cuts: Vec<usize> = w
            .iter()
            .enumerate()
            .filter(|(_, x)| matches!(x.lower.as_str(), "vs" | "versus"))
            .map(|(i, _)| i)
            .collect();
        if cuts.is_empty() {
            // "Weekly or Monthly Newsletters?": only a short question of two sides.
            let or = w.iter().position(|x| x.lower == "or")?;
            let plain = !is_in(YES_NO_STARTERS, part.first()) && !is_in(WH_WORDS, part.first());
            if !(part.question && plain && or <= 4 && w.len() - or - 1 <= 4) {
                return None;
            }
            cuts.push(or);
        }
        let mut sides = Vec::new();
        let mut from = 0;
        for &cut in cuts.iter().chain(std::iter::once(&w.len())) {
            if cut <= from || cut - from > 6 {
                return None;
            }
            let side = part.span(from, cut);
            sides.push(self.with_article(&self.mid(side, self.style)));
            from = cut + 1;
        }
        let choices = match sides.split_last() {
            Some((last, [first])) => format!("{first} or {last}"),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => return None,
        };
        Some(vec![
            Candidate::new(
                format!("Which works better for you, {choices}, and why?"),
                Angle::Opinion,
                LEAD,
            ),
            Candidate::new(
                format!("Which have you used, {choices}, and what made you stay or switch?"),
                Angle::Experience,
                SECOND,
            ),
        ])
    }

    /// Whether a wh-title is a direct question: "What Should…", "How Often Should…".
    fn inverted(part: &Part) -> bool {
        part.first().ends_with("'s")
            || is_in(YES_NO_STARTERS, part.word(1))
            || (is_in(HOW_ADVERBS, part.word(1)) && is_in(YES_NO_STARTERS, part.word(2)))
    }

    fn open_question(&self, part: &Part) -> Option<Vec<Candidate>> {
        let first = part.first();
        if !is_in(WH_WORDS, first) || part.words.len() < 3 {
            return None;
        }
        let subject_question = part.question && matches!(first, "what" | "which" | "who" | "whose");
        if !(Self::inverted(part) || subject_question) {
            return None;
        }
        let q = format!("{}?", self.sentence(&part.text, self.style));
        let q = if is_in(PROMPT_OPENERS, first.trim_end_matches("'s")) {
            q
        } else {
            format!("“{q}”")
        };
        Some(vec![
            Candidate::new(
                format!("{q} What has your own experience taught you?"),
                Angle::Experience,
                LEAD,
            ),
            Candidate::new(
                format!("{q} What is your answer, and why?"),
                Angle::Opinion,
                SECOND,
            ),
        ])
    }

    fn yes_no_title(&self, part: &Part) -> Option<Vec<Candidate>> {
        let aux = part.first();
        if !is_in(YES_NO_STARTERS, aux) || part.words.len() < 3 {
            return None;
        }
        // Without "?" only "Should You…", "Is the…": "Don't Post Daily" and "Do Less" are imperatives.
        let subject_follows = is_in(WHEN_AUX, aux) && is_in(SUBJECT_STARTS, part.word(1));
        if !(part.question || subject_follows) {
            return None;
        }
        // "Should I …?" is the reader's question too: ask it as "you".
        let converted = to_second_person(part.from(1));
        let words = words_of(&converted);
        let plain = !self.brands.named_in(&words)
            && !speaks_as_company(&converted, &words)
            && !GENERATED_PROMO_PHRASES.any_in(&words);
        if !plain {
            return None;
        }
        let aux = if aux == "am" { "are" } else { aux };
        let rest = self.mid(&converted, self.style);
        let question = format!("{} {rest}?", capitalize(aux));
        let mut out = Vec::new();
        if let Some(worth) = self.worth_it(aux, &rest) {
            out.push(Candidate::new(worth, Angle::Experience, LEAD));
        } else if is_in(WHEN_AUX, aux) {
            let suffix = if addresses_reader(&words_of(&rest)) {
                ""
            } else {
                ", in your experience"
            };
            out.push(Candidate::new(
                format!("When {aux} {rest}, and when not{suffix}?"),
                Angle::Experience,
                LEAD,
            ));
        }
        out.push(Candidate::new(
            format!("“{question}” What is your answer, and why?"),
            Angle::Opinion,
            if out.is_empty() { LEAD } else { SECOND },
        ));
        Some(out)
    }

    /// "Is X (still) worth it?" → "When has X been worth it for you, and when not?"
    fn worth_it(&self, aux: &str, rest: &str) -> Option<String> {
        let has = match aux {
            "is" => "has",
            "are" => "have",
            _ => return None,
        };
        let words = words_of(rest);
        let at = words.iter().position(|w| w.lower == "worth")?;
        let mut subject_end = at;
        while subject_end > 0
            && matches!(
                words[subject_end - 1].lower.as_str(),
                "still" | "really" | "actually" | "even" | "ever" | "truly"
            )
        {
            subject_end -= 1;
        }
        if subject_end == 0 {
            return None;
        }
        let subject = &rest[..words[subject_end - 1].end];
        if matches!(lower_words(subject).as_slice(), [s] if matches!(s.as_str(), "it" | "this" | "that" | "they"))
        {
            return None;
        }
        let object = words.get(at + 1)?;
        if object.lower == "it" {
            let tail = rest[object.end..].trim();
            if lower_words(tail).first().is_some_and(|w| w == "for") {
                // "…worth it for B2B brands": "for you" would follow "for".
                return Some(format!(
                    "When {has} {subject} been worth it {tail}, and when not, in your experience?"
                ));
            }
            let tail = if tail.is_empty() {
                String::new()
            } else {
                format!(" {tail}")
            };
            Some(format!(
                "When {has} {subject} been worth it for you{tail}, and when not?"
            ))
        } else {
            let object = rest[object.start..].trim();
            Some(format!(
                "When {has} {subject} been worth {object} for you, and when not?"
            ))
        }
    }

    fn why(&self, part: &Part) -> Option<Vec<Candidate>> {
        if part.first() != "why" || part.words.len() < 3 || Self::inverted(part) {
            return None;
        }
        let s = self.mid(part.from(1), self.style);
        Some(vec![
            Candidate::new(
                format!("How true is it, in your experience, that {s}?"),
                Angle::Opinion,
                LEAD,
            ),
            Candidate::new(
                format!("What have you learned about why {s}?"),
                Angle::Experience,
                SECOND,
            ),
        ])
    }

    /// "The Beginner's Guide to X", "X 101", "Everything You Need to Know About X".
    fn guide(&self, part: &Part) -> Option<Vec<Candidate>> {
        let w = &part.words;
        let mut topic: Option<&str> = None;
        if matches!(part.first(), "everything" | "all" | "things" | "what")
            && let Some(about) = w.iter().rposition(|x| x.lower == "about")
            && about >= 2
        {
            topic = Some(part.from(about + 1));
        }
        if topic.is_none() {
            let mut i = 0;
            while i < w.len() && i < 5 && is_in(GENRE_PREFIX, &w[i].lower) {
                i += 1;
            }
            if i < w.len()
                && is_in(GENRE_WORDS, &w[i].lower)
                && matches!(part.word(i + 1), "to" | "for" | "on" | "of" | "about")
            {
                topic = Some(part.from(i + 2));
            }
        }
        let mut context = String::new();
        if topic.is_none() {
            // "The Content Marketing Playbook for Small Teams"
            let lead = usize::from(matches!(part.first(), "the" | "a" | "an" | "your"));
            if let Some(at) =
                (lead + 1..w.len().min(lead + 5)).find(|&i| is_in(GENRE_WORDS, &w[i].lower))
            {
                topic = Some(part.span(lead, at));
                let rest = words_of(part.from(at + 2));
                let year_only = rest.len() == 1 && is_year(&rest[0].lower);
                if matches!(part.word(at + 1), "for" | "in") && !rest.is_empty() && !year_only {
                    context = format!(" {}", self.mid(part.from(at + 1), self.style));
                }
            }
        }
        if topic.is_none() && w.len() >= 2 {
            let last = w.len() - 1;
            let made = w.len() >= 3
                && w[last - 1].lower == "made"
                && matches!(w[last].lower.as_str(), "simple" | "easy");
            if made {
                topic = Some(part.span(0, last - 1));
            } else if is_in(GENRE_SUFFIX, &w[last].lower) {
                topic = Some(part.span(0, last));
            }
        }
        let topic = topic.filter(|t| {
            let words = words_of(t);
            !words.is_empty() && !is_genre_label(&words)
        })?;
        Some(self.approach(&format!("{}{context}", self.mid(topic, self.style))))
    }

    /// "How do you approach X today, and what has worked?" and "What do you find hardest about X?"
    fn approach(&self, x: &str) -> Vec<Candidate> {
        vec![
            Candidate::new(
                format!("How do you approach {x}{}, and what has worked?", today(x)),
                Angle::Experience,
                LEAD,
            ),
            Candidate::new(
                format!("What do you find hardest about {x}?"),
                Angle::Opinion,
                SECOND,
            ),
        ]
    }

    /// "How Algorithms Rank Posts", "What Works in Email" (not asked as questions).
    fn wh_clause(&self, part: &Part) -> Option<Vec<Candidate>> {
        if !is_in(WH_WORDS, part.first()) || part.words.len() < 3 || part.first() == "why" {
            return None;
        }
        let clause = self.mid(&part.text, self.style);
        Some(vec![Candidate::new(
            format!("What have you learned about {clause}?"),
            Angle::Experience,
            LEAD,
        )])
    }

    fn statement(&self, part: &Part) -> Option<Vec<Candidate>> {
        if part.question
            || part.words.len() < 3
            || clause_of(&part.text, &part.words) != Clause::Statement
        {
            return None;
        }
        let s = self.mid(&part.text, self.style);
        Some(vec![Candidate::new(
            format!("How true is it, in your experience, that {s}?"),
            Angle::Opinion,
            LEAD,
        )])
    }

    fn noun_phrase(&self, part: &Part) -> Option<Candidate> {
        if part.question
            || part.words.len() > 8
            || clause_of(&part.text, &part.words) != Clause::NounPhrase
            || is_in(YES_NO_STARTERS, part.first())
            || is_in(WH_WORDS, part.first())
            || is_in(CONTEXT_OPENERS, part.first())
            || is_in(PREPOSITIONS, part.first())
        {
            return None;
        }
        let np = self.mid(&part.text, self.style);
        Some(Candidate::new(
            format!("What has your experience been with {np}?"),
            Angle::Topic,
            NOUN_PHRASE,
        ))
    }

    /// "“{title}”: what is your experience?", in any language.
    fn quoted_title(&self, title: &str) -> Vec<Candidate> {
        let (text, question) = strip_end(strip_start(title));
        let words = words_of(text);
        if words.is_empty() || text.contains(['“', '”', '"']) || !self.usable(text, &words) {
            return Vec::new();
        }
        let mark = if question { "?" } else { "" };
        vec![Candidate::new(
            format!("“{text}{mark}”: what is your experience?"),
            Angle::Topic,
            QUOTED_TITLE,
        )]
    }

    fn heading_prompt(&self) -> Option<Candidate> {
        self.post.headings.iter().find_map(|h| self.heading(h))
    }

    fn heading(&self, heading: &str) -> Option<Candidate> {
        let part = Part::new(heading)?;
        // "Step 2: Pick…", "3. Review…", "Tip 4 - Ask…"
        let mut skip = 0;
        if is_number(part.first()) || is_in(NUMBER_WORDS, part.first()) {
            skip = 1;
        } else if part.words.len() > 2 && is_number(part.word(1)) {
            skip = 2;
        }
        let mut part = Part::new(part.from(skip))?;
        // "How to Win Back Quiet Subscribers" is the imperative "Win Back…".
        if part.first() == "how" && part.word(1) == "to" && part.words.len() > 3 {
            part = Part::new(part.from(2))?;
        }
        // "Review It Every Friday": "it" is the post's, not the reader's.
        let pronoun = part.words.iter().enumerate().any(|(i, w)| {
            matches!(w.lower.as_str(), "it" | "them" | "they")
                || (matches!(w.lower.as_str(), "this" | "that" | "these" | "those")
                    && i + 1 == part.words.len())
        });
        let call_to_action = HEADING_CALL_WORDS.iter().any(|call| {
            call.len() == part.words.len()
                && call.iter().zip(&part.words).all(|(c, w)| *c == w.lower)
        });
        if part.question
            || pronoun
            || call_to_action
            || !is_imperative(&part.words)
            || !self.usable(&part.text, &part.words)
        {
            return None;
        }
        let h = self.mid(&part.text, style_of(heading));
        Some(Candidate::new(
            format!("How do you {h}?"),
            Angle::Experience,
            HEADING,
        ))
    }

    fn tag_prompt(&self) -> Option<Candidate> {
        self.post.tags.iter().find_map(|tag| {
            let name = tag.replace(['-', '_'], " ");
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let words = words_of(&name);
            let meta = words.iter().any(|w| is_in(META_TAG_WORDS, &w.lower));
            if words.is_empty() || meta || !self.usable(&name, &words) {
                return None;
            }
            Some(Candidate::new(
                format!(
                    "What is your biggest question about {} right now?",
                    self.casing.case_tag(&name)
                ),
                Angle::Topic,
                TAG,
            ))
        })
    }

    fn claim_prompt(&self) -> Option<Candidate> {
        let mut best: Option<(u8, String)> = None;
        let description = self.post.description.unwrap_or("");
        for sentence in sentences(&self.text)
            .into_iter()
            .chain(sentences(description))
        {
            let Some(score) = self.claim_score(sentence) else {
                continue;
            };
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, sentence.to_string()));
            }
        }
        let (score, claim) = best?;
        Some(Candidate::new(
            format!("“{claim}” How does this compare with what you see?"),
            Angle::Claim,
            if score >= 2 {
                CLAIM_FIGURE
            } else {
                CLAIM_STRONG
            },
        ))
    }

    /// 2 for a figure, 1 for a strong word, `None` for a sentence that cannot be quoted.
    fn claim_score(&self, sentence: &str) -> Option<u8> {
        let first = sentence.chars().next()?;
        // The cheap tests first: most sentences fail one of them, and then
        // need no words.
        let quotable = sentence.len() <= MAX_CLAIM_CHARS * 4
            && sentence.chars().count() <= MAX_CLAIM_CHARS
            && (first.is_uppercase() || first.is_ascii_digit())
            && sentence.ends_with(['.', '!'])
            && !sentence
                .bytes()
                .any(|b| matches!(b, b'?' | b'"' | b'(' | b')' | b'[' | b']' | b':' | b'\n'))
            && !sentence.contains(['“', '”', '‘']);
        if !quotable {
            return None;
        }
        let words = words_of(sentence);
        let fits = (6..=30).contains(&words.len())
            && !is_in(CONTEXT_OPENERS, &words[0].lower)
            && !CONTEXT_PHRASE_LIST.any_in(&words)
            && self.usable(sentence, &words)
            && !self.fragments(sentence, &words);
        if !fits {
            return None;
        }
        let figure = words.iter().enumerate().any(|(i, w)| {
            let next = words.get(i + 1).map_or("", |n| n.lower.as_str());
            let after = sentence[w.end..].trim_start();
            (is_number(&w.lower)
                && (after.starts_with('%')
                    || matches!(next, "percent" | "times" | "x")
                    || (matches!(next, "in" | "out")
                        && words.get(i + 2).is_some_and(|n| {
                            is_number(&n.lower)
                                || (n.lower == "of"
                                    && words.get(i + 3).is_some_and(|m| is_number(&m.lower)))
                        }))))
                || (w.lower.len() > 1
                    && w.lower.ends_with('x')
                    && is_number(&w.lower[..w.lower.len() - 1]))
                || matches!(
                    w.lower.as_str(),
                    "twice" | "doubled" | "tripled" | "quadrupled"
                )
                || (matches!(w.lower.as_str(), "half" | "double" | "triple") && next == "of")
        });
        if figure {
            return Some(2);
        }
        let strong = words.iter().enumerate().any(|(i, w)| {
            matches!(
                w.lower.as_str(),
                "most" | "never" | "always" | "nobody" | "none" | "every"
            ) || (w.lower == "no" && words.get(i + 1).is_some_and(|n| n.lower == "one"))
        });
        strong.then_some(1)
    }

    /// Whether a "sentence" has capitalised common words in its middle: two
    /// list items or a heading run together in the plain text.
    fn fragments(&self, sentence: &str, words: &[Word]) -> bool {
        words.iter().skip(1).any(|w| {
            let raw = &sentence[w.start..w.end];
            let capital = raw.chars().next().is_some_and(char::is_uppercase)
                && !raw.chars().skip(1).any(char::is_uppercase);
            capital
                && raw != "I"
                && !is_in(ALWAYS_CAPITAL, &w.lower)
                && !self.casing.proper(&w.lower)
        })
    }
}

/// The text with each heading replaced by a line break: the plain text runs
/// headings into the paragraphs around them.
/// How much of a post's text the generator reads: its opening, where a
/// post makes its case, is enough for claims and capitalisation, and reading
/// no more keeps generation fast on long posts (10,000 posts: see docs/BENCHMARKS.md).
const MAX_TEXT_BYTES: usize = 1500;

/// The first `max` bytes of `text`, cut after the last whole word.
fn opening(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    cut.rfind(char::is_whitespace)
        .map_or(cut, |space| &cut[..space])
}

fn without_headings(text: &str, headings: &[String]) -> String {
    let mut out = text.to_string();
    for h in headings {
        let h = h.trim();
        if !h.is_empty() && occurs(&out, h) {
            out = out.replace(h, "\n");
        }
    }
    out
}

/// Whether `needle` (not empty) occurs in `haystack`. Most headings lie past
/// the opening and their first letter is rare in it: jumping between those
/// letters is cheaper than setting up a substring searcher for each heading.
fn occurs(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    memchr::memchr_iter(first, haystack).any(|at| {
        haystack
            .get(at + 1..)
            .is_some_and(|after| after.starts_with(rest))
    })
}

/// Abbreviations a sentence does not end at.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "vs", "etc", "mr", "mrs", "ms", "dr", "st", "inc", "approx", "no", "fig", "cf",
    "u.s", "jr", "sr",
];

/// Sentences: split after ".", "!" or "?" before a space and a capital,
/// digit or quote, and at line breaks.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        // Only `.`, `!` and `?` can end a sentence: jump from one to the next
        // (ASCII bytes, never inside another character's UTF-8).
        for at in memchr::memchr3_iter(b'.', b'!', b'?', line.as_bytes()) {
            // One byte: the sentence ends just after it.
            let end = at + 1;
            let after = &line[end..];
            if !after.starts_with(char::is_whitespace) {
                continue;
            }
            let following = after.chars().find(|c| !c.is_whitespace());
            let starts = following.is_some_and(|f| {
                f.is_uppercase() || f.is_ascii_digit() || matches!(f, '"' | '“' | '‘' | '(')
            });
            if !starts || at < start {
                continue;
            }
            let before = line[start..at]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("");
            if line.as_bytes()[at] == b'.'
                && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(before))
            {
                continue;
            }
            let s = line[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
        let s = line[start..].trim();
        if !s.is_empty() {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurs_finds_a_heading_anywhere_and_only_whole() {
        let text = "Intro. Why it matters\nMore on why it matters. End";
        assert!(occurs(text, "Why it matters"));
        assert!(occurs(text, "why it matters."));
        assert!(occurs(text, "End"));
        assert!(!occurs(text, "End."), "runs past the text");
        assert!(!occurs(text, "Why it mattered"));
        assert!(occurs("x", ""));
        assert_eq!(
            without_headings(text, &["Why it matters".to_string()]),
            "Intro. \n\nMore on why it matters. End"
        );
    }

    #[test]
    fn words_keep_inner_apostrophes_and_letters_beyond_ascii() {
        let text = "Don’t we're rock-n-roll, ’tis Ça's 2025 — ok' fine";
        let words = words_of(text);
        let lower: Vec<&str> = words.iter().map(|w| w.lower.as_str()).collect();
        assert_eq!(
            lower,
            [
                "don't", "we're", "rock", "n", "roll", "tis", "ça's", "2025", "ok", "fine"
            ]
        );
        assert_eq!(&text[words[0].start..words[0].end], "Don’t");
        assert_eq!(&text[words[8].start..words[8].end], "ok");
    }

    #[test]
    fn words_are_lowered_as_lowercase_lowers_them() {
        let text = "Don’t DON'T it's IT’S HubSpot x2 Ça ÇA naïve NAÏVE 2025 A-B \
                    Supercalifragilisticexpialidocious SUPERCALIFRAGILISTICEXPIALIDOCIOUS";
        let words = words_of(text);
        assert_eq!(words.len(), 15);
        for w in &words {
            assert_eq!(w.lower, lowercase(&text[w.start..w.end]), "{w:?}");
        }
    }

    #[test]
    fn words_are_lowered_short_long_and_mixed() {
        let long = "Supercalifragilisticexpialidocious";
        let text = format!("HubSpot SEO seo {long} X");
        let lower: Vec<String> = words_of(&text)
            .into_iter()
            .map(|w| w.lower.to_string())
            .collect();
        assert_eq!(lower, ["hubspot", "seo", "seo", &long.to_lowercase(), "x"]);
    }

    #[test]
    fn casing_counts_only_words_seen_capitalised_mid_sentence() {
        let casing = Casing::from_prose(&[
            "We use Notion daily. Notion helps. Teams like notion and Slack and slack. Also Slack.",
            "A note on Figma, and Figma again.",
        ]);
        // "Notion" mid-sentence once, "notion" once: not proper.
        assert!(!casing.proper("notion"));
        // "Slack" twice mid-sentence (after "and", after "Also"), "slack" once.
        assert!(casing.proper("slack"));
        assert_eq!(casing.best_form("figma").as_deref(), Some("Figma"));
        assert!(casing.best_form("teams").is_none(), "sentence-initial only");
        assert!(!casing.words.contains_key("daily"), "never capitalised");
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// A post as the build sees it: plain text runs headings into paragraphs.
    struct Post {
        title: &'static str,
        description: Option<&'static str>,
        headings: Vec<String>,
        text: String,
        tags: Vec<String>,
        brands: Vec<String>,
    }

    impl Post {
        fn new(title: &'static str) -> Self {
            Post {
                title,
                description: None,
                headings: Vec::new(),
                text: String::new(),
                tags: Vec::new(),
                brands: Vec::new(),
            }
        }

        /// Sections as (heading, paragraph); the text is the intro, then each heading and paragraph.
        fn body(mut self, intro: &str, sections: &[(&str, &str)]) -> Self {
            let mut text = intro.to_string();
            for (heading, paragraph) in sections {
                self.headings.push(heading.to_string());
                text.push(' ');
                text.push_str(heading);
                text.push(' ');
                text.push_str(paragraph);
            }
            self.text = text;
            self
        }

        fn tags(mut self, tags: &[&str]) -> Self {
            self.tags = strings(tags);
            self
        }

        fn brands(mut self, brands: &[&str]) -> Self {
            self.brands = strings(brands);
            self
        }

        fn describe(mut self, description: &'static str) -> Self {
            self.description = Some(description);
            self
        }

        fn generate(&self) -> Vec<Prompt> {
            let post = PostText {
                title: self.title,
                description: self.description,
                headings: &self.headings,
                text: &self.text,
                tags: &self.tags,
            };
            generate(&post, &self.brands)
        }
    }

    fn how_to() -> Post {
        Post::new("How to Plan a Content Calendar Your Team Will Actually Use")
            .describe("A planning routine that survives a busy quarter.")
            .body(
                "Most content calendars are abandoned within six weeks. The problem is rarely the tool.",
                &[
                    (
                        "Step 1: Agree on What the Calendar Is For",
                        "A content calendar is a promise your team makes to its readers. Write down who it serves.",
                    ),
                    (
                        "Step 2: Pick a Publishing Cadence You Can Keep",
                        "Teams that publish every week with a short checklist ship 40% more posts than teams that plan a month at a time.",
                    ),
                    (
                        "Step 3: Review It Every Friday",
                        "A fifteen-minute review keeps the calendar honest.",
                    ),
                ],
            )
            .tags(&["content planning", "teamwork"])
    }

    fn list() -> Post {
        Post::new("7 Content Repurposing Mistakes That Waste Your Best Ideas")
            .body(
                "A good post can feed a month of social updates, a newsletter and a talk. Most teams publish a post once and never look at it again.",
                &[
                    ("1. Posting the Same Text Everywhere", "Each platform has its own voice."),
                    ("2. Waiting Until the Post Is Old", "Repurpose while the idea is fresh."),
                ],
            )
            .tags(&["content-repurposing", "content strategy"])
    }

    fn opinion() -> Post {
        Post::new("Why You Should Measure Replies, Not Likes")
            .body(
                "Likes are easy to count and easy to misread. A reply means someone stopped scrolling and thought about your post. In our own numbers, replies predicted sign-ups far better than likes.",
                &[
                    ("What a Like Tells You", "Very little, it turns out."),
                    ("Start Counting Replies This Week", "Posts that ask a real question get the most replies."),
                ],
            )
            .tags(&["engagement", "social media"])
    }

    fn comparison() -> Post {
        Post::new("Spreadsheet vs Content Calendar Tool: Which Should a Small Team Use?")
            .body(
                "A spreadsheet is free, flexible and already open on your screen. A content calendar tool costs money but reminds people of deadlines.",
                &[
                    ("When a Spreadsheet Is Enough", "If two people plan ten posts a month, a spreadsheet in Google Sheets does the job."),
                    ("When to Pay for a Tool", "Once approvals and several channels enter the picture, the tool pays for itself."),
                ],
            )
            .tags(&["tools", "content planning"])
    }

    fn question() -> Post {
        Post::new("What Should Small Marketing Teams Stop Doing?")
            .body(
                "Small teams copy what big teams do and wonder why it does not work. A team of two cannot be everywhere.",
                &[
                    ("Stop Posting on Every Platform", "Pick the two where your readers already talk."),
                    ("Stop Reporting Vanity Metrics", "Most small teams report numbers nobody acts on."),
                ],
            )
            .tags(&["small teams", "marketing strategy"])
    }

    fn announcement() -> Post {
        Post::new("Introducing Acme Pulse: Analytics for Small Teams")
            .body(
                "We're excited to launch Acme Pulse, our new analytics dashboard. Most small teams check five dashboards and still cannot say which posts start conversations.",
                &[
                    ("Why We Built Acme Pulse", "Our customers asked for one place to see replies."),
                    ("Track Replies, Not Just Likes", "Acme Pulse shows replies next to likes for every post."),
                    ("Pricing and Availability", "Sign up for the beta today."),
                ],
            )
            .tags(&["product news", "analytics"])
            .brands(&["Acme", "Acme Pulse"])
    }

    fn spanish() -> Post {
        Post::new("Cómo planificar un calendario editorial")
            .body(
                "La mayoría de los equipos abandona su calendario en seis semanas. El 40 % de las publicaciones se escriben la noche anterior.",
                &[("Paso 1: Define el objetivo", "Escribe para quién es el calendario.")],
            )
            .tags(&["planificación", "contenido"])
    }

    fn figure() -> Post {
        Post::new("Newsletter Replies in 2024")
            .body(
                "We read 1,200 newsletters from small companies this spring. Newsletters that end with a question get 3 times as many replies as newsletters that end with a link. The effect was strongest for short issues.",
                &[("The Question at the End", "It does not need to be clever.")],
            )
            .tags(&["newsletters", "email marketing"])
    }

    fn texts(prompts: &[Prompt]) -> Vec<(Angle, &str)> {
        prompts.iter().map(|p| (p.angle, p.text.as_str())).collect()
    }

    #[test]
    fn how_to_title() {
        assert_eq!(
            texts(&how_to().generate()),
            vec![
                (
                    Angle::Experience,
                    "How do you plan a content calendar your team will actually use, and what has worked?"
                ),
                (
                    Angle::Opinion,
                    "What do you find hardest about trying to plan a content calendar your team will actually use?"
                ),
                (
                    Angle::Claim,
                    "“Teams that publish every week with a short checklist ship 40% more posts than teams that plan a month at a time.” How does this compare with what you see?"
                ),
                (
                    Angle::Topic,
                    "What is your biggest question about content planning right now?"
                ),
            ]
        );
    }

    #[test]
    fn list_title() {
        assert_eq!(
            texts(&list().generate()),
            vec![
                (
                    Angle::Experience,
                    "Which content repurposing mistakes have you run into, and what did you change?"
                ),
                (
                    Angle::Opinion,
                    "What would you add to this list of content repurposing mistakes that waste your best ideas?"
                ),
                (
                    Angle::Claim,
                    "“Most teams publish a post once and never look at it again.” How does this compare with what you see?"
                ),
                (
                    Angle::Topic,
                    "What is your biggest question about content repurposing right now?"
                ),
            ]
        );
    }

    #[test]
    fn why_title() {
        assert_eq!(
            texts(&opinion().generate()),
            vec![
                (
                    Angle::Opinion,
                    "How true is it, in your experience, that you should measure replies, not likes?"
                ),
                (
                    Angle::Experience,
                    "What have you learned about why you should measure replies, not likes?"
                ),
                (
                    Angle::Claim,
                    "“Posts that ask a real question get the most replies.” How does this compare with what you see?"
                ),
                (
                    Angle::Topic,
                    "What is your biggest question about engagement right now?"
                ),
            ]
        );
    }

    #[test]
    fn comparison_title() {
        assert_eq!(
            texts(&comparison().generate()),
            vec![
                (
                    Angle::Opinion,
                    "Which works better for you, a spreadsheet or a content calendar tool, and why?"
                ),
                (
                    Angle::Experience,
                    "Which have you used, a spreadsheet or a content calendar tool, and what made you stay or switch?"
                ),
                (
                    Angle::Topic,
                    "What is your biggest question about tools right now?"
                ),
            ]
        );
    }

    #[test]
    fn question_title() {
        assert_eq!(
            texts(&question().generate()),
            vec![
                (
                    Angle::Experience,
                    "What should small marketing teams stop doing? What has your own experience taught you?"
                ),
                (
                    Angle::Opinion,
                    "What should small marketing teams stop doing? What is your answer, and why?"
                ),
                (
                    Angle::Claim,
                    "“Most small teams report numbers nobody acts on.” How does this compare with what you see?"
                ),
                (
                    Angle::Topic,
                    "What is your biggest question about small teams right now?"
                ),
            ]
        );
    }

    #[test]
    fn announcement_asks_about_the_readers_problem() {
        assert_eq!(
            texts(&announcement().generate()),
            vec![
                (
                    Angle::Experience,
                    "How do you track replies, not just likes?"
                ),
                (
                    Angle::Claim,
                    "“Most small teams check five dashboards and still cannot say which posts start conversations.” How does this compare with what you see?"
                ),
                (
                    Angle::Topic,
                    "What has your experience been with analytics for small teams?"
                ),
            ]
        );
    }

    #[test]
    fn other_languages_get_the_quoted_title() {
        assert_eq!(
            texts(&spanish().generate()),
            vec![(
                Angle::Topic,
                "“Cómo planificar un calendario editorial”: what is your experience?"
            )]
        );
    }

    #[test]
    fn a_figure_in_the_text_leads_when_the_title_is_plain() {
        assert_eq!(
            texts(&figure().generate()),
            vec![
                (
                    Angle::Claim,
                    "“Newsletters that end with a question get 3 times as many replies as newsletters that end with a link.” How does this compare with what you see?"
                ),
                (
                    Angle::Topic,
                    "What has your experience been with newsletter replies in 2024?"
                ),
            ]
        );
    }

    #[test]
    fn every_generated_prompt_is_an_open_question_about_the_reader() {
        for post in [
            how_to(),
            list(),
            opinion(),
            comparison(),
            question(),
            announcement(),
            spanish(),
            figure(),
        ] {
            let prompts = post.generate();
            assert!(!prompts.is_empty(), "{}", post.title);
            assert!(prompts.len() <= 4, "{}", post.title);
            for p in &prompts {
                assert_eq!(assess(&p.text, &post.brands), vec![], "{}", p.text);
                assert!(p.text.ends_with('?'), "{}", p.text);
                let lower = p.text.to_lowercase();
                for word in [
                    "acme", "launch", "excited", "sign up", "we're", " our ", "demo",
                ] {
                    assert!(!lower.contains(word), "{word} in {}", p.text);
                }
                assert!(words_of(&p.text).len() > 1, "{}", p.text);
            }
            for (i, p) in prompts.iter().enumerate() {
                assert!(
                    prompts[..i].iter().all(|q| q.text != p.text),
                    "duplicate {}",
                    p.text
                );
            }
        }
    }

    #[test]
    fn posts_with_enough_to_work_with_get_two_to_four() {
        for post in [
            how_to(),
            list(),
            opinion(),
            comparison(),
            question(),
            announcement(),
        ] {
            let n = post.generate().len();
            assert!((2..=4).contains(&n), "{}: {n}", post.title);
        }
    }

    fn first(title: &'static str) -> String {
        Post::new(title)
            .generate()
            .into_iter()
            .next()
            .map(|p| p.text)
            .unwrap_or_default()
    }

    #[test]
    fn yes_no_titles_become_open_questions() {
        assert_eq!(
            first("Is a Weekly Newsletter Still Worth It?"),
            "When has a weekly newsletter been worth it for you, and when not?"
        );
        assert_eq!(
            first("Should You Post on LinkedIn Every Day?"),
            "When should you post on LinkedIn every day, and when not?"
        );
        assert_eq!(
            first("Should I Quit My Agency?"),
            "When should you quit your agency, and when not?"
        );
        assert_eq!(
            first("Did Twitter Kill Blogging?"),
            "“Did Twitter kill blogging?” What is your answer, and why?"
        );
    }

    #[test]
    fn other_title_patterns() {
        let cases = [
            (
                "How to Get Started With SEO (and Why It Matters)",
                "How do you get started with SEO today, and what has worked?",
            ),
            (
                "10 Ways to Get More Replies on LinkedIn",
                "What has worked best for you when trying to get more replies on LinkedIn?",
            ),
            (
                "12 Tips for Writing Better Subject Lines",
                "What is your best tip for writing better subject lines?",
            ),
            (
                "5 Mistakes to Avoid When Hiring a Writer",
                "Which mistakes have you run into when hiring a writer, and what did you change?",
            ),
            (
                "7 Reasons Your Newsletter Isn't Growing",
                "What have you found to be the main reason your newsletter isn't growing?",
            ),
            (
                "Weekly or Monthly Newsletters?",
                "Which works better for you, weekly or monthly newsletters, and why?",
            ),
            (
                "Notion vs. Trello vs. Asana",
                "Which works better for you, notion, Trello or Asana, and why?",
            ),
            (
                "Replies Are the New Likes",
                "How true is it, in your experience, that replies are the new likes?",
            ),
            (
                "Don't Post Every Day",
                "How true is it, in your experience, that you should not post every day?",
            ),
            (
                "Stop Chasing Followers",
                "How do you stop chasing followers today, and what has worked?",
            ),
            (
                "The Beginner's Guide to Email Marketing",
                "How do you approach email marketing today, and what has worked?",
            ),
            (
                "How Social Algorithms Rank Posts",
                "What have you learned about how social algorithms rank posts?",
            ),
            (
                "How Often Should You Post on LinkedIn?",
                "How often should you post on LinkedIn? What has your own experience taught you?",
            ),
            (
                "Content Calendars for Small Teams",
                "What has your experience been with content calendars for small teams?",
            ),
            (
                "HOW TO WRITE A BETTER NEWSLETTER",
                "How do you write a better newsletter today, and what has worked?",
            ),
            (
                "How to be more consistent with your blog",
                "What helps you be more consistent with your blog, and what gets in the way?",
            ),
            (
                "A Better Way to Run Editorial Meetings",
                "How do you run editorial meetings today, and what has worked?",
            ),
            (
                "Ask the Expert: How Should Startups Approach PR?",
                "How should startups approach PR? What has your own experience taught you?",
            ),
            (
                "Are You Making These 5 Email Mistakes?",
                "Which email mistakes have you run into, and what did you change?",
            ),
            (
                "Twitter Is Dead. Long Live Bluesky?",
                "How true is it, in your experience, that Twitter is dead?",
            ),
            (
                "LinkedIn Carousels: A Complete Guide",
                "How do you approach LinkedIn carousels today, and what has worked?",
            ),
            (
                "What's the Best Time to Post on Instagram?",
                "What's the best time to post on Instagram? What has your own experience taught you?",
            ),
            (
                "Who Owns Content in a Startup?",
                "“Who owns content in a startup?” What has your own experience taught you?",
            ),
            (
                "Webinar: Building a Content Engine",
                "What has your experience been with building a content engine?",
            ),
            (
                "LinkedIn Algorithm Changes You Need to Know",
                "“LinkedIn Algorithm Changes You Need to Know”: what is your experience?",
            ),
        ];
        for (title, expected) in cases {
            assert_eq!(first(title), expected, "{title}");
        }
    }

    #[test]
    fn names_keep_their_capitals_from_the_text() {
        let post = Post::new("How to Share a Calendar in Google Sheets").body(
            "Most teams already have a calendar in Google Sheets, and a shared sheet is free.",
            &[],
        );
        assert_eq!(
            post.generate()[0].text,
            "How do you share a calendar in Google Sheets, and what has worked?"
        );
        let tag = Post::new("Content Calendars for Small Teams")
            .body("Good SEO starts with a plan. Plan for SEO early.", &[])
            .tags(&["seo"]);
        assert!(
            tag.generate()
                .iter()
                .any(|p| p.text == "What is your biggest question about SEO right now?")
        );
    }

    #[test]
    fn titles_with_words_always_get_a_prompt() {
        let only_brand = Post::new("Acme Pulse Is Here").brands(&["Acme Pulse"]);
        assert_eq!(
            texts(&only_brand.generate()),
            vec![(Angle::Topic, LAST_RESORT)]
        );
        let first_person = Post::new("How We Grew Our Newsletter to 10,000 Readers");
        assert_eq!(first_person.generate().len(), 1);
        assert_eq!(Post::new("").generate(), vec![]);
        assert_eq!(Post::new(" ?! ").generate(), vec![]);
    }

    #[test]
    fn headings_become_how_do_you_questions() {
        let post = Post::new("Acme Notes").brands(&["Acme"]).body(
            "",
            &[
                ("Step 1: Pick a Publishing Cadence", "One a week is plenty."),
                ("Review It Every Friday", "Fifteen minutes."),
            ],
        );
        assert_eq!(
            post.generate()[0].text,
            "How do you pick a publishing cadence?"
        );
    }

    fn kinds(prompt: &str, brands: &[&str]) -> Vec<Issue> {
        assess(prompt, &strings(brands))
            .into_iter()
            .map(|(issue, _)| issue)
            .collect()
    }

    #[test]
    fn assess_vectors() {
        assert_eq!(
            kinds("Check out our new post!", &[]),
            vec![Issue::Promotional, Issue::NotAQuestion]
        );
        assert_eq!(
            kinds("Do you plan content weekly?", &[]),
            vec![Issue::YesNo]
        );
        assert_eq!(
            kinds("How do you plan content, and what has worked?", &[]),
            vec![]
        );
        assert_eq!(
            kinds("Is it better to plan weekly or monthly?", &[]),
            vec![]
        );
        assert_eq!(
            kinds(
                "We're excited to launch Acme Pulse",
                &["Acme", "Acme Pulse"]
            ),
            vec![Issue::Promotional, Issue::NotAQuestion]
        );
    }

    #[test]
    fn assess_names_the_offending_words() {
        let brands = strings(&["Acme", "Acme Pulse"]);
        assert_eq!(
            assess("Check out our new post!", &[]),
            vec![
                (
                    Issue::Promotional,
                    "talks about the brand: \"our\"; uses promotional words: \"Check out\", \"new post\"".to_string()
                ),
                (
                    Issue::NotAQuestion,
                    "ends with \"new post!\", not \"?\", and invites no reply (\"Tell us\", \"Share\", \"Reply with\"): a statement gets read, not answered".to_string()
                ),
            ]
        );
        assert_eq!(
            assess("Do you plan content weekly?", &[]),
            vec![(
                Issue::YesNo,
                "starts with \"Do you\": a yes/no question gets yes or no, not a story".to_string()
            )]
        );
        assert_eq!(
            assess("We're excited to launch Acme Pulse", &brands)[0],
            (
                Issue::Promotional,
                "talks about the brand: \"We're\", \"Acme Pulse\"; uses promotional words: \"We're excited\"".to_string()
            )
        );
        assert_eq!(
            assess("What does our Acme dashboard miss?", &brands)[0].1,
            "talks about the brand: \"our\", \"Acme\""
        );
    }

    #[test]
    fn assess_edge_cases() {
        // Invitations are prompts; "Tell us" is not the brand talking.
        assert_eq!(
            kinds("Tell us about your worst calendar week.", &[]),
            vec![]
        );
        assert_eq!(kinds("Share your planning ritual below", &[]), vec![]);
        assert_eq!(kinds("Reply with your best subject line", &[]), vec![]);
        // Trailing emoji and "?!" still end a question.
        assert_eq!(kinds("What would you cut first? 👇", &[]), vec![]);
        assert_eq!(kinds("What would you cut first?!", &[]), vec![]);
        // "US" in capitals is the country.
        assert_eq!(kinds("How do teams in the US plan content?", &[]), vec![]);
        assert_eq!(
            kinds("What should us marketers do?", &[]),
            vec![Issue::Promotional]
        );
        // Brand names are whole words, in any case.
        assert_eq!(
            kinds("What do acme users plan?", &["Acme"]),
            vec![Issue::Promotional]
        );
        assert_eq!(kinds("What do acmeco users plan?", &["Acme"]), vec![]);
        // A yes/no question later in the prompt counts; an open one after it saves it.
        assert_eq!(
            kinds("Planning is hard. Have you tried batching?", &[]),
            vec![Issue::YesNo]
        );
        assert_eq!(kinds("Do you batch posts? Why?", &[]), vec![]);
        assert_eq!(kinds("Don't you hate Mondays?", &[]), vec![Issue::YesNo]);
        assert_eq!(kinds("", &[]), vec![Issue::NotAQuestion]);
        assert_eq!(
            kinds("Subscribe now", &[]),
            vec![Issue::Promotional, Issue::NotAQuestion]
        );
        assert_eq!(kinds("What would you buy?", &[]), vec![Issue::Promotional]);
    }

    #[test]
    fn sentences_split_at_ends_not_abbreviations() {
        assert_eq!(
            sentences("Use a tool, e.g. Trello. Most teams do. 2.5 times more."),
            vec![
                "Use a tool, e.g. Trello.",
                "Most teams do.",
                "2.5 times more."
            ]
        );
        assert_eq!(
            sentences(
                "Ça marche! Über alles? Wir gehen. «Nein» sagt er.\nNew line here. 3 tips… Done."
            ),
            vec![
                "Ça marche!",
                "Über alles?",
                "Wir gehen. «Nein» sagt er.",
                "New line here.",
                "3 tips… Done."
            ]
        );
    }
}
