//! The report's two charts as inline SVG, drawn at build time: no script,
//! no library, nothing fetched. Colours come from CSS classes the page
//! styles (so dark mode works); each chart has a `<title>` and `<desc>`,
//! `role="img"`, and a `<title>` per bar for pointer users. The data is also
//! in a table beside each chart, the text alternative. Coordinates are
//! written with one decimal, so the same numbers always make the same bytes.

use super::html::escape;
use std::fmt::Write as _;

/// Chart size in SVG units; the page scales it to its width.
const WIDTH: f64 = 720.0;
const MIX_HEIGHT: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 30.0;
/// Weight chart: one row per page, labels in a column on the left.
const ROW: f64 = 22.0;
const LABEL_WIDTH: f64 = 250.0;
const LABEL_CHARS: usize = 38;
/// The height of the sliver drawn for a month whose share is 0%.
const ZERO_BAR: f64 = 2.0;

/// One month of the content-mix chart.
pub(crate) struct MonthBar<'a> {
    pub(crate) month: &'a str,
    pub(crate) posts: usize,
    pub(crate) promotional: usize,
    /// The share among the latest posts at the month's end (the line).
    pub(crate) rolling: Option<f64>,
}

/// Promotional share per month as bars, over the guideline band
/// (`band.0..band.1`, shaded) and its upper limit (a dashed line), with the
/// rolling share as a line. A month with posts but none promotional gets a
/// sliver of a bar, so it does not look like a month without posts.
pub(crate) fn mix_chart(id: &str, months: &[MonthBar<'_>], band: (f64, f64)) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = MIX_HEIGHT - TOP - BOTTOM;
    let y = |share: f64| TOP + (1.0 - share.clamp(0.0, 1.0)) * plot_h;
    let mut svg = open(
        id,
        MIX_HEIGHT,
        "Promotional share of posts per month",
        &format!(
            "Bars show the share of each month's posts that are promotional; the line, the share among the latest posts at each month's end; the shaded band is the guideline, {:.0}% to {:.0}%.",
            band.0 * 100.0,
            band.1 * 100.0
        ),
    );
    let _ = write!(
        svg,
        "<rect class=\"band\" x=\"{LEFT:.1}\" y=\"{:.1}\" width=\"{plot_w:.1}\" height=\"{:.1}\"/>",
        y(band.1),
        y(band.0) - y(band.1)
    );
    for share in [0.0, 0.5, 1.0] {
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/><text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}%</text>",
            WIDTH - RIGHT,
            y(share),
            y(share),
            LEFT - 6.0,
            y(share) + 4.0,
            share * 100.0
        );
    }
    let _ = write!(
        svg,
        "<line class=\"limit\" x1=\"{LEFT:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>",
        WIDTH - RIGHT,
        y(band.1),
        y(band.1)
    );
    let slot = plot_w / months.len().max(1) as f64;
    let label_every = months.len().div_ceil(12).max(1);
    for (i, m) in months.iter().enumerate() {
        let x = LEFT + slot * i as f64;
        if m.posts > 0 {
            let share = m.promotional as f64 / m.posts as f64;
            let class = if share > band.1 {
                "bar over"
            } else if m.promotional == 0 {
                "bar zero"
            } else {
                "bar"
            };
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{}: {} of {} posts promotional ({:.0}%)</title></rect>",
                x + slot * 0.15,
                y(share).min(y(0.0) - ZERO_BAR),
                slot * 0.7,
                (y(0.0) - y(share)).max(ZERO_BAR),
                escape(m.month),
                m.promotional,
                m.posts,
                share * 100.0
            );
        }
        if i % label_every == 0 {
            let _ = write!(
                svg,
                "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + slot / 2.0,
                MIX_HEIGHT - 10.0,
                escape(m.month)
            );
        }
    }
    let points: Vec<String> = months
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let share = m.rolling?;
            Some(format!(
                "{:.1},{:.1}",
                LEFT + slot * (i as f64 + 0.5),
                y(share)
            ))
        })
        .collect();
    if !points.is_empty() {
        let _ = write!(
            svg,
            "<polyline class=\"trend\" points=\"{}\"/>",
            points.join(" ")
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Pages' first-visit bytes as horizontal bars, heaviest first, with the budget as a line.
pub(crate) fn weight_chart(id: &str, pages: &[(&str, u64)], budget: u64) -> String {
    let height = TOP + BOTTOM + ROW * pages.len().max(1) as f64;
    let plot_left = LABEL_WIDTH + 8.0;
    let plot_w = WIDTH - plot_left - RIGHT - 60.0;
    let most = pages
        .iter()
        .map(|p| p.1)
        .max()
        .unwrap_or(0)
        .max(budget)
        .max(1) as f64;
    let x = |bytes: u64| plot_left + bytes as f64 / most * plot_w;
    let mut svg = open(
        id,
        height,
        "First-visit weight of the heaviest pages",
        &format!(
            "Bars show what a first visit downloads for each page; the line is the budget of {}.",
            crate::guidelines::kb(budget)
        ),
    );
    for (i, (page, bytes)) in pages.iter().enumerate() {
        let top = TOP + ROW * i as f64;
        let class = if *bytes > budget { "bar over" } else { "bar" };
        let _ = write!(
            svg,
            "<text class=\"axis\" x=\"{LABEL_WIDTH:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect class=\"{class}\" x=\"{plot_left:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{}: {}</title></rect><text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            top + ROW * 0.65,
            escape(&shorten(page)),
            top + ROW * 0.15,
            x(*bytes) - plot_left,
            ROW * 0.7,
            escape(page),
            crate::guidelines::kb(*bytes),
            x(*bytes) + 4.0,
            top + ROW * 0.65,
            crate::guidelines::kb(*bytes)
        );
    }
    let bottom = height - BOTTOM + 4.0;
    let _ = write!(
        svg,
        "<line class=\"limit\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{bottom:.1}\"/><text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">budget {}</text></svg>",
        x(budget),
        x(budget),
        TOP - 4.0,
        x(budget),
        bottom + 14.0,
        crate::guidelines::kb(budget)
    );
    svg
}

fn open(id: &str, height: f64, title: &str, desc: &str) -> String {
    format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    )
}

/// Long URLs keep their end, where the slug is.
fn shorten(page: &str) -> String {
    let count = page.chars().count();
    if count <= LABEL_CHARS {
        page.to_string()
    } else {
        let tail: String = page.chars().skip(count - (LABEL_CHARS - 1)).collect();
        format!("…{tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `name="number"` attribute of every `<tag` element, in order.
    fn attrs(svg: &str, tag: &str, name: &str) -> Vec<f64> {
        svg.split(&format!("<{tag} "))
            .skip(1)
            .filter_map(|element| {
                let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
                let rest = &element[start..];
                rest[..rest.find('"')?].parse().ok()
            })
            .collect()
    }

    fn view_box(svg: &str) -> (f64, f64) {
        let start = svg.find("viewBox=\"0 0 ").expect("viewBox") + 13;
        let rest = &svg[start..];
        let mut parts = rest[..rest.find('"').expect("end")].split(' ');
        let mut next = || parts.next().and_then(|p| p.parse().ok()).expect("number");
        (next(), next())
    }

    fn bars(svg: &str) -> Vec<(f64, f64, f64, f64)> {
        let only_bars: String = svg
            .split("<rect ")
            .skip(1)
            .filter(|e| e.starts_with("class=\"bar"))
            .map(|e| format!("<rect {e}"))
            .collect();
        let x = attrs(&only_bars, "rect", "x");
        let y = attrs(&only_bars, "rect", "y");
        let w = attrs(&only_bars, "rect", "width");
        let h = attrs(&only_bars, "rect", "height");
        (0..x.len()).map(|i| (x[i], y[i], w[i], h[i])).collect()
    }

    #[test]
    fn mix_bars_stay_inside_and_grow_with_the_share() {
        let months = [
            MonthBar {
                month: "2025-01",
                posts: 4,
                promotional: 1,
                rolling: Some(0.25),
            },
            MonthBar {
                month: "2025-02",
                posts: 0,
                promotional: 0,
                rolling: Some(0.25),
            },
            MonthBar {
                month: "2025-03",
                posts: 2,
                promotional: 2,
                rolling: Some(0.5),
            },
            MonthBar {
                month: "2025-04",
                posts: 3,
                promotional: 0,
                rolling: Some(0.3333),
            },
        ];
        let svg = mix_chart("mix", &months, (0.2, 0.3));
        let (w, h) = view_box(&svg);
        let bars = bars(&svg);
        assert_eq!(bars.len(), 3, "no bar for a month without posts");
        for (x, y, bw, bh) in &bars {
            assert!(
                *x >= 0.0 && x + bw <= w && *y >= 0.0 && y + bh <= h,
                "{bars:?}"
            );
        }
        // 25% is a quarter of 100%; all bars share a baseline.
        assert!((bars[0].3 * 4.0 - bars[1].3).abs() < 0.5, "{bars:?}");
        assert_eq!(bars[2].3, ZERO_BAR, "a 0% month shows a sliver");
        assert!(svg.contains("class=\"bar zero\""));
        let line = svg.split("points=\"").nth(1).expect("trend line");
        let points: Vec<(f64, f64)> = line[..line.find('"').expect("end")]
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').expect("x,y");
                (x.parse().expect("x"), y.parse().expect("y"))
            })
            .collect();
        assert_eq!(points.len(), 4, "one point per month with a rolling share");
        assert!(points.windows(2).all(|p| p[0].0 < p[1].0));
        assert!(
            points
                .iter()
                .all(|(x, y)| *x > 0.0 && *x < w && *y > 0.0 && *y < h)
        );
        assert!((bars[0].1 + bars[0].3 - (bars[1].1 + bars[1].3)).abs() < 0.05);
        assert!(svg.contains("class=\"bar over\""), "100% is over the limit");
        assert!(svg.contains("<title>2025-03: 2 of 2 posts promotional (100%)</title>"));
        assert!(
            svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"mix-title mix-desc\"")
        );
    }

    #[test]
    fn the_band_spans_the_guideline() {
        let months = [MonthBar {
            month: "2025-01",
            posts: 1,
            promotional: 0,
            rolling: None,
        }];
        let svg = mix_chart("mix", &months, (0.2, 0.3));
        let band_y = attrs(&svg, "rect", "y")[0];
        let band_h = attrs(&svg, "rect", "height")[0];
        let plot_h = MIX_HEIGHT - TOP - BOTTOM;
        assert!((band_y - (TOP + 0.7 * plot_h)).abs() < 0.05);
        assert!((band_h - 0.1 * plot_h).abs() < 0.11);
    }

    #[test]
    fn weight_bars_are_proportional_and_the_budget_line_sits_at_the_budget() {
        let pages = [("/a/", 1000), ("/b/", 500)];
        let svg = weight_chart("weight", &pages, 800);
        let bars = bars(&svg);
        assert_eq!(bars.len(), 2);
        assert!((bars[0].2 - 2.0 * bars[1].2).abs() < 0.11, "{bars:?}");
        let line_x = attrs(&svg, "line", "x1")[0];
        let bar_x = bars[0].0;
        assert!(
            (line_x - bar_x - 0.8 * bars[0].2).abs() < 0.2,
            "{line_x} {bars:?}"
        );
        let (w, _) = view_box(&svg);
        assert!(bars.iter().all(|b| b.0 + b.2 <= w));
        assert!(svg.contains("class=\"bar over\"") && svg.contains("<title>/a/: "));
    }

    #[test]
    fn labels_are_escaped_and_long_ones_keep_their_end() {
        let long = "/posts/a-very-long-slug-that-goes-on-and-on-<b>-end/";
        let svg = weight_chart("weight", &[(long, 10)], 100);
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("-end/</text>"));
        assert!(svg.contains("…"));
        let empty = weight_chart("weight", &[], 100);
        assert!(empty.ends_with("</svg>"));
    }
}
