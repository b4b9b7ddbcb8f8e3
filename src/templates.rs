//! Templates: layer the site's `templates/` over its theme's over the
//! built-in default theme, compile them all once with Tera, and register the
//! filters and functions themes use. Also resolves the theme's static files.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::pictures::TemplateImages;
use crate::stylesheets::Stylesheets;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tera::{Kwargs, State, Tera, Value};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// The compiled templates, ready to render from many threads.
pub struct Templates {
    /// The templates as written: they render when `minified` is `None`, and
    /// they give every error its line.
    tera: Tera,
    /// The same, with every HTML template minified once (see
    /// [`crate::minify::template`]); `None` when the site is not minified
    /// or some template could not be.
    minified: Option<Tera>,
    /// Template name -> where it came from, for error messages.
    origins: BTreeMap<String, String>,
    /// What `picture()` and `image()` read; filled in before rendering.
    images: ImageSlot,
    /// What `url()` maps stylesheets' plain names through; empty when
    /// names stay plain (`serve`).
    stylesheets: StylesheetSlot,
    /// Fingerprint of the globals, which every page shows.
    globals_key: u128,
}

/// A theme file to copy into the output.
pub enum ThemeAsset {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// Loads the templates for `config.theme` with the site's overrides.
pub fn load(site: &Path, config: &Config) -> Result<Templates, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (path, bytes) in DEFAULT_THEME {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            sources.insert(
                name.to_string(),
                (format!("(built-in theme) templates/{name}"), text),
            );
        }
    }
    let mut problems = Vec::new();
    if let Some(theme_dir) = theme_dir(site, config).map_err(|d| vec![d])? {
        read_templates(
            site,
            &theme_dir.join("templates"),
            &mut sources,
            &mut problems,
        );
    }
    read_templates(site, &site.join("templates"), &mut sources, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }

    let stylesheets = StylesheetSlot::default();
    let images = ImageSlot::default();
    let new_tera = || {
        let mut tera = Tera::new();
        // `.svg`: link card templates put titles into XML.
        tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
        register(&mut tera, config, &stylesheets);
        register_images(&mut tera, &images);
        tera
    };
    let origins: BTreeMap<String, String> = sources
        .iter()
        .map(|(n, (o, _))| (n.clone(), o.clone()))
        .collect();
    let texts: Vec<(String, String)> = sources.into_iter().map(|(n, (_, t))| (n, t)).collect();
    let mut tera = new_tera();
    tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| load_diagnostics(&e, &origins))?;
    let minified = if config.minify {
        minified_texts(&texts).and_then(|texts| {
            let mut tera = new_tera();
            tera.add_raw_templates(texts.iter().map(|(n, t)| (*n, t.as_str())))
                .ok()?;
            Some(tera)
        })
    } else {
        None
    };
    Ok(Templates {
        tera,
        minified,
        origins,
        images,
        stylesheets,
        globals_key: 0,
    })
}

/// Every template with the HTML ones minified, or `None` if one of those
/// cannot be minified on its own (its pages are then minified one by one).
fn minified_texts(texts: &[(String, String)]) -> Option<Vec<(&str, String)>> {
    texts
        .iter()
        .map(|(name, text)| {
            let text = if is_html(name) {
                crate::minify::template(text)?
            } else {
                text.clone()
            };
            Some((name.as_str(), text))
        })
        .collect()
}

/// Whether a template makes HTML (and so is minified once).
fn is_html(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".htm")
}

/// A rendered template.
pub struct Rendered {
    /// The output as Tera wrote it. Tera writes only strings, so this is
    /// UTF-8; it is kept as bytes because most pages go to disk as they are,
    /// and checking every page again cost 0.5% of a build.
    pub bytes: Vec<u8>,
    /// Whether it came from minified templates (so needs no more minifying).
    pub minified: bool,
}

impl Rendered {
    /// The output as text (any bytes that were not UTF-8 replaced).
    pub fn into_text(self) -> String {
        String::from_utf8(self.bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// The site's own theme folder, when the config names one; `None` for the built-in theme.
fn theme_dir(site: &Path, config: &Config) -> Result<Option<PathBuf>, Diagnostic> {
    let dir = site.join("themes").join(&config.theme);
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    if config.theme == "default" {
        return Ok(None);
    }
    Err(Diagnostic::error("missing-theme", format!("theme `{}` not found: there is no folder themes/{}/", config.theme, config.theme))
        .in_file(Path::new(crate::config::CONFIG_FILE))
        .with_help("put the theme in the site's themes/ folder, or remove `theme` to use the built-in default theme"))
}

fn read_templates(
    site: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, (String, String)>,
    problems: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(
                    Diagnostic::error("unreadable", format!("cannot read templates: {e}"))
                        .in_file(dir.strip_prefix(site).unwrap_or(dir)),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(name) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = name.to_string_lossy().replace('\\', "/");
        let shown = entry
            .path()
            .strip_prefix(site)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                into.insert(name, (crate::diagnostic::display_path(&shown), text));
            }
            Err(e) => problems.push(
                Diagnostic::error("unreadable", format!("cannot read this template: {e}"))
                    .in_file(&shown)
                    .with_help("templates must be UTF-8 text files you may read"),
            ),
        }
    }
}

/// A file of the built-in default theme (a font), by its path in the theme.
pub(crate) fn default_theme_file(path: &str) -> Option<&'static [u8]> {
    DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, bytes)| *bytes)
}

/// Static files of the theme, as (site path, asset). The site's own `static/`
/// is copied after these and wins on a clash.
pub fn theme_assets(site: &Path, config: &Config) -> Vec<(String, ThemeAsset)> {
    let mut assets: BTreeMap<String, ThemeAsset> = BTreeMap::new();
    for (path, bytes) in DEFAULT_THEME {
        if let Some(rel) = path.strip_prefix("static/") {
            assets.insert(format!("/{rel}"), ThemeAsset::Embedded(bytes));
        }
    }
    if let Ok(Some(dir)) = theme_dir(site, config) {
        let root = dir.join("static");
        for entry in walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(&root)
            {
                let rel = rel.to_string_lossy().replace('\\', "/");
                assets.insert(
                    format!("/{rel}"),
                    ThemeAsset::File(entry.path().to_path_buf()),
                );
            }
        }
    }
    assets.into_iter().collect()
}

impl Templates {
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name`; an error becomes a diagnostic naming the template and
    /// line, and the page being rendered. `size_hint`: about how long the
    /// result will be (growing a page's buffer step by step costs copies).
    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        page_source: Option<&Path>,
        size_hint: usize,
    ) -> Result<Rendered, Diagnostic> {
        let render = |tera: &Tera| -> tera::TeraResult<Vec<u8>> {
            let mut out = Vec::with_capacity(size_hint);
            tera.render_to(name, context, &mut out)?;
            Ok(out)
        };
        // An error is reported from the templates as written, whose lines
        // are the author's.
        if let Some(Ok(bytes)) = self.minified.as_ref().map(render) {
            return Ok(Rendered {
                bytes,
                minified: is_html(name),
            });
        }
        render(&self.tera)
            .map(|bytes| Rendered {
                bytes,
                minified: false,
            })
            .map_err(|e| template_diagnostic(&e, &self.origins, page_source))
    }

    /// Gives `picture()` and `image()` the build's images (before rendering).
    pub fn set_images(&self, images: Arc<TemplateImages>) {
        if let Ok(mut slot) = self.images.write() {
            *slot = Some(images);
        }
    }

    /// Gives `url()` the stylesheets' hashed names (before rendering).
    pub fn set_stylesheets(&self, stylesheets: Arc<Stylesheets>) {
        if let Ok(mut slot) = self.stylesheets.write() {
            *slot = stylesheets;
        }
    }

    /// Shared values every template sees (`config`, `site`).
    pub fn set_globals(&mut self, globals: &serde_json::Map<String, serde_json::Value>) {
        let mut context = tera::Context::new();
        for (name, value) in globals {
            context.insert(name.clone(), value);
        }
        self.globals_key = crate::incremental::Fingerprint::new()
            .json(globals)
            .finish();
        if let Some(minified) = &mut self.minified {
            minified.global_context().extend(context.clone());
        }
        self.tera.global_context().extend(context);
    }

    /// What the globals hash to: a page that shows the same data with the
    /// same globals renders to the same bytes.
    pub(crate) fn globals_key(&self) -> u128 {
        self.globals_key
    }
}

/// Errors found while compiling the templates. Tera checks every template's
/// filters, tests, functions and includes after parsing, and hands all it
/// finds back as one message of rustc-style reports; each becomes its own
/// diagnostic at its template, line and column.
fn load_diagnostics(error: &tera::Error, origins: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    if let tera::ErrorKind::Msg(text) = error.kind() {
        let found: Vec<Diagnostic> = reports_in(text)
            .into_iter()
            .map(|report| {
                let mut d = Diagnostic::error("template", format!("template error: {}", report.message))
                    .with_help("fix the template; docs/templates.md lists the filters and functions rapport adds");
                d.file = Some(origins.get(report.template).cloned().unwrap_or_else(|| report.template.to_string()));
                d.line = Some(report.line);
                d.column = Some(report.column);
                d
            })
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    vec![template_diagnostic(error, origins, None)]
}

/// One report in a Tera message: `error: MESSAGE` then ` --> NAME:LINE:COLUMN`.
#[derive(Debug, PartialEq, Eq)]
struct Report<'a> {
    message: &'a str,
    template: &'a str,
    line: usize,
    column: usize,
}

fn reports_in(text: &str) -> Vec<Report<'_>> {
    let mut reports = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(at) = lines
            .peek()
            .and_then(|next| next.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        // The name may itself hold colons; line and column are the last two fields.
        let mut fields = at.rsplitn(3, ':');
        let (Some(column), Some(line), Some(template)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        if let (Ok(line), Ok(column)) = (line.parse(), column.parse()) {
            reports.push(Report {
                message,
                template,
                line,
                column,
            });
        }
    }
    reports
}

fn template_diagnostic(
    error: &tera::Error,
    origins: &BTreeMap<String, String>,
    page: Option<&Path>,
) -> Diagnostic {
    use tera::ErrorKind;
    let (message, template, line) = match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
            report.message().to_string(),
            Some(report.filename().to_string()),
            Some(report.span().start_line),
        ),
        ErrorKind::TemplateNotFound(name) => (format!("template `{name}` not found"), None, None),
        ErrorKind::MissingParent { current, parent } => (
            format!("template `{current}` extends `{parent}`, which does not exist"),
            Some(current.clone()),
            None,
        ),
        other => (other.to_string(), None, None),
    };
    let mut message = format!("template error: {}", first_line(&message));
    let mut source = error_source_chain(error);
    if !source.is_empty() {
        source.insert_str(0, ": ");
        message.push_str(&source);
    }
    if let Some(page) = page {
        message.push_str(&format!(
            " (while rendering {})",
            crate::diagnostic::display_path(page)
        ));
    }
    let mut d = Diagnostic::error("template", message)
        .with_help("fix the template; docs/templates.md lists the variables each template gets");
    if let Some(template) = &template {
        let shown = origins
            .get(template)
            .cloned()
            .unwrap_or_else(|| template.clone());
        d.file = Some(shown);
    }
    d.line = line;
    d
}

fn error_source_chain(error: &tera::Error) -> String {
    let mut parts = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// Tera's `safe`, without copying a string: every post page passes its
/// whole HTML through it. Other values become their text, as in Tera.
fn safe(value: Value, _: Kwargs, _: &State) -> Value {
    if value.as_str().is_some() {
        value.mark_safe()
    } else {
        Value::safe_string(&value.to_string())
    }
}

/// Filters and functions available to every template (see docs/templates.md).
fn register(tera: &mut Tera, config: &Config, stylesheets: &StylesheetSlot) {
    tera.register_filter("safe", safe);
    tera.register_filter(
        "date",
        |value: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let format = kwargs.get::<&str>("format")?.unwrap_or("%B %-d, %Y");
            let date = crate::frontmatter::parse_date(value).ok_or_else(|| {
                tera::Error::message(format!("`date` filter: \"{value}\" is not a date"))
            })?;
            let civil = date.offset.to_datetime(date.timestamp);
            let mut out = String::new();
            jiff::fmt::strtime::format(format, civil)
                .map(|s| out.push_str(&s))
                .map_err(|e| {
                    tera::Error::message(format!("`date` filter: bad format \"{format}\": {e}"))
                })?;
            Ok(out)
        },
    );
    tera.register_filter("striptags", |value: &str, _: Kwargs, _: &State| {
        strip_tags(value)
    });
    tera.register_filter("urlencode", |value: &str, _: Kwargs, _: &State| {
        percent_encode(value)
    });
    tera.register_filter("slugify", |value: &str, _: Kwargs, _: &State| {
        crate::content::slugify(value)
    });
    tera.register_filter(
        "json_encode",
        |value: &Value, _: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let json = serde_json::to_string(value)
                .map_err(|e| tera::Error::message(format!("json_encode: {e}")))?;
            // Safe inside <script>: no `</` can close the element early.
            Ok(Value::safe_string(&json.replace("</", "<\\/")))
        },
    );
    let base_path = config.base_path.clone();
    let stylesheets = Arc::clone(stylesheets);
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?.trim_start_matches('/');
            let hashed = stylesheets.read().ok().and_then(|s| s.hashed(path));
            Ok(format!("{base_path}{}", hashed.as_deref().unwrap_or(path)))
        },
    );
    let base_url = config.base_url.clone();
    tera.register_function(
        "permalink",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?;
            Ok(format!("{base_url}{}", path.trim_start_matches('/')))
        },
    );
}

/// Where `url()` finds the stylesheets' hashed names once they are known.
type StylesheetSlot = Arc<RwLock<Arc<Stylesheets>>>;

/// Where the image functions find the build's images once it has them.
type ImageSlot = Arc<RwLock<Option<Arc<TemplateImages>>>>;

/// `picture(src, alt, eager=false)` and `image(src)` (see docs/templates.md).
fn register_images(tera: &mut Tera, slot: &ImageSlot) {
    fn images(slot: &ImageSlot, function: &str) -> tera::TeraResult<Arc<TemplateImages>> {
        slot.read().ok().and_then(|s| s.clone()).ok_or_else(|| {
            tera::Error::message(format!("{function}(): images are not available here"))
        })
    }
    // Relative paths resolve against the page (or section) being rendered.
    fn page_url(state: &State) -> Option<String> {
        ["page", "section"].iter().find_map(|name| {
            let value = state.get::<Value>(name).ok().flatten()?;
            value.get_from_path("url")?.as_str().map(str::to_string)
        })
    }
    let slot_for_picture = Arc::clone(slot);
    tera.register_function(
        "picture",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let src = kwargs.must_get::<&str>("src")?;
            let alt = kwargs.must_get::<&str>("alt")?;
            let eager = kwargs.get::<bool>("eager")?.unwrap_or(false);
            let images = images(&slot_for_picture, "picture")?;
            images
                .picture(src, page_url(state).as_deref(), alt, eager)
                .map(|html| Value::safe_string(&html))
                .map_err(|e| tera::Error::message(format!("picture(): {e}")))
        },
    );
    let slot_for_image = Arc::clone(slot);
    tera.register_function(
        "image",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let src = kwargs.must_get::<&str>("src")?;
            let images = images(&slot_for_image, "image")?;
            images
                .info(src, page_url(state).as_deref())
                .map(|info| Value::from_serializable(&info))
                .map_err(|e| tera::Error::message(format!("image(): {e}")))
        },
    );
}

/// Removes HTML tags and collapses white space (for descriptions made from summaries).
pub fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    push_percent_encoded(&mut out, text);
    out
}

/// Unreserved characters (RFC 3986), by byte.
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

/// Appends `text` percent-encoded to `out`: every post's share links
/// encode its prompt, title and URL several times over.
pub fn push_percent_encoded(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    let mut plain = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if UNRESERVED[usize::from(byte)] {
            continue;
        }
        // Unreserved bytes are ASCII: a run of them starts and ends on
        // char boundaries (`plain` is inside a char only with no run).
        if plain < at {
            out.push_str(&text[plain..at]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xF)]));
        plain = at + 1;
    }
    out.push_str(&text[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_in_a_compile_message_is_found() {
        let text = "error: Unknown filter `nope`\n --> page.html:3:11\n  |\n3 | {{ x | nope }}\n  |        ^^^^\n\n\
                    error: Unknown function `f`\n  --> a:b.html:12:4\n   |\n12 | {{ f() }}";
        assert_eq!(
            reports_in(text),
            vec![
                Report {
                    message: "Unknown filter `nope`",
                    template: "page.html",
                    line: 3,
                    column: 11
                },
                Report {
                    message: "Unknown function `f`",
                    template: "a:b.html",
                    line: 12,
                    column: 4
                },
            ]
        );
        assert!(reports_in("error: no location\nsomething else").is_empty());
    }

    #[test]
    fn safe_marks_without_changing_what_tera_writes() {
        let template =
            "{{ a | safe }}|{{ long | safe }}|{{ n | safe }}|{{ list | safe }}|{{ b }}|{{ a }}";
        let mut context = tera::Context::new();
        context.insert("a", "<b>x</b>");
        context.insert("long", &"<p>a &amp; b</p>".repeat(100));
        context.insert("n", &5);
        context.insert("list", &["<i>", "j"]);
        context.insert("b", "<i>");
        let render = |tera: &mut Tera| {
            tera.add_raw_template("t.html", template).expect("template");
            tera.render("t.html", &context).expect("render")
        };
        let theirs = render(&mut Tera::default());
        let mut ours = Tera::default();
        ours.register_filter("safe", safe);
        assert_eq!(render(&mut ours), theirs);
        assert!(theirs.starts_with("<b>x</b>|<p>a &amp; b</p>"), "{theirs}");
    }

    #[test]
    fn percent_encoding_keeps_unreserved_only() {
        assert_eq!(percent_encode("a b&c/é"), "a%20b%26c%2F%C3%A9");
        assert_eq!(percent_encode("Az09-_.~"), "Az09-_.~");
        assert_eq!(percent_encode("?\n\n"), "%3F%0A%0A");
        assert_eq!(percent_encode(""), "");
        assert_eq!(percent_encode("“é”x"), "%E2%80%9C%C3%A9%E2%80%9Dx");
    }

    #[test]
    fn default_theme_is_embedded() {
        assert!(
            DEFAULT_THEME
                .iter()
                .any(|(p, _)| *p == "templates/page.html")
        );
    }
}
