//! Whether the window is phone-narrow, as a signal that follows resizes and rotations.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The breakpoint of the style sheet's phone rules (`@media (max-width: 40rem)`).
const PHONE: &str = "(max-width: 40rem)";

/// True while the window is as narrow as a phone's; its listener goes with the owner.
pub fn phone_width() -> Signal<bool> {
    let Some(query) = web_sys::window().and_then(|window| window.match_media(PHONE).ok().flatten()) else {
        return Signal::stored(false);
    };
    let narrow = RwSignal::new(query.matches());
    let read = query.clone();
    let on_change = Closure::<dyn Fn()>::new(move || {
        narrow.try_set(read.matches());
    });
    let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let listening = SendWrapper::new((query, on_change));
    on_cleanup(move || {
        let (query, on_change) = listening.take();
        let _ = query.remove_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    });
    narrow.into()
}
