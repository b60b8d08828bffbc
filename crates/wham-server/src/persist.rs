//! `--state FILE`: the whole state is written after every change, atomically and durably: to a
//! temporary file of a unique name, readable by its owner only (it holds environment secrets),
//! flushed to disk, renamed over the old one, and the folder flushed so the rename survives a
//! power cut. A failed save is reported to the requests waiting for it (a 500 with the reason).

use crate::state::Store;
use crate::AppState;
use std::path::{Path, PathBuf};

/// Loads a saved state, if the file exists.
pub fn load(path: &Path) -> Result<Option<Store>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(|mut store: Store| {
                crate::secrets::mask_turn_copies(&mut store);
                Some(store)
            })
            .map_err(|error| format!("{}: not a wham-server state file: {error}", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!("{}: {error}", path.display())),
    }
}

/// What has been saved: the last version written, and the last failure (version, reason).
#[derive(Debug, Clone, Default)]
pub struct Saved {
    pub written: u64,
    pub failure: Option<(u64, String)>,
}

impl Saved {
    /// Whether the fate of `version` is known: written, or a save at or after it failed.
    pub fn settles(&self, version: u64) -> bool {
        self.written >= version || self.failure.as_ref().is_some_and(|(failed, _)| *failed >= version)
    }
}

/// Writes the state atomically and durably.
pub fn save(path: &Path, store: &Store) -> Result<(), String> {
    use std::io::Write;
    let text = serde_json::to_vec(store).map_err(|error| error.to_string())?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".wham-state-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut temporary = builder
        .tempfile_in(&folder)
        .map_err(|error| format!("{}: cannot create a temporary file: {error}", folder.display()))?;
    temporary.write_all(&text).map_err(|error| format!("{}: {error}", temporary.path().display()))?;
    temporary.as_file().sync_all().map_err(|error| format!("{}: {error}", temporary.path().display()))?;
    temporary.persist(path).map_err(|error| format!("{}: {}", path.display(), error.error))?;
    sync_folder(&folder).map_err(|error| format!("{}: {error}", folder.display()))
}

/// Flushes a folder's entries (the rename) to disk; only Unix can open a folder for that.
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(folder)?.sync_all()?;
    let _ = folder;
    Ok(())
}

/// Saves after every change until the server stops. Changes that arrive while a write is under
/// way are coalesced into the next write.
pub fn spawn_persister(state: AppState, path: PathBuf) {
    let mut changes = state.version.subscribe();
    tokio::spawn(async move {
        loop {
            let version = *changes.borrow_and_update();
            if version > state.persisted.borrow().written {
                let snapshot = state.read().clone();
                let path = path.clone();
                let outcome = match tokio::task::spawn_blocking(move || save(&path, &snapshot)).await {
                    Ok(outcome) => outcome,
                    Err(error) => Err(error.to_string()),
                };
                match outcome {
                    Ok(()) => state.persisted.send_modify(|saved| saved.written = version),
                    Err(error) => {
                        tracing::error!("saving state failed: {error}");
                        // Requests waiting for this version answer 500 with the reason.
                        state.persisted.send_modify(|saved| saved.failure = Some((version, error)));
                    }
                }
            }
            if changes.changed().await.is_err() {
                return;
            }
        }
    });
}
