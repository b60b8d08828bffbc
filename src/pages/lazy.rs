//! Routes whose code is loaded when first visited. In the release build (`cargo xtask build`,
//! with the `split` feature) each `*_view` function below is a split point: its code, and all
//! the code only its module uses, goes to a wasm chunk of its own, so the first load carries
//! only the shell and the task list. Without the feature (`trunk serve`, the wasm tests) the
//! same functions are plain.
//!
//! Split points that are loaded together share a module (the last name in each line below):
//! the list's parts; the four environment pages; settings and usage. wasm-split makes one chunk
//! per set of modules sharing code, so eleven modules made 161 chunks (172 files, each ~3 ms of
//! the main thread to fetch and start, most of them a few KB); five make 26.
//!
//! Loading a chunk can fail (the network is down): the split points are `fallible`, and a page
//! whose chunk did not come shows [`PageUnavailable`], which tries again by itself. Soon after
//! start every chunk is fetched in the background ([`preload_all`]), so a page opened later
//! needs no network for its code.
//!
//! Each page is one `lazy_page!` line: its split point (named by its chunk, not by where it is
//! written, so one macro can make them all), its plain twin and its route.

use super::first_content::use_first_content;
use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos::wasm_split::wasm_split;
use leptos_router::LazyRoute;
use std::future::Future;
use std::pin::Pin;

/// A page's chunk could not be loaded.
#[derive(Debug, Clone, Copy)]
pub struct ChunkMissing;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

/// Builds a page, loading its code first if it is split off.
type PageLoad = fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ChunkMissing>>>>;

/// The page, or, when its code cannot be loaded, a notice that keeps trying.
async fn open(load: PageLoad) -> AnyView {
    match load().await {
        Ok(page) => page,
        Err(ChunkMissing) => view! { <PageUnavailable load=load /> }.into_any(),
    }
}

/// Shown while a page's code cannot be fetched; it tries again by itself and shows the page
/// in its place once it comes.
#[component]
pub fn PageUnavailable(load: PageLoad) -> impl IntoView {
    view! {
        <WhenLoaded load=load try_now=false>
            <div class="state state-error" role="status">
                <p class="state-title">"Can't reach the server to open this page"</p>
                <p class="state-hint">"It opens by itself when the connection is back."</p>
            </div>
        </WhenLoaded>
    }
}

/// Shows what `load` builds once its code is here, and `children` until then. Loads at once
/// when `try_now` (when `after_first_content`, once the first content is on screen and the
/// person has paused any scrolling or typing), and tries
/// again every few seconds while the code cannot be fetched. The view is built under this
/// component's owner (the router's context, disposal with it).
#[component]
fn WhenLoaded(
    load: PageLoad,
    try_now: bool,
    #[prop(optional)] after_first_content: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let page = RwSignal::new_local(None::<AnyView>);
    let trying = StoredValue::new(false);
    // Set once the view came: the view is taken out of `page` when it is mounted, so `page`
    // alone cannot say so, and building it again would replace what the person typed.
    let loaded = StoredValue::new(false);
    let first_content = after_first_content.then(use_first_content).flatten();
    let retry = StoredValue::new(None::<IntervalHandle>);
    // The timer's callback runs outside any owner, so it builds the view under this one. Held
    // weakly: the timer and the effect below are this owner's, and a strong hold from them
    // would keep it (and the page around it: every list page left) alive for ever.
    let owner = Owner::current().map(|owner| owner.downgrade());
    // Whether this part is still on a page: the view below holds `on_page`, and the view is
    // dropped when the page is left. The wait for a pause holds nothing of the page, so a page
    // left meanwhile goes at once; only the load itself (the view is built under the owner)
    // holds the owner. A view built after the page was left, kept in `page`, held that owner
    // for ever (its parts capture it): every list page left within 400 ms of opening was kept,
    // rows and all, with its key listener still on the window.
    let on_page = std::sync::Arc::new(());
    let still_on_page = std::sync::Arc::downgrade(&on_page);
    let attempt = move || {
        let waiting = first_content.is_some_and(|first_content| !first_content.is_shown_untracked());
        if waiting || trying.try_get_value() != Some(false) || loaded.try_get_value() != Some(false) {
            return;
        }
        if owner.as_ref().is_some_and(|weak| weak.upgrade().is_none()) {
            return;
        }
        trying.set_value(true);
        let still_on_page = still_on_page.clone();
        let owner = owner.clone();
        leptos::task::spawn_local(async move {
            // Secondary parts of the page (the prompt box, the header's tools) give way to a
            // person already scrolling through the list: their code (then ~80 small modules,
            // 16 files now) slowed its first pages two to three times (`browser::quiet`).
            if after_first_content {
                crate::browser::quiet::until_quiet(PARTS_AFTER_PAUSE_MS).await;
            }
            // Asking for the code is a task of its own: the loader's `fetch` for each of the
            // part's files (16 for the header's tools) took ~10 ms of the main thread, and on a
            // page with no list to wait for (settings, a task) that ran in the start's task
            // that builds the app's frame (profiled: 43-44 ms together).
            crate::browser::tasks::next_task().await;
            if still_on_page.strong_count() == 0 {
                return;
            }
            let load_and_show = async move {
                let built = load().await;
                if still_on_page.strong_count() == 0 {
                    // Dropped here, with whatever of this owner it holds.
                    return;
                }
                trying.try_set_value(false);
                if let Ok(view) = built {
                    loaded.try_set_value(true);
                    if let Some(retry) = retry.try_get_value().flatten() {
                        retry.clear();
                    }
                    page.try_set(Some(view));
                }
            };
            match owner.map(|weak| weak.upgrade()) {
                Some(Some(owner)) => owner.with(|| leptos::task::spawn_local_scoped(load_and_show)),
                // The page is gone.
                Some(None) => {}
                None => load_and_show.await,
            }
        });
    };
    match first_content {
        // Run after this render, by when the first content's page has said it is coming.
        Some(first_content) if try_now => first_content.when_shown(attempt.clone()),
        _ if try_now => attempt(),
        _ => {}
    }
    retry.set_value(set_interval_with_handle(attempt, std::time::Duration::from_secs(2)).ok());
    on_cleanup(move || {
        if let Some(retry) = retry.try_get_value().flatten() {
            retry.clear();
        }
    });
    move || {
        let _on_page = &on_page;
        page.track();
        // Taken without notifying: the page is mounted once and stays.
        match page.try_update_untracked(Option::take).flatten() {
            Some(view) => view,
            None => children().into_any(),
        }
    }
}

/// A split point: `$view` builds `$part` (with the `split` feature, after loading chunk
/// `$chunk`), and `$preload` fetches that chunk ahead of time. Without the feature both are plain.
macro_rules! split_view {
    ($part:path, $view:ident, $preload:ident, $chunk:ident) => {
        #[cfg(feature = "split")]
        #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, preload($preload), fallible)]
        fn $view() -> Result<AnyView, ChunkMissing> {
            Ok($part().into_any())
        }
        #[cfg(not(feature = "split"))]
        async fn $view() -> Result<AnyView, ChunkMissing> {
            Ok($part().into_any())
        }
        #[cfg(not(feature = "split"))]
        // `preload_every_chunk` asks for one split point of each module, not all.
        #[allow(dead_code)]
        async fn $preload() -> Result<(), ChunkMissing> {
            Ok(())
        }
    };
}

/// A lazily loaded route: `$route` shows `$page`, built by `$view` (with the `split` feature a
/// split point whose chunk is `$chunk`), and `$preload` fetches its code ahead of time.
macro_rules! lazy_page {
    ($route:ident, $page:path, $view:ident, $preload:ident, $chunk:ident, $doc:literal) => {
        split_view!($page, $view, $preload, $chunk);

        #[doc = $doc]
        pub struct $route(Option<super::first_content::FirstContent>);
        impl LazyRoute for $route {
            fn data() -> Self {
                $route(use_first_content())
            }
            async fn view(this: Self) -> AnyView {
                let page = open(|| {
                    Box::pin(async {
                        // The code first, then the page in a task of its own: the chunk's
                        // instance is made in the task its last file comes in (3-6 ms of the
                        // main thread), which built the page as well.
                        $preload().await?;
                        crate::browser::tasks::next_task().await;
                        $view().await
                    })
                })
                .await;
                // Built (or its code failed to come): what waited for the first page may load
                // once it is painted.
                if let Some(first_content) = this.0 {
                    first_content.shown();
                }
                page
            }
        }
    };
}

lazy_page!(TaskRoute, super::task::TaskPage, task_view, preload_task, task_page, "`/tasks/:task_id`.");
lazy_page!(ComposerRoute, super::composer::ComposerPage, composer_view, preload_composer, composer_page, "`/new`.");
lazy_page!(
    EnvironmentsRoute,
    super::environments::EnvironmentsPage,
    environments_view,
    preload_environments,
    environment_pages,
    "`/environments`."
);
lazy_page!(
    EnvironmentRoute,
    super::environments::EnvironmentPage,
    environment_view,
    preload_environment,
    environment_pages,
    "`/environments/:environment_id`."
);
lazy_page!(
    NewEnvironmentRoute,
    super::environments::NewEnvironmentPage,
    new_environment_view,
    preload_new_environment,
    environment_pages,
    "`/environments/new`."
);
lazy_page!(
    EditEnvironmentRoute,
    super::environments::EditEnvironmentPage,
    edit_environment_view,
    preload_edit_environment,
    environment_pages,
    "`/environments/:environment_id/edit`."
);
lazy_page!(
    SettingsRoute,
    super::settings::SettingsPage,
    settings_view,
    preload_settings,
    account_pages,
    "`/settings`."
);
lazy_page!(UsageRoute, super::usage::UsagePage, usage_view, preload_usage, account_pages, "`/usage`.");

// Parts of the task list's page that the task rows do not need: their code comes right after
// the first load, so the rows are painted sooner. One module: the list loads all three.
split_view!(super::quick_start::QuickStart, quick_start_view, preload_quick_start, list_parts);
split_view!(crate::components::header::HeaderTools, header_tools_view, preload_header_tools, list_parts);
// Seen only when the person presses `?`.
split_view!(crate::components::shortcuts::ShortcutsFromContext, shortcuts_view, preload_shortcuts, list_parts);

/// The list's prompt box; a box of its size until its code is here.
#[component]
pub fn LazyQuickStart() -> impl IntoView {
    view! {
        <WhenLoaded load=|| Box::pin(quick_start_view()) try_now=true after_first_content=true>
            <div class="panel quick-start quick-start-pending" aria-busy="true"></div>
        </WhenLoaded>
    }
}

/// The header's usage badge and feedback button, once their code is here.
#[component]
pub fn LazyHeaderTools() -> impl IntoView {
    view! {
        <WhenLoaded load=|| Box::pin(header_tools_view()) try_now=true after_first_content=true>
            <div class="header-tools"></div>
        </WhenLoaded>
    }
}

/// A page's `?` dialog: its code is asked for the first time it opens (it is usually here by
/// then, fetched after start by [`preload_all`]).
#[component]
pub fn LazyShortcutsDialog(open: RwSignal<bool>, shortcuts: Vec<(&'static str, &'static str)>) -> impl IntoView {
    provide_context(crate::components::shortcuts::ShortcutList { open, shortcuts });
    let opened_once = Memo::new(move |before: Option<&bool>| before.copied().unwrap_or(false) || open.get());
    move || {
        opened_once.get().then(|| {
            view! {
                <WhenLoaded load=|| Box::pin(shortcuts_view()) try_now=true>
                    ""
                </WhenLoaded>
            }
        })
    }
}

/// How long the person must not have scrolled or typed before the list's secondary parts
/// load (visible: the prompt box, the header's tools): scrolling through the list right after
/// start went two to three times slower while their code came (then ~80 small modules).
const PARTS_AFTER_PAUSE_MS: u32 = 400;

/// The same before each page's code is fetched ahead of need: longer, as nothing shows it.
/// After a pause of 400 ms it fell on the person's next action: the list's refresh when the
/// window regained focus took 598 ms instead of 26 while ~95 modules were fetched and compiled
/// (~400 ms of the main thread), 65 ms once the loader asked for them at low priority.
const PAGES_AFTER_PAUSE_MS: u32 = 2_000;

/// Fetches every page's code in the background, once, a moment after the first content is on
/// screen ([`FirstContent`](super::first_content::FirstContent)); a failure is left for the
/// page's own load to retry. When all came, `<html data-pages-loaded>` says so (the end-to-end
/// tests wait for it before going offline).
pub fn preload_all(first_content: super::first_content::FirstContent) {
    let app_started_ms = js_sys::Date::now();
    // From start: scrolling before the first wait also counts.
    crate::browser::quiet::watch_activity();
    first_content.when_shown(move || {
        // The rows are painted in the next frame; the chunks' compiling is left until after
        // it. And not before a second from start: a page opened by its address (a task, whose
        // own code and answers are on their way) does not hold the gate, and its requests
        // would otherwise wait in line behind these (its first diff rows came 0.4 s later).
        let since_start = js_sys::Date::now() - app_started_ms;
        let wait_ms = (1_000.0 - since_start).max(300.0) as u32;
        leptos::task::spawn_local(preload_every_chunk(wait_ms));
    });
}

async fn preload_every_chunk(wait_ms: u32) {
    gloo_timers::future::TimeoutFuture::new(wait_ms).await;
    // One page at a time, each once the person has paused: this is speculative work, and
    // what they did meanwhile went slower (`browser::quiet`, `PAGES_AFTER_PAUSE_MS`).
    type Preload = fn() -> Pin<Box<dyn Future<Output = bool>>>;
    macro_rules! preloads {
        ($($preload:ident),*) => {
            [$((|| Box::pin(async { $preload().await.is_ok() })) as Preload),*]
        };
    }
    // One split point of each module: the others of a module are then loaded too (the loader
    // keeps each module's load), so asking for them would be a second wait for nothing.
    let mut all_loaded = true;
    for preload in
        preloads![preload_task, preload_composer, preload_environments, preload_settings, preload_quick_start]
    {
        crate::browser::quiet::until_quiet(PAGES_AFTER_PAUSE_MS).await;
        all_loaded &= preload().await;
    }
    if all_loaded {
        let root =
            web_sys::window().and_then(|window| window.document()).and_then(|document| document.document_element());
        if let Some(root) = root {
            let _ = root.set_attribute("data-pages-loaded", "");
        }
    }
}
