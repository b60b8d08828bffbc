//! Every endpoint of the reference, registered from `wham_api::routes` so paths are written once.

mod auth;
mod environments;
mod pagination;
mod tasks;

use crate::AppState;
use axum::handler::Handler;
use axum::routing::{on, MethodFilter};
use axum::Router;
use wham_api::routes::{self, Method, Route};

/// Adds one endpoint of the shared table.
fn add<H, T>(router: Router<AppState>, route: Route, handler: H) -> Router<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = match route.method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Patch => MethodFilter::PATCH,
        Method::Delete => MethodFilter::DELETE,
    };
    router.route(route.template, on(filter, handler))
}

pub fn router(state: AppState) -> Router<AppState> {
    let mut router = Router::new();
    router = add(router, routes::TASKS_LIST, tasks::list);
    router = add(router, routes::TASKS_SEARCH, tasks::search);
    router = add(router, routes::TASKS_FEED, tasks::feed);
    router = add(router, routes::TASK, tasks::bundle);
    router = add(router, routes::TASK_TURNS, tasks::turn_mapping);
    router = add(router, routes::TURN, tasks::turn);
    router = add(router, routes::ENVIRONMENTS, environments::list);
    router = add(router, routes::ENVIRONMENTS_RECENT, environments::recent);
    router = add(
        router,
        routes::ENVIRONMENTS_WITH_CREATORS,
        environments::with_creators,
    );
    router = add(router, routes::ENVIRONMENT, environments::detail);
    router = add(router, routes::ENVIRONMENT_DELETE, environments::delete);
    router = add(
        router,
        routes::ENVIRONMENT_WITH_CREATOR_AND_MACHINE,
        environments::detail_with_creator,
    );
    router = add(router, routes::ENVIRONMENTS_BY_REPO, environments::by_repo);
    router = add(
        router,
        routes::ENVIRONMENT_RESET_CACHE,
        environments::reset_cache,
    );
    router = add(router, routes::CODEX_ENVIRONMENTS, environments::codex_list);
    router = add(
        router,
        routes::CODEX_ENVIRONMENT_REPOS,
        environments::codex_repos,
    );
    router.layer(axum::middleware::from_fn_with_state(
        state,
        auth::require_auth,
    ))
}
