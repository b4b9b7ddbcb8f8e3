//! Content words: what a question and a post are about, made comparable.
//!
//! Text is cut into words (letters and digits), lowercased, stripped of
//! stop words (the little words of English and the fillers of questions:
//! "how", "should", "best", "tips"), and reduced by a light stemmer so
//! "plans", "planning" and "planned" all become "plan". The stemmer only
//! removes endings that almost always mark the same word (plural -s/-es/-ies,
//! -ing, -ed, a final -e); it never guesses at -er, -ly or -tion, so a match
//! is easy to explain: both texts contain the word.

/// The content words of `text`, stemmed, in order, repeats kept.
pub(crate) fn content_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, &mut String::new(), |word| out.push(word.to_string()));
    out
}

/// Calls `f` with each content word of `text`, stemmed, in order. The word
/// is built in `buffer`, so a caller that only looks words up allocates
/// nothing: the report reads every title, heading, tag and description.
pub(crate) fn for_each_word(text: &str, buffer: &mut String, mut f: impl FnMut(&str)) {
    for raw in text.split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c))) {
        // "don't" -> "don", "team's" -> "team": the part before the
        // apostrophe carries the meaning (or is a stop word).
        let Some(part) = raw.trim_matches(is_apostrophe).split(is_apostrophe).next() else {
            continue;
        };
        if part.len() < 2 {
            continue;
        }
        buffer.clear();
        if part.is_ascii() {
            buffer.push_str(part);
            buffer.make_ascii_lowercase();
        } else {
            buffer.extend(part.chars().flat_map(char::to_lowercase));
        }
        if buffer.chars().nth(1).is_some() && !is_stop_word(buffer) {
            stem_in_place(buffer);
            f(buffer);
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// Reduces an English word to a stem shared by its common forms.
#[cfg(test)]
pub(crate) fn stem(word: &str) -> String {
    let mut w = word.to_string();
    stem_in_place(&mut w);
    w
}

/// [`stem`] in the word's own buffer.
fn stem_in_place(w: &mut String) {
    if w.len() <= 3 || !w.is_ascii() {
        return;
    }
    if w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    if w.ends_with("ied") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("ing") && is_stem(&w[..w.len() - 3]) {
        w.truncate(w.len() - 3);
        undouble(w);
    } else if w.ends_with("ed") && !w.ends_with("eed") && is_stem(&w[..w.len() - 2]) {
        w.truncate(w.len() - 2);
        undouble(w);
    }
    if w.len() > 3 && w.ends_with('e') {
        w.truncate(w.len() - 1);
    }
}

/// A stem must be long enough and say something: "thing" is not "th" + "ing".
fn is_stem(base: &str) -> bool {
    base.len() >= 3 && base.contains(['a', 'e', 'i', 'o', 'u', 'y'])
}

/// "plann" -> "plan", "shipp" -> "ship"; "fill" and "buzz" keep their pairs.
fn undouble(w: &mut String) {
    let bytes = w.as_bytes();
    let n = bytes.len();
    if n >= 2 && bytes[n - 1] == bytes[n - 2] && !b"aeiouylsz".contains(&bytes[n - 1]) {
        w.truncate(n - 1);
    }
}

fn is_stop_word(word: &str) -> bool {
    // Every stop word is ASCII and at most 10 letters: most words are ruled
    // out without a search.
    word.len() <= 10 && word.is_ascii() && STOP_WORDS.binary_search(&word).is_ok()
}

/// English function words, question fillers and contraction stems. Sorted
/// (a test checks) so lookups can binary-search.
const STOP_WORDS: &[&str] = &[
    "able",
    "about",
    "above",
    "actually",
    "after",
    "again",
    "against",
    "ain",
    "all",
    "also",
    "always",
    "am",
    "an",
    "and",
    "any",
    "anyone",
    "anything",
    "are",
    "aren",
    "as",
    "ask",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "best",
    "better",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "couldn",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "done",
    "during",
    "each",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "go",
    "going",
    "good",
    "got",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "help",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "idea",
    "ideas",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "just",
    "kind",
    "know",
    "let",
    "like",
    "lot",
    "lots",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "need",
    "needs",
    "never",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "please",
    "really",
    "recommend",
    "same",
    "shall",
    "she",
    "should",
    "shouldn",
    "so",
    "some",
    "someone",
    "something",
    "sort",
    "still",
    "such",
    "take",
    "takes",
    "taking",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "this",
    "those",
    "through",
    "tip",
    "tips",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "use",
    "used",
    "using",
    "very",
    "vs",
    "want",
    "was",
    "wasn",
    "way",
    "ways",
    "we",
    "were",
    "weren",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whole",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "won",
    "would",
    "wouldn",
    "yes",
    "yet",
    "you",
    "your",
    "yours",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 10 && w.is_ascii()));
    }

    #[test]
    fn common_forms_share_a_stem() {
        for group in [
            &["plan", "plans", "planning", "planned"][..],
            &["calendar", "calendars"],
            &["price", "prices", "pricing", "priced"],
            &["strategy", "strategies"],
            &["schedule", "scheduling", "scheduled"],
            &["edit", "edits", "editing", "edited"],
            &["try", "tries", "tried", "trying"],
            &["business", "businesses"],
            &["meeting", "meetings", "meet"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{group:?} -> {stems:?}"
            );
        }
    }

    #[test]
    fn short_and_tricky_words_are_left_alone() {
        assert_eq!(stem("thing"), "thing", "not th + ing");
        assert_eq!(stem("string"), "string");
        assert_eq!(stem("need"), "need");
        assert_eq!(stem("speed"), "speed", "-eed is not -ed");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("analysis"), "analysis");
        assert_eq!(stem("seo"), "seo");
        assert_eq!(stem("café"), "café", "non-ASCII words are not stemmed");
    }

    #[test]
    fn questions_lose_their_fillers_and_keep_their_topic() {
        assert_eq!(
            content_words("How do I plan a content calendar?"),
            ["plan", "content", "calendar"]
        );
        assert_eq!(
            content_words("What’s the best way to price a webinar? Any tips?"),
            ["pric", "webinar"]
        );
        assert_eq!(content_words("Don't we need UTMs?"), ["utm"]);
        assert_eq!(
            content_words("The team's newsletters"),
            ["team", "newsletter"]
        );
        assert!(content_words("How? Why? What should we do?").is_empty());
    }
}
