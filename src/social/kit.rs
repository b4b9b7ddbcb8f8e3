//! The social kit: `SITE/.rapport/social/<slug>.json` per post and an
//! `index.html` with every snippet ready to copy. Written after a successful
//! disk build, never into the published output.

use super::PostSnippets;
use crate::error::{Error, Result};
use std::fmt::Write as _;
use std::path::Path;

/// Replaces the kit under `SITE/.rapport/social/`.
pub fn write(site: &Path, posts: &[PostSnippets]) -> Result<()> {
    let dir = site.join(".rapport/social");
    if dir.is_dir() {
        // Only the kit's own files: posts that were removed lose their JSON.
        for entry in std::fs::read_dir(&dir)
            .map_err(|e| Error::read(&dir, e))?
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") || name == "index.html" {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    for post in posts {
        let path = dir.join(format!("{}.json", post.slug));
        let json = serde_json::to_string_pretty(post).unwrap_or_default();
        std::fs::write(&path, json + "\n").map_err(|e| Error::write(&path, e))?;
    }
    let index = dir.join("index.html");
    std::fs::write(&index, page(posts)).map_err(|e| Error::write(&index, e))
}

/// The kit as one HTML page (also served by `rapport serve` at /_rapport/social/).
pub fn page(posts: &[PostSnippets]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Social kit</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2329}h2{margin-top:2.5rem;font-size:1.2rem}.kind{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:#58616b}.snippet{border:1px solid #e3e1dc;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}.snippet header{display:flex;justify-content:space-between;gap:1rem;font-size:.9rem;color:#58616b}textarea{width:100%;font:inherit;border:0;resize:vertical;background:#f6f5f2;padding:.5rem;border-radius:4px}button{font:inherit;padding:.2rem .8rem}.over{color:#b3261e;font-weight:600}</style></head><body><h1>Social kit</h1><p>Every post's snippets: a discussion prompt, the link (with UTM parameters) and a few hashtags, fitted to each platform. Copy, paste, and reply to the replies.</p>\n",
    );
    for post in posts {
        let _ = write!(
            html,
            "<section><h2><a href=\"{}\">{}</a></h2><p class=\"kind\">{}</p>",
            escape(&post.url),
            escape(&post.title),
            match post.kind {
                crate::frontmatter::ContentKind::Helpful => "helpful",
                crate::frontmatter::ContentKind::Promotional => "promotional",
            }
        );
        for (i, snippet) in post.snippets.iter().enumerate() {
            let id = format!("{}-{i}", post.slug);
            let over = if snippet.length > snippet.limit {
                " class=\"over\""
            } else {
                ""
            };
            let _ = write!(
                html,
                "<div class=\"snippet\"><header><strong>{}</strong><span{over}>{} / {}{}</span><button type=\"button\" data-copy=\"{id}\">Copy</button></header><textarea id=\"{id}\" rows=\"5\" readonly>{}</textarea></div>",
                snippet.platform.label(),
                snippet.length,
                snippet.limit,
                if snippet.trimmed { " (cut to fit)" } else { "" },
                escape(&snippet.text)
            );
        }
        html.push_str("</section>\n");
    }
    html.push_str("<script>document.addEventListener(\"click\",e=>{const id=e.target.dataset&&e.target.dataset.copy;if(!id)return;const t=document.getElementById(id);navigator.clipboard.writeText(t.value).then(()=>{e.target.textContent=\"Copied\";setTimeout(()=>e.target.textContent=\"Copy\",1500)})})</script></body></html>\n");
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
