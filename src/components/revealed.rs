//! Text from the agent shown where a person reviews code (diff lines, file paths): characters
//! that hide or reorder what is displayed (bidi controls, zero-width characters, carriage
//! returns) appear as visible marks, each named on hover.

use leptos::prelude::*;
use wham_api::invisible::{reveal, Piece};

#[component]
pub fn Revealed(#[prop(into)] text: String) -> impl IntoView {
    reveal(&text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Plain(plain) => plain.to_string().into_any(),
            Piece::Invisible { character, mark, name } => {
                let title = format!("Hidden character U+{:04X} {name}", character as u32);
                view! {
                    <mark class="invisible-char" title=title.clone() aria-label=title>
                        {mark}
                    </mark>
                }
                .into_any()
            }
        })
        .collect_view()
}

/// A warning after text that holds hidden or direction-changing characters (a title, a
/// branch): the text itself stays as the agent wrote it, isolated by the style sheet, and the
/// warning's tooltip names each hidden character.
#[component]
pub fn HiddenCharacterWarning(#[prop(into)] text: String) -> impl IntoView {
    let names: Vec<String> = reveal(&text)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Invisible { character, name, .. } => Some(format!("U+{:04X} {name}", character as u32)),
            Piece::Plain(_) => None,
        })
        .collect();
    (!names.is_empty()).then(|| {
        let title = format!("Contains hidden or direction-changing characters: {}", names.join(", "));
        view! {
            <span class="hidden-char-warning" title=title.clone() aria-label=title>
                "⚠"
            </span>
        }
    })
}
