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
                view! { <mark class="invisible-char" title=title.clone() aria-label=title>{mark}</mark> }.into_any()
            }
        })
        .collect_view()
}
