//! The `rapport` command line: parse arguments, call the library, print the
//! outcome, set the exit status. The only place that prints.

mod cli;
mod progress_bar;

// Building allocates many small, short-lived values from several threads at
// once (Markdown events, template values, words); mimalloc is much faster at
// that than the system allocator (see docs/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `println!` that ignores a closed pipe (`rapport build | head`) instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that ignores a closed stderr.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

use clap::Parser;
use cli::{Cli, Command, Format, NewKind};
use rapport::diagnostic::{Severity, render_human};
use rapport::{BuildOptions, BuildReport};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::Social(args) => social(args),
        Command::Init { dir } => {
            report_fatal(rapport::scaffold::init(&dir, &today()).map(|files| {
                out!(
                    "Created a new site in {} ({} files).",
                    dir.display(),
                    files.len()
                );
                out!("Build it with:  rapport build {}", dir.display());
            }))
        }
        Command::New { what } => match what {
            NewKind::Post { title, site } => report_fatal(
                rapport::scaffold::new_post(&site, &title, &today()).map(|path| {
                    out!("Created {}", path.display());
                }),
            ),
        },
    }
}

fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

fn report_fatal(result: rapport::error::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            err!("{}error{}: {e}", red(), reset());
            ExitCode::FAILURE
        }
    }
}

/// How to report a build or check.
struct Reporting {
    format: Format,
    deny_warnings: bool,
    quiet: bool,
    /// `rapport check`: nothing was written.
    checking: bool,
}

impl Reporting {
    /// The image progress bar, where it can be seen.
    fn progress_bar(&self) -> Option<rapport::ProgressHook> {
        let bar = progress_bar::WorkBar::for_terminal(self.quiet, self.format == Format::Json)?;
        Some(rapport::ProgressHook(std::sync::Arc::new(bar)))
    }

    fn new(run: &cli::RunArgs, checking: bool) -> Reporting {
        Reporting {
            format: run.format,
            deny_warnings: run.deny_warnings,
            quiet: run.quiet,
            checking,
        }
    }
}

fn build(args: cli::BuildArgs) -> ExitCode {
    let reporting = Reporting::new(&args.run, false);
    let options = BuildOptions {
        site: args.run.site.unwrap_or_else(|| PathBuf::from(".")),
        output: args.output,
        base_url: args.base_url,
        drafts: args.run.drafts,
        today: Some(rapport::today()),
        progress: reporting.progress_bar(),
    };
    finish(rapport::build(&options), &options, &reporting)
}

fn check(args: cli::CheckArgs) -> ExitCode {
    let reporting = Reporting::new(&args.run, true);
    let options = BuildOptions {
        site: args.run.site.unwrap_or_else(|| PathBuf::from(".")),
        output: None,
        base_url: None,
        drafts: args.run.drafts,
        today: Some(rapport::today()),
        progress: reporting.progress_bar(),
    };
    finish(rapport::check(&options), &options, &reporting)
}

fn social(args: cli::SocialArgs) -> ExitCode {
    use rapport::social::count::Platform;
    let platform = match args
        .platform
        .as_deref()
        .map(|name| Platform::from_name(name).ok_or(name))
    {
        Some(Err(name)) => {
            err!(
                "{}error{}: unknown platform `{name}`; use x, bluesky, mastodon, linkedin or threads",
                red(),
                reset()
            );
            return ExitCode::from(2);
        }
        Some(Ok(platform)) => Some(platform),
        None => None,
    };
    let options = BuildOptions {
        site: args.site.unwrap_or_else(|| PathBuf::from(".")),
        output: None,
        base_url: None,
        drafts: false,
        today: Some(rapport::today()),
        progress: None,
    };
    let report = match rapport::dry_run(&options) {
        Ok(report) if report.ok => report,
        Ok(report) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for d in report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
            {
                err!("{}", render_human(d, color));
            }
            return ExitCode::FAILURE;
        }
        Err(e) => return report_fatal(Err(e)),
    };
    let mut posts: Vec<rapport::social::PostSnippets> = report
        .social
        .into_iter()
        .filter(|p| args.post.as_deref().is_none_or(|slug| p.slug == slug))
        .collect();
    if let Some(slug) = &args.post
        && posts.is_empty()
    {
        err!("{}error{}: no post with the slug `{slug}`", red(), reset());
        return ExitCode::FAILURE;
    }
    for post in &mut posts {
        post.snippets
            .retain(|s| platform.is_none_or(|p| s.platform == p));
    }
    match args.format {
        Format::Json => out!(
            "{}",
            serde_json::to_string_pretty(&posts).unwrap_or_default()
        ),
        Format::Human => {
            for post in &posts {
                out!(
                    "{} ({})\n  {}",
                    post.title,
                    serde_json::to_value(post.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    post.url
                );
                for snippet in &post.snippets {
                    let cut = if snippet.trimmed { ", cut to fit" } else { "" };
                    out!(
                        "\n  {} ({}/{}{cut}):",
                        snippet.platform.label(),
                        snippet.length,
                        snippet.limit
                    );
                    for line in snippet.text.lines() {
                        out!("    {line}");
                    }
                }
                out!("");
            }
        }
    }
    ExitCode::SUCCESS
}

fn serve(args: cli::ServeArgs) -> ExitCode {
    use rapport::serve::{ServeEvent, ServeOptions};
    let options = ServeOptions {
        site: args.site.unwrap_or_else(|| PathBuf::from(".")),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
    };
    let open = args.open;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let result = rapport::serve::serve(&options, move |event| match event {
        ServeEvent::Listening { url, moved_from } => {
            if let Some(port) = moved_from {
                out!("Port {port} is in use; using the next free one.");
            }
            out!("Serving at {url} (Ctrl-C to stop); watching for changes");
            out!("Numbers report and social kit at {url}_rapport/");
            if open {
                let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
            }
        }
        ServeEvent::Built {
            pages,
            ms,
            incremental,
            diagnostics,
            unchanged,
        } => {
            for d in &diagnostics {
                err!("{}", render_human(d, color));
            }
            let how = if incremental { "Rebuilt" } else { "Built" };
            if unchanged > 0 {
                out!(
                    "{how} {pages} pages in {ms:.0} ms ({unchanged} findings as before, not repeated)"
                );
            } else {
                out!("{how} {pages} pages in {ms:.0} ms");
            }
        }
        ServeEvent::Failed { diagnostics } => {
            for d in &diagnostics {
                err!("{}", render_human(d, color));
            }
            err!(
                "{}error{}: the build failed; still serving the last good version",
                red(),
                reset()
            );
        }
    });
    report_fatal(result)
}

/// Prints the outcome and gives the exit status: 1 on errors (or on warnings
/// with --deny-warnings), else 0.
fn finish(
    result: rapport::error::Result<BuildReport>,
    options: &BuildOptions,
    reporting: &Reporting,
) -> ExitCode {
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            if reporting.format == Format::Json {
                let json = serde_json::json!({
                    "ok": false,
                    "stats": {},
                    "diagnostics": [{"code": "fatal", "severity": "error", "message": e.to_string(), "file": null, "line": null, "help": null}],
                });
                out!("{json}");
            } else {
                err!("{}error{}: {e}", red(), reset());
            }
            return ExitCode::FAILURE;
        }
    };
    let failed = !report.ok || (reporting.deny_warnings && report.warnings() > 0);
    match reporting.format {
        Format::Json => {
            let mut value = serde_json::to_value(&report).unwrap_or_default();
            if let Some(obj) = value.as_object_mut() {
                obj.insert("ok".into(), serde_json::Value::Bool(!failed));
            }
            out!("{value}");
        }
        Format::Human => print_human(&report, options, reporting),
    }
    // The process ends here: freeing the report's many small allocations
    // (every post's snippets and analyses) took tens of milliseconds at
    // 10,000 posts, and the system takes the memory back at once.
    std::mem::forget(report);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_human(report: &BuildReport, options: &BuildOptions, reporting: &Reporting) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in &report.diagnostics {
        if reporting.quiet && d.severity == Severity::Warning && !reporting.deny_warnings {
            continue;
        }
        err!("{}", render_human(d, color));
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    if !report.ok {
        let what = if reporting.checking { "check" } else { "build" };
        let tail = if reporting.checking {
            ""
        } else {
            "; the output folder was not changed"
        };
        err!(
            "{}error{}: {what} failed with {errors} error(s) and {warnings} warning(s){tail}",
            red(),
            reset()
        );
        return;
    }
    if reporting.quiet {
        return;
    }
    let s = &report.stats;
    if reporting.checking {
        out!(
            "Checked {} pages ({} posts), {} list pages, {} feeds in {:.0} ms; nothing written",
            s.pages,
            s.posts,
            s.list_pages,
            s.feeds,
            s.total_ms
        );
    } else {
        let output = report
            .output
            .strip_prefix(&options.site)
            .map(|p| options.site.join(p))
            .unwrap_or_else(|_| report.output.clone());
        out!(
            "Built {} pages ({} posts), {} list pages, {} feeds, {} files copied -> {} ({}) in {:.0} ms",
            s.pages,
            s.posts,
            s.list_pages,
            s.feeds,
            s.copied_files,
            output.display(),
            human_bytes(s.bytes_written),
            s.total_ms
        );
    }
    if s.posts > 0 {
        out!(
            "  content mix: {} helpful, {} promotional ({:.0}% promotional)",
            s.helpful_posts,
            s.promotional_posts,
            100.0 * s.promotional_posts as f64 / s.posts as f64
        );
    }
    if s.images.images > 0 {
        let i = &s.images;
        out!(
            "  images: {} ({} variants encoded, {} from cache), {} -> {} of variants",
            i.images,
            i.encoded,
            i.cached,
            rapport::guidelines::kb(i.source_bytes),
            rapport::guidelines::kb(i.output_bytes)
        );
    }
    if s.cards.cards > 0 {
        let c = &s.cards;
        out!(
            "  link cards: {} ({} rendered, {} from cache), {}",
            c.cards,
            c.rendered,
            c.cards - c.rendered,
            rapport::guidelines::kb(c.bytes)
        );
    }
    if let Some(heaviest) = &s.heaviest_page {
        out!(
            "  heaviest page: /{} ({} on a first visit{})",
            heaviest.page.trim_end_matches("index.html"),
            rapport::guidelines::kb(heaviest.bytes),
            if heaviest.compressed {
                ", text compressed"
            } else {
                ""
            }
        );
    }
    let stages: Vec<String> = [
        "config", "discover", "content", "markdown", "images", "cards", "render", "copy", "check",
        "report", "write",
    ]
    .iter()
    .filter_map(|stage| {
        s.timings_ms
            .get(stage)
            .map(|ms| format!("{stage} {ms:.0} ms"))
    })
    .collect();
    out!("  stages: {}", stages.join(", "));
    if !reporting.checking && report.numbers.is_some() {
        out!(
            "  report: {}",
            options.site.join(rapport::report::HTML_FILE).display()
        );
    }
    if warnings > 0 {
        let mut by_rule: std::collections::BTreeMap<&str, usize> =
            std::collections::BTreeMap::new();
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
        {
            *by_rule.entry(d.code).or_default() += 1;
        }
        let rules: Vec<String> = by_rule
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect();
        out!("  {warnings} warning(s): {}", rules.join(", "));
    }
}

fn human_bytes(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

fn red() -> &'static str {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        "\x1b[1;31m"
    } else {
        ""
    }
}

fn reset() -> &'static str {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        "\x1b[0m"
    } else {
        ""
    }
}
