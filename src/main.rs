//! Mounts the app. Everything else is in the library so tests can mount pieces of it.

fn main() {
    // A panic prints its message and location to the console instead of "unreachable".
    console_error_panic_hook::set_once();
    // Built outside the page and moved in once its first content is built (`start`), when the
    // loading shell from index.html goes.
    wham_web::start::mount(wham_web::App);
}
