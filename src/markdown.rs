//! Markdown: turn a page body into HTML with pulldown-cmark, in small passes
//! over the event stream: heading ids and anchors, links to other content
//! resolved to permalinks, root-relative URLs prefixed with the base path.
//! Alongside it measures what templates want: table of contents, summary,
//! word count and reading time.

use crate::content::LinkTarget;
use crate::diagnostic::Diagnostic;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

/// A page body, rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    /// Shared, so a rebuild that reuses it does not copy it.
    pub html: std::sync::Arc<str>,
    /// HTML of the part before `<!-- more -->`, else of the first paragraph.
    pub summary: std::sync::Arc<str>,
    /// Shared, like the HTML: a rebuild that reuses it does not copy it.
    pub toc: std::sync::Arc<[TocEntry]>,
    pub word_count: usize,
    /// Minutes, at least 1 for any text.
    pub reading_time: usize,
    /// What the guidelines look at (shared, likewise).
    pub facts: std::sync::Arc<BodyFacts>,
}

/// Facts about a body that the guideline checks use.
#[derive(Debug, Clone, Default)]
pub struct BodyFacts {
    /// Prose as plain text (code left out), for the content classifier.
    /// Taken and dropped by the build once the page is classified.
    pub plain_text: String,
    /// Images in the body.
    pub images: usize,
    /// Body images without alt text, as their source URLs.
    pub images_without_alt: Vec<String>,
    /// Links to this site's pages, as URL paths with the base path and
    /// without fragment or query (`/blog/posts/a/`), in order, repeats kept.
    pub site_links: Vec<String>,
    /// The content files (`posts/a.md`) the body links to, each looked up
    /// in the site's link table: an incremental rebuild renders the body
    /// again when one of them moved, appeared or went away.
    pub content_links: Vec<String>,
    /// Body images as (URL as written to the page, byte offset in the file).
    pub image_sources: Vec<(String, usize)>,
}

/// One heading in the table of contents, with the headings nested under it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// What markdown rendering needs to know about the site.
pub struct MarkdownContext<'a> {
    pub links: &'a HashMap<String, LinkTarget>,
    /// The site's base URL (`https://example.com/blog/`), to tell links into the site.
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub drafts_published: bool,
    pub smart_punctuation: bool,
    pub heading_anchors: bool,
    pub words_per_minute: usize,
    /// Write the body's HTML without the line breaks between blocks (a
    /// minified site's templates put it in pages as it is).
    pub compact: bool,
}

/// Where the body being rendered comes from, for link resolution and diagnostics.
pub struct SourceFile<'a> {
    /// Relative to the site (`content/posts/a.md`), as shown in diagnostics.
    pub shown: &'a Path,
    /// Relative to `content/` (`posts/a.md`), to resolve relative links.
    pub rel: &'a str,
    /// The whole file.
    pub text: &'a str,
    /// Where the body starts in `text`.
    pub body_offset: usize,
}

const MORE_MARKER: &str = "<!-- more -->";

pub fn render(
    ctx: &MarkdownContext<'_>,
    source: &SourceFile<'_>,
    problems: &mut Vec<Diagnostic>,
) -> RenderedMarkdown {
    let body = &source.text[source.body_offset..];
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if ctx.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    // Sized for about one event per 16 bytes, as in prose: growing it by
    // doubling instead copied each post's events about ten times over.
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(body.len() / 16 + 16);
    events.extend(Parser::new_ext(body, options).into_offset_iter());

    let word_count = count_words(&events);
    label_task_checkboxes(&mut events);
    let mut facts = body_facts(&events, body.len());
    facts.content_links = resolve_links(ctx, source, &mut events, problems);
    facts.site_links = site_links(ctx, &events);
    facts.image_sources = events
        .iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), source.body_offset + range.start))
            }
            _ => None,
        })
        .collect();
    let toc = add_heading_ids(ctx, &mut events);
    let summary_end = summary_end(&events);

    let events: Vec<Event<'_>> = events.into_iter().map(|(event, _)| event).collect();
    let summary = match summary_end {
        Some(Summary::Before(end)) => to_html(&events[..end], body.len() / 4),
        Some(Summary::Paragraph(range)) => to_html(&events[range], 512),
        None => String::new(),
    };
    let mut html = to_html(&events, body.len() + body.len() / 4);
    if ctx.compact {
        html = crate::minify::compact_markdown_html(&html);
    }
    let reading_time = if word_count == 0 {
        0
    } else {
        word_count.div_ceil(ctx.words_per_minute.max(1))
    };
    RenderedMarkdown {
        html: html.into(),
        summary: summary.into(),
        toc: nest_toc(toc).into(),
        word_count,
        reading_time,
        facts: std::sync::Arc::new(facts),
    }
}

/// `body_len`: the Markdown's length, about the plain text's (room made once).
fn body_facts(events: &[(Event<'_>, Range<usize>)], body_len: usize) -> BodyFacts {
    let mut facts = BodyFacts {
        plain_text: String::with_capacity(body_len),
        ..BodyFacts::default()
    };
    let mut in_code = false;
    let mut image: Option<(String, bool)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Image { dest_url, .. }) => {
                facts.images += 1;
                image = Some((dest_url.to_string(), false));
            }
            Event::End(TagEnd::Image) => {
                if let Some((url, false)) = image.take() {
                    facts.images_without_alt.push(url);
                }
            }
            Event::Text(text) | Event::Code(text) if !in_code => {
                if let Some((_, has_alt)) = &mut image {
                    *has_alt |= !text.trim().is_empty();
                } else {
                    facts.plain_text.push_str(text);
                    facts.plain_text.push(' ');
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !facts.plain_text.ends_with(' ') =>
            {
                facts.plain_text.push(' ');
            }
            _ => {}
        }
    }
    facts
}

fn to_html(events: &[Event<'_>], capacity: usize) -> String {
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    html
}

fn count_words(events: &[(Event<'_>, Range<usize>)]) -> usize {
    events
        .iter()
        .map(|(event, _)| match event {
            Event::Text(text) | Event::Code(text) => words_in(text),
            _ => 0,
        })
        .sum()
}

/// How many words `text` has, as `split_whitespace` counts them; most text
/// is ASCII, which a byte loop counts several times faster.
fn words_in(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // `char::is_whitespace` over ASCII: space, and tab to carriage return
    // (vertical tab included). No short-circuits: branch-free, so vectorised.
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let starts_at = |before: u8, at: u8| u8::from(space(before) & !space(at));
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    // A word starts at a non-space after a space: pairs of neighbours are
    // independent. Counted in blocks of 64 pairs into a byte, which the
    // compiler turns into SIMD (an iterator chain over every pair was 6
    // instructions a byte, a sixth of the Markdown stage).
    let (befores, ats) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    let (before_blocks, at_blocks) = (befores.chunks_exact(64), ats.chunks_exact(64));
    let mut starts = before_blocks
        .remainder()
        .iter()
        .zip(at_blocks.remainder())
        .map(|(&before, &at)| usize::from(starts_at(before, at)))
        .sum::<usize>();
    for (before, at) in before_blocks.zip(at_blocks) {
        let mut block = 0u8;
        for i in 0..64 {
            block += starts_at(before[i], at[i]);
        }
        starts += usize::from(block);
    }
    usize::from(!space(first)) + starts
}

/// pulldown-cmark's task-list checkboxes have no accessible name; give them one.
fn label_task_checkboxes(events: &mut [(Event<'_>, Range<usize>)]) {
    for (event, _) in events.iter_mut() {
        if let Event::TaskListMarker(done) = event {
            let html = if *done {
                "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
            } else {
                "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
            };
            *event = Event::InlineHtml(CowStr::Borrowed(html));
        }
    }
}

enum Summary {
    /// Events before this index.
    Before(usize),
    /// The first paragraph, start and end tags included.
    Paragraph(Range<usize>),
}

fn summary_end(events: &[(Event<'_>, Range<usize>)]) -> Option<Summary> {
    let marker = events.iter().position(|(event, _)| match event {
        Event::Html(html) | Event::InlineHtml(html) => html.contains(MORE_MARKER),
        _ => false,
    });
    if let Some(end) = marker {
        return Some(Summary::Before(end));
    }
    let start = events
        .iter()
        .position(|(event, _)| matches!(event, Event::Start(Tag::Paragraph)))?;
    let end = events[start..]
        .iter()
        .position(|(event, _)| matches!(event, Event::End(TagEnd::Paragraph)))?;
    Some(Summary::Paragraph(start..start + end + 1))
}

/// Gives every heading an id (its own `{#id}` or one made from its text,
/// unique within the page), adds an anchor link, and returns the flat ToC.
fn add_heading_ids(
    ctx: &MarkdownContext<'_>,
    events: &mut Vec<(Event<'_>, Range<usize>)>,
) -> Vec<TocEntry> {
    let mut toc = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let level = heading_number(*level);
        let explicit = id.as_ref().map(|id| id.to_string());
        let end = events[i..]
            .iter()
            .position(|(event, _)| matches!(event, Event::End(TagEnd::Heading(_))))
            .map(|offset| i + offset)
            .unwrap_or(events.len());
        let title: String = events[i + 1..end]
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                _ => None,
            })
            .collect();
        let base = explicit.unwrap_or_else(|| {
            let slug = crate::content::slugify(&title);
            if slug.is_empty() {
                "section".to_string()
            } else {
                slug
            }
        });
        let id = unique_id(&mut used, base);
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
            *slot = Some(CowStr::from(id.clone()));
        }
        if ctx.heading_anchors && end < events.len() {
            let anchor = format!(
                " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
            );
            let range = events[end].1.clone();
            events.insert(end, (Event::InlineHtml(CowStr::from(anchor)), range));
        }
        toc.push(TocEntry {
            level,
            id,
            title: title.trim().to_string(),
            children: Vec::new(),
        });
        i = end + 1;
    }
    toc
}

fn unique_id(used: &mut HashMap<String, usize>, base: String) -> String {
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base
    } else {
        let id = format!("{base}-{}", *count - 1);
        used.entry(id.clone()).or_insert(1);
        id
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Every heading's title in reading order, nested ones after their parent.
pub fn heading_titles(toc: &[TocEntry]) -> Vec<String> {
    fn push(toc: &[TocEntry], out: &mut Vec<String>) {
        for entry in toc {
            out.push(entry.title.clone());
            push(&entry.children, out);
        }
    }
    let mut out = Vec::new();
    push(toc, &mut out);
    out
}

/// Turns the flat heading list into a tree: each heading holds the deeper ones after it.
fn nest_toc(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for entry in flat {
        insert_toc(&mut roots, entry);
    }
    roots
}

fn insert_toc(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

/// Resolves `@/path.md` and relative `.md` links to page URLs, prefixes
/// root-relative URLs with the base path, and reports links to missing content.
/// Returns the content files it looked up, sorted, each once.
fn resolve_links(
    ctx: &MarkdownContext<'_>,
    source: &SourceFile<'_>,
    events: &mut [(Event<'_>, Range<usize>)],
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut looked_up = Vec::new();
    for (event, range) in events.iter_mut() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        match resolve(ctx, source.rel, dest, &mut looked_up) {
            Resolved::Unchanged => {}
            Resolved::To(url) => *dest = CowStr::from(url),
            Resolved::Missing(target) => problems.push(
                Diagnostic::error("broken-link", format!("link to `{dest}`: no content file `content/{target}`"))
                    .in_file(source.shown)
                    .at_offset(source.text, source.body_offset + range.start)
                    .with_help("link to a file that exists, relative to content/ (`@/posts/my-post.md`) or to this file (`../my-post.md`)"),
            ),
            Resolved::Draft(target) => problems.push(
                Diagnostic::error("broken-link", format!("link to `{dest}`: `content/{target}` is a draft and is not published"))
                    .in_file(source.shown)
                    .at_offset(source.text, source.body_offset + range.start)
                    .with_help("publish it (draft: false), remove the link, or build with --drafts"),
            ),
        }
    }
    looked_up.sort_unstable();
    looked_up.dedup();
    looked_up
}

/// Links (resolved already) that lead to a page of this site: root-relative
/// paths, or absolute URLs under the base URL.
fn site_links(ctx: &MarkdownContext<'_>, events: &[(Event<'_>, Range<usize>)]) -> Vec<String> {
    let mut out = Vec::new();
    for (event, _) in events {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let url = dest_url.as_ref();
        let path = if let Some(rest) = url.strip_prefix(ctx.base_url) {
            format!("{}{rest}", ctx.base_path)
        } else if url.starts_with('/') && !url.starts_with("//") {
            url.to_string()
        } else {
            continue;
        };
        let path = path.split(['#', '?']).next().unwrap_or_default();
        if !path.is_empty() {
            out.push(path.to_string());
        }
    }
    out
}

enum Resolved {
    Unchanged,
    To(String),
    Missing(String),
    Draft(String),
}

fn resolve(
    ctx: &MarkdownContext<'_>,
    current_rel: &str,
    dest: &str,
    looked_up: &mut Vec<String>,
) -> Resolved {
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    let target = if let Some(rest) = path.strip_prefix("@/") {
        crate::html_scan::normalise(rest)
    } else if is_relative_content_link(path) {
        crate::html_scan::normalise(&format!(
            "{}/{path}",
            crate::content::parent_dir(current_rel)
        ))
    } else {
        if dest.starts_with('/')
            && !dest.starts_with("//")
            && ctx.base_path != "/"
            && !dest.starts_with(ctx.base_path)
        {
            return Resolved::To(format!("{}{}", ctx.base_path, &dest[1..]));
        }
        return Resolved::Unchanged;
    };
    let Some(target) = target else {
        return Resolved::Missing(path.to_string());
    };
    let link = ctx.links.get(&target);
    looked_up.push(target.clone());
    match link {
        Some(link) if link.draft && !ctx.drafts_published => Resolved::Draft(target),
        Some(link) => Resolved::To(match fragment {
            Some(fragment) => format!("{}#{fragment}", link.url),
            None => link.url.clone(),
        }),
        None => Resolved::Missing(target),
    }
}

fn is_relative_content_link(path: &str) -> bool {
    (path.ends_with(".md") || path.ends_with(".markdown"))
        && !path.contains("://")
        && !path.starts_with('/')
        && !path.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "one",
            " two  words ",
            "a\tb\nc\x0Bd\x0Ce\rf",
            "naïve café  déjà",
            "x\u{3000}y",
            "a",
            "  trailing  ",
            "x\x1Fy\x08z",
        ] {
            assert_eq!(words_in(text), text.split_whitespace().count(), "{text:?}");
        }
        // Every length around the 64-pair blocks, with words and runs of
        // white space of every size, at every offset.
        let pattern = "ab \t\ncd  e\x0Bfgh \x0C\ri   j";
        for start in 0..pattern.len() {
            for len in 0..300 {
                let text: String = pattern.chars().cycle().skip(start).take(len).collect();
                assert_eq!(words_in(&text), text.split_whitespace().count(), "{text:?}");
            }
        }
    }

    fn links() -> HashMap<String, LinkTarget> {
        let mut links = HashMap::new();
        links.insert(
            "posts/a.md".into(),
            LinkTarget {
                url: "/blog/posts/a/".into(),
                draft: false,
            },
        );
        links.insert(
            "posts/b/index.md".into(),
            LinkTarget {
                url: "/blog/posts/b/".into(),
                draft: false,
            },
        );
        links.insert(
            "posts/d.md".into(),
            LinkTarget {
                url: "/blog/posts/d/".into(),
                draft: true,
            },
        );
        links
    }

    fn render_body(body: &str) -> (RenderedMarkdown, Vec<Diagnostic>) {
        let links = links();
        let ctx = MarkdownContext {
            links: &links,
            base_url: "https://example.com/blog/",
            base_path: "/blog/",
            drafts_published: false,
            smart_punctuation: true,
            heading_anchors: true,
            words_per_minute: 200,
            compact: false,
        };
        let text = format!("---\ntitle: T\n---\n{body}");
        let source = SourceFile {
            shown: Path::new("content/posts/c.md"),
            rel: "posts/c.md",
            text: &text,
            body_offset: 16,
        };
        let mut problems = Vec::new();
        let rendered = render(&ctx, &source, &mut problems);
        (rendered, problems)
    }

    #[test]
    fn content_links_resolve_to_urls() {
        let (r, problems) =
            render_body("[a](@/posts/a.md#x) [b](b/index.md) [c](../posts/a.md) [root](/about/)");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(r.html.contains("href=\"/blog/posts/a/#x\""));
        assert!(r.html.contains("href=\"/blog/posts/b/\""));
        assert!(r.html.contains("href=\"/blog/posts/a/\""));
        assert!(r.html.contains("href=\"/blog/about/\""));
    }

    #[test]
    fn links_into_the_site_are_collected_as_paths() {
        let (r, _) = render_body(
            "[a](@/posts/a.md#x) [root](/about/?ref=1) [abs](https://example.com/blog/posts/b/) \
             [out](https://elsewhere.example/) [top](#intro) [img-link](//cdn.example.com/x)",
        );
        assert_eq!(
            r.facts.site_links,
            ["/blog/posts/a/", "/blog/about/", "/blog/posts/b/"]
        );
    }

    #[test]
    fn missing_and_draft_targets_are_errors_with_lines() {
        let (_, problems) = render_body("Intro.\n\nSee [x](@/posts/nope.md) and [d](d.md).\n");
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("content/posts/nope.md"));
        assert_eq!(problems[0].line, Some(6));
        assert!(problems[1].message.contains("draft"));
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_a_toc() {
        let (r, _) = render_body("## Plan it\n\n### Step one\n\n## Plan it\n\n## Custom {#mine}\n");
        assert!(r.html.contains("<h2 id=\"plan-it\">"));
        assert!(r.html.contains("<h2 id=\"plan-it-1\">"));
        assert!(r.html.contains("<h2 id=\"mine\">"));
        assert!(r.html.contains("href=\"#plan-it\""));
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].children[0].id, "step-one");
        assert_eq!(
            heading_titles(&r.toc),
            ["Plan it", "Step one", "Plan it", "Custom"],
            "in reading order, nested ones after their parent"
        );
    }

    #[test]
    fn summary_is_first_paragraph_or_text_before_more() {
        let (r, _) = render_body("First *one*.\n\nSecond.\n");
        assert_eq!(r.summary.trim(), "<p>First <em>one</em>.</p>");
        let (r, _) = render_body("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n");
        assert!(r.summary.contains("Two.") && !r.summary.contains("Three"));
    }

    #[test]
    fn extensions_are_on() {
        let (r, _) = render_body(
            "| a |\n|---|\n| b |\n\n~~x~~ - [ ] task\n\nNote[^1].\n\n[^1]: Foot.\n\n\"Quoted\" -- dash...\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.html.contains("“Quoted” – dash…"), "{}", r.html);
        let (r, _) = render_body("- [x] done\n- [ ] open\n");
        assert!(
            r.html.contains("aria-label=\"Done\"") && r.html.contains("aria-label=\"Not done\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn words_and_reading_time_are_counted() {
        let body = "word ".repeat(450);
        let (r, _) = render_body(&body);
        assert_eq!(r.word_count, 450);
        assert_eq!(r.reading_time, 3);
    }
}
