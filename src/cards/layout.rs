//! Fitting a card's title: the largest font size at which the title wraps
//! into the title box within its lines, measured with the card font's own
//! advance widths (no shaping: kerning only ever makes a line shorter, and
//! the box keeps a margin for it). Words too long for a line, and scripts
//! written without spaces (Chinese, Japanese), break between graphemes.
//! Glyphs the font lacks measure as its `.notdef` box: they never panic.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, GlyphId, MetadataProvider};
use unicode_segmentation::UnicodeSegmentation;

/// Advance widths of one font, in em (multiply by the font size for pixels).
pub(crate) struct Metrics<'a> {
    charmap: skrifa::charmap::Charmap<'a>,
    glyphs: skrifa::metrics::GlyphMetrics<'a>,
    units_per_em: f32,
    /// Advance widths of the ASCII characters, looked up once: every
    /// post's card measures its title at several sizes, character by character.
    ascii: [f32; 128],
}

impl<'a> Metrics<'a> {
    /// `None` if `font` is not a font skrifa can read.
    pub(crate) fn new(font: &'a [u8]) -> Option<Self> {
        let font = FontRef::new(font).ok()?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em
                .max(1),
        );
        let mut metrics = Metrics {
            charmap: font.charmap(),
            glyphs: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
            ascii: [0.0; 128],
        };
        for c in 0..128u8 {
            metrics.ascii[usize::from(c)] = metrics.looked_up(char::from(c));
        }
        Some(metrics)
    }

    /// A character's advance width in font units, from the font's tables.
    fn looked_up(&self, c: char) -> f32 {
        let glyph = self.charmap.map(c).unwrap_or(GlyphId::NOTDEF);
        self.glyphs.advance_width(glyph).unwrap_or(0.0)
    }

    /// The width of `text` at 1 px per em.
    pub(crate) fn em_width(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| match self.ascii.get(c as usize) {
                Some(&advance) => advance,
                None => self.looked_up(c),
            })
            .sum::<f32>()
            / self.units_per_em
    }

    /// The width of `text` at `size` px.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        self.em_width(text) * size
    }
}

/// Where the title may go and how big it may be.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TitleBox {
    pub width: f32,
    pub height: f32,
    pub max_size: f32,
    pub min_size: f32,
    pub max_lines: usize,
    /// Line height as a multiple of the font size.
    pub leading: f32,
}

/// A fitted title: its size and lines.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FittedTitle {
    pub size: f32,
    pub line_height: f32,
    pub lines: Vec<String>,
}

/// The largest size (in steps of 2 px) at which `title` fits the box; at
/// the smallest size a title that still does not fit is cut after the last
/// line with an ellipsis.
pub(crate) fn fit_title(metrics: &Metrics<'_>, title: &str, area: &TitleBox) -> FittedTitle {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut size = area.max_size;
    loop {
        let line_height = size * area.leading;
        let room = ((area.height / line_height).floor() as usize).clamp(1, area.max_lines);
        let lines = wrap(metrics, &title, size, area.width);
        if lines.len() <= room || size <= area.min_size {
            let lines = if lines.len() > room {
                cut(metrics, lines, room, size, area.width)
            } else {
                lines
            };
            return FittedTitle {
                size,
                line_height,
                lines,
            };
        }
        size = (size - 2.0).max(area.min_size);
    }
}

/// `text` on one line at `size`, cut with an ellipsis if it is too wide.
pub(crate) fn fit_line(metrics: &Metrics<'_>, text: &str, size: f32, width: f32) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if metrics.width(&text, size) <= width {
        return text;
    }
    ellipsize(metrics, &text, size, width)
}

/// Greedy wrapping at spaces; a word wider than the line breaks between graphemes.
fn wrap(metrics: &Metrics<'_>, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if metrics.width(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if metrics.width(word, size) <= width {
            line = word.to_string();
            continue;
        }
        for grapheme in word.graphemes(true) {
            let longer = format!("{line}{grapheme}");
            if !line.is_empty() && metrics.width(&longer, size) > width {
                lines.push(std::mem::replace(&mut line, grapheme.to_string()));
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The first `keep` lines, the last one ending in an ellipsis.
fn cut(
    metrics: &Metrics<'_>,
    mut lines: Vec<String>,
    keep: usize,
    size: f32,
    width: f32,
) -> Vec<String> {
    lines.truncate(keep);
    if let Some(last) = lines.last_mut() {
        *last = ellipsize(metrics, &format!("{last} …"), size, width);
    }
    lines
}

/// `text` shortened (at a word if it can, else a grapheme) to fit with "…".
fn ellipsize(metrics: &Metrics<'_>, text: &str, size: f32, width: f32) -> String {
    let graphemes: Vec<&str> = text.trim_end_matches([' ', '…']).graphemes(true).collect();
    for keep in (0..=graphemes.len()).rev() {
        let head = graphemes[..keep].concat();
        let head = head.trim_end();
        let candidate = format!("{head}…");
        if metrics.width(&candidate, size) <= width {
            // Prefer the end of a word when one is close enough.
            if let Some(space) = head.rfind(' ')
                && space * 4 >= head.len() * 3
            {
                return format!("{}…", head[..space].trim_end());
            }
            return candidate;
        }
    }
    "…".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics() -> Metrics<'static> {
        Metrics::new(super::super::font()).expect("the theme's font reads")
    }

    const AREA: TitleBox = TitleBox {
        width: 1000.0,
        height: 340.0,
        max_size: 80.0,
        min_size: 40.0,
        max_lines: 5,
        leading: 1.15,
    };

    #[test]
    fn ascii_advances_are_the_fonts_own() {
        let metrics = metrics();
        for c in (0u8..128).map(char::from) {
            assert_eq!(metrics.ascii[c as usize], metrics.looked_up(c), "{c:?}");
        }
        assert!(metrics.ascii[usize::from(b'W')] > metrics.ascii[usize::from(b'i')]);
    }

    #[test]
    fn widths_grow_with_text_and_size() {
        let m = metrics();
        assert!(m.width("Hello", 40.0) > m.width("Hell", 40.0));
        assert!((m.width("Hello", 80.0) - 2.0 * m.width("Hello", 40.0)).abs() < 0.01);
        assert!(m.width("W", 10.0) > m.width("i", 10.0));
    }

    #[test]
    fn a_short_title_stays_big_on_one_line() {
        let fitted = fit_title(&metrics(), "Plan less", &AREA);
        assert_eq!(fitted.size, 80.0);
        assert_eq!(fitted.lines, ["Plan less"]);
    }

    #[test]
    fn a_long_title_wraps_and_shrinks_but_every_line_fits() {
        let m = metrics();
        let title = "How to Plan a Content Calendar Your Team Will Actually Use, Week After Week, Without Burning Out";
        let fitted = fit_title(&m, title, &AREA);
        assert!(fitted.size < 80.0 && fitted.size >= 40.0, "{fitted:?}");
        assert!(fitted.lines.len() > 1);
        assert!(fitted.lines.len() as f32 * fitted.line_height <= AREA.height);
        for line in &fitted.lines {
            assert!(m.width(line, fitted.size) <= AREA.width, "{line}");
        }
        assert_eq!(fitted.lines.join(" "), title, "nothing lost");
    }

    #[test]
    fn a_title_that_never_fits_is_cut_with_an_ellipsis() {
        let m = metrics();
        let title = "word ".repeat(200);
        let fitted = fit_title(&m, &title, &AREA);
        assert_eq!(fitted.size, 40.0);
        assert_eq!(fitted.lines.len(), 5);
        let last = fitted.lines.last().expect("lines");
        assert!(last.ends_with('…'), "{last}");
        assert!(m.width(last, 40.0) <= AREA.width);
    }

    #[test]
    fn text_without_spaces_breaks_between_graphemes() {
        let m = metrics();
        let title =
            "コンテンツカレンダーを本当に使い続けるための計画の立て方とチームの習慣について";
        let fitted = fit_title(&m, title, &AREA);
        assert!(fitted.lines.len() > 1, "{fitted:?}");
        assert_eq!(fitted.lines.concat(), title);
        for line in &fitted.lines {
            assert!(m.width(line, fitted.size) <= AREA.width);
        }
        // Combining marks and emoji stay whole.
        let fitted = fit_title(&m, &"e\u{301}👩‍👩‍👧".repeat(60), &AREA);
        assert!(fitted.lines.iter().all(|l| !l.starts_with('\u{301}')));
    }

    #[test]
    fn one_line_text_is_cut_to_its_width() {
        let m = metrics();
        assert_eq!(
            fit_line(&m, "The Loomwork Journal", 30.0, 1000.0),
            "The Loomwork Journal"
        );
        let cut = fit_line(&m, &"Loomwork ".repeat(40), 30.0, 500.0);
        assert!(cut.ends_with('…') && m.width(&cut, 30.0) <= 500.0, "{cut}");
        assert_eq!(fit_line(&m, "Anything", 30.0, 1.0), "…");
    }
}
