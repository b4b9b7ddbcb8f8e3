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
}
