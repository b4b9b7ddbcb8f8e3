//! The image cache: finished variants and what was learnt about each source,
//! addressed by content so it needs no invalidation. A source's key is a hash
//! of its bytes; a variant's key adds the width, format, encoder settings and
//! [`CACHE_VERSION`]. Change any of those and the key changes, so stale
//! entries are never read, only left for [`Cache::prune`].
//!
//! Hash: XXH3-128. The inputs are the site author's own files, so there is no
//! adversary to resist and a cryptographic hash (BLAKE3) would only cost time:
//! XXH3 streams at memory speed in pure Rust, and 128 bits make an accidental
//! collision negligible at any site's scale.
//!
//! Layout, one folder per source: `ROOT/<source key>/meta` and
//! `ROOT/<source key>/<variant key>.<ext>`. Every file is written to a
//! temporary name and renamed into place, so an interrupted build leaves no
//! half-written entry; deleting the whole folder is always safe.

use super::encode::Planned;
use super::{Format, ImageError, ImageRequest, ImageSettings, SourceFormat, Variant};
use crate::stamp::Stamp;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use xxhash_rust::xxh3::Xxh3;

/// Bump when a change to this module changes its output for the same input
/// (a codec upgrade, a new resize filter, colour conversion in 2, the Klein
/// JPEG tables and WebP method 5 in 3): every variant is then re-encoded.
pub const CACHE_VERSION: u32 = 3;

const META_FILE: &str = "meta";
/// Source path -> its key, while the file is unchanged: see [`Cache::stamped_key`].
const STAMPS_DIR: &str = "stamps";
/// Files made from templates rather than from a source image (social cards);
/// pruned like a source's folder.
const GENERATED_DIR: &str = "generated";
const TEMP_PREFIX: &str = ".tmp-";

/// What was learnt by decoding a source once, so a warm run need not decode it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Meta {
    pub format: SourceFormat,
    /// Upright (after EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// Some pixel is not fully opaque.
    pub alpha: bool,
}

/// Streams a source's bytes into its key.
pub(super) struct SourceHasher(Xxh3);

impl SourceHasher {
    pub(super) fn new() -> Self {
        SourceHasher(Xxh3::new())
    }

    pub(super) fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub(super) fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// The key of a whole source file held in memory.
pub(super) fn source_key(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The key of one variant: everything its bytes depend on.
fn variant_key(source: u128, planned: &Planned, settings: &ImageSettings) -> u128 {
    let mut hasher = Xxh3::new();
    hasher.update(&CACHE_VERSION.to_le_bytes());
    hasher.update(&source.to_le_bytes());
    hasher.update(&planned.width.to_le_bytes());
    hasher.update(planned.format.extension().as_bytes());
    let (quality, speed) = match planned.format {
        Format::Jpeg | Format::WebP => (settings.quality, 0),
        Format::Avif => (settings.avif_quality, settings.avif_speed),
        Format::Png => (0, 0),
    };
    hasher.update(&[quality, speed]);
    // Only crops add to the key, so the keys of existing variants stay put.
    if planned.crop {
        hasher.update(b"crop");
        hasher.update(&planned.height.to_le_bytes());
    }
    hasher.digest128()
}

/// `posts/x/cover.jpg` + `800w` + key + WebP -> `posts/x/cover-800w.3fa9c2d1e0.webp`.
fn variant_site_path(original: &str, size: &str, key: u128, format: Format) -> String {
    let (folder, file) = match original.rfind('/') {
        Some(slash) => original.split_at(slash + 1),
        None => ("", original),
    };
    let stem = match file.rfind('.') {
        Some(dot) if dot > 0 => &file[..dot],
        _ => file,
    };
    let fingerprint = &format!("{key:032x}")[..10];
    format!("{folder}{stem}-{size}.{fingerprint}.{}", format.extension())
}

/// What [`Cache::prune`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneStats {
    pub files: usize,
    pub bytes: u64,
}

/// A content-addressed store of encoded variants in one folder.
#[derive(Debug)]
pub struct Cache {
    root: PathBuf,
}

/// Makes temporary names unique across the threads of this process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Cache {
    /// Opens (creating if needed) the cache at `dir`; a build passes
    /// `SITE/.rapport/cache/images/`.
    pub fn open(dir: impl Into<PathBuf>) -> std::io::Result<Cache> {
        let root = dir.into();
        std::fs::create_dir_all(&root)?;
        let tag = root.join("CACHEDIR.TAG");
        if !tag.exists() {
            // Tells backup tools to skip this folder (bford.info/cachedir).
            let text = b"Signature: 8a477f597d28d172789f06886806bc55\n# rapport's image cache; safe to delete.\n";
            write_atomic(&tag, text)?;
        }
        Ok(Cache { root })
    }

    /// The folder given to [`Cache::open`].
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn source_dir(&self, source: u128) -> PathBuf {
        self.root.join(format!("{source:032x}"))
    }

    fn stamp_path(&self, source_path: &Path) -> PathBuf {
        let name = xxhash_rust::xxh3::xxh3_128(source_path.as_os_str().as_encoded_bytes());
        self.root.join(STAMPS_DIR).join(format!("{name:032x}"))
    }

    /// The key (and length) an earlier run computed for the file at `path`,
    /// if the file is unchanged since: same length, modification time and,
    /// on Unix, change time (which no tool can set back). A warm build then
    /// needs one `stat` per image instead of reading and hashing every
    /// source; any doubt (no stamp, a different time) means hashing again.
    pub(super) fn stamped_key(&self, path: &Path) -> Option<(u128, u64)> {
        let stamp = std::fs::read_to_string(self.stamp_path(path)).ok()?;
        let (recorded, key) = stamp.trim_end().rsplit_once(' ')?;
        let now = Stamp::record_of(path)?;
        if recorded != now {
            return None;
        }
        let len = now.split(' ').next()?.parse().ok()?;
        Some((u128::from_str_radix(key, 16).ok()?, len))
    }

    /// Records that the file at `path`, as `metadata` describes it, has `key`.
    /// Best effort: without a stamp the next run hashes the file again.
    pub(super) fn write_stamp(&self, path: &Path, metadata: &std::fs::Metadata, key: u128) {
        // A file changed a moment ago gets its stamp on a later run.
        let Some(now) =
            Stamp::settled(metadata, std::time::SystemTime::now()).and_then(|stamp| stamp.record())
        else {
            return;
        };
        let stamp = self.stamp_path(path);
        if let Some(dir) = stamp.parent() {
            let _ = std::fs::create_dir_all(dir)
                .and_then(|()| write_atomic(&stamp, format!("{now} {key:032x}\n").as_bytes()));
        }
    }

    /// What an earlier run learnt about this source; `None` if unknown or unreadable.
    pub(super) fn read_meta(&self, source: u128) -> Option<Meta> {
        let text = std::fs::read_to_string(self.source_dir(source).join(META_FILE)).ok()?;
        parse_meta(&text)
    }

    pub(super) fn write_meta(&self, source: u128, meta: &Meta) -> Result<(), ImageError> {
        let dir = self.source_dir(source);
        let path = dir.join(META_FILE);
        if self.read_meta(source).as_ref() == Some(meta) {
            return Ok(());
        }
        let text = format!(
            "{} {} {} {}\n",
            meta.format.extension(),
            meta.width,
            meta.height,
            u8::from(meta.alpha)
        );
        std::fs::create_dir_all(&dir)
            .and_then(|()| write_atomic(&path, text.as_bytes()))
            .map_err(|source| ImageError::Cache { path, source })
    }

    /// Where the planned variant of `source` lives in the cache and in the output.
    pub(super) fn locate(
        &self,
        source: u128,
        planned: &Planned,
        request: &ImageRequest,
        settings: &ImageSettings,
    ) -> (PathBuf, String) {
        let key = variant_key(source, planned, settings);
        let cache_path = self
            .source_dir(source)
            .join(format!("{key:032x}.{}", planned.format.extension()));
        let size = match planned.crop {
            true => format!("{}x{}", planned.width, planned.height),
            false => format!("{}w", planned.width),
        };
        let site_path = variant_site_path(&request.site_path, &size, key, planned.format);
        (cache_path, site_path)
    }

    /// The variant if it is already in the cache.
    pub(super) fn lookup(
        &self,
        source: u128,
        planned: &Planned,
        request: &ImageRequest,
        settings: &ImageSettings,
    ) -> Option<Variant> {
        let (cache_path, site_path) = self.locate(source, planned, request, settings);
        let bytes = std::fs::metadata(&cache_path).ok()?.len();
        Some(Variant {
            format: planned.format,
            width: planned.width,
            height: planned.height,
            bytes,
            site_path,
            cache_path,
        })
    }

    /// Every planned variant, or `None` if any is missing.
    pub(super) fn lookup_all(
        &self,
        source: u128,
        plan: &[Planned],
        request: &ImageRequest,
        settings: &ImageSettings,
    ) -> Option<Vec<Variant>> {
        plan.iter()
            .map(|planned| self.lookup(source, planned, request, settings))
            .collect()
    }

    /// Stores freshly encoded bytes for the planned variant.
    pub(super) fn store(
        &self,
        source: u128,
        planned: &Planned,
        request: &ImageRequest,
        settings: &ImageSettings,
        encoded: &[u8],
    ) -> Result<Variant, ImageError> {
        let (cache_path, site_path) = self.locate(source, planned, request, settings);
        let write = |path: &Path| {
            std::fs::create_dir_all(self.source_dir(source))?;
            write_atomic(path, encoded)
        };
        write(&cache_path).map_err(|source| ImageError::Cache {
            path: cache_path.clone(),
            source,
        })?;
        Ok(Variant {
            format: planned.format,
            width: planned.width,
            height: planned.height,
            bytes: encoded.len() as u64,
            site_path,
            cache_path,
        })
    }

    /// Where a generated file (a social card) with this key lives.
    pub(crate) fn generated_path(&self, key: u128, format: Format) -> PathBuf {
        self.root
            .join(GENERATED_DIR)
            .join(format!("{key:032x}.{}", format.extension()))
    }

    /// Stores a generated file at [`Cache::generated_path`].
    pub(crate) fn store_generated(
        &self,
        key: u128,
        format: Format,
        bytes: &[u8],
    ) -> std::io::Result<PathBuf> {
        let path = self.generated_path(key, format);
        std::fs::create_dir_all(self.root.join(GENERATED_DIR))?;
        write_atomic(&path, bytes)?;
        Ok(path)
    }

    /// Deletes every file that `used` (the cache paths of the latest
    /// successful run: [`super::ProcessedImage::cache_paths`], social cards) does
    /// not name, and any temporary file an interrupted run left. Call it only
    /// after a build that succeeded, with all of its files.
    pub fn prune<'a>(
        &self,
        used: impl IntoIterator<Item = &'a Path>,
    ) -> std::io::Result<PruneStats> {
        let keep: HashSet<PathBuf> = used.into_iter().map(Path::to_path_buf).collect();
        let mut stats = PruneStats::default();
        for entry in std::fs::read_dir(&self.root)? {
            let entry = entry?;
            if entry.file_name() == STAMPS_DIR {
                continue;
            }
            if entry.file_type()?.is_dir() {
                prune_source(&entry.path(), &keep, &mut stats)?;
            } else if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
                remove(&entry.path(), &mut stats)?;
            }
        }
        self.prune_stamps(&mut stats)?;
        Ok(stats)
    }

    /// Stamps whose source has no entry left (or that cannot be read) go too.
    fn prune_stamps(&self, stats: &mut PruneStats) -> std::io::Result<()> {
        let dir = self.root.join(STAMPS_DIR);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            let live = std::fs::read_to_string(&path)
                .ok()
                .and_then(|text| {
                    let key = text.trim_end().rsplit_once(' ')?.1.to_string();
                    u128::from_str_radix(&key, 16).ok()
                })
                .is_some_and(|key| self.source_dir(key).is_dir());
            if !live {
                remove(&path, stats)?;
            }
        }
        Ok(())
    }
}

/// Prunes one source's folder; its `meta` stays while any variant does.
fn prune_source(
    dir: &Path,
    keep: &HashSet<PathBuf>,
    stats: &mut PruneStats,
) -> std::io::Result<()> {
    let mut kept = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_meta = path.file_name().is_some_and(|n| n == META_FILE);
        if keep.contains(&path) {
            kept += 1;
        } else if !is_meta {
            remove(&path, stats)?;
        }
    }
    if kept == 0 {
        let meta = dir.join(META_FILE);
        if meta.exists() {
            remove(&meta, stats)?;
        }
        std::fs::remove_dir(dir)?;
    }
    Ok(())
}

fn remove(path: &Path, stats: &mut PruneStats) -> std::io::Result<()> {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    match std::fs::remove_file(path) {
        Ok(()) => {
            stats.files += 1;
            stats.bytes += bytes;
            Ok(())
        }
        // Gone already (another process pruned too): nothing to do.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn parse_meta(text: &str) -> Option<Meta> {
    let mut fields = text.split_whitespace();
    let format = match fields.next()? {
        "jpg" => SourceFormat::Jpeg,
        "png" => SourceFormat::Png,
        "webp" => SourceFormat::WebP,
        _ => return None,
    };
    let width = fields.next()?.parse().ok().filter(|w| *w > 0)?;
    let height = fields.next()?.parse().ok().filter(|h| *h > 0)?;
    let alpha = match fields.next()? {
        "0" => false,
        "1" => true,
        _ => return None,
    };
    Some(Meta {
        format,
        width,
        height,
        alpha,
    })
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`: readers see the old file or the whole new one, never a part.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let temp = dir.join(format!(
        "{TEMP_PREFIX}{}-{}",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_sit_beside_the_original() {
        let key = 0x3fa9c2d1e0_u128 << 88;
        assert_eq!(
            variant_site_path("posts/my-post/cover.jpg", "800w", key, Format::WebP),
            "posts/my-post/cover-800w.3fa9c2d1e0.webp"
        );
        assert_eq!(
            variant_site_path("chart.v2.png", "480w", 0, Format::Png),
            "chart.v2-480w.0000000000.png"
        );
        assert_eq!(
            variant_site_path(".hidden", "16w", 0, Format::Jpeg),
            ".hidden-16w.0000000000.jpg"
        );
    }

    #[test]
    fn meta_round_trips_and_rejects_garbage() {
        let meta = Meta {
            format: SourceFormat::Png,
            width: 64,
            height: 40,
            alpha: true,
        };
        assert_eq!(parse_meta("png 64 40 1\n"), Some(meta));
        for bad in [
            "",
            "png 64",
            "gif 1 1 0",
            "png 0 40 1",
            "png 64 40 yes",
            "png x 4 0",
        ] {
            assert_eq!(parse_meta(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn variant_keys_change_only_with_what_the_bytes_depend_on() {
        let settings = ImageSettings::default();
        let webp = Planned {
            width: 800,
            height: 600,
            format: Format::WebP,
            crop: false,
        };
        let avif = Planned {
            format: Format::Avif,
            ..webp
        };
        let crop = Planned {
            format: Format::Jpeg,
            crop: true,
            ..webp
        };
        let jpeg = Planned {
            crop: false,
            ..crop
        };
        assert_ne!(
            variant_key(7, &crop, &settings),
            variant_key(7, &jpeg, &settings),
            "operation"
        );
        let base = variant_key(7, &webp, &settings);
        assert_eq!(base, variant_key(7, &webp, &settings), "stable");
        assert_ne!(base, variant_key(8, &webp, &settings), "source");
        assert_ne!(base, variant_key(7, &avif, &settings), "format");
        let sharper = ImageSettings {
            quality: 90,
            ..settings.clone()
        };
        assert_ne!(base, variant_key(7, &webp, &sharper), "quality");
        assert_eq!(
            variant_key(7, &avif, &settings),
            variant_key(7, &avif, &sharper),
            "AVIF has its own quality"
        );
    }

    #[test]
    fn atomic_writes_leave_no_temporary_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("x");
        write_atomic(&path, b"one").expect("write");
        write_atomic(&path, b"two").expect("overwrite");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x")]);
    }
}
