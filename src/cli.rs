//! Commands and flags of the `rapport` binary.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A static-site generator for marketing blogs that start conversations.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into SITE/public (or --output), replacing it only if the build succeeds
    Build(BuildArgs),
    /// Preview the site on a local web server, rebuilding and reloading on every change
    Serve(ServeArgs),
    /// Print each post's social snippets (discussion prompts fitted to each platform)
    Social(SocialArgs),
    /// Run the build and every guideline check without writing the site
    Check(CheckArgs),
    /// Create a new site in DIR that builds at once
    Init {
        /// Folder for the new site (created if missing; must be empty)
        dir: PathBuf,
    },
    /// Create new content
    New {
        #[command(subcommand)]
        what: NewKind,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum NewKind {
    /// Write content/posts/<slug>.md, dated today, with front matter ready to fill
    Post {
        /// The post's title, e.g. "How to plan a content calendar"
        title: String,
        /// The site folder
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) run: RunArgs,
    /// Where to write the site [default: SITE/public]
    #[arg(long, short)]
    pub(crate) output: Option<PathBuf>,
    /// Override base_url from rapport.toml (e.g. for a preview deploy)
    #[arg(long)]
    pub(crate) base_url: Option<String>,
}

/// What `build` and `check` share: which site, and how to report on it.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// The site folder (holding rapport.toml); defaults to the current folder
    pub(crate) site: Option<PathBuf>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub(crate) drafts: bool,
    /// How to print the outcome
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Fail (exit 1) when there is any warning, e.g. in CI
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Print only errors
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The site folder (holding rapport.toml); defaults to the current folder
    pub(crate) site: Option<PathBuf>,
    /// Port to listen on (the next free one if it is taken; 0 picks any)
    #[arg(long, short, default_value_t = 1111)]
    pub(crate) port: u16,
    /// Address to listen on; keep the default loopback unless you know why
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: String,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Open the site in the default browser
    #[arg(long)]
    pub(crate) open: bool,
}

#[derive(Debug, Args)]
pub(crate) struct SocialArgs {
    /// The site folder (holding rapport.toml); defaults to the current folder
    pub(crate) site: Option<PathBuf>,
    /// Only this post (its slug)
    #[arg(long)]
    pub(crate) post: Option<String>,
    /// Only this platform: x, bluesky, mastodon, linkedin, threads
    #[arg(long)]
    pub(crate) platform: Option<String>,
    /// How to print them
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}
