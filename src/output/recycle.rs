//! The output before last, reused. A build swaps its new output in and
//! keeps the one it replaces in `SITE/.rapport/spare-output`; the next
//! build takes that folder as its staging folder instead of an empty one.
//! A file that comes out the same is left as it is, one that differs is
//! replaced by a new file (never written in place: it may be a hard link),
//! and whatever the build did not write is removed before the swap, so the
//! result is exactly what a build into an empty folder makes.
//!
//! On a big site, deleting the old output and creating every folder and
//! file again cost more kernel time than anything else in the write; and
//! unchanged files keep their modification times, so a deploy that syncs
//! by time and size (rsync, `aws s3 sync`) uploads only what changed.

use rustc_hash::FxHashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where the previous output is kept, inside the site.
pub(super) const SPARE: &str = ".rapport/spare-output";

/// A staging folder made from the spare: what it held, by path relative
/// to it (`posts/a/index.html`), each entry marked once this build writes
/// to it or into it.
#[derive(Debug)]
pub(super) struct Recycled {
    entries: FxHashMap<Box<str>, Entry>,
}

#[derive(Debug)]
struct Entry {
    found: Found,
    /// Set once this build wrote the file, or a file somewhere in the folder.
    kept: AtomicBool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    File,
    Folder,
}

/// The spare folder's inventory, taken on a thread while the site builds:
/// tens of thousands of entries on a big site.
pub struct Survey(std::thread::JoinHandle<Option<Recycled>>);

impl Survey {
    /// Starts taking the inventory of `SITE/.rapport/spare-output`, if it is
    /// a folder rapport wrote (it has the output marker).
    pub fn start(site: &Path) -> Survey {
        let spare = site.join(SPARE);
        Survey(std::thread::spawn(move || Recycled::take(&spare)))
    }

    /// The inventory, or `None` when there is no usable spare folder.
    pub(super) fn finish(self) -> Option<Recycled> {
        self.0.join().ok().flatten()
    }
}

impl Recycled {
    /// Lists the spare folder. Anything an output never holds (a symbolic
    /// link, a name that is not UTF-8, a device) is removed on the way, so
    /// no later write can go through a link to somewhere else.
    fn take(spare: &Path) -> Option<Recycled> {
        if !super::is_rapport_output(spare) {
            return None;
        }
        let mut entries = FxHashMap::default();
        let mut walk = walkdir::WalkDir::new(spare).min_depth(1).into_iter();
        while let Some(entry) = walk.next() {
            let entry = entry.ok()?;
            let kind = entry.file_type();
            let rel = entry
                .path()
                .strip_prefix(spare)
                .ok()
                .and_then(Path::to_str)
                .map(|rel| rel.replace('\\', "/"));
            let found = if kind.is_dir() {
                Some(Found::Folder)
            } else if kind.is_file() {
                Some(Found::File)
            } else {
                None
            };
            match (rel, found) {
                (Some(rel), Some(found)) => {
                    let kept = AtomicBool::new(false);
                    entries.insert(rel.into_boxed_str(), Entry { found, kept });
                }
                _ => {
                    if kind.is_dir() {
                        walk.skip_current_dir();
                        super::remove_tree(entry.path()).ok()?;
                    } else {
                        std::fs::remove_file(entry.path()).ok()?;
                    }
                }
            }
        }
        let recycled = Recycled { entries };
        recycled.keep(super::MARKER);
        Some(recycled)
    }

    fn found(&self, rel: &str) -> Option<Found> {
        self.entries.get(rel).map(|entry| entry.found)
    }

    /// Marks `rel` and the folders above it as part of this build's output.
    fn keep(&self, rel: &str) {
        if let Some(entry) = self.entries.get(rel) {
            entry.kept.store(true, Ordering::Relaxed);
        }
        let mut rel = rel;
        while let Some((above, _)) = rel.rsplit_once('/') {
            // A folder kept already has its own folders kept.
            if let Some(entry) = self.entries.get(above)
                && entry.kept.swap(true, Ordering::Relaxed)
            {
                break;
            }
            rel = above;
        }
    }

    /// Whether `rel` (a folder) is already there.
    pub(super) fn has_folder(&self, rel: &str) -> bool {
        rel.is_empty() || self.found(rel) == Some(Found::Folder)
    }

    /// Removes any old file standing where a folder on the way to `rel` is
    /// needed (a page that became a section).
    pub(super) fn clear_the_way(&self, staging: &Path, rel: &str) -> std::io::Result<()> {
        for (at, _) in rel.match_indices('/') {
            let above = &rel[..at];
            if self.found(above) == Some(Found::File) {
                super::remove_file(&staging.join(above))?;
            }
        }
        Ok(())
    }

    /// Readies `path` (at `rel`) for a new file; false when the file there
    /// already holds what `same` says it should.
    pub(super) fn prepare(
        &self,
        path: &Path,
        rel: &str,
        same: impl FnOnce(&Path) -> bool,
    ) -> std::io::Result<bool> {
        self.keep(rel);
        match self.found(rel) {
            Some(Found::File) if same(path) => Ok(false),
            Some(Found::File) => super::remove_file(path).map(|()| true),
            Some(Found::Folder) => match super::remove_tree(path) {
                Err(e) if !super::is_gone(&e) => Err(e),
                _ => Ok(true),
            },
            None => Ok(true),
        }
    }

    /// Removes every file and folder of the spare this build did not write.
    pub(super) fn remove_unwritten(self, staging: &Path) -> std::io::Result<()> {
        let mut files = Vec::new();
        let mut folders = Vec::new();
        for (rel, entry) in &self.entries {
            if entry.kept.load(Ordering::Relaxed) {
                continue;
            }
            let path = staging.join(&**rel);
            match entry.found {
                Found::File => files.push(path),
                Found::Folder => folders.push((rel.matches('/').count(), path)),
            }
        }
        super::remove_all(&files, folders)
    }
}

/// Whether the file at `path` holds exactly `bytes`, and is the only name of
/// its file (one shared with another file must not be kept as a copy).
pub(super) fn holds(path: &Path, bytes: &[u8]) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| is_sole_regular_file(&m) && m.len() == bytes.len() as u64)
    {
        return false;
    }
    // Read into spare capacity, which is not zeroed first: a page is read
    // this way on every rebuild.
    let mut old = Vec::with_capacity(bytes.len());
    file.take(bytes.len() as u64).read_to_end(&mut old).is_ok() && old == bytes
}

/// Whether the file at `path` holds the same bytes as the file at `from`.
pub(super) fn holds_copy_of(path: &Path, from: &Path) -> bool {
    let (Ok(mut old), Ok(mut source)) = (std::fs::File::open(path), std::fs::File::open(from))
    else {
        return false;
    };
    let (Ok(old_meta), Ok(source_meta)) = (old.metadata(), source.metadata()) else {
        return false;
    };
    if !is_sole_regular_file(&old_meta) || old_meta.len() != source_meta.len() {
        return false;
    }
    // A block at a time: a static file may be a large video.
    const BLOCK: u64 = 256 * 1024;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    loop {
        a.clear();
        b.clear();
        let (Ok(read), Ok(_)) = (
            (&mut old).take(BLOCK).read_to_end(&mut a),
            (&mut source).take(BLOCK).read_to_end(&mut b),
        ) else {
            return false;
        };
        if a != b {
            return false;
        }
        if read == 0 {
            return true;
        }
    }
}

/// Whether `path` and `from` are names of the same file (a hard link made
/// by an earlier build).
pub(super) fn is_link_to(path: &Path, from: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::symlink_metadata(path), std::fs::metadata(from)) {
            (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, from);
        false
    }
}

fn is_sole_regular_file(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.is_file() && meta.nlink() == 1
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// The folder a build keeps its previous output in.
pub(super) fn spare_of(site: &Path) -> PathBuf {
    site.join(SPARE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_compared_whole_and_only_when_they_are_their_only_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            path
        };
        // Longer than one block, differing only in the last byte.
        let big: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
        let mut other = big.clone();
        if let Some(last) = other.last_mut() {
            *last ^= 1;
        }
        let (a, b, c) = (write("a", &big), write("b", &big), write("c", &other));
        assert!(holds_copy_of(&a, &b));
        assert!(!holds_copy_of(&a, &c));
        assert!(holds(&a, &big));
        assert!(!holds(&a, &other));
        assert!(!holds(&a, &big[1..]), "a different length");
        assert!(!holds(&dir.path().join("missing"), b""));
        let short = write("short", b"abc");
        assert!(!holds_copy_of(&short, &a));
        #[cfg(unix)]
        {
            std::fs::hard_link(&a, dir.path().join("a2")).expect("link");
            assert!(!holds(&a, &big), "a file with two names is never kept");
            assert!(!holds_copy_of(&a, &b));
            assert!(is_link_to(&dir.path().join("a2"), &a));
            assert!(!is_link_to(&b, &a));
        }
    }
}
