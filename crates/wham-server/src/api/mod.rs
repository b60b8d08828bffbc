//! Every endpoint of the reference, registered from `wham_api::routes` so paths are written once.

mod account;
mod actions;
mod auth;
mod body;
mod create;
mod environments;
mod pagination;
mod query;
mod quotas;
pub mod stream;
mod tasks;

pub use environments::MASKED_SECRET;

use crate::AppState;
use axum::handler::Handler;
use axum::routing::{on, MethodFilter};
use axum::Router;
use wham_api::routes::{self as r, Method, Route};

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

/// `{base}/_wham_server/status`: tells the app it talks to this simulated server.
async fn server_status() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "mode": "local" }))
}

pub fn router(state: AppState) -> Router<AppState> {
    let mut router = Router::new();
    // Tasks.
    router = add(router, r::TASK_CREATE, create::create);
    router = add(router, r::TASKS_LIST, tasks::list);
    router = add(router, r::TASKS_SEARCH, tasks::search);
    router = add(router, r::TASKS_FEED, tasks::feed);
    router = add(router, r::TASKS_RATE_LIMIT, quotas::get_rate_limit);
    router = add(router, r::USAGE, quotas::usage);
    router = add(router, r::USAGE_DAILY_BREAKDOWN, quotas::daily_breakdown);
    router = add(router, r::USAGE_CREDIT_EVENTS, quotas::credit_events);
    router = add(router, r::CONFIG_REQUIREMENTS, quotas::requirements);
    router = add(router, r::TASK, tasks::bundle);
    router = add(router, r::TASK_TURNS, tasks::turn_mapping);
    router = add(router, r::TASK_LOGS, tasks::task_logs);
    router = add(router, r::TASK_ARCHIVE, actions::archive);
    router = add(router, r::TASK_RECOVER, actions::recover);
    router = add(router, r::TASK_CANCEL, actions::cancel_task);
    router = add(router, r::TASK_FORK, actions::fork);
    router = add(router, r::TASK_MARK_READ, actions::mark_read);
    // Turns.
    router = add(router, r::TURN, tasks::turn);
    router = add(router, r::TURN_LOGS, tasks::turn_logs);
    router = add(router, r::TURN_SIBLINGS, tasks::sibling_turns);
    router = add(router, r::TURN_STREAM, stream::turn_stream);
    router = add(router, r::TURN_STREAM_POST, stream::turn_stream);
    router = add(router, r::TURN_VIEWED, actions::viewed);
    router = add(router, r::TURN_CANCEL, actions::cancel_turn);
    router = add(router, r::TURN_DISCARD, actions::discard);
    router = add(router, r::TURN_COPY_GIT_APPLY, actions::copy_git_apply);
    router = add(router, r::TURN_PR_CREATE, actions::create_pr);
    router = add(router, r::TURN_PR_UPDATE, actions::update_pr);
    router = add(router, r::TURN_UNDO_ALL_DISCARDS, actions::undo_discards);
    router = add(router, r::SPECULATIVE_TURN, actions::speculative_turn);
    router = add(router, r::SPECULATIVE_TURN_VIEW, actions::speculative_view);
    // Environments.
    router = add(router, r::ENVIRONMENTS, environments::list);
    router = add(router, r::ENVIRONMENTS_RECENT, environments::recent);
    router = add(router, r::ENVIRONMENTS_WITH_CREATORS, environments::with_creators);
    router = add(router, r::ENVIRONMENT, environments::detail);
    router = add(router, r::ENVIRONMENT_DELETE, environments::delete);
    router = add(router, r::ENVIRONMENT_WITH_CREATOR_AND_MACHINE, environments::detail_with_creator);
    router = add(router, r::ENVIRONMENTS_BY_REPO, environments::by_repo);
    router = add(router, r::ENVIRONMENT_RESET_CACHE, environments::reset_cache);
    router = add(router, r::ENVIRONMENTS_SEARCH, environments::search);
    router = add(router, r::ENVIRONMENT_CREATE, environments::create);
    router = add(router, r::ENVIRONMENT_UPDATE, environments::update);
    router = add(router, r::ENVIRONMENT_TEST, stream::environment_test);
    router = add(router, r::CODEX_ENVIRONMENTS, environments::codex_list);
    router = add(router, r::CODEX_ENVIRONMENT_REPOS, environments::codex_repos);
    // GitHub.
    router = add(router, r::GITHUB_INSTALLATIONS, account::installations);
    router = add(router, r::GITHUB_INSTALLATIONS_V2, account::installations_v2);
    router = add(router, r::GITHUB_INSTALLATION_EVENTS, account::installation_events);
    router = add(router, r::GITHUB_INSTALLATION_EVENTS_V2, account::installation_events);
    router = add(router, r::GITHUB_REPOSITORY, account::repository);
    router = add(router, r::GITHUB_REPOSITORIES_V2, account::repositories_v2);
    router = add(router, r::GITHUB_REPOSITORIES_SEARCH_ALL, account::search_repositories);
    router = add(router, r::GITHUB_BRANCH_SEARCH, account::branch_search);
    router = add(router, r::GITHUB_USER_HANDLE, account::user_handle);
    // Settings and the rest.
    router = add(router, r::SETTINGS_USER, account::user_settings);
    router = add(router, r::SETTINGS_USER_UPDATE, account::update_user_settings);
    router = add(router, r::SETTINGS_CODE_REVIEW, account::code_review);
    router = add(router, r::SETTINGS_CODE_REVIEW_UPDATE, account::update_code_review);
    router = add(router, r::SETTINGS_USER_PREFERENCES_CONFIG, account::user_preferences_config);
    router = add(router, r::MACHINES, account::machines);
    router = add(router, r::ACCOUNTS_CHECK, account::accounts_check);
    router = add(router, r::FEEDBACK, account::feedback);
    router = router.route("/_debug/streams", axum::routing::get(stream::open_streams));
    router = router.route(r::SERVER_STATUS.template, axum::routing::get(server_status));
    router.layer(axum::middleware::from_fn_with_state(state, auth::require_auth))
}
