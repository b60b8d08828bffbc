//! Any path the app does not know.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    // The first page's content, if this is the first page (see `FirstContent`).
    if let Some(first_content) = crate::pages::first_content::use_first_content() {
        first_content.shown();
    }
    view! {
        <section class="page not-found">
            <PageTitle text="Page not found" />
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p>
                <A href="/">"Go to your tasks"</A>
            </p>
        </section>
    }
}
