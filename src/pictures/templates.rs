//! The templates' image functions: `picture(src=..., alt=...)` writes the
//! same `<picture>` the Markdown gets, and `image(src=...)` gives a
//! template the variants' URLs and sizes for markup of its own.
//!
//! Images the pages already use come from the images stage; any other
//! (a hero in `base.html`, a logo) is processed the first time a template
//! asks for it, through the same cache, once however many pages ask at
//! once. Their variants are copied with the others after rendering.

use crate::images::{self, Cache, ImageRequest, ImageSettings, ImageStats, ProcessedImage};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

type Outcome = Result<(ProcessedImage, ImageStats), String>;

pub struct TemplateImages {
    base_path: String,
    settings: ImageSettings,
    cache_dir: PathBuf,
    /// What the images stage processed, by site path.
    known: Arc<FxHashMap<String, ProcessedImage>>,
    /// Files of the site (static and bundle files) by site path.
    files: FxHashMap<String, PathBuf>,
    /// Processed here, by site path; each made once.
    extra: Mutex<BTreeMap<String, Arc<OnceLock<Outcome>>>>,
}

impl TemplateImages {
    pub fn new(
        site: &crate::content::Site,
        pictures: &super::Pictures,
        cache_dir: PathBuf,
    ) -> Self {
        TemplateImages {
            base_path: site.config.base_path.clone(),
            settings: site.config.image_settings.clone(),
            cache_dir,
            known: Arc::clone(&pictures.by_site_path),
            files: site
                .copies
                .iter()
                .map(|(from, to)| (to.trim_start_matches('/').to_string(), from.clone()))
                .collect(),
            extra: Mutex::new(BTreeMap::new()),
        }
    }

    /// The site path `src` names, relative to `page_url` if it is relative.
    pub fn site_path(&self, src: &str, page_url: Option<&str>) -> Result<String, String> {
        if !src.starts_with('/') && page_url.is_none() {
            return Err(format!(
                "`{src}` is relative, and this template renders no page to resolve it against: start it with `/` (`/images/x.jpg` for static/images/x.jpg)"
            ));
        }
        super::site_path_in(&self.base_path, page_url.unwrap_or("/"), src).ok_or_else(|| {
            format!("`{src}` is not an image of this site: use a path such as /images/x.jpg (static/images/x.jpg) or a file of the page's bundle")
        })
    }

    /// The processed image at `site_path`, processing it on first use.
    pub fn get(&self, site_path: &str) -> Result<ProcessedImage, String> {
        if let Some(image) = self.known.get(site_path) {
            return Ok(image.clone());
        }
        let Some(source) = self.files.get(site_path) else {
            return Err(format!(
                "no file gives /{site_path}: put it in static/ (static/{site_path}) or in a page bundle"
            ));
        };
        let slot = match self.extra.lock() {
            Ok(mut extra) => Arc::clone(extra.entry(site_path.to_string()).or_default()),
            Err(_) => return Err("image processing failed on another thread".to_string()),
        };
        let outcome = slot.get_or_init(|| {
            let cache = Cache::open(&self.cache_dir).map_err(|e| {
                format!(
                    "cannot open the image cache {}: {e}",
                    self.cache_dir.display()
                )
            })?;
            let request = ImageRequest {
                source: source.clone(),
                site_path: site_path.to_string(),
                social: false,
            };
            let (mut results, stats) =
                images::process_all(std::slice::from_ref(&request), &self.settings, &cache, None);
            match results.pop() {
                Some(Ok(image)) => Ok((image, stats)),
                Some(Err(e)) => Err(e.to_string()),
                None => Err("the image was not processed".to_string()),
            }
        });
        outcome
            .as_ref()
            .map(|(image, _)| image.clone())
            .map_err(Clone::clone)
    }

    /// `<picture>` (or `<img>` for SVG and GIF) for the image at `src`.
    pub fn picture(
        &self,
        src: &str,
        page_url: Option<&str>,
        alt: &str,
        eager: bool,
    ) -> Result<String, String> {
        let site_path = self.site_path(src, page_url)?;
        if !self.settings.enabled {
            return Ok(format!(
                "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
                crate::html_scan::escape(&format!("{}{site_path}", self.base_path)),
                crate::html_scan::escape(alt)
            ));
        }
        let image = self.get(&site_path)?;
        let url = format!("{}{site_path}", self.base_path);
        Ok(super::picture_html(
            &self.base_path,
            &super::PictureHtml {
                image: &image,
                src: &url,
                alt,
                title: None,
                eager,
            },
        ))
    }

    /// What `image()` gives a template.
    pub fn info(&self, src: &str, page_url: Option<&str>) -> Result<ImageInfo, String> {
        let site_path = self.site_path(src, page_url)?;
        let original = format!("{}{site_path}", self.base_path);
        if !self.settings.enabled {
            return Ok(ImageInfo {
                url: original.clone(),
                original,
                ..ImageInfo::default()
            });
        }
        let image = self.get(&site_path)?;
        let url = |path: &str| format!("{}{path}", self.base_path);
        let (width, height) = image.dimensions.unwrap_or((0, 0));
        let Some(fallback) = image.fallback() else {
            return Ok(ImageInfo {
                url: original.clone(),
                original,
                width,
                height,
                ..ImageInfo::default()
            });
        };
        let shown = super::middle(&image, fallback.format);
        Ok(ImageInfo {
            url: url(&shown.site_path),
            width: shown.width,
            height: shown.height,
            srcset: image.srcset(fallback.format, url),
            sources: image
                .formats()
                .into_iter()
                .filter(|f| !f.is_fallback())
                .map(|f| Source {
                    mime_type: f.mime_type().to_string(),
                    srcset: image.srcset(f, url),
                })
                .collect(),
            original,
        })
    }

    /// What was processed here: for copying the variants and the build's numbers.
    pub fn finish(&self) -> (Vec<(String, ProcessedImage)>, ImageStats) {
        let mut stats = ImageStats::default();
        let mut images = Vec::new();
        let extra = match self.extra.lock() {
            Ok(extra) => extra,
            Err(poisoned) => poisoned.into_inner(),
        };
        for (site_path, slot) in extra.iter() {
            if let Some(Ok((image, run))) = slot.get() {
                stats.add(run);
                images.push((site_path.clone(), image.clone()));
            }
        }
        (images, stats)
    }
}

/// An image as `image()` describes it to templates.
#[derive(Debug, Default, serde::Serialize)]
pub struct ImageInfo {
    /// The variant to use as `src` (up to 1200 px wide), or the original.
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// Every width of the fallback format (JPEG or PNG), for `srcset`.
    pub srcset: String,
    /// One per modern format (`image/webp`...), for `<source>`.
    pub sources: Vec<Source>,
    /// The original file's URL.
    pub original: String,
}

#[derive(Debug, Default, serde::Serialize)]
pub struct Source {
    #[serde(rename = "type")]
    pub mime_type: String,
    pub srcset: String,
}
