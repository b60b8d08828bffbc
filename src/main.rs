//! Mounts the app. Everything else is in the library so tests can mount pieces of it.

fn main() {
    // A panic prints its message and location to the console instead of "unreachable".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(wham_web::App);
    // The app is on screen: the loading shell from index.html goes.
    if let Some(shell) =
        web_sys::window().and_then(|window| window.document()).and_then(|document| document.get_element_by_id("boot"))
    {
        shell.remove();
    }
}
