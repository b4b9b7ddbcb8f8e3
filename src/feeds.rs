//! Feeds: RSS 2.0 and Atom for the latest posts, site-wide and per taxonomy
//! term. Written directly (not through templates) so they are always valid
//! XML, with absolute URLs inside the content for feed readers.

use crate::content::{PageId, Site};
use crate::markdown::RenderedMarkdown;
use std::fmt::Write as _;

/// One feed: the posts `items` (newest first) of the list at site path `dir`.
pub struct Feed<'a> {
    pub site: &'a Site,
    pub dir: &'a str,
    pub title: &'a str,
    pub items: &'a [PageId],
    pub contents: &'a [RenderedMarkdown],
}

impl Feed<'_> {
    fn self_url(&self, file: &str) -> String {
        let config = &self.site.config;
        config.permalink(&config.url_path(&format!("{}{file}", self.dir)))
    }

    fn alternate(&self) -> String {
        let config = &self.site.config;
        config.permalink(&config.url_path(self.dir))
    }

    fn body(&self, id: PageId) -> String {
        let content = &self.contents[id];
        let html = if self.site.config.feed.full_content || content.summary.is_empty() {
            &content.html
        } else {
            &content.summary
        };
        absolutize(
            html,
            &self.site.pages[id].permalink,
            &self.site.config.permalink("/"),
        )
    }

    pub fn rss(&self) -> String {
        let site = self.site;
        let mut xml = String::with_capacity(2048 + self.items.len() * 1024);
        let _ = write!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n<generator>rapport</generator>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
            escape_xml(self.title),
            escape_xml(&self.alternate()),
            escape_xml(&site.config.description),
            escape_xml(&site.config.language),
            escape_xml(&self.self_url("rss.xml")),
        );
        if let Some(date) = self.items.first().and_then(|&id| site.pages[id].front.date) {
            let _ = writeln!(xml, "<lastBuildDate>{}</lastBuildDate>", date.rfc2822());
        }
        for &id in self.items {
            let page = &site.pages[id];
            let _ = write!(
                xml,
                "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n",
                escape_xml(&page.title),
                escape_xml(&page.permalink),
                escape_xml(&page.permalink),
            );
            if let Some(date) = page.front.date {
                let _ = writeln!(xml, "<pubDate>{}</pubDate>", date.rfc2822());
            }
            for terms in page.terms.values() {
                for (name, _) in terms {
                    let _ = writeln!(xml, "<category>{}</category>", escape_xml(name));
                }
            }
            let _ = write!(
                xml,
                "<description>{}</description>\n</item>\n",
                escape_xml(&self.body(id))
            );
        }
        xml.push_str("</channel>\n</rss>\n");
        xml
    }

    pub fn atom(&self) -> String {
        let site = self.site;
        let mut xml = String::with_capacity(2048 + self.items.len() * 1024);
        let updated = self
            .items
            .iter()
            .filter_map(|&id| site.pages[id].front.updated.or(site.pages[id].front.date))
            .max()
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        let _ = write!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n<id>{}</id>\n<updated>{updated}</updated>\n<generator>rapport</generator>\n",
            escape_xml(&site.config.language),
            escape_xml(self.title),
            escape_xml(&site.config.description),
            escape_xml(&self.self_url("atom.xml")),
            escape_xml(&self.alternate()),
            escape_xml(&self.alternate()),
        );
        let site_author = site.config.author.as_deref().unwrap_or(&site.config.title);
        for &id in self.items {
            let page = &site.pages[id];
            let published = page
                .front
                .date
                .map(|d| d.rfc3339())
                .unwrap_or_else(|| updated.clone());
            let entry_updated = page
                .front
                .updated
                .map(|d| d.rfc3339())
                .unwrap_or_else(|| published.clone());
            let author = page.front.author.as_deref().unwrap_or(site_author);
            let _ = write!(
                xml,
                "<entry>\n<title>{}</title>\n<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n<id>{}</id>\n<published>{published}</published>\n<updated>{entry_updated}</updated>\n<author><name>{}</name></author>\n",
                escape_xml(&page.title),
                escape_xml(&page.permalink),
                escape_xml(&page.permalink),
                escape_xml(author),
            );
            for terms in page.terms.values() {
                for (name, _) in terms {
                    let _ = writeln!(xml, "<category term=\"{}\"/>", escape_xml(name));
                }
            }
            let element = if site.config.feed.full_content {
                "content"
            } else {
                "summary"
            };
            let _ = write!(
                xml,
                "<{element} type=\"html\">{}</{element}>\n</entry>\n",
                escape_xml(&self.body(id))
            );
        }
        xml.push_str("</feed>\n");
        xml
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    crate::html_scan::push_replacing(&mut out, text, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&apos;"),
        // Control characters are not allowed in XML 1.0.
        b'\n' | b'\r' | b'\t' => None,
        0..=0x1f => Some(""),
        _ => None,
    });
    out
}

/// Makes `href`/`src` URLs in `html` absolute: root-relative ones against the
/// site origin, relative ones against the page's own URL. Feed readers show
/// content away from the site, where relative URLs break.
pub fn absolutize(html: &str, page_url: &str, site_root: &str) -> String {
    let origin = origin_of(site_root);
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(pos) = find_url_attribute(rest) {
        let (before, after) = rest.split_at(pos.value_start);
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let url = &after[..end];
        if url.starts_with("//")
            || url.starts_with('#')
            || url.contains(':') && !url.starts_with('/')
        {
            out.push_str(url);
        } else if url.starts_with('/') {
            out.push_str(origin);
            out.push_str(url);
        } else {
            out.push_str(page_url);
            out.push_str(url);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

struct UrlAttribute {
    value_start: usize,
}

fn find_url_attribute(html: &str) -> Option<UrlAttribute> {
    let href = html.find(" href=\"").map(|i| i + 7);
    let src = html.find(" src=\"").map(|i| i + 6);
    let value_start = match (href, src) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(UrlAttribute { value_start })
}

/// `https://example.com/blog/` -> `https://example.com`.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_feed_content_become_absolute() {
        let html = r##"<a href="/blog/posts/b/">b</a> <img src="chart.png" alt=""> <a href="https://x.org/">x</a> <a href="#n">n</a>"##;
        let out = absolutize(html, "https://ex.com/blog/posts/a/", "https://ex.com/blog/");
        assert!(
            out.contains(r#"href="https://ex.com/blog/posts/b/""#),
            "{out}"
        );
        assert!(out.contains(r#"src="https://ex.com/blog/posts/a/chart.png""#));
        assert!(out.contains(r#"href="https://x.org/""#));
        assert!(out.contains(r##"href="#n""##));
    }

    #[test]
    fn xml_escaping_drops_control_characters() {
        assert_eq!(escape_xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape_xml("\u{1f}é’s\tit's\r\n>"), "é’s\tit&apos;s\r\n&gt;");
    }
}
