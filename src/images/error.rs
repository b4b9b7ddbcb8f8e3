//! Why one image could not be processed. Each message names the file, says
//! what is wrong and what to do about it; the build turns these into
//! diagnostics for that image and goes on with the others.

use std::path::PathBuf;

/// Why one image could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("image {} does not exist; fix the path or add the file", path.display())]
    Missing { path: PathBuf },

    #[error("cannot read image {}: {source}; check its permissions", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("image {} is an empty file (0 bytes); export it again or remove the reference", path.display())]
    Empty { path: PathBuf },

    #[error(
        "image {} has an extension rapport does not process (`{extension}`); use .jpg, .png, .webp, .gif or .svg",
        path.display()
    )]
    UnsupportedExtension { path: PathBuf, extension: String },

    #[error(
        "image {} is named .{extension} but is not a {expected} image (nor any image format rapport reads); it may be corrupt or not an image at all: export it again",
        path.display()
    )]
    Unrecognised {
        path: PathBuf,
        extension: String,
        expected: &'static str,
    },

    #[error(
        "image {} is named .{extension} but holds a {actual} image; rename it to .{suggested} (browsers and rapport trust the extension)",
        path.display()
    )]
    WrongExtension {
        path: PathBuf,
        extension: String,
        actual: &'static str,
        suggested: &'static str,
    },

    #[error(
        "image {} is {width}x{height} ({pixels} pixels), more than the limit of {limit}; shrink it before adding it, or raise `max_pixels` under [images] in rapport.toml",
        path.display(),
        pixels = u64::from(*width) * u64::from(*height)
    )]
    TooLarge {
        path: PathBuf,
        width: u32,
        height: u32,
        limit: u64,
    },

    #[error("image {} cannot be decoded ({reason}); it is probably truncated or corrupt: export it again", path.display())]
    Corrupt { path: PathBuf, reason: String },

    #[error("image {} could not be encoded as {format} ({reason}); please report this with the image", path.display())]
    Encode {
        path: PathBuf,
        format: &'static str,
        reason: String,
    },

    #[error("cannot write the image cache at {} ({source}); check the folder's permissions, or delete it to start afresh", path.display())]
    Cache {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ImageError {
    /// The source image (or, for [`ImageError::Cache`], the cache file) the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            ImageError::Missing { path }
            | ImageError::Unreadable { path, .. }
            | ImageError::Empty { path }
            | ImageError::UnsupportedExtension { path, .. }
            | ImageError::Unrecognised { path, .. }
            | ImageError::WrongExtension { path, .. }
            | ImageError::TooLarge { path, .. }
            | ImageError::Corrupt { path, .. }
            | ImageError::Encode { path, .. }
            | ImageError::Cache { path, .. } => path,
        }
    }
}
