//! Secret values of environments never leave the server once saved: every copy of an
//! environment the API returns (the environment endpoints, and the copy inside each turn) shows
//! [`MASKED_SECRET`] instead. Turns keep only the masked copy from the start.

use crate::state::Store;
use serde_json::Value;
use wham_api::models::Environment;

/// The marker sent in place of a saved secret's value.
pub const MASKED_SECRET: &str = "********";

/// The environment as the API may show it.
pub fn masked(environment: &Environment) -> Environment {
    let mut shown = environment.clone();
    mask(&mut shown);
    shown
}

fn mask(environment: &mut Environment) {
    for value in environment.secrets.values_mut() {
        *value = Value::String(MASKED_SECRET.into());
    }
}

/// Masks the environment copies inside every turn (a state file written by an older server
/// may hold them unmasked).
pub fn mask_turn_copies(store: &mut Store) {
    for record in store.tasks.values_mut() {
        for node in record.turns.values_mut() {
            if let Some(environment) = node.turn.environment.as_mut() {
                mask(environment);
            }
        }
    }
}
