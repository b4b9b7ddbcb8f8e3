//! The `/_rapport/` pages of the preview: the numbers report (what `rapport
//! build` writes to `SITE/.rapport/report.html`) at `/_rapport/`, its JSON at
//! `/_rapport/report.json` and the social kit at `/_rapport/social/`, made
//! on request from the build being served. They live in the preview only:
//! never among the site's files, never published.

use crate::report::Report;
use crate::social::PostSnippets;

/// The report and snippets of one build.
#[derive(Default)]
pub(super) struct Tools {
    pub(super) report: Option<Report>,
    pub(super) social: Vec<PostSnippets>,
}

/// A links bar put at the top of each tool page.
const NAV: &str = "<nav style=\"font:14px/1.5 system-ui,sans-serif;padding:.5rem 1rem;background:#f6f5f2;border-bottom:1px solid #e3e1dc\">rapport preview: <a href=\"/_rapport/\">numbers report</a> · <a href=\"/_rapport/report.json\">report.json</a> · <a href=\"/_rapport/social/\">social kit</a> · <a href=\"/\">the site</a></nav>";

/// The page at `/_rapport/{rest}`: its content type and body, or `None`.
pub(super) fn page(tools: &Tools, rest: &str) -> Option<(&'static str, String)> {
    const HTML: &str = "text/html; charset=utf-8";
    match rest {
        "" | "index.html" => Some((
            HTML,
            match &tools.report {
                Some(report) => with_nav(&crate::report::html(report)),
                None => with_nav(
                    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Numbers</title></head><body><p>No build has succeeded yet: fix the error shown in the terminal.</p></body></html>",
                ),
            },
        )),
        "report.json" => {
            let report = tools.report.as_ref()?;
            let mut json = serde_json::to_string_pretty(report).ok()?;
            json.push('\n');
            Some(("application/json", json))
        }
        "social/" | "social/index.html" => {
            Some((HTML, with_nav(&crate::social::kit::page(&tools.social))))
        }
        _ => None,
    }
}

/// Puts [`NAV`] right after `<body>`.
fn with_nav(html: &str) -> String {
    match html.find("<body>") {
        Some(at) => {
            let at = at + "<body>".len();
            format!("{}{NAV}{}", &html[..at], &html[at..])
        }
        None => format!("{NAV}{html}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tool_pages_are_the_report_json_and_kit() {
        let tools = Tools::default();
        let (kind, body) = page(&tools, "").expect("index");
        assert!(kind.starts_with("text/html"));
        assert!(body.contains("No build has succeeded yet"), "{body}");
        assert!(body.contains("href=\"/_rapport/social/\""));
        assert!(page(&tools, "report.json").is_none(), "no report yet");
        let (_, kit) = page(&tools, "social/").expect("kit");
        assert!(kit.contains("<h1>Social kit</h1>"));
        assert!(page(&tools, "../rapport.toml").is_none());
        assert!(page(&tools, "social").is_none());
    }
}
