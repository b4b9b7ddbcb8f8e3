//! Watch: file-system events under the site folder, debounced, become one
//! rebuild each, told which paths changed. Reads (the build's own) are not
//! changes; output folders, hidden and backup files are ignored.

use crate::error::{Error, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

/// Editors save in bursts (temp file, rename, chmod) that last a few
/// milliseconds: wait this long for quiet. It is part of every reload's
/// latency; a burst that outlasts it costs one more (incremental) rebuild.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// Keeps the watcher alive while held.
pub(super) struct Watching {
    _watcher: RecommendedWatcher,
}

/// Calls `rebuild` (on a thread of its own) after each burst of relevant
/// changes under `site`, with the site's root and the changed paths; no
/// paths when the system dropped events and cannot say which.
pub(super) fn start(
    site: &Path,
    mut rebuild: impl FnMut(&Path, &[PathBuf]) + Send + 'static,
) -> Result<Watching> {
    let root = site.canonicalize().unwrap_or_else(|_| site.to_path_buf());
    let (sender, receiver) = channel::<notify::Event>();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        if let Ok(event) = result {
            let _ = sender.send(event);
        }
    })
    .map_err(|e| Error::Serve(format!("cannot watch the site for changes: {e}")))?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| Error::Serve(format!("cannot watch {}: {e}", root.display())))?;
    std::thread::spawn(move || {
        while let Ok(event) = receiver.recv() {
            if !is_change(&root, &event) && !lost_track(&event) {
                continue;
            }
            let mut burst = Burst::default();
            burst.add(&root, event);
            // Let the burst settle: keep draining until quiet.
            loop {
                match receiver.recv_timeout(DEBOUNCE) {
                    Ok(event) => burst.add(&root, event),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let paths = if burst.lost { Vec::new() } else { burst.paths };
            rebuild(&root, &paths);
        }
    });
    Ok(Watching { _watcher: watcher })
}

/// The changed paths of one burst of events.
#[derive(Default)]
struct Burst {
    paths: Vec<PathBuf>,
    /// The system dropped events: what changed is unknown.
    lost: bool,
}

impl Burst {
    fn add(&mut self, root: &Path, event: notify::Event) {
        self.lost |= lost_track(&event);
        if is_change(root, &event) {
            self.paths.extend(
                event
                    .paths
                    .into_iter()
                    .filter(|path| is_relevant(root, path)),
            );
        }
    }
}

/// The watcher's queue overflowed: changes were missed.
fn lost_track(event: &notify::Event) -> bool {
    event.need_rescan()
}

fn is_change(root: &Path, event: &notify::Event) -> bool {
    !matches!(event.kind, EventKind::Access(_))
        && event.paths.iter().any(|path| is_relevant(root, path))
}

/// A path whose change can alter the site: not in an output or cache folder,
/// not a hidden or backup file.
pub(super) fn is_relevant(root: &Path, path: &Path) -> bool {
    let rel: PathBuf = path
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf());
    let mut components = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let Some(first) = components.next() else {
        return false;
    };
    if first == "public" || first.starts_with('.') {
        return false;
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !(name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_hidden_and_backup_files_do_not_trigger_rebuilds() {
        let root = Path::new("/site");
        assert!(is_relevant(root, Path::new("/site/content/posts/a.md")));
        assert!(is_relevant(root, Path::new("/site/rapport.toml")));
        assert!(is_relevant(root, Path::new("/site/templates/page.html")));
        assert!(!is_relevant(root, Path::new("/site/public/index.html")));
        assert!(!is_relevant(root, Path::new("/site/.rapport/cache/x")));
        assert!(!is_relevant(root, Path::new("/site/.public.staging-1/x")));
        assert!(!is_relevant(
            root,
            Path::new("/site/content/posts/.a.md.swp")
        ));
        assert!(!is_relevant(root, Path::new("/site/content/posts/a.md~")));
    }

    #[test]
    fn reads_are_not_changes() {
        let root = Path::new("/site");
        let read = notify::Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path("/site/content/a.md".into());
        let write = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
            .add_path("/site/content/a.md".into());
        assert!(!is_change(root, &read));
        assert!(is_change(root, &write));
    }
}
