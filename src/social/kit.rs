//! The social kit: `SITE/.rapport/social/<slug>.json` per post and an
//! `index.html` with every snippet ready to copy. Written after a successful
//! disk build, never into the published output.

use super::PostSnippets;
use crate::error::{Error, Result};
use crate::html_scan::push_escaped as escaped;
use crate::stamp::StampBook;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::time::SystemTime;
use xxhash_rust::xxh3::Xxh3;

/// Where the kit keeps what each of its files was made from
/// ([`StampBook`]); not a `.json`, so never taken for a post's file.
const STAMPS: &str = ".stamps";

/// Brings the kit under `SITE/.rapport/social/` up to date: files whose
/// bytes changed are replaced (each atomically, through a temporary file),
/// unchanged files are not touched, and the JSON of posts that are gone is
/// removed. Rewriting 10,000 unchanged files on every build cost more than
/// rendering them, and so did making and comparing them again: a file made
/// from the same snippets as last time, untouched since, is skipped (see
/// [`StampBook`]). Returns how many files were written.
pub fn write(site: &Path, posts: &[PostSnippets]) -> Result<usize> {
    write_at(site, posts, SystemTime::now()).map(|(written, _)| written)
}

/// [`write`], trusting stamps of files last written before `now` less
/// [`crate::stamp`]'s settling time. Returns how many files were written
/// and how many the book let alone.
fn write_at(site: &Path, posts: &[PostSnippets], now: SystemTime) -> Result<(usize, usize)> {
    let dir = site.join(".rapport/social");
    std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    let name = |post: &PostSnippets| format!("{}.json", post.slug);
    let wanted: HashSet<String> = posts.iter().map(name).collect();
    for entry in std::fs::read_dir(&dir)
        .map_err(|e| Error::read(&dir, e))?
        .flatten()
    {
        // Only the kit's own files: anything else in the folder is the user's.
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.ends_with(".json") && !wanted.contains(&file) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let book = StampBook::load(&dir.join(STAMPS));
    let made_from: Vec<u128> = posts.par_iter().map(inputs_hash).collect();
    // Each post's JSON is made and written in turn, never all at once: on a
    // big site they add up to tens of megabytes. The page, one long string,
    // is made meanwhile on another core.
    let (posts_written, page_written) = rayon::join(
        || {
            posts
                .par_iter()
                .zip(&made_from)
                .map(|(post, &made_from)| {
                    refresh(&book, name(post), made_from, &dir, now, |path| {
                        let mut json = serde_json::to_vec_pretty(post).unwrap_or_default();
                        json.push(b'\n');
                        crate::output::write_if_changed(path, &json)
                    })
                })
                .collect::<Result<Vec<_>>>()
        },
        || {
            let mut hasher = Xxh3::new();
            hasher.update(crate::analysis_cache::BUILD_ID.as_bytes());
            for hash in &made_from {
                hasher.update(&hash.to_le_bytes());
            }
            let page_from = hasher.digest128();
            refresh(&book, "index.html".into(), page_from, &dir, now, |path| {
                crate::output::UpdatedFile::new(path)
                    .writing(|out| write_page(out, posts))
                    .map_err(|e| Error::write(path, e))?
                    .finish()
            })
        },
    );
    // `None` written: left alone by the book.
    let (mut written, mut skipped) = (0, 0);
    let mut records = Vec::with_capacity(posts.len() + 1);
    for (file_written, record) in std::iter::once(page_written?).chain(posts_written?) {
        match file_written {
            Some(n) => written += n,
            None => skipped += 1,
        }
        records.extend(record);
    }
    // The book is bookkeeping, not counted among the files written; one
    // that cannot be written only means the next build compares every file.
    let _ = crate::output::write_if_changed(&dir.join(STAMPS), StampBook::text(records).as_bytes());
    Ok((written, skipped))
}

/// A kit file's stamp-book record: (name, inputs hash, stamp).
type Record = (String, u128, String);

/// Brings the kit file `name` up to date with `make` (which writes it if
/// its bytes changed and says how many files it wrote), unless the book
/// says it was made from `made_from` and is untouched since (`None`
/// written). Returns the file's record for the next book, if it has one.
fn refresh(
    book: &StampBook,
    name: String,
    made_from: u128,
    dir: &Path,
    now: SystemTime,
    make: impl FnOnce(&Path) -> Result<usize>,
) -> Result<(Option<usize>, Option<Record>)> {
    let path = dir.join(&name);
    if let Some(stamp) = book.unchanged(&name, made_from, &path) {
        let stamp = stamp.to_string();
        return Ok((None, Some((name, made_from, stamp))));
    }
    let written = make(&path)?;
    let record = StampBook::settled_record(&path, now).map(|stamp| (name, made_from, stamp));
    Ok((Some(written), record))
}

/// A hash of everything a post's kit file is made from, and of the rapport
/// that makes it (a new version may write the file differently).
fn inputs_hash(post: &PostSnippets) -> u128 {
    use std::hash::Hash;
    let mut hasher = Xxh3::new();
    hasher.update(crate::analysis_cache::BUILD_ID.as_bytes());
    post.hash(&mut hasher);
    hasher.digest128()
}

/// The kit as one HTML page (also served by `rapport serve` at /_rapport/social/).
pub fn page(posts: &[PostSnippets]) -> String {
    let mut html = Vec::new();
    let _ = write_page(&mut html, posts);
    String::from_utf8(html).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the kit page a post at a time: tens of megabytes on a big site.
fn write_page(html: &mut impl Write, posts: &[PostSnippets]) -> std::io::Result<()> {
    html.write_all(
        b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Social kit</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2329}h2{margin-top:2.5rem;font-size:1.2rem}.kind{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:#58616b}.snippet{border:1px solid #e3e1dc;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}.snippet header{display:flex;justify-content:space-between;gap:1rem;font-size:.9rem;color:#58616b}textarea{width:100%;font:inherit;border:0;resize:vertical;background:#f6f5f2;padding:.5rem;border-radius:4px}button{font:inherit;padding:.2rem .8rem}.over{color:#b3261e;font-weight:600}</style></head><body><h1>Social kit</h1><p>Every post's snippets: a discussion prompt, the link (with UTM parameters) and a few hashtags, fitted to each platform. Copy, paste, and reply to the replies.</p>\n",
    )?;
    // Each post's section is made in one reused buffer and written whole:
    // tens of thousands of snippets on a big site.
    let mut section = String::new();
    for post in posts {
        section.clear();
        section.push_str("<section><h2><a href=\"");
        escaped(&mut section, &post.url);
        section.push_str("\">");
        escaped(&mut section, &post.title);
        section.push_str("</a></h2><p class=\"kind\">");
        section.push_str(match post.kind {
            crate::frontmatter::ContentKind::Helpful => "helpful",
            crate::frontmatter::ContentKind::Promotional => "promotional",
        });
        section.push_str("</p>");
        for (i, snippet) in post.snippets.iter().enumerate() {
            let over = if snippet.length > snippet.limit {
                " class=\"over\""
            } else {
                ""
            };
            let _ = write!(
                section,
                "<div class=\"snippet\"><header><strong>{}</strong><span{over}>{} / {}{}</span><button type=\"button\" data-copy=\"{slug}-{i}\">Copy</button></header><textarea id=\"{slug}-{i}\" rows=\"5\" readonly>",
                snippet.platform.label(),
                snippet.length,
                snippet.limit,
                if snippet.trimmed { " (cut to fit)" } else { "" },
                slug = post.slug,
            );
            escaped(&mut section, &snippet.text);
            section.push_str("</textarea></div>");
        }
        section.push_str("</section>\n");
        html.write_all(section.as_bytes())?;
    }
    html.write_all(b"<script>document.addEventListener(\"click\",e=>{const id=e.target.dataset&&e.target.dataset.copy;if(!id)return;const t=document.getElementById(id);navigator.clipboard.writeText(t.value).then(()=>{e.target.textContent=\"Copied\";setTimeout(()=>e.target.textContent=\"Copy\",1500)})})</script></body></html>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(slug: &str, title: &str) -> PostSnippets {
        PostSnippets {
            slug: slug.to_string(),
            title: title.to_string(),
            url: format!("https://example.com/posts/{slug}/"),
            kind: crate::frontmatter::ContentKind::Helpful,
            prompts: Vec::new(),
            snippets: Vec::new(),
        }
    }

    #[test]
    fn unchanged_files_are_not_rewritten_and_gone_posts_lose_their_json() {
        let site = tempfile::tempdir().expect("tempdir");
        let dir = site.path().join(".rapport/social");
        let posts = vec![post("a", "A"), post("b", "B")];
        assert_eq!(write(site.path(), &posts).expect("first"), 3);
        std::fs::write(dir.join("notes.txt"), "mine").expect("user file");
        assert_eq!(write(site.path(), &posts).expect("again"), 0);

        let posts = vec![post("a", "A, retitled")];
        assert_eq!(write(site.path(), &posts).expect("changed"), 2);
        assert!(!dir.join("b.json").exists());
        assert!(dir.join("notes.txt").exists(), "other files are kept");
        let a = std::fs::read_to_string(dir.join("a.json")).expect("a");
        assert!(a.contains("A, retitled"), "{a}");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn settled_files_made_from_the_same_snippets_are_skipped_and_edited_ones_made_again() {
        let site = tempfile::tempdir().expect("tempdir");
        let dir = site.path().join(".rapport/social");
        let posts = vec![post("a", "A"), post("b", "B")];
        let later = SystemTime::now() + std::time::Duration::from_secs(3);
        assert_eq!(write(site.path(), &posts).expect("first"), 3);
        // Just written: compared once more, and then recorded as settled.
        assert_eq!(write(site.path(), &posts).expect("compared"), 0);
        assert_eq!(
            write_at(site.path(), &posts, later).expect("recorded"),
            (0, 0)
        );
        assert_eq!(
            write_at(site.path(), &posts, later).expect("skipped"),
            (0, 3)
        );
        let book = StampBook::load(&dir.join(STAMPS));
        let a = dir.join("a.json");
        assert!(
            book.unchanged("a.json", inputs_hash(&posts[0]), &a)
                .is_some()
        );
        assert!(
            book.unchanged("index.html", 0, &dir.join("index.html"))
                .is_none()
        );

        // Edited by hand: its stamp changed, so it is made again.
        let made = std::fs::read_to_string(&a).expect("a");
        std::fs::write(&a, "{}").expect("edit");
        assert_eq!(
            write_at(site.path(), &posts, later).expect("restored"),
            (1, 2)
        );
        assert_eq!(std::fs::read_to_string(&a).expect("a again"), made);

        // A book that cannot be written (a folder in its place) costs
        // speed, never the build.
        std::fs::remove_file(dir.join(STAMPS)).expect("remove book");
        std::fs::create_dir(dir.join(STAMPS)).expect("folder as book");
        assert_eq!(
            write_at(site.path(), &posts, later).expect("no book"),
            (0, 0)
        );
        std::fs::remove_dir(dir.join(STAMPS)).expect("remove folder");
        write_at(site.path(), &posts, later).expect("book again");

        // A post with other snippets is made again, and so is the page.
        let posts = vec![post("a", "A"), post("b", "B, retitled")];
        assert_eq!(
            write_at(site.path(), &posts, later).expect("retitled"),
            (2, 1)
        );
        let b = std::fs::read_to_string(dir.join("b.json")).expect("b");
        assert!(b.contains("B, retitled"), "{b}");
    }
}
