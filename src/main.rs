//! The `rapport` command line: parse arguments, call the library, print the
//! outcome, set the exit status. The only place that prints.

mod cli;

// Building allocates many small, short-lived values from several threads at
// once (minify-html builds a tree per page); mimalloc is much faster at that
// than the system allocator (see docs/BENCHMARKS.md).
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

fn build(args: cli::BuildArgs) -> ExitCode {
    let options = BuildOptions {
        site: args.site.unwrap_or_else(|| PathBuf::from(".")),
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
    };
    let report = match rapport::build(&options) {
        Ok(report) => report,
        Err(e) => {
            if args.format == Format::Json {
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
    let failed = !report.ok || (args.deny_warnings && report.warnings() > 0);
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&report).unwrap_or_default();
            if let Some(obj) = value.as_object_mut() {
                obj.insert("ok".into(), serde_json::Value::Bool(!failed));
            }
            out!("{value}");
        }
        Format::Human => print_human(&report, &options, args.quiet, args.deny_warnings),
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_human(report: &BuildReport, options: &BuildOptions, quiet: bool, deny_warnings: bool) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in &report.diagnostics {
        if quiet && d.severity == Severity::Warning && !deny_warnings {
            continue;
        }
        err!("{}", render_human(d, color));
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    if !report.ok {
        err!(
            "{}error{}: build failed with {errors} error(s) and {warnings} warning(s); the output folder was not changed",
            red(),
            reset()
        );
        return;
    }
    if quiet {
        return;
    }
    let s = &report.stats;
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
    let stages: Vec<String> = s
        .timings_ms
        .iter()
        .map(|(stage, ms)| format!("{stage} {ms:.0} ms"))
        .collect();
    out!("  stages: {}", stages.join(", "));
    if warnings > 0 {
        out!("  {warnings} warning(s)");
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
