//! Character counting the way each social platform counts, so a post's
//! discussion prompt, link and hashtags can be fitted into each platform's
//! limit.
//!
//! Every platform counts differently, and none of them counts Rust's
//! `str::len` (bytes) or `chars().count()` alone:
//!
//! - **X** ([Counting characters], twitter-text [config `v3`]): a post holds
//!   280 *weighted* characters. Code points in U+0000–U+10FF, U+2000–U+200D,
//!   U+2010–U+201F and U+2032–U+2037 weigh 1; every other code point (CJK,
//!   most symbols, …) weighs 2. An emoji weighs 2 however many code points it
//!   is built from (ZWJ sequences, skin tones, flags, keycaps). Every URL
//!   weighs 23, the length of the `t.co` link that replaces it. X counts the
//!   NFC form of the text; see [`length`] for what this module does instead.
//! - **Bluesky** (lexicon [`app.bsky.feed.post`]): `text` has
//!   `maxGraphemes: 300` and `maxLength: 3000`, the latter in UTF-8 bytes.
//!   Graphemes are extended grapheme clusters (UAX #29). Links are part of
//!   the text and count in full.
//! - **Mastodon** ([Posting: text], `StatusLengthValidator`): 500 characters
//!   by default (a server can raise it). Every URL counts as 23 characters
//!   whatever its length, and a mention of a remote account,
//!   `@user@domain`, counts only as `@user`.
//! - **LinkedIn**: a post holds 3,000 characters. LinkedIn does not publish
//!   the unit; this module counts code points, URLs in full.
//! - **Threads** ([Threads API: posts]): "Text posts are limited to 500
//!   characters. Emojis are counted as the number of UTF-8 bytes." A post
//!   may hold at most 5 links; Meta counts the *unique* URLs in the text.
//!
//! URLs are found by [`find_urls`], which only knows `http://` and
//! `https://` links. That is what rapport writes; text such as `example.com`
//! without a scheme is counted as plain text here although X and Threads
//! treat it as a link.
//!
//! [Counting characters]: https://docs.x.com/fundamentals/counting-characters
//! [config `v3`]: https://github.com/twitter/twitter-text/blob/master/config/v3.json
//! [`app.bsky.feed.post`]: https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json
//! [Posting: text]: https://docs.joinmastodon.org/user/posting/#text
//! [Threads API: posts]: https://developers.facebook.com/docs/threads/posts

use std::collections::BTreeSet;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// What any URL counts as on X: the length of a `t.co` link
/// (twitter-text `transformedURLLength`).
const X_URL_LENGTH: usize = 23;
/// What any URL counts as on Mastodon (`characters_reserved_per_url` in a
/// server's instance configuration; 23 on stock Mastodon).
const MASTODON_URL_LENGTH: usize = 23;
/// Bluesky's `maxLength` for a post's text, in UTF-8 bytes.
const BLUESKY_MAX_BYTES: usize = 3000;
/// The most unique links a Threads post may hold.
const THREADS_MAX_LINKS: usize = 5;

/// A social platform rapport writes snippets for.
///
/// Serialized in lowercase (`"x"`, `"bluesky"`, `"mastodon"`, `"linkedin"`,
/// `"threads"`), the same as [`Platform::name`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// X, formerly Twitter.
    X,
    /// Bluesky.
    Bluesky,
    /// Mastodon, with a stock server's settings.
    Mastodon,
    /// LinkedIn.
    Linkedin,
    /// Threads, by Meta.
    Threads,
}

impl Platform {
    /// Every platform, in a fixed order.
    pub const ALL: [Platform; 5] = [
        Platform::X,
        Platform::Bluesky,
        Platform::Mastodon,
        Platform::Linkedin,
        Platform::Threads,
    ];

    /// The machine name: `"x"`, `"bluesky"`, `"mastodon"`, `"linkedin"`,
    /// `"threads"` (the same as serde's).
    pub fn name(self) -> &'static str {
        match self {
            Platform::X => "x",
            Platform::Bluesky => "bluesky",
            Platform::Mastodon => "mastodon",
            Platform::Linkedin => "linkedin",
            Platform::Threads => "threads",
        }
    }

    /// Human name: `"X"`, `"Bluesky"`, `"Mastodon"`, `"LinkedIn"`,
    /// `"Threads"`.
    pub fn label(self) -> &'static str {
        match self {
            Platform::X => "X",
            Platform::Bluesky => "Bluesky",
            Platform::Mastodon => "Mastodon",
            Platform::Linkedin => "LinkedIn",
            Platform::Threads => "Threads",
        }
    }

    /// The platform with this [name](Platform::name), ignoring ASCII case and
    /// surrounding whitespace; `"twitter"` is accepted for X.
    pub fn from_name(name: &str) -> Option<Platform> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("twitter") {
            return Some(Platform::X);
        }
        Platform::ALL
            .into_iter()
            .find(|platform| platform.name().eq_ignore_ascii_case(name))
    }

    /// Default character limit, in the platform's own unit (see [`length`]):
    /// X 280, Bluesky 300, Mastodon 500, LinkedIn 3000, Threads 500.
    pub fn default_limit(self) -> usize {
        match self {
            Platform::X => 280,
            Platform::Bluesky => 300,
            Platform::Mastodon => 500,
            Platform::Linkedin => 3000,
            Platform::Threads => 500,
        }
    }

    /// The usual largest number of hashtags: X 2, Bluesky 2, Mastodon 3,
    /// LinkedIn 3, Threads 1.
    ///
    /// These are editorial norms (more reads as spam), except on Threads,
    /// which links only one topic tag per post.
    pub fn hashtag_norm(self) -> usize {
        match self {
            Platform::X | Platform::Bluesky => 2,
            Platform::Mastodon | Platform::Linkedin => 3,
            Platform::Threads => 1,
        }
    }
}

/// The length of `text` as `platform` counts it.
///
/// - X: the weighted length (weights 100 or 200 on a scale of 100, so 280
///   is the limit): 1 per code point in the weight-1 ranges, 2 per other code
///   point, 2 per emoji (a grapheme cluster holding an emoji code point, a
///   keycap U+20E3 or an emoji variation selector U+FE0F, unless it asks for
///   text presentation with U+FE0E) and 23 per URL. X normalizes text to NFC
///   first; this function does not, so it is exact for NFC text (what editors
///   produce) and counts decomposed text at least as long as X does, except
///   for rare mark orders (`é` followed by U+0323 counts 2 here, 3 on X). The
///   characters that NFC expands (such as U+0958 DEVANAGARI LETTER QA, or
///   U+FB2C, which X counts as 3) are weighed as X weighs their expansion.
/// - Bluesky: extended grapheme clusters; URLs in full.
/// - Mastodon: code points, with every URL as 23 and every `@user@domain`
///   mention as `@user`. A Mastodon server counts grapheme clusters, which
///   is never more than code points: this length is an upper bound, equal to
///   the server's for text without combining sequences or multi-code-point
///   emoji.
/// - LinkedIn: code points; URLs in full.
/// - Threads: code points, except that an emoji (as for X) counts as its
///   UTF-8 bytes: `👍` is 4, `🇫🇷` 8. URLs in full.
pub fn length(platform: Platform, text: &str) -> usize {
    match platform {
        Platform::X => x_length(text),
        Platform::Bluesky => bluesky_length(text),
        Platform::Mastodon => mastodon_length(text),
        Platform::Linkedin => text.chars().count(),
        Platform::Threads => threads_length(text),
    }
}

/// Whether `text` fits in `limit` on `platform`: [`length`] is at most
/// `limit`, and the platform's other limits hold.
///
/// - Bluesky: at most 3000 UTF-8 bytes.
/// - Threads: at most 5 links, counting each distinct URL once (as Meta
///   does).
/// - X: none of U+FEFF, U+FFFE or U+FFFF, which X rejects.
pub fn fits(platform: Platform, text: &str, limit: usize) -> bool {
    fitting_length(platform, text, limit).is_some()
}

/// `text`'s [`length`] on `platform` if it [`fits`] in `limit`: fitting a
/// snippet needs both, and measuring is the costly part (grapheme clusters
/// and URLs).
pub fn fitting_length(platform: Platform, text: &str, limit: usize) -> Option<usize> {
    let length = length(platform, text);
    (length <= limit && within_other_limits(platform, text)).then_some(length)
}

/// The limits of [`fits`] other than the length.
fn within_other_limits(platform: Platform, text: &str) -> bool {
    match platform {
        Platform::Bluesky => text.len() <= BLUESKY_MAX_BYTES,
        Platform::Threads => {
            let links: BTreeSet<&str> = find_urls(text).into_iter().map(|url| &text[url]).collect();
            links.len() <= THREADS_MAX_LINKS
        }
        Platform::X => !text.contains(['\u{FEFF}', '\u{FFFE}', '\u{FFFF}']),
        Platform::Mastodon | Platform::Linkedin => true,
    }
}

/// The `http://` and `https://` URLs in `text`, as byte ranges, in order.
///
/// A URL starts with the scheme (any ASCII case) at the start of the text or
/// after a character that is not an ASCII letter or digit, `@`, `$` or `#`
/// (as in twitter-text). It runs to the next whitespace or other character
/// that twitter-text does not take into a URL: the host takes letters
/// (any script), digits and the ASCII characters of RFC 3986; the path,
/// query and fragment take printable ASCII except `` <>"`{}|\^ ``, and
/// Latin and Cyrillic letters. So a URL ends before CJK text, an emoji, an
/// ideographic full stop or a bidi mark, as X sees it; a top-level domain
/// of ASCII letters ends before the first non-ASCII letter
/// (`https://example.comです` is `https://example.com`). Trailing
/// punctuation is then left out: `.,;:!?'"` and their typographic forms
/// `’”…`, and `)` or `]` unless it closes one opened inside the URL (as in
/// `https://en.wikipedia.org/wiki/Rust_(programming_language)`).
///
/// The host must look like a domain name: at least two dot-separated labels
/// of letters, digits and inner hyphens, a top-level domain of letters (or
/// `xn--` punycode), and `_` only in subdomains; or an IPv4 address, or an
/// IPv6 address in brackets. Unlike twitter-text, the top-level domain is not
/// checked against the list of real ones, and a non-ASCII label is not
/// checked for length after punycode encoding.
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(offset) = memchr::memchr2(b'h', b'H', &text.as_bytes()[from..]) {
        let start = from + offset;
        from = start + 1;
        let Some(scheme_len) = scheme_len(&text[start..]) else {
            continue;
        };
        let preceded_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_invalid_before_url(c));
        if !preceded_ok {
            continue;
        }
        let body_start = start + scheme_len;
        let body = &text[body_start..];
        let authority_len = body.find(|c| !is_authority_char(c)).unwrap_or(body.len());
        let raw_len = match ascii_tld_end(&body[..authority_len]) {
            Some(tld_end) => tld_end,
            None if body[authority_len..].starts_with(['/', '?', '#']) => {
                let rest = &body[authority_len..];
                authority_len + rest.find(|c| !is_path_char(c)).unwrap_or(rest.len())
            }
            None => authority_len,
        };
        let end = body_start + trim_url_end(&body[..raw_len]);
        if has_valid_host(&text[body_start..end]) {
            urls.push(start..end);
            from = end;
        }
    }
    urls
}

/// The length of `http://` or `https://` (any ASCII case) at the start of
/// `s`, if it starts with one.
fn scheme_len(s: &str) -> Option<usize> {
    ["https://", "http://"].into_iter().find_map(|scheme| {
        let head = s.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme).then_some(scheme.len())
    })
}

/// Whether a URL cannot start right after `c` (twitter-text's
/// `validUrlPrecedingChars`; bidi controls are allowed before a URL).
fn is_invalid_before_url(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '@' | '$' | '#' | '\u{FF20}' | '\u{FF03}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// Whether `c` can be part of a URL's authority (userinfo, host, port):
/// letters and digits of any script, and RFC 3986's unreserved, sub-delim
/// and authority characters.
fn is_authority_char(c: char) -> bool {
    if c.is_ascii() {
        // A `matches!`, not `str::contains`: every char of every URL in
        // every snippet passes here.
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '.'
                    | '_'
                    | '~'
                    | '%'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | ':'
                    | '@'
                    | '['
                    | ']'
            )
    } else {
        c.is_alphanumeric()
    }
}

/// Where a top-level domain of ASCII letters runs into non-ASCII letters in
/// `authority` (`example.comです`), as a byte offset.
fn ascii_tld_end(authority: &str) -> Option<usize> {
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let tld_start = host_start + authority[host_start..].rfind('.')? + 1;
    let tld = &authority[tld_start..];
    if !tld.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(tld_start + tld.find(|c: char| !c.is_ascii())?)
}

/// Whether `c` can be part of a URL's path, query or fragment, as in
/// twitter-text: printable ASCII but `` <>"`{}|\^ ``, Latin letters with
/// accents, combining diacritics, Cyrillic, and the en dash.
fn is_path_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '`' | '{' | '}' | '|' | '\\' | '^')
    } else {
        matches!(
            c,
            '\u{C0}'..='\u{D6}'
                | '\u{D8}'..='\u{F6}'
                | '\u{F8}'..='\u{24F}'
                | '\u{300}'..='\u{36F}'
                | '\u{400}'..='\u{4FF}'
                | '\u{1E00}'..='\u{1EFF}'
                | '\u{2013}'
        )
    }
}

/// The length of `url` (after the scheme) without its trailing punctuation.
fn trim_url_end(url: &str) -> usize {
    let mut end = url.len();
    while let Some(last) = url[..end].chars().next_back() {
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '\u{2019}' | '\u{201D}'
            | '\u{2026}' => true,
            ')' => unbalanced(&url[..end], '(', ')'),
            ']' => unbalanced(&url[..end], '[', ']'),
            _ => false,
        };
        if !strip {
            break;
        }
        end -= last.len_utf8();
    }
    end
}

/// Whether `s` closes more `close` than it opens `open`.
fn unbalanced(s: &str, open: char, close: char) -> bool {
    s.matches(close).count() > s.matches(open).count()
}

/// Whether the authority of `rest` (a URL after its scheme) holds a
/// plausible host (see [`find_urls`]).
fn has_valid_host(rest: &str) -> bool {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Userinfo ends at the last `@` of the authority.
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    if let Some(ipv6) = host_port.strip_prefix('[') {
        let Some((address, after)) = ipv6.split_once(']') else {
            return false;
        };
        let port_ok = after.is_empty() || after.strip_prefix(':').is_some_and(is_port);
        return port_ok
            && !address.is_empty()
            && address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if is_port(port) => host,
        Some(_) => return false,
        None => host_port,
    };
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    if labels.len() == 4 && labels.iter().all(|label| is_ipv4_octet(label)) {
        return true;
    }
    let count = labels.len();
    labels.iter().enumerate().all(|(i, label)| {
        let is_subdomain = i + 2 < count;
        let is_tld = i + 1 == count;
        is_domain_label(label, is_subdomain)
            && (!is_tld || label.chars().all(char::is_alphabetic) || is_punycode(label))
    })
}

/// Whether `port` is 1 to 5 ASCII digits.
fn is_port(port: &str) -> bool {
    (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `label` is a decimal number from 0 to 255.
fn is_ipv4_octet(label: &str) -> bool {
    (1..=3).contains(&label.len())
        && label.bytes().all(|b| b.is_ascii_digit())
        && label.parse::<u16>().is_ok_and(|n| n <= 255)
}

/// Whether `label` is a `xn--` punycode label.
fn is_punycode(label: &str) -> bool {
    label
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("xn--"))
        && label.len() > 4
}

/// Whether `label` is a valid domain label: letters, digits and hyphens
/// (and `_` in a subdomain), not starting or ending with a hyphen, and at
/// most 63 bytes when ASCII.
fn is_domain_label(label: &str, is_subdomain: bool) -> bool {
    !label.is_empty()
        && !label.starts_with('-')
        && !label.ends_with('-')
        && (!label.is_ascii() || label.len() <= 63)
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || (is_subdomain && c == '_'))
}

/// X's weighted length, in characters (weighted sum / scale 100).
fn x_length(text: &str) -> usize {
    let mut total = 0;
    let mut plain_start = 0;
    for url in find_urls(text) {
        total += x_plain_length(&text[plain_start..url.start]) + X_URL_LENGTH;
        plain_start = url.end;
    }
    total + x_plain_length(&text[plain_start..])
}

/// Bluesky's length: grapheme clusters. In ASCII text each character is
/// one, except that CR LF is one (segmenting is the slow part of fitting).
fn bluesky_length(text: &str) -> usize {
    if text.is_ascii() {
        return text.len() - text.matches("\r\n").count();
    }
    text.graphemes(true).count()
}

/// X's weighted length of text without URLs.
fn x_plain_length(text: &str) -> usize {
    // No ASCII cluster is an emoji: the clusters' weights are the chars'.
    if text.is_ascii() {
        return text.chars().map(x_weight).sum();
    }
    text.graphemes(true)
        .map(|cluster| {
            if is_emoji_cluster(cluster) {
                2
            } else {
                cluster.chars().map(x_weight).sum()
            }
        })
        .sum()
}

/// The weight of `c` on X, in characters: the weight of its NFC form.
fn x_weight(c: char) -> usize {
    if let Some(weight) = x_nfc_expansion_weight(c) {
        return weight;
    }
    match u32::from(c) {
        0x0000..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037 => 1,
        _ => 2,
    }
}

/// The X weight of the NFC form of the characters whose NFC form is heavier
/// than themselves: the composition exclusions and non-starter
/// decompositions that NFC replaces with two or three code points. The list
/// is all such code points in Unicode 14 (composition exclusions are frozen
/// by Unicode's stability policy).
fn x_nfc_expansion_weight(c: char) -> Option<usize> {
    match u32::from(c) {
        // Greek dialytika tonos; Devanagari, Bengali, Gurmukhi and Oriya
        // nukta letters; Tibetan subjoined and vowel forms: two weight-1 code
        // points.
        0x0344
        | 0x0958..=0x095F
        | 0x09DC
        | 0x09DD
        | 0x09DF
        | 0x0A33
        | 0x0A36
        | 0x0A59..=0x0A5B
        | 0x0A5E
        | 0x0B5C
        | 0x0B5D
        | 0x0F43
        | 0x0F4D
        | 0x0F52
        | 0x0F57
        | 0x0F5C
        | 0x0F69
        | 0x0F73
        | 0x0F75
        | 0x0F76
        | 0x0F78
        | 0x0F81
        | 0x0F93
        | 0x0F9D
        | 0x0FA2
        | 0x0FA7
        | 0x0FAC
        | 0x0FB9 => Some(2),
        // U+2ADC FORKING (U+2ADD U+0338); Hebrew shin with dagesh and a dot
        // (three weight-1 Hebrew code points).
        0x2ADC | 0xFB2C | 0xFB2D => Some(3),
        // Musical notes: two weight-2 code points.
        0x1D15E | 0x1D15F | 0x1D1BB | 0x1D1BC => Some(4),
        // Musical notes with flags: three weight-2 code points.
        0x1D160..=0x1D164 | 0x1D1BD..=0x1D1C0 => Some(6),
        _ => None,
    }
}

/// Whether a grapheme cluster is an emoji: it holds an emoji code point, a
/// combining enclosing keycap (U+20E3) or an emoji variation selector
/// (U+FE0F), and no text variation selector (U+FE0E).
fn is_emoji_cluster(cluster: &str) -> bool {
    let mut emoji = false;
    for c in cluster.chars() {
        match c {
            '\u{FE0E}' => return false,
            '\u{FE0F}' | '\u{20E3}' => emoji = true,
            c if is_emoji_code_point(c) => emoji = true,
            _ => {}
        }
    }
    emoji
}

/// Whether `c` is an emoji code point: the pictograph blocks
/// U+1F000–U+1FAFF (with the regional indicators and skin-tone modifiers)
/// and U+2600–U+27BF, and the other emoji of twitter-text's emoji pattern
/// outside them (`‼ ⁉ ℹ ↔ ⌚ ⏩ Ⓜ ▶ ◀ ⤴ ⬅ ⭐ ⭕ 〰 〽 ㊗ ㊙` and their
/// neighbors).
fn is_emoji_code_point(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1F000..=0x1FAFF
            | 0x2600..=0x27BF
            | 0x203C
            | 0x2049
            | 0x2139
            | 0x2194..=0x2199
            | 0x21A9..=0x21AA
            | 0x231A..=0x231B
            | 0x2328
            | 0x23CF
            | 0x23E9..=0x23F3
            | 0x23F8..=0x23FA
            | 0x24C2
            | 0x25AA..=0x25AB
            | 0x25B6
            | 0x25C0
            | 0x25FB..=0x25FE
            | 0x2934..=0x2935
            | 0x2B05..=0x2B07
            | 0x2B1B..=0x2B1C
            | 0x2B50
            | 0x2B55
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299
    )
}

/// Mastodon's length: code points, URLs as 23, `@user@domain` as `@user`.
fn mastodon_length(text: &str) -> usize {
    let urls = find_urls(text);
    let url_chars: usize = urls
        .iter()
        .map(|url| text[url.clone()].chars().count())
        .sum();
    let domains: usize = mastodon_mention_domains(text)
        .into_iter()
        .filter(|domain| {
            !urls
                .iter()
                .any(|url| url.start < domain.end && domain.start < url.end)
        })
        .map(|domain| text[domain].chars().count())
        .sum();
    text.chars().count() - url_chars + urls.len() * MASTODON_URL_LENGTH - domains
}

/// The byte ranges of the `@domain` parts of the remote mentions
/// (`@user@domain`) in `text`, found as Mastodon finds them
/// (`Account::MENTION_RE` and the extractor's check of what follows).
fn mastodon_mention_domains(text: &str) -> Vec<Range<usize>> {
    let mut domains = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find('@') {
        let at = from + offset;
        from = at + 1;
        let preceded_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c != '=' && c != '/' && !is_word_char(c));
        if !preceded_ok {
            continue;
        }
        // USERNAME_RE: [a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?
        let user_start = at + 1;
        let rest = &text[user_start..];
        let is_user_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
        if !rest
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            continue;
        }
        let run = rest.bytes().take_while(|&b| is_user_char(b)).count();
        let user_len = rest[..run].trim_end_matches(['.', '-']).len();
        let mut end = user_start + user_len;
        // The domain: [[:word:].-]+[[:word:]]+
        let mut domain = None;
        if let Some(after_at) = text[end..].strip_prefix('@') {
            let run: usize = after_at
                .chars()
                .take_while(|&c| is_word_char(c) || c == '.' || c == '-')
                .map(char::len_utf8)
                .sum();
            let trimmed = after_at[..run].trim_end_matches(['.', '-']);
            if trimmed.chars().count() >= 2 {
                domain = Some(end..end + 1 + trimmed.len());
                end += 1 + trimmed.len();
            }
        }
        // The regex consumed the match whether or not it is kept.
        from = end;
        let after = &text[end..];
        let rejected = after.starts_with(['@', '\u{FF20}']) || after.starts_with("://");
        if let Some(domain) = domain.filter(|_| !rejected) {
            domains.push(domain);
        }
    }
    domains
}

/// Whether `c` is a word character as Ruby's `[[:word:]]` (letters, marks,
/// digits, connector punctuation), approximately.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || matches!(
            c,
            '\u{0300}'..='\u{036F}'
                | '\u{1AB0}'..='\u{1AFF}'
                | '\u{1DC0}'..='\u{1DFF}'
                | '\u{20D0}'..='\u{20FF}'
                | '\u{FE20}'..='\u{FE2F}'
        )
}

/// Threads' length: code points, and an emoji as its UTF-8 bytes.
fn threads_length(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.graphemes(true)
        .map(|cluster| {
            if is_emoji_cluster(cluster) {
                cluster.len()
            } else {
                cluster.chars().count()
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A URL of exactly `len` bytes.
    fn url_of_len(len: usize) -> String {
        let head = "https://example.com/";
        let url = format!("{head}{}", "a".repeat(len - head.len()));
        assert_eq!(url.len(), len);
        url
    }

    fn lengths(text: &str) -> [usize; 5] {
        Platform::ALL.map(|platform| length(platform, text))
    }

    #[test]
    fn fitting_length_is_the_length_of_what_fits() {
        let question = "What would you try first?";
        assert_eq!(fitting_length(Platform::X, question, 280), Some(25));
        assert_eq!(fitting_length(Platform::X, question, 25), Some(25));
        assert_eq!(fitting_length(Platform::X, question, 24), None);
        // A link counts as 23 on X and Mastodon, whatever its length.
        let shared = format!("Why?\n\n{}", url_of_len(60));
        assert_eq!(fitting_length(Platform::X, &shared, 280), Some(29));
        assert_eq!(fitting_length(Platform::Mastodon, &shared, 500), Some(29));
        // Short enough, but over another of the platform's limits.
        let links = |n: usize| {
            let urls: Vec<String> = (1..=n)
                .map(|i| format!("https://example.com/{i}"))
                .collect();
            urls.join(" ")
        };
        assert_eq!(fitting_length(Platform::Threads, &links(5), 500), Some(109));
        assert_eq!(fitting_length(Platform::Threads, &links(6), 500), None);
        assert_eq!(fitting_length(Platform::X, "\u{FEFF}ab", 280), None);
        let long = "a".repeat(3000);
        assert_eq!(fitting_length(Platform::Bluesky, &long, 5000), Some(3000));
        assert_eq!(
            fitting_length(Platform::Bluesky, &format!("{long}a"), 5000),
            None
        );
    }

    // --- Platform ---

    #[test]
    fn names_labels_and_serde_agree() {
        let names: Vec<&str> = Platform::ALL.iter().map(|p| p.name()).collect();
        assert_eq!(names, ["x", "bluesky", "mastodon", "linkedin", "threads"]);
        let labels: Vec<&str> = Platform::ALL.iter().map(|p| p.label()).collect();
        assert_eq!(labels, ["X", "Bluesky", "Mastodon", "LinkedIn", "Threads"]);
        for platform in Platform::ALL {
            let json = serde_json::to_string(&platform).expect("serialize");
            assert_eq!(json, format!("\"{}\"", platform.name()));
            assert_eq!(
                serde_json::from_str::<Platform>(&json).expect("deserialize"),
                platform
            );
            assert_eq!(Platform::from_name(platform.name()), Some(platform));
            assert_eq!(Platform::from_name(platform.label()), Some(platform));
        }
    }

    #[test]
    fn from_name_accepts_twitter_and_any_case() {
        assert_eq!(Platform::from_name("Twitter"), Some(Platform::X));
        assert_eq!(Platform::from_name("TWITTER"), Some(Platform::X));
        assert_eq!(Platform::from_name("X"), Some(Platform::X));
        assert_eq!(Platform::from_name(" BlueSky "), Some(Platform::Bluesky));
        assert_eq!(Platform::from_name("LinkedIn"), Some(Platform::Linkedin));
        assert_eq!(Platform::from_name("facebook"), None);
        assert_eq!(Platform::from_name(""), None);
        assert_eq!(Platform::from_name("twitter.com"), None);
    }

    #[test]
    fn default_limits_and_hashtag_norms() {
        let limits = Platform::ALL.map(Platform::default_limit);
        assert_eq!(limits, [280, 300, 500, 3000, 500]);
        let norms = Platform::ALL.map(Platform::hashtag_norm);
        assert_eq!(norms, [2, 2, 3, 3, 1]);
    }

    // --- Every platform ---

    #[test]
    fn plain_ascii_counts_one_per_character_everywhere() {
        // twitter-text conformance: "Count the number of characters".
        assert_eq!(lengths("This is a test."), [15; 5]);
        assert_eq!(lengths(""), [0; 5]);
    }

    #[test]
    fn precomposed_accent_counts_one_everywhere() {
        assert_eq!(lengths("\u{E9}"), [1; 5]);
        assert_eq!(lengths("caf\u{E9}"), [4; 5]);
    }

    #[test]
    fn decomposed_accent_is_not_normalized() {
        // X counts the NFC form (1); without normalization it is 2, as
        // documented. Bluesky counts one grapheme.
        let text = "e\u{301}";
        assert_eq!(length(Platform::X, text), 2);
        assert_eq!(length(Platform::Bluesky, text), 1);
        assert_eq!(length(Platform::Mastodon, text), 2);
    }

    // --- X ---

    #[test]
    fn x_280_fits_and_281_does_not() {
        let limit = Platform::X.default_limit();
        assert!(fits(Platform::X, &"a".repeat(280), limit));
        assert!(!fits(Platform::X, &"a".repeat(281), limit));
        // With a link: 256 + space + 23 = 280.
        let text = format!("{} {}", "a".repeat(256), url_of_len(100));
        assert_eq!(length(Platform::X, &text), 280);
        assert!(fits(Platform::X, &text, limit));
        let text = format!("{} {}", "a".repeat(257), url_of_len(100));
        assert!(!fits(Platform::X, &text, limit));
    }

    #[test]
    fn x_counts_any_url_as_23() {
        for len in [20, 23, 100, 400] {
            let url = url_of_len(len);
            assert_eq!(length(Platform::X, &url), 23, "{url}");
        }
        // twitter-text conformance.
        assert_eq!(length(Platform::X, "http://test.com"), 23);
        assert_eq!(length(Platform::X, "https://test.com"), 23);
        assert_eq!(length(Platform::X, "https://t.co/x"), 23);
        assert_eq!(
            length(
                Platform::X,
                "Test https://test.com test https://test.com test"
            ),
            62
        );
    }

    #[test]
    fn x_conformance_long_tweets_with_urls() {
        let groups = |n: usize| "xxxxxxxxxx-".repeat(n);
        // "Long tweet, overflow at char index 280": 285.
        let text = format!("285 chars-{}", groups(25));
        assert_eq!(length(Platform::X, &text), 285);
        // "Long tweet with url in the middle": 299.
        let text = format!("285 chars- http://www.twitter.com/jack {}", groups(24));
        assert_eq!(length(Platform::X, &text), 299);
        // "Long tweet with url at the end": 289.
        let text = format!("{} http://www.twitter.com/jack ", groups(24));
        assert_eq!(length(Platform::X, &text), 289);
        // "10 url string, no overflow": 240.
        let text = "https://www.twitter.com/aloha ".repeat(10);
        assert_eq!(length(Platform::X, &text), 240);
        assert!(fits(Platform::X, &text, 280));
    }

    #[test]
    fn x_counts_cjk_double() {
        assert_eq!(length(Platform::X, "こんにちは"), 10);
        // twitter-text conformance: "160 CJK char" is 320, with "the" 323.
        let poem = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。\
                    朱雀桥边野草花，乌衣巷口夕阳斜。旧时王谢堂前燕，飞入寻常百姓家。\
                    朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。\
                    泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。\
                    独在异乡为异客，每逢佳节倍思亲。遥知兄弟登高处，遍插茱萸少一人。";
        assert_eq!(poem.chars().count(), 160);
        assert_eq!(length(Platform::X, poem), 320);
        assert_eq!(length(Platform::X, &format!("the{poem}")), 323);
        assert!(!fits(Platform::X, poem, 280));
        let hangul = "저찀쯿쿿";
        assert_eq!(length(Platform::X, hangul), 8);
    }

    #[test]
    fn x_weight_one_range_edges() {
        let cases = [
            ('\u{10FF}', 1),
            ('\u{1100}', 2),
            ('\u{1FFF}', 2),
            ('\u{2000}', 1),
            ('\u{200D}', 1),
            ('\u{200E}', 2),
            ('\u{200F}', 2),
            ('\u{2010}', 1),
            ('\u{201F}', 1),
            ('\u{2020}', 2),
            ('\u{2031}', 2),
            ('\u{2032}', 1),
            ('\u{2037}', 1),
            ('\u{2038}', 2),
            ('\u{10000}', 2),
            ('\u{10FFFF}', 2),
        ];
        for (c, expected) in cases {
            assert_eq!(
                length(Platform::X, &c.to_string()),
                expected,
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn x_counts_each_emoji_as_two() {
        assert_eq!(length(Platform::X, "👍"), 2);
        assert_eq!(length(Platform::X, "👍🏽"), 2);
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        assert_eq!(family.chars().count(), 7);
        assert_eq!(length(Platform::X, family), 2);
        assert_eq!(length(Platform::X, "🇫🇷"), 2);
        assert_eq!(length(Platform::X, "🇫🇷🇩🇪"), 4);
        assert_eq!(length(Platform::X, "❤\u{FE0F}"), 2);
        assert_eq!(length(Platform::X, "⭐\u{FE0F}"), 2);
        // Keycap: 1 + VS16 + U+20E3 is one emoji.
        assert_eq!(length(Platform::X, "1\u{FE0F}\u{20E3}"), 2);
        assert_eq!(length(Platform::X, "#\u{20E3}"), 2);
        // Text presentation: not an emoji, 2 + 2.
        assert_eq!(length(Platform::X, "\u{263A}\u{FE0E}"), 4);
        // twitter-text conformance: "140 family emoji" is 280.
        let text = family.repeat(140);
        assert_eq!(length(Platform::X, &text), 280);
        assert!(fits(Platform::X, &text, 280));
        assert!(!fits(Platform::X, &format!("{text}a"), 280));
    }

    #[test]
    fn x_conformance_unicode_emoji_versions() {
        let england = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
        let text = format!("Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; {england}");
        assert_eq!(length(Platform::X, &text), 34);
        assert_eq!(length(Platform::X, "Unicode 9.0 emoji: 🤠; 💃; 💃🏾"), 29);
        assert_eq!(length(Platform::X, "😷👾😡🔥💩"), 10);
    }

    #[test]
    fn x_weighs_characters_nfc_expands() {
        // twitter-text conformance: "שּׁ is normalized into 3 chars": A + U+FB2C is 4.
        assert_eq!(length(Platform::X, "A\u{FB2C}"), 4);
        // U+0958 DEVANAGARI LETTER QA is U+0915 U+093C in NFC.
        assert_eq!(length(Platform::X, "\u{958}"), 2);
        assert_eq!(length(Platform::X, "\u{915}\u{93C}"), 2);
        assert_eq!(length(Platform::X, "\u{1D160}"), 6);
        // U+2126 OHM SIGN becomes U+03A9, lighter: counted 2, never less than X.
        assert_eq!(length(Platform::X, "\u{2126}"), 2);
    }

    #[test]
    fn x_url_ends_before_bidi_controls() {
        // twitter-text conformance: "Tweet text containing directional
        // characters should be considered valid": 31.
        let text = "\u{2066}\u{202A}http://foobar.پاکستان/\u{202C}\u{2069}";
        assert_eq!(length(Platform::X, text), 31);
        assert!(fits(Platform::X, text, 280));
    }

    #[test]
    fn x_rejects_invalid_characters() {
        assert!(fits(Platform::X, "ABC", 280));
        for bad in ['\u{FEFF}', '\u{FFFE}', '\u{FFFF}'] {
            assert!(!fits(Platform::X, &format!("ABC{bad}"), 280));
            assert!(fits(Platform::Mastodon, &format!("ABC{bad}"), 500));
        }
    }

    // --- Bluesky ---

    #[test]
    fn bluesky_counts_urls_in_full() {
        let url = url_of_len(100);
        assert_eq!(length(Platform::Bluesky, &url), 100);
        assert_eq!(length(Platform::Linkedin, &url), 100);
        assert_eq!(length(Platform::Threads, &url), 100);
        assert_eq!(length(Platform::Mastodon, &url), 23);
    }

    #[test]
    fn ascii_lengths_are_the_same_as_segmenting_them() {
        for text in [
            "",
            "Plain words.",
            "a\r\nb\n\rc\r\n",
            "#1 * 2 = 3 (really?) https://x.com/a",
        ] {
            assert_eq!(
                bluesky_length(text),
                text.graphemes(true).count(),
                "{text:?}"
            );
            let x: usize = text
                .graphemes(true)
                .map(|c| c.chars().map(x_weight).sum::<usize>())
                .sum();
            assert_eq!(x_plain_length(text), x, "{text:?}");
            assert_eq!(
                threads_length(text),
                text.graphemes(true)
                    .map(|c| c.chars().count())
                    .sum::<usize>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn bluesky_counts_graphemes() {
        assert_eq!(
            length(Platform::Bluesky, "👨\u{200D}👩\u{200D}👧\u{200D}👦"),
            1
        );
        assert_eq!(length(Platform::Bluesky, "🇫🇷"), 1);
        assert_eq!(length(Platform::Bluesky, "👍🏽"), 1);
        assert_eq!(length(Platform::Bluesky, "こんにちは"), 5);
    }

    #[test]
    fn bluesky_300_graphemes_fit_and_301_do_not() {
        let limit = Platform::Bluesky.default_limit();
        assert!(fits(Platform::Bluesky, &"a".repeat(300), limit));
        assert!(!fits(Platform::Bluesky, &"a".repeat(301), limit));
        assert!(fits(Platform::Bluesky, &"é".repeat(300), limit));
    }

    #[test]
    fn bluesky_limits_bytes_to_3000() {
        let limit = Platform::Bluesky.default_limit();
        // 300 family emoji: 300 graphemes, 7500 bytes.
        let text = "👨\u{200D}👩\u{200D}👧\u{200D}👦".repeat(300);
        assert_eq!(length(Platform::Bluesky, &text), 300);
        assert_eq!(text.len(), 7500);
        assert!(!fits(Platform::Bluesky, &text, limit));
        // Exactly 3000 bytes in 2 graphemes fits; 3001 bytes does not.
        let heavy = format!("a{}", "\u{301}".repeat(1499));
        assert_eq!(heavy.len(), 2999);
        let text = format!("{heavy}b");
        assert_eq!((length(Platform::Bluesky, &text), text.len()), (2, 3000));
        assert!(fits(Platform::Bluesky, &text, limit));
        let text = format!("{heavy}bc");
        assert!(!fits(Platform::Bluesky, &text, limit));
    }

    // --- Mastodon ---

    #[test]
    fn mastodon_counts_urls_as_23() {
        let text = format!("Read it: {}", url_of_len(100));
        assert_eq!(length(Platform::Mastodon, &text), 9 + 23);
        let limit = Platform::Mastodon.default_limit();
        let text = format!("{} {}", "a".repeat(476), url_of_len(300));
        assert_eq!(length(Platform::Mastodon, &text), 500);
        assert!(fits(Platform::Mastodon, &text, limit));
        let text = format!("{} {}", "a".repeat(477), url_of_len(300));
        assert!(!fits(Platform::Mastodon, &text, limit));
    }

    #[test]
    fn mastodon_counts_remote_mentions_as_the_username() {
        assert_eq!(
            length(Platform::Mastodon, "Thanks @alice@example.social!"),
            "Thanks @alice!".len()
        );
        assert_eq!(length(Platform::Mastodon, "@alice@example.social"), 6);
        assert_eq!(
            length(Platform::Mastodon, "cc @bob.smith@mastodon.example.org."),
            "cc @bob.smith.".len()
        );
        assert_eq!(length(Platform::Mastodon, "@alice"), 6);
        // Two in a row.
        assert_eq!(
            length(Platform::Mastodon, "@a_b@x.org @c@y.org"),
            "@a_b @c".len()
        );
        // Not mentions: an e-mail address, a mention followed by `@`, one
        // after `/`, a one-letter domain.
        for text in ["mail me@example.com", "@a@b.com@c", "x/@a@b.com", "@a@b"] {
            assert_eq!(
                length(Platform::Mastodon, text),
                text.chars().count(),
                "{text}"
            );
        }
        // Inside a URL the URL wins.
        let text = "https://mastodon.social/@alice@example.social";
        assert_eq!(length(Platform::Mastodon, text), 23);
        let text = "https://example.com/?a=1&@alice@example.social";
        assert_eq!(length(Platform::Mastodon, text), 23);
        // The domain may hold non-ASCII letters; X does not shorten mentions.
        let text = "@jo@bücher.example";
        assert_eq!(length(Platform::Mastodon, text), 3);
        assert_eq!(length(Platform::X, text), text.chars().count());
    }

    #[test]
    fn mastodon_counts_code_points() {
        assert_eq!(length(Platform::Mastodon, "こんにちは"), 5);
        assert_eq!(length(Platform::Mastodon, "👍"), 1);
        assert_eq!(
            length(Platform::Mastodon, "👨\u{200D}👩\u{200D}👧\u{200D}👦"),
            7
        );
    }

    // --- LinkedIn ---

    #[test]
    fn linkedin_3000_code_points() {
        let limit = Platform::Linkedin.default_limit();
        assert!(fits(Platform::Linkedin, &"é".repeat(3000), limit));
        assert!(!fits(Platform::Linkedin, &"é".repeat(3001), limit));
        assert_eq!(length(Platform::Linkedin, "👍 こんにちは"), 7);
    }

    // --- Threads ---

    #[test]
    fn threads_counts_emoji_as_utf8_bytes() {
        assert_eq!(length(Platform::Threads, "👍"), 4);
        assert_eq!(length(Platform::Threads, "🇫🇷"), 8);
        assert_eq!(length(Platform::Threads, "❤\u{FE0F}"), 6);
        assert_eq!(
            length(Platform::Threads, "👨\u{200D}👩\u{200D}👧\u{200D}👦"),
            25
        );
        assert_eq!(length(Platform::Threads, "こんにちは"), 5);
        // Single-code-point emoji count their 3 or 4 bytes too.
        assert_eq!(length(Platform::Threads, "\u{2615}"), 3);
        assert_eq!(length(Platform::Threads, "\u{2B50}"), 3);
        assert_eq!(length(Platform::Threads, "\u{1F600}"), 4);
        assert_eq!(length(Platform::Threads, "Hi 👋"), 3 + 4);
        let limit = Platform::Threads.default_limit();
        assert!(fits(Platform::Threads, &"🔥".repeat(125), limit));
        assert!(!fits(
            Platform::Threads,
            &format!("{}a", "🔥".repeat(125)),
            limit
        ));
    }

    #[test]
    fn threads_allows_at_most_five_links() {
        let limit = Platform::Threads.default_limit();
        let links = |n: usize| {
            (1..=n)
                .map(|i| format!("https://example.com/{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert!(fits(Platform::Threads, &links(5), limit));
        assert!(!fits(Platform::Threads, &links(6), limit));
        // Meta counts unique URLs: the same link six times is one.
        let same = ["https://example.com/a"; 6].join(" ");
        assert!(fits(Platform::Threads, &same, limit));
        // Other platforms have no link limit.
        assert!(fits(Platform::Mastodon, &links(6), 500));
    }

    // --- find_urls ---

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn find_urls_returns_byte_ranges() {
        let text = "こんにちは https://example.com/a, then http://b.example.org.";
        let found = find_urls(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], 16..37);
        assert_eq!(&text[found[0].clone()], "https://example.com/a");
        assert_eq!(&text[found[1].clone()], "http://b.example.org");
    }

    #[test]
    fn find_urls_leaves_out_trailing_punctuation() {
        assert_eq!(urls("See https://example.com."), ["https://example.com"]);
        assert_eq!(
            urls("(see https://example.com/x)"),
            ["https://example.com/x"]
        );
        assert_eq!(
            urls("\"https://example.com/x?\""),
            ["https://example.com/x"]
        );
        assert_eq!(urls("'https://example.com/x';"), ["https://example.com/x"]);
        assert_eq!(urls("“https://example.com/x”…"), ["https://example.com/x"]);
        assert_eq!(urls("https://example.com/x!?:"), ["https://example.com/x"]);
        assert_eq!(
            urls("(https://en.wikipedia.org/wiki/Rust_(programming_language))"),
            ["https://en.wikipedia.org/wiki/Rust_(programming_language)"]
        );
        assert_eq!(urls("<https://example.com/a>"), ["https://example.com/a"]);
        assert_eq!(
            urls("[see https://example.com/x]"),
            ["https://example.com/x"]
        );
        assert_eq!(urls("[http://[2001:db8::1]]"), ["http://[2001:db8::1]"]);
        assert_eq!(
            urls("https://example.com/a\u{200B}b"),
            ["https://example.com/a"]
        );
    }

    #[test]
    fn find_urls_keeps_url_parts() {
        for url in [
            "http://example.com",
            "HTTPS://www.ExaMPLE.COM/index.html",
            "https://example.com/path/to/resource?search=foo&lang=en",
            "http://twitter.com/#!/twitter",
            "http://user:PASSW0RD@example.com:8080/login.php",
            "http://sports.yahoo.com/nfl/news;_ylt=Aom0;ylu=XyZ?slug=ap-superbowlnotebook",
            "http://192.168.0.1/index.html?src=asdf",
            "http://[3ffe:1900:4545:3:200:f8ff:fe21:67cf]:80/index.html",
            "http://test_underscore.twitter.com",
            "http://example.com/Русские_слова",
            "https://www.youtube.com/playlist?list=PL0ZPu8XSRTB7wZzn0mLHMvyzVFeRxbWn-",
            "http://xn--n3h.net/",
        ] {
            assert_eq!(urls(url), [url]);
        }
    }

    #[test]
    fn find_urls_rejects_non_urls() {
        for text in [
            "ftp://www.example.com/",
            "https://",
            "https://localhost/admin",
            "https://x",
            "xhttps://example.com",
            "$https://example.com",
            "http://domain-dash_2314352345_dfasd.foo-cow_4352.com",
            "http://www.-domain4352.com/",
            "http://www.domain4352-.com/",
            "http://example.123/",
            "http://example.com:port/",
            "example.com",
        ] {
            assert_eq!(urls(text), Vec::<&str>::new(), "{text}");
        }
        let label = "a".repeat(64);
        assert_eq!(urls(&format!("https://{label}.com")), Vec::<&str>::new());
        let label = "a".repeat(63);
        assert_eq!(urls(&format!("https://{label}.com")).len(), 1);
    }

    #[test]
    fn find_urls_ends_where_x_ends_a_url() {
        // Japanese writes URLs without spaces around them.
        let text = "詳しくはhttps://example.com/postをご覧ください";
        assert_eq!(urls(text), ["https://example.com/post"]);
        assert_eq!(length(Platform::X, text), 4 * 2 + 23 + 7 * 2);
        assert_eq!(urls("https://example.comです。"), ["https://example.com"]);
        assert_eq!(urls("https://example.com、次"), ["https://example.com"]);
        assert_eq!(
            urls("https://example.com:8080です"),
            ["https://example.com:8080"]
        );
        assert_eq!(urls("https://example.com/x👍"), ["https://example.com/x"]);
        assert_eq!(
            urls("https://ja.wikipedia.org/wiki/日本"),
            ["https://ja.wikipedia.org/wiki/"]
        );
        // Letters of any script in the host, Latin and Cyrillic in the path.
        assert_eq!(urls("http://あいうえお.com/x"), ["http://あいうえお.com/x"]);
        assert_eq!(
            urls("https://example.com/café–főoldal"),
            ["https://example.com/café–főoldal"]
        );
        assert_eq!(
            urls("http://あいうえお.みんな、次"),
            ["http://あいうえお.みんな"]
        );
    }

    #[test]
    fn find_urls_after_punctuation_and_adjacent() {
        assert_eq!(urls("(https://a.example.com)"), ["https://a.example.com"]);
        assert_eq!(
            urls("é https://a.example.com https://b.example.com"),
            ["https://a.example.com", "https://b.example.com"]
        );
        // A URL runs to whitespace, so a second scheme inside it is part of it.
        assert_eq!(
            urls("https://a.example.com/?u=https://b.example.com"),
            ["https://a.example.com/?u=https://b.example.com"]
        );
    }
}
