//! Minify: shrink every HTML page (with its inline CSS and JS) and every CSS
//! file with minify-html, keeping the output valid HTML5 (the Nu checker must
//! accept it), so no non-compliant tricks are enabled.

use minify_html::Cfg;
use std::sync::OnceLock;

fn html_cfg() -> &'static Cfg {
    static CFG: OnceLock<Cfg> = OnceLock::new();
    CFG.get_or_init(|| Cfg {
        minify_css: true,
        minify_js: true,
        // `<!doctypehtml>` is a parse error for validators: keep the space.
        minify_doctype: false,
        keep_closing_tags: false,
        keep_html_and_head_opening_tags: false,
        keep_comments: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_optimal_entities: false,
        allow_removing_spaces_between_attributes: false,
        ..Cfg::default()
    })
}

pub fn html(page: &str) -> Vec<u8> {
    minify_html::minify(page.as_bytes(), html_cfg())
}

/// Minifies a stylesheet through minify-html's CSS minifier (the same one
/// that handles inline `<style>`), so one CSS engine serves both.
pub fn css(stylesheet: &str) -> Vec<u8> {
    const OPEN: &str = "<style>";
    const CLOSE: &str = "</style>";
    if stylesheet.contains(CLOSE) {
        return stylesheet.as_bytes().to_vec();
    }
    let wrapped = format!("{OPEN}{stylesheet}{CLOSE}");
    let cfg = Cfg {
        minify_css: true,
        keep_closing_tags: true,
        ..Cfg::default()
    };
    let out = minify_html::minify(wrapped.as_bytes(), &cfg);
    match out
        .strip_prefix(OPEN.as_bytes())
        .and_then(|rest| rest.strip_suffix(CLOSE.as_bytes()))
    {
        Some(inner) => inner.to_vec(),
        None => stylesheet.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_smaller_and_keeps_the_doctype_valid() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <title>T</title>\n    <style> body { color : red ; } </style>\n  </head>\n  <body>\n    <p>  Hello   world </p>\n  </body>\n</html>\n";
        let out = String::from_utf8(html(page)).expect("utf8");
        assert!(out.len() < page.len());
        assert!(out.to_lowercase().starts_with("<!doctype html>"), "{out}");
        assert!(out.contains("color:red"), "{out}");
    }

    #[test]
    fn css_files_are_minified() {
        let out = String::from_utf8(css("body {\n  margin : 0 ;\n}\n/* note */\n")).expect("utf8");
        assert_eq!(out, "body{margin:0}");
    }
}
