//! Stylesheets with content-hashed names: `style.css` is also written as
//! `style.3fa9c2d1e0.css`, and `url(path='style.css')` in a template gives
//! the hashed name. A changed stylesheet gets a new name, so hosts may let
//! browsers keep the file for a year (`[hosting] headers`) and no visitor
//! ever sees new pages with an old stylesheet.
//!
//! The plain name is written too: links written by hand (`/style.css` in
//! Markdown or a template, `@import` between stylesheets) keep working.
//! `rapport serve` leaves names alone, so a stylesheet edit is swapped into
//! open pages without re-rendering them.

use std::collections::BTreeMap;

/// Each stylesheet of the output, by site path (`/style.css`).
#[derive(Debug, Default)]
pub struct Stylesheets {
    by_path: BTreeMap<String, Sheet>,
}

#[derive(Debug)]
struct Sheet {
    /// `/style.3fa9c2d1e0.css`
    hashed_path: String,
    /// What both names hold: the stylesheet, minified when the site minifies.
    bytes: Vec<u8>,
}

impl Stylesheets {
    /// Prepares every `.css` file among `files` (site path, bytes) read by
    /// the caller. `minify` shrinks them first, so the name hashes what is
    /// served.
    pub fn prepare(files: impl IntoIterator<Item = (String, Vec<u8>)>, minify: bool) -> Self {
        let by_path = files
            .into_iter()
            .filter(|(path, _)| is_stylesheet(path))
            .map(|(path, bytes)| {
                let bytes = minified(&path, &bytes, minify).unwrap_or(bytes);
                let sheet = Sheet {
                    hashed_path: hashed_name(&path, &bytes),
                    bytes,
                };
                (path, sheet)
            })
            .collect();
        Stylesheets { by_path }
    }

    /// The hashed site path for a plain one (`/style.css` or `style.css`),
    /// with the same leading slash; `None` for anything else.
    pub fn hashed(&self, path: &str) -> Option<String> {
        let hashed = &self
            .by_path
            .get(&format!("/{}", path.trim_start_matches('/')))?
            .hashed_path;
        Some(if path.starts_with('/') {
            hashed.clone()
        } else {
            hashed[1..].to_string()
        })
    }

    /// Whether `path` is one of these stylesheets (by its plain name).
    pub fn contains(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }

    /// Every file to write: (site path, bytes), plain names and hashed ones.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.by_path.iter().flat_map(|(path, sheet)| {
            [
                (path.as_str(), sheet.bytes.as_slice()),
                (sheet.hashed_path.as_str(), sheet.bytes.as_slice()),
            ]
        })
    }

    /// The hashed site paths, for `_headers`.
    pub fn hashed_paths(&self) -> impl Iterator<Item = &str> {
        self.by_path
            .values()
            .map(|sheet| sheet.hashed_path.as_str())
    }
}

/// A stylesheet's bytes as served when the site minifies: `None` when
/// they are served as they are (not a stylesheet, not minifying, not UTF-8).
pub(crate) fn minified(path: &str, bytes: &[u8], minify: bool) -> Option<Vec<u8>> {
    if !minify || !is_stylesheet(path) {
        return None;
    }
    std::str::from_utf8(bytes).ok().map(crate::minify::css)
}

pub(crate) fn is_stylesheet(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.len() > ".css".len() && name.ends_with(".css"))
}

/// `/css/site.css` -> `/css/site.<first 10 hex digits of xxh3-128>.css`, the
/// same shape as image variants' names.
fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes));
    let stem = &path[..path.len() - ".css".len()];
    format!("{stem}.{}.css", &hash[..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheets(minify: bool) -> Stylesheets {
        Stylesheets::prepare(
            [
                ("/style.css", &b"body {\n  color: red;\n}\n"[..]),
                ("/css/print.css", b"p{margin:0}"),
                ("/app.js", b"let a = 1;"),
                ("/.css", b"x"),
            ]
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec())),
            minify,
        )
    }

    #[test]
    fn only_stylesheets_get_hashed_names_that_follow_their_bytes() {
        let minified = sheets(true);
        let hashed = minified.hashed("/style.css").expect("hashed");
        assert!(hashed.starts_with("/style.") && hashed.ends_with(".css"));
        assert_eq!(hashed.len(), "/style..css".len() + 10);
        assert_eq!(minified.hashed("style.css").as_deref(), Some(&hashed[1..]));
        assert!(minified.hashed("/app.js").is_none());
        assert!(minified.hashed("/.css").is_none());
        assert!(minified.hashed("/missing.css").is_none());
        // The name hashes what is served: minified bytes differ, so does the name.
        assert_ne!(sheets(false).hashed("/style.css"), Some(hashed.clone()));
        assert_eq!(sheets(true).hashed("/style.css"), Some(hashed));
    }

    #[test]
    fn both_names_are_written_with_the_same_bytes() {
        let minified = sheets(true);
        let files: Vec<(&str, &[u8])> = minified.files().collect();
        assert_eq!(files.len(), 4);
        let style: Vec<&[u8]> = files
            .iter()
            .filter(|(path, _)| path.starts_with("/style."))
            .map(|(_, bytes)| *bytes)
            .collect();
        assert_eq!(style, [&b"body{color:red}"[..]; 2]);
    }
}
