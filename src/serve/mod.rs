//! Serve: preview a site locally. Builds into memory (never touching
//! `public/`), serves it over HTTP on loopback, watches the site for changes,
//! rebuilds, and tells open pages to reload. A broken edit keeps the last
//! good build online and shows the error over the page until it is fixed.
//!
//! Rebuilds are incremental: the previous build's memo is kept and an edit
//! to a post redoes that post and the pages that show it (see
//! [`crate::incremental`]); a change to the config, templates or theme
//! builds everything again. Open pages are told which pages changed, and a
//! changed stylesheet alone is swapped in without a reload.
//!
//! `http` answers requests, `watch` turns file events into rebuilds,
//! `changes` decides what a change means, and `Preview` is the state they
//! share: the current files and the open pages.

mod changes;
mod http;
mod tools;
mod watch;

use crate::BuildOptions;
use crate::diagnostic::{Diagnostic, Severity, render_human};
use crate::error::{Error, Result};
use crate::incremental::Memo;
use crate::output::MemoryFiles;
use changes::RebuildKind;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use tools::Tools;

/// What `rapport serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: PathBuf,
    pub bind: String,
    /// 0 asks the system for a free port.
    pub port: u16,
    pub drafts: bool,
}

/// What the preview reports to the command line.
#[derive(Debug)]
pub enum ServeEvent {
    /// Listening at this URL; `moved_from` is the requested port when it was busy.
    Listening {
        url: String,
        moved_from: Option<u16>,
    },
    Built {
        pages: usize,
        ms: f64,
        /// Whether the build reused the previous one's work.
        incremental: bool,
        /// The diagnostics the previous good build did not have (all of them
        /// after the first build): a site with a thousand warnings does not
        /// print them all again on every save.
        diagnostics: Vec<Diagnostic>,
        /// How many diagnostics are as before, left out of `diagnostics`.
        unchanged: usize,
    },
    Failed {
        diagnostics: Vec<Diagnostic>,
    },
}

/// The files being served, or the error of the build that replaced nothing.
struct Snapshot {
    files: Arc<MemoryFiles>,
    /// The numbers report and social kit of the same build, for `/_rapport/`.
    tools: Arc<Tools>,
    /// The latest build failed: shown over every page until a build succeeds.
    error: Option<String>,
}

/// An event for open pages: its SSE type and its data.
type Message = (&'static str, String);

/// State shared by the HTTP threads and the watcher.
pub(crate) struct Preview {
    current: Mutex<Arc<Snapshot>>,
    /// Open pages waiting for "reload", "css" or "failed" events.
    listeners: Mutex<Vec<Sender<Message>>>,
}

impl Preview {
    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn replace(&self, snapshot: Snapshot) {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Arc::new(snapshot);
    }

    fn subscribe(&self, listener: Sender<Message>) {
        self.listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(listener);
    }

    /// Sends an event to every open page, forgetting the closed ones.
    fn broadcast(&self, kind: &'static str, data: &str) {
        self.listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|listener| listener.send((kind, data.to_string())).is_ok());
    }
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(
    options: &ServeOptions,
    report: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> Result<()> {
    if !options.site.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Error::NoSite {
            path: options.site.clone(),
        });
    }
    let (listener, moved_from) = bind(&options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Serve(format!("cannot read the bound address: {e}")))?;
    let url = format!("http://{}/", display_address(address));
    let build_options = BuildOptions {
        site: options.site.clone(),
        output: None,
        base_url: Some(url.clone()),
        drafts: options.drafts,
        today: Some(crate::today()),
        progress: None,
    };
    let preview = Arc::new(Preview {
        current: Mutex::new(Arc::new(Snapshot {
            files: Arc::default(),
            tools: Arc::default(),
            error: None,
        })),
        listeners: Mutex::new(Vec::new()),
    });
    let report = Arc::new(report);
    let mut builder = Builder {
        options: build_options,
        memo: None,
        reported: std::collections::HashSet::new(),
    };
    builder.rebuild(&preview, &*report);
    builder.warm_up();
    // Watch before saying where we listen: an edit made right after that is seen.
    let watcher = watch::start(&options.site, {
        let preview = Arc::clone(&preview);
        let report = Arc::clone(&report);
        move |root: &Path, paths: &[PathBuf]| {
            let full = changes::rebuild_kind(root, paths) == RebuildKind::Full;
            if full {
                builder.memo = None;
            }
            builder.rebuild(&preview, &*report);
            if full {
                builder.warm_up();
            }
        }
    })?;
    report(ServeEvent::Listening { url, moved_from });
    http::run(listener, preview);
    drop(watcher);
    Ok(())
}

/// Builds the preview, keeping each good build's memo for the next one.
struct Builder {
    options: BuildOptions,
    /// `None` builds everything (the first build, or after a config, template or theme change).
    memo: Option<Memo>,
    /// The last good build's diagnostics (as JSON), to report only new ones.
    reported: std::collections::HashSet<String>,
}

impl Builder {
    /// Rebuilds into memory. The new files are swapped in and open pages
    /// told what changed as soon as every file is made and nothing failed,
    /// before the guideline checks and the numbers (which only the
    /// `/_rapport/` pages show); if those then fail the build, the last good
    /// files come back with the error over the page. A build that fails
    /// earlier never replaces them.
    fn rebuild(&mut self, preview: &Preview, report: &dyn Fn(ServeEvent)) {
        let earlier = self.memo.take();
        let incremental = earlier.is_some();
        let before = preview.snapshot();
        let mut shown: Option<changes::Reload> = None;
        let outcome = crate::rebuild_in_memory_publishing(
            &self.options,
            earlier.as_ref().unwrap_or(&Memo::default()),
            |files| {
                let reload = changes::reload(&before.files, files);
                show(preview, files, &before, &reload);
                shown = Some(reload);
            },
        );
        match outcome {
            Ok(rebuilt) if rebuilt.report.ok => {
                self.memo = rebuilt.memo;
                let built = rebuilt.report;
                preview.replace(Snapshot {
                    files: Arc::clone(&rebuilt.files),
                    tools: Arc::new(Tools {
                        report: built.numbers,
                        social: built.social,
                    }),
                    error: None,
                });
                // A good build showed its pages already (nothing failed
                // before its checks): now the tools pages.
                if let Some(reload) = shown.and_then(|shown| shown.tools(TOOL_PAGES)) {
                    let (kind, data) = reload.event();
                    preview.broadcast(kind, &data);
                }
                let (fresh, unchanged) = new_findings(&mut self.reported, built.diagnostics);
                report(ServeEvent::Built {
                    pages: built.stats.pages,
                    ms: built.stats.total_ms,
                    incremental,
                    unchanged,
                    diagnostics: fresh,
                });
                // The previous files and memo go once nothing can use them.
                crate::drop_in_background((before, earlier));
            }
            Ok(rebuilt) => {
                self.memo = earlier;
                restore(preview, &before, shown);
                let built = rebuilt.report;
                let errors: Vec<&Diagnostic> = built
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect();
                let text: String = errors
                    .iter()
                    .map(|d| render_human(d, false))
                    .collect::<Vec<_>>()
                    .join("\n");
                show_error(preview, text);
                report(ServeEvent::Failed {
                    diagnostics: built.diagnostics,
                });
            }
            Err(e) => {
                self.memo = earlier;
                restore(preview, &before, shown);
                let d = Diagnostic::error("serve", e.to_string());
                show_error(preview, render_human(&d, false));
                report(ServeEvent::Failed {
                    diagnostics: vec![d],
                });
            }
        }
    }

    /// Rebuilds once more from a full build's memo, keeping the new memo and
    /// showing nothing. The first rebuild after a full build is slower than
    /// the ones after it (at 10k posts about 500 ms against 380 when
    /// nothing changed, `examples/rebuild_stages.rs`); doing it now, while
    /// the preview starts or just after a template edit, makes the next
    /// save as quick as any. What it finds changed is still shown by the
    /// next rebuild, which compares with the files being served.
    fn warm_up(&mut self) {
        let Some(memo) = &self.memo else {
            return;
        };
        let Ok(rebuilt) = crate::rebuild_in_memory(&self.options, memo) else {
            return;
        };
        if let (true, Some(memo)) = (rebuilt.report.ok, rebuilt.memo) {
            crate::drop_in_background(self.memo.replace(memo));
        }
    }
}

/// After a build that failed once its files were shown: the last good files
/// again, and open pages told to take them back.
fn restore(preview: &Preview, before: &Arc<Snapshot>, shown: Option<changes::Reload>) {
    if let Some(shown) = shown {
        show(preview, &before.files, before, &shown);
    }
}

/// Serves `files` (with the tools pages of `before`) and tells open pages
/// what `reload` says changed.
fn show(preview: &Preview, files: &Arc<MemoryFiles>, before: &Snapshot, reload: &changes::Reload) {
    preview.replace(Snapshot {
        files: Arc::clone(files),
        tools: Arc::clone(&before.tools),
        error: None,
    });
    let (kind, data) = reload.event();
    preview.broadcast(kind, &data);
}

/// The diagnostics not in `reported` (the previous good build's, as JSON),
/// and how many were; `reported` becomes this build's.
fn new_findings(
    reported: &mut std::collections::HashSet<String>,
    diagnostics: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, usize) {
    let before = std::mem::take(reported);
    let (mut fresh, mut unchanged) = (Vec::new(), 0);
    for d in diagnostics {
        let key = serde_json::to_string(&d).unwrap_or_default();
        if before.contains(&key) {
            unchanged += 1;
        } else {
            fresh.push(d);
        }
        reported.insert(key);
    }
    (fresh, unchanged)
}

/// The `/_rapport/` pages, told to reload whenever the site changed.
const TOOL_PAGES: &[&str] = &["/_rapport/", "/_rapport/social/"];

fn show_error(preview: &Preview, text: String) {
    let before = preview.snapshot();
    let message = serde_json::json!({ "error": text }).to_string();
    preview.replace(Snapshot {
        files: Arc::clone(&before.files),
        tools: Arc::clone(&before.tools),
        error: Some(text),
    });
    preview.broadcast("failed", &message);
}

/// Binds `bind:port`; a busy port moves to the next free one (up to 10 tries).
fn bind(bind: &str, port: u16) -> Result<(TcpListener, Option<u16>)> {
    let mut last_error = None;
    for offset in 0..10u16 {
        let Some(try_port) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind((bind, try_port)) {
            Ok(listener) => return Ok((listener, (offset > 0).then_some(port))),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
                last_error = Some(e)
            }
            Err(e) => {
                return Err(Error::Serve(format!(
                    "cannot listen on {bind}:{try_port}: {e}"
                )));
            }
        }
    }
    Err(Error::Serve(format!(
        "ports {port} to {} are all in use ({}); choose another with --port",
        port.saturating_add(9),
        last_error.map(|e| e.to_string()).unwrap_or_default()
    )))
}

fn display_address(address: SocketAddr) -> String {
    match address {
        SocketAddr::V6(v6) => format!("[{}]:{}", v6.ip(), v6.port()),
        SocketAddr::V4(v4) => v4.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_new_findings_are_reported_again() {
        let warning = |text: &str| Diagnostic::warning("missing-visual", text);
        let mut reported = std::collections::HashSet::new();
        let (fresh, unchanged) = new_findings(&mut reported, vec![warning("a"), warning("b")]);
        assert_eq!(
            (fresh.len(), unchanged),
            (2, 0),
            "the first build reports all"
        );
        let (fresh, unchanged) = new_findings(&mut reported, vec![warning("b"), warning("c")]);
        assert_eq!(fresh, vec![warning("c")]);
        assert_eq!(unchanged, 1);
        let (fresh, unchanged) = new_findings(&mut reported, vec![warning("a")]);
        assert_eq!(
            fresh,
            vec![warning("a")],
            "a finding that came back is new again"
        );
        assert_eq!(unchanged, 0);
    }
}
