//! Every endpoint of the reference, registered from `wham_api::routes` so paths are written once.

mod auth;
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
    router.layer(axum::middleware::from_fn_with_state(
        state,
        auth::require_auth,
    ))
}
