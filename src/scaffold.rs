//! Scaffolding: `rapport init` writes a new site that builds at once, and
//! `rapport new post` writes a dated post with front matter ready to fill.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

const CONFIG: &str = r#"title = "{title}"
description = "Practical ideas for our readers, and the questions they ask us."
base_url = "https://example.com/"
language = "en"
author = "{title} team"
paginate_by = 10
taxonomies = ["tags", "categories"]

[feed]
limit = 20

# Names of your brand and products, so rapport can spot posts that talk
# about you instead of your readers.
# [brand]
# names = ["Acme", "Acme Pulse"]
"#;

const GITIGNORE: &str = "public/\n.rapport/\n";

const SECTION: &str = "---\ntitle: \"Articles\"\ndescription: \"Guides, ideas and answers to the questions our readers ask.\"\n---\n";

const ABOUT: &str = r#"---
title: "About"
---

Tell readers who writes here, what they will get out of it, and how to reach you.
"#;

/// Writes a new site into `dir` (which must not exist or be empty).
pub fn init(dir: &Path, today: &str) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Error::read(dir, e))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::AlreadyExists {
                path: dir.to_path_buf(),
                hint: "`rapport init` only writes into a new or empty folder".into(),
            });
        }
    }
    let title = dir
        .file_name()
        .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        .filter(|t| !t.trim().is_empty())
        .map(|t| crate::content::title_case(&t))
        .unwrap_or_else(|| "My Blog".into());
    let files = [
        (
            "rapport.toml",
            CONFIG.replace("{title}", &title.replace('"', "'")),
        ),
        (".gitignore", GITIGNORE.to_string()),
        ("content/posts/_index.md", SECTION.to_string()),
        ("content/about.md", ABOUT.to_string()),
        (
            "content/posts/how-to-start-a-conversation-with-your-readers.md",
            post_text(
                "How to Start a Conversation with Your Readers",
                today,
                SAMPLE_BODY,
            ),
        ),
        ("static/.gitkeep", String::new()),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

const SAMPLE_BODY: &str = "Most readers never reply to a post that only talks about the company behind it.\nThey reply when a post helps them and then asks about their own experience.\n\n<!-- more -->\n\n## Start with their question\n\nWrite down the questions your customers ask in support tickets, sales calls and comments.\nEach one is a post.\n\n## End with yours\n\nClose every post with an open question, one that starts with *how*, *what* or *why*,\nabout the reader's own work. rapport turns it into social snippets that invite replies.\n";

/// Writes `SITE/content/posts/<slug>.md` for `title`, dated `today`.
pub fn new_post(site: &Path, title: &str, today: &str) -> Result<PathBuf> {
    if !site.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Error::NoSite {
            path: site.to_path_buf(),
        });
    }
    let slug = crate::content::slugify(title);
    let slug = if slug.is_empty() {
        "untitled".to_string()
    } else {
        slug
    };
    let path = site.join("content/posts").join(format!("{slug}.md"));
    let body = "Write the post here. Help the reader first; mention your product only where it truly helps.\n";
    write_new(&path, &post_text(title, today, body))?;
    Ok(path)
}

fn post_text(title: &str, today: &str, body: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "---\ntitle: \"{title}\"\ndate: {today}\ndescription: \"\"\ntags: []\ncategories: []\n# helpful: it helps readers live, work or play better; promotional: it is about your product.\nkind: helpful\n# Open questions about the reader's own experience, used for social snippets.\nprompts:\n  - \"\"\ndraft: false\n---\n\n{body}"
    )
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        return Err(Error::AlreadyExists {
            path: path.to_path_buf(),
            hint: "choose another title, or edit the existing file".into(),
        });
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::write(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_refuses_a_non_empty_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("x"), "x").expect("write");
        assert!(matches!(
            init(dir.path(), "2025-01-01"),
            Err(Error::AlreadyExists { .. })
        ));
    }

    #[test]
    fn new_post_escapes_quotes_in_the_title() {
        let text = post_text("Say \"hi\"", "2025-01-01", "");
        assert!(text.contains("title: \"Say \\\"hi\\\"\""));
    }
}
