//! File stamps: what the file system says about a file without reading it.
//! The content loader and the image cache both take a file whose stamp is
//! the one they saw before as unchanged, so a rebuild needs one `stat` per
//! file instead of reading and hashing it.
//!
//! Any write changes a file's change time (`ctime`) on Unix, even one that
//! keeps the size and sets the modification time back; only stamps taken
//! once a file has settled are trusted (git's "racily clean" rule).

use std::time::{Duration, SystemTime};

/// How long after its last write a file's stamp can be trusted: file times
/// are coarse (two seconds on FAT), so a write just before or after a read
/// could leave the same stamp on other bytes.
const SETTLED: Duration = Duration::from_secs(2);

/// A file's size and times (and inode, on Unix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Inode and change time, on Unix.
    inode: u64,
    changed: Option<SystemTime>,
}

impl Stamp {
    pub(crate) fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            let since_epoch = u64::try_from(meta.ctime())
                .ok()
                .zip(u32::try_from(meta.ctime_nsec()).ok())
                .map(|(s, ns)| Duration::new(s, ns));
            (meta.ino(), since_epoch.map(|d| SystemTime::UNIX_EPOCH + d))
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, None);
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
            changed,
        }
    }

    /// The stamp of a file as it was at `at` (when it was read), if the
    /// file had been left alone long enough by then to trust it later.
    pub(crate) fn settled(meta: &std::fs::Metadata, at: SystemTime) -> Option<Stamp> {
        let stamp = Stamp::of(meta);
        let age = at.duration_since(stamp.modified?).ok()?;
        (age >= SETTLED).then_some(stamp)
    }

    /// The record of the file at `path` as it is now, to compare with one
    /// kept earlier; `None` when it cannot be read.
    pub(crate) fn record_of(path: &std::path::Path) -> Option<String> {
        Stamp::of(&std::fs::metadata(path).ok()?).record()
    }

    /// The stamp as a line of text for a record on disk, `len mtime
    /// [ctime]` to the nanosecond. The inode is left out: a copied cache
    /// stays good.
    pub(crate) fn record(&self) -> Option<String> {
        let since_epoch = |t: SystemTime| t.duration_since(SystemTime::UNIX_EPOCH).ok();
        let modified = since_epoch(self.modified?)?;
        let changed = self
            .changed
            .and_then(since_epoch)
            .map(|c| format!(" {}.{:09}", c.as_secs(), c.subsec_nanos()))
            .unwrap_or_default();
        Some(format!(
            "{} {}.{:09}{changed}",
            self.len,
            modified.as_secs(),
            modified.subsec_nanos()
        ))
    }
}

/// What a folder of generated files was made from: for each file, a hash
/// of its inputs and its stamp once written. A file whose inputs hash the
/// same as last time and whose stamp is still the one recorded is left as
/// it is, without making its bytes again or reading the old ones: the social
/// kit is 10,000 files and a 28 MB page on a 10,000-post site, and comparing
/// them with what is on disk took more time than anything else after the
/// pages were written (docs/BENCHMARKS.md, stop 20). A lost or damaged book
/// only means every file is made and compared again.
#[derive(Debug, Default)]
pub(crate) struct StampBook {
    /// By file name: the inputs' hash and the stamp's record.
    entries: rustc_hash::FxHashMap<String, (u128, String)>,
}

impl StampBook {
    /// The book at `path`; empty when missing or unreadable. A line is
    /// `name TAB hash TAB stamp`; lines that do not parse are skipped.
    pub(crate) fn load(path: &std::path::Path) -> StampBook {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let entries = text
            .lines()
            .filter_map(|line| {
                let mut fields = line.splitn(3, '\t');
                let (name, hash, stamp) = (fields.next()?, fields.next()?, fields.next()?);
                let hash = u128::from_str_radix(hash, 16).ok()?;
                Some((name.to_string(), (hash, stamp.to_string())))
            })
            .collect();
        StampBook { entries }
    }

    /// The stamp record `path` (named `name` in the book) still has, if it
    /// was made from inputs hashing to `made_from` and is untouched since.
    pub(crate) fn unchanged(
        &self,
        name: &str,
        made_from: u128,
        path: &std::path::Path,
    ) -> Option<&str> {
        let (hash, recorded) = self.entries.get(name)?;
        if *hash != made_from {
            return None;
        }
        (Stamp::record_of(path)? == *recorded).then_some(recorded.as_str())
    }

    /// The record to keep for `path` once it holds what `made_from` makes:
    /// only a settled stamp (see [`Stamp::settled`]) is kept, so a file
    /// written just now is compared once more by the next build.
    pub(crate) fn settled_record(path: &std::path::Path, at: SystemTime) -> Option<String> {
        Stamp::settled(&std::fs::metadata(path).ok()?, at)?.record()
    }

    /// The book's text for `records` of (name, hash, stamp), sorted by name
    /// so the same records give the same bytes. Names with a tab or a line
    /// break cannot be written in a line and are left out.
    pub(crate) fn text(mut records: Vec<(String, u128, String)>) -> String {
        records.retain(|(name, _, _)| !name.contains(['\t', '\n', '\r']));
        records.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut text = String::with_capacity(records.len() * 96);
        for (name, hash, stamp) in records {
            use std::fmt::Write as _;
            let _ = writeln!(text, "{name}\t{hash:032x}\t{stamp}");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_settled_file_gets_a_stamp_and_its_record_names_size_and_times() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        std::fs::write(&path, "twelve bytes").expect("write");
        let meta = std::fs::metadata(&path).expect("meta");
        let now = SystemTime::now();
        assert_eq!(Stamp::settled(&meta, now), None, "just written");
        let later = Stamp::settled(&meta, now + SETTLED).expect("settled");
        assert_eq!(later, Stamp::of(&meta));
        let record = later.record().expect("a modification time");
        let fields: Vec<&str> = record.split(' ').collect();
        assert_eq!(fields[0], "12");
        assert_eq!(fields.len(), if cfg!(unix) { 3 } else { 2 }, "{record}");
    }

    #[test]
    fn a_book_trusts_a_file_only_with_the_same_inputs_and_the_same_stamp() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        std::fs::write(&a, "{}").expect("write a");
        std::fs::write(&b, "[]").expect("write b");
        let later = SystemTime::now() + SETTLED;
        let record =
            |path: &std::path::Path| StampBook::settled_record(path, later).expect("settled");
        assert_eq!(
            StampBook::settled_record(&a, SystemTime::now()),
            None,
            "just written"
        );
        let text = StampBook::text(vec![
            ("b.json".into(), 2, record(&b)),
            ("a.json".into(), 1, record(&a)),
            ("odd\tname".into(), 3, record(&a)),
        ]);
        assert!(text.starts_with("a.json\t"), "sorted: {text}");
        assert_eq!(text.lines().count(), 2, "no line for a name with a tab");
        let book_path = dir.path().join(".stamps");
        std::fs::write(&book_path, format!("{text}garbage line\n")).expect("book");
        let book = StampBook::load(&book_path);
        assert!(book.unchanged("a.json", 1, &a).is_some());
        assert!(book.unchanged("a.json", 9, &a).is_none(), "other inputs");
        assert!(book.unchanged("c.json", 1, &a).is_none(), "not in the book");
        std::fs::write(&b, "[1]").expect("edit b");
        assert!(book.unchanged("b.json", 2, &b).is_none(), "edited since");
        std::fs::remove_file(&a).expect("remove a");
        assert!(book.unchanged("a.json", 1, &a).is_none(), "gone");
        assert!(StampBook::load(&dir.path().join("none")).entries.is_empty());
    }
}
