//! Mounts the app. Everything else is in the library so tests can mount pieces of it.

fn main() {
    // A panic prints its message and location to the console instead of "unreachable".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(wham_web::App);
}
