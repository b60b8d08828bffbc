//! Browser glue: what the app asks of the browser beyond the DOM that Leptos manages.
//!
//! * [`clock`]: now, and a time on the person's clock.
//! * [`dialogs`]: confirm, copy to the clipboard, save a file.
//! * [`idle`]: work that waits until the page has painted and the browser is idle.
//! * [`layout_reads`]: reads of the page's layout, a frame's together before their writes.
//! * [`narrow`]: whether the window is as narrow as a phone's.
//! * [`notify`]: desktop notifications and whether the page is seen.
//! * [`quiet`]: background work that waits until the person leaves the page alone.
//! * [`scroll`]: following new content to the bottom of the window.
//! * [`tasks`]: code run in a main-thread task of its own, soon.

pub mod clock;
pub mod dialogs;
pub mod idle;
pub mod layout_reads;
pub mod narrow;
pub mod notify;
pub mod quiet;
pub mod scroll;
pub mod tasks;
