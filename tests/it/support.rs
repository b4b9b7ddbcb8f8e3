//! A small fixture-site builder: write files, build, assert.

use rapport::diagnostic::{Diagnostic, Severity};
use rapport::{BuildOptions, BuildReport};
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub const CONFIG: &str = "title = \"Test Blog\"\nbase_url = \"https://example.com/\"\ndescription = \"A blog for tests\"\nauthor = \"Tess\"\n";

pub struct TestSite {
    /// Shared with every [`Built`], so the folder lives as long as any of them.
    pub dir: Rc<tempfile::TempDir>,
}

impl TestSite {
    /// A site with the given config and no content yet.
    pub fn with_config(config: &str) -> TestSite {
        let site = TestSite {
            dir: Rc::new(tempfile::tempdir().expect("temp dir")),
        };
        // The covers fixtures name (`image: /c.jpg`) exist, as real images
        // big enough for social cards.
        site.file("rapport.toml", config)
            .bytes("static/c.jpg", card())
            .bytes("static/images/cover.jpg", card())
    }

    pub fn new() -> TestSite {
        TestSite::with_config(CONFIG)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(self, rel: &str, text: &str) -> TestSite {
        self.bytes(rel, text.as_bytes())
    }

    pub fn bytes(self, rel: &str, bytes: &[u8]) -> TestSite {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write fixture");
        self
    }

    /// A post with the given front matter lines and body.
    pub fn post(self, slug: &str, front: &str, body: &str) -> TestSite {
        let text = format!("---\n{front}\n---\n{body}");
        self.file(&format!("content/posts/{slug}.md"), &text)
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            site: self.root().to_path_buf(),
            output: None,
            base_url: None,
            drafts: false,
            today: None,
            progress: None,
        }
    }

    /// Builds to disk and returns the outcome.
    pub fn build(&self) -> Built {
        self.build_with(self.options())
    }

    pub fn build_with(&self, options: BuildOptions) -> Built {
        let output = options
            .output
            .clone()
            .unwrap_or_else(|| self.root().join("public"));
        let report = rapport::build(&options).expect("build runs");
        Built {
            report,
            output,
            _site: Rc::clone(&self.dir),
        }
    }
}

pub struct Built {
    pub report: BuildReport,
    pub output: PathBuf,
    _site: Rc<tempfile::TempDir>,
}

impl Built {
    pub fn assert_ok(self) -> Built {
        let errors: Vec<&Diagnostic> = self
            .report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(
            self.report.ok && errors.is_empty(),
            "build failed: {errors:#?}"
        );
        self
    }

    /// Every diagnostic with this code (rule name), in report order.
    pub fn with_code(&self, code: &str) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .collect()
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }

    /// The one error the build reported, checked for code and file.
    pub fn single_error(&self, code: &str, file: &str) -> &Diagnostic {
        let errors = self.errors();
        assert!(!self.report.ok, "the build should fail");
        let matching: Vec<_> = errors
            .iter()
            .filter(|d| d.code == code && d.file.as_deref() == Some(file))
            .collect();
        assert_eq!(
            matching.len(),
            1,
            "expected one `{code}` error in {file}, got {errors:#?}"
        );
        matching[0]
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.output.join(rel.trim_start_matches('/'));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.output.join(rel.trim_start_matches('/')).exists()
    }

    pub fn assert_contains(&self, rel: &str, needle: &str) -> &Built {
        let text = self.read(rel);
        assert!(
            text.contains(needle),
            "{rel} should contain {needle:?}; it is:\n{}",
            excerpt(&text)
        );
        self
    }

    pub fn assert_not_contains(&self, rel: &str, needle: &str) -> &Built {
        let text = self.read(rel);
        assert!(
            !text.contains(needle),
            "{rel} should not contain {needle:?}"
        );
        self
    }
}

fn excerpt(text: &str) -> &str {
    let end = text
        .char_indices()
        .nth(3000)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    &text[..end]
}

/// A 1200x630 JPEG, made once per test run.
pub fn card() -> &'static [u8] {
    static CARD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    CARD.get_or_init(|| jpeg(1200, 630))
}

/// A real JPEG of the given size: a gradient, so it encodes like a photo.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 4) as u8, ((x + y) * 2) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    out.into_inner()
}

/// A real PNG with transparency.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([
            (x * 8) as u8,
            (y * 8) as u8,
            90,
            if x < width / 2 { 255 } else { 128 },
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

/// Runs the `rapport` binary (without colours) and waits for it.
pub fn rapport(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rapport")
}
