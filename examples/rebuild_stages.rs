//! Times incremental preview rebuilds stage by stage: builds SITE in memory
//! with a fresh memo, then N times appends a line to one post and rebuilds
//! from the previous memo, printing each rebuild's stage timings and how many
//! pages and Markdown files it rendered. Restores the post at the end.
//!
//! ```text
//! cargo run --release --example rebuild_stages -- SITE [--edits N] [--post INDEX]
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use rapport::incremental::Memo;
use rapport::{BuildOptions, BuildReport};
use std::path::PathBuf;
use std::time::Instant;

// As the `rapport` binary does: allocation is a large share of a build.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(
        args.next()
            .expect("usage: rebuild_stages SITE [--edits N] [--post I]"),
    );
    let (mut edits, mut index) = (5usize, 3usize);
    while let Some(flag) = args.next() {
        let value: usize = args.next().and_then(|v| v.parse().ok()).expect("a number");
        match flag.as_str() {
            "--edits" => edits = value,
            "--post" => index = value,
            _ => panic!("unknown flag {flag}"),
        }
    }
    let options = BuildOptions {
        site: site.clone(),
        output: None,
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts: false,
        today: None,
        progress: None,
    };
    let posts = site.join("content/posts");
    let mut names: Vec<_> = std::fs::read_dir(&posts)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    let post = posts.join(&names[index]);
    let original = std::fs::read_to_string(&post).unwrap();

    let started = Instant::now();
    let first = rapport::rebuild_in_memory(&options, &Memo::default()).unwrap();
    println!(
        "first build (fills the memo): {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    print_stages(&first.report);
    let mut memo = first.memo.expect("the first build succeeds");
    for i in 0..edits {
        std::fs::write(&post, format!("{original}\n\nEdit number {i}.\n")).unwrap();
        let started = Instant::now();
        let rebuilt = rapport::rebuild_in_memory(&options, &memo).unwrap();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "rebuild {i}: {ms:.0} ms; rendered {} pages, {} Markdown files",
            rebuilt.report.stats.pages_rendered, rebuilt.report.stats.markdown_rendered
        );
        print_stages(&rebuilt.report);
        memo = rebuilt.memo.expect("the rebuild succeeds");
    }
    std::fs::write(&post, original).unwrap();
}

fn print_stages(report: &BuildReport) {
    let stages: Vec<String> = report
        .stats
        .timings_ms
        .iter()
        .map(|(stage, ms)| format!("{stage} {ms:.0}"))
        .collect();
    println!("  stages (ms): {}", stages.join(", "));
}
