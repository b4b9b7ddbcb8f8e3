//! The progress bar of `rapport build` and `check` on a terminal, for
//! images and then link cards.
//!
//! Warm builds take the images from the cache in a few milliseconds, so the
//! bar only appears once image work has lasted a moment: short work never
//! flickers a bar. Not drawn with `--quiet`, `--format json`, or when stderr
//! is not a terminal (indicatif hides itself there too).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Work shorter than this shows no bar.
const SHOW_AFTER: Duration = Duration::from_millis(400);

pub(crate) struct WorkBar {
    what: Mutex<&'static str>,
    total: AtomicU64,
    done: AtomicUsize,
    started: Mutex<Option<Instant>>,
    bar: Mutex<Option<ProgressBar>>,
}

impl WorkBar {
    /// A bar when it can be seen; `None` otherwise.
    pub(crate) fn for_terminal(quiet: bool, json: bool) -> Option<WorkBar> {
        (!quiet && !json && std::io::stderr().is_terminal()).then(|| WorkBar {
            what: Mutex::new("images"),
            total: AtomicU64::new(0),
            done: AtomicUsize::new(0),
            started: Mutex::new(None),
            bar: Mutex::new(None),
        })
    }
}

impl rapport::Progress for WorkBar {
    fn started(&self, what: &'static str, total: usize) {
        if let Ok(mut current) = self.what.lock() {
            *current = what;
        }
        self.total.store(total as u64, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        if let Ok(mut started) = self.started.lock() {
            *started = Some(Instant::now());
        }
    }

    fn done(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let Ok(mut bar) = self.bar.lock() else {
            return;
        };
        if let Some(bar) = bar.as_ref() {
            bar.set_position(done as u64);
            return;
        }
        let waited = self
            .started
            .lock()
            .ok()
            .and_then(|s| *s)
            .is_some_and(|s| s.elapsed() >= SHOW_AFTER);
        if waited {
            let new = ProgressBar::with_draw_target(
                Some(self.total.load(Ordering::Relaxed)),
                ProgressDrawTarget::stderr(),
            );
            if let Ok(style) =
                ProgressStyle::with_template("  {msg:<10} {bar:30} {pos}/{len} ({eta} left)")
            {
                new.set_style(style.progress_chars("=> "));
            }
            if let Ok(what) = self.what.lock() {
                new.set_message(*what);
            }
            new.set_position(done as u64);
            *bar = Some(new);
        }
    }

    fn finished(&self) {
        if let Ok(mut bar) = self.bar.lock()
            && let Some(bar) = bar.take()
        {
            bar.finish_and_clear();
        }
    }
}
