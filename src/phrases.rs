//! Phrase tables for the text analyses: multi-word phrases (already split
//! into lowercase words) by their first word, longest first, so matching a
//! text costs at most one hash lookup a word (most words are turned away by a
//! bit filter before it) and a longer phrase wins over a shorter one where
//! both match. The classifier and the prompt writer split text
//! their own ways; each says how to read a lowercase word from its own.

use rustc_hash::FxHashMap;

/// A phrase and the group it counts for (what it is evidence of).
#[derive(Debug)]
pub(crate) struct Phrase {
    pub(crate) words: Vec<String>,
    pub(crate) group: usize,
}

#[derive(Debug, Default)]
pub(crate) struct PhraseTable {
    by_first: FxHashMap<String, Vec<Phrase>>,
    /// A 4096-bit filter of the first words, by a cheap key of their first
    /// and last bytes and length: most words of a text start no phrase, and
    /// this turns most of them away without hashing them.
    first_keys: Vec<u64>,
}

/// A word's bit in [`PhraseTable::first_keys`], if it has a byte.
fn first_key(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    let (&first, &last) = (bytes.first()?, bytes.last()?);
    Some((usize::from(first) * 67 + usize::from(last) * 13 + bytes.len()) % 4096)
}

impl PhraseTable {
    /// A table of (group, words) phrases; empty phrases and repeats are dropped.
    pub(crate) fn new(phrases: impl IntoIterator<Item = (usize, Vec<String>)>) -> Self {
        let mut by_first: FxHashMap<String, Vec<Phrase>> = FxHashMap::default();
        for (group, words) in phrases {
            let Some(first) = words.first() else { continue };
            let list = by_first.entry(first.clone()).or_default();
            if !list.iter().any(|p| p.words == words) {
                list.push(Phrase { words, group });
            }
        }
        let mut first_keys = vec![0u64; 4096 / 64];
        for (first, list) in by_first.iter_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
            if let Some(key) = first_key(first) {
                first_keys[key / 64] |= 1 << (key % 64);
            }
        }
        PhraseTable {
            by_first,
            first_keys,
        }
    }

    /// The longest phrase that `words` starts with; `lower` reads a word's
    /// lowercase form.
    pub(crate) fn longest_at<W>(&self, words: &[W], lower: impl Fn(&W) -> &str) -> Option<&Phrase> {
        let first = lower(words.first()?);
        let key = first_key(first)?;
        let block = self.first_keys.get(key / 64).copied().unwrap_or(0);
        if block & (1 << (key % 64)) == 0 {
            return None;
        }
        self.by_first.get(first)?.iter().find(|p| {
            p.words.len() <= words.len() && p.words.iter().zip(words).all(|(a, w)| a == lower(w))
        })
    }

    /// Whether `words` starts with one of the phrases.
    pub(crate) fn starts<W>(&self, words: &[W], lower: impl Fn(&W) -> &str) -> bool {
        self.longest_at(words, lower).is_some()
    }

    /// Whether one of the phrases occurs anywhere in `words`.
    pub(crate) fn any_in<W>(&self, words: &[W], lower: impl Fn(&W) -> &str) -> bool {
        (0..words.len()).any(|i| self.longest_at(&words[i..], &lower).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word<'a>(w: &'a &str) -> &'a str {
        w
    }

    fn table() -> PhraseTable {
        let split = |p: &str| p.split(' ').map(str::to_string).collect::<Vec<_>>();
        PhraseTable::new([
            (0, split("sign up")),
            (1, split("sign up today")),
            (0, split("sign up")),
            (2, Vec::new()),
        ])
    }

    #[test]
    fn the_first_word_filter_lets_every_phrase_through() {
        let phrases = [
            "a",
            "free trial",
            "über deal",
            "x",
            "launch",
            "launching now",
            "9 ways",
            "%",
        ];
        let table = PhraseTable::new(
            phrases
                .iter()
                .enumerate()
                .map(|(i, p)| (i, p.split(' ').map(str::to_string).collect())),
        );
        for (i, phrase) in phrases.iter().enumerate() {
            let words: Vec<&str> = phrase.split(' ').collect();
            let found = table.longest_at(&words, word).map(|p| p.group);
            assert_eq!(found, Some(i), "{phrase}");
        }
        for miss in ["b", "freedom", "übera", "launches", ""] {
            assert!(table.longest_at(&[miss], word).is_none(), "{miss}");
        }
    }

    #[test]
    fn the_longest_phrase_wins_and_words_are_read_through_the_caller() {
        let table = table();
        let words = ["sign", "up", "today", "now"];
        let found = table.longest_at(&words, word).expect("a phrase");
        assert_eq!((found.group, found.words.len()), (1, 3));
        assert_eq!(
            table.longest_at(&words[..2], word).map(|p| p.group),
            Some(0)
        );
        assert!(
            table.longest_at(&["sign"], word).is_none(),
            "a phrase needs all its words"
        );
        let upper = ["Please", "SIGN", "UP"].map(str::to_lowercase);
        assert!(!table.starts(&upper, String::as_str));
        assert!(table.any_in(&upper, String::as_str));
    }
}
