//! `--state FILE`: the whole state is written after every change, atomically (to a temporary
//! file, then renamed over the old one), so a restart or a crash mid-write loses nothing.

use crate::state::Store;
use crate::AppState;
use std::path::{Path, PathBuf};

/// Loads a saved state, if the file exists.
pub fn load(path: &Path) -> Result<Option<Store>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|error| format!("{}: not a wham-server state file: {error}", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!("{}: {error}", path.display())),
    }
}

/// Writes the state atomically.
pub fn save(path: &Path, store: &Store) -> Result<(), String> {
    let text = serde_json::to_vec(store).map_err(|error| error.to_string())?;
    let temporary: PathBuf = path.with_extension("tmp");
    std::fs::write(&temporary, text).map_err(|error| format!("{}: {error}", temporary.display()))?;
    std::fs::rename(&temporary, path).map_err(|error| format!("{}: {error}", path.display()))
}

/// Saves after every change until the server stops. Changes that arrive while a write is under
/// way are coalesced into the next write.
pub fn spawn_persister(state: AppState, path: PathBuf) {
    let mut changes = state.version.subscribe();
    tokio::spawn(async move {
        loop {
            let version = *changes.borrow_and_update();
            if version > *state.persisted.borrow() {
                let snapshot = state.read().clone();
                let path = path.clone();
                match tokio::task::spawn_blocking(move || save(&path, &snapshot)).await {
                    Ok(Ok(())) => {
                        state.persisted.send_replace(version);
                    }
                    Ok(Err(error)) => tracing::error!("saving state failed: {error}"),
                    Err(error) => tracing::error!("saving state failed: {error}"),
                }
            }
            if changes.changed().await.is_err() {
                return;
            }
        }
    });
}
