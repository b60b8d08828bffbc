//! The one table of endpoints: method and path template, relative to the API base
//! (`/backend-api` on the real service). The app builds requests from it and `wham-server`
//! registers its handlers from it, so each path is written exactly once.
//!
//! Templates use `{name}` placeholders, which is also axum's route syntax.

use serde::Serialize;
use serde_json::Value;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One endpoint: its method and its path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    pub template: &'static str,
}

macro_rules! routes {
    ($($(#[$meta:meta])* $name:ident = $method:ident $template:literal;)+) => {
        $($(#[$meta])* pub const $name: Route = Route { method: Method::$method, template: $template };)+
        /// Every endpoint, for the server's registration and for tests that walk them all.
        pub const ALL: &[(&str, Route)] = &[$((stringify!($name), $name),)+];
    };
}

routes! {
    // Environments.
    ENVIRONMENTS = Get "/wham/environments";
    ENVIRONMENTS_RECENT = Get "/wham/environments/recent";
    ENVIRONMENTS_WITH_CREATORS = Get "/wham/environments/with-creators";
    /// Beyond the endpoint table (NOTES.md, "More endpoints"): by name or repository.
    ENVIRONMENTS_SEARCH = Get "/wham/environments/search";
    /// Beyond the endpoint table: creates an environment, answers it.
    ENVIRONMENT_CREATE = Post "/wham/environments";
    /// Beyond the endpoint table: changes the fields sent, answers the environment.
    ENVIRONMENT_UPDATE = Patch "/wham/environments/{environment_id}";
    ENVIRONMENT = Get "/wham/environments/{environment_id}";
    ENVIRONMENT_DELETE = Delete "/wham/environments/{environment_id}";
    ENVIRONMENT_WITH_CREATOR_AND_MACHINE = Get "/wham/environments/{environment_id}/with-creator-and-machine";
    ENVIRONMENTS_BY_REPO = Get "/wham/environments/by-repo/{provider}/{owner}/{repository}";
    ENVIRONMENT_RESET_CACHE = Post "/wham/environments/{environment_id}/reset-cache";
    /// Streams diagnostics (SSE) for a posted environment definition.
    ENVIRONMENT_TEST = Post "/wham/environments/test";
    CODEX_ENVIRONMENTS = Get "/codex/environments";
    CODEX_ENVIRONMENT_REPOS = Get "/codex/environments/{environment_id}/repos";

    // Tasks.
    TASK_CREATE = Post "/wham/tasks";
    TASKS_FEED = Get "/wham/tasks";
    TASKS_LIST = Get "/wham/tasks/list";
    TASKS_SEARCH = Get "/wham/tasks/search";
    TASKS_RATE_LIMIT = Get "/wham/tasks/rate_limit";
    TASK = Get "/wham/tasks/{task_id}";
    TASK_TURNS = Get "/wham/tasks/{task_id}/turns";
    TASK_LOGS = Get "/wham/tasks/{task_id}/logs";
    TASK_RECOVER = Post "/wham/tasks/{task_id}/recover";
    TASK_ARCHIVE = Post "/wham/tasks/{task_id}/archive";
    TASK_CANCEL = Post "/wham/tasks/{task_id}/cancel";
    TASK_FORK = Post "/wham/tasks/{task_id}/fork";
    TASK_MARK_READ = Post "/wham/tasks/{task_id}/mark_read";

    // Turns.
    TURN = Get "/wham/tasks/{task_id}/turns/{turn_id}";
    TURN_LOGS = Get "/wham/tasks/{task_id}/turns/{turn_id}/logs";
    TURN_SIBLINGS = Get "/wham/tasks/{task_id}/turns/{turn_id}/sibling_turns";
    /// SSE on GET (browsers' EventSource, the desktop client) and on POST (the endpoint table).
    TURN_STREAM = Get "/wham/tasks/{task_id}/turns/{turn_id}/stream";
    TURN_STREAM_POST = Post "/wham/tasks/{task_id}/turns/{turn_id}/stream";
    TURN_VIEWED = Post "/wham/tasks/{task_id}/turns/{turn_id}/viewed";
    TURN_CANCEL = Post "/wham/tasks/{task_id}/turns/{turn_id}/cancel";
    TURN_DISCARD = Post "/wham/tasks/{task_id}/turns/{turn_id}/discard";
    TURN_COPY_GIT_APPLY = Post "/wham/tasks/{task_id}/turns/{turn_id}/copy_git_apply";
    TURN_PR_CREATE = Post "/wham/tasks/{task_id}/turns/{turn_id}/pr";
    TURN_PR_UPDATE = Patch "/wham/tasks/{task_id}/turns/{turn_id}/pr/{pr_id}";
    TURN_UNDO_ALL_DISCARDS = Post "/wham/tasks/{task_id}/turns/{turn_id}/undo_all_discards_for_siblings";
    SPECULATIVE_TURN = Get "/wham/tasks/{task_id}/speculative_turns/{turn_id}";
    SPECULATIVE_TURN_VIEW = Get "/wham/tasks/{task_id}/speculative_turns/{turn_id}/view";

    // Quotas.
    USAGE = Get "/wham/usage";
    /// Beyond the endpoint table: use per day.
    USAGE_DAILY_BREAKDOWN = Get "/wham/usage/daily-token-usage-breakdown";
    /// Beyond the endpoint table: credit spending, newest first.
    USAGE_CREDIT_EVENTS = Get "/wham/usage/credit-usage-events";
    /// Beyond the endpoint table: what the account needs before cloud tasks run.
    CONFIG_REQUIREMENTS = Get "/wham/config/requirements";

    // GitHub.
    GITHUB_INSTALLATIONS = Get "/wham/github/installations";
    GITHUB_INSTALLATIONS_V2 = Get "/wham/github/installations/v2";
    GITHUB_INSTALLATION_EVENTS = Get "/wham/github/installations/events";
    GITHUB_INSTALLATION_EVENTS_V2 = Get "/wham/github/installations/events/v2";
    GITHUB_REPOSITORY = Get "/wham/github/repositories/{repo_id}";
    GITHUB_REPOSITORIES_V2 = Get "/wham/github/repositories/v2/{installation_id}";
    GITHUB_BRANCH_SEARCH = Get "/wham/github/branches/{repo_id}/search";
    /// Beyond the endpoint table: repositories of every installation matching `query`.
    GITHUB_REPOSITORIES_SEARCH_ALL = Get "/wham/github/repositories/search/all-installations";
    GITHUB_USER_HANDLE = Get "/wham/task_suggestions/github/user_handle";

    // Settings.
    SETTINGS_USER = Get "/wham/settings/user";
    SETTINGS_USER_UPDATE = Patch "/wham/settings/user";
    SETTINGS_CODE_REVIEW = Get "/wham/settings/code_review";
    /// Beyond the endpoint table (shape assumed, see `CodeReviewUpdate`): one repository's
    /// review preference.
    SETTINGS_CODE_REVIEW_UPDATE = Patch "/wham/settings/code_review";
    SETTINGS_USER_PREFERENCES_CONFIG = Get "/wham/settings/configs/user-preferences";

    // Machines, accounts, feedback.
    MACHINES = Get "/wham/machines";
    ACCOUNTS_CHECK = Get "/wham/accounts/check";
    FEEDBACK = Post "/wham/feedback";
}

/// What the local `wham-server` says about itself at `{base}/_wham_server/status` (not a WHAM
/// endpoint: the bridge and the local server answer it themselves, the real service has no such
/// path). The app shows it in Settings → Connection.
pub const SERVER_STATUS: Route = Route { method: Method::Get, template: "/_wham_server/status" };

/// The endpoint a request names, or `None`. `path` is the raw (still percent-encoded) path
/// relative to the API base, without the query.
///
/// Anything a server further on could read as another path is refused rather than normalised:
/// dot segments (also percent-encoded ones), empty segments, placeholder values that decode to
/// a slash, a backslash or a control character, and bytes that are not UTF-8. A literal segment
/// must match the template exactly. Where a literal and a placeholder both match
/// (`/wham/environments/recent`), the literal wins.
pub fn find(method: &str, path: &str) -> Option<Route> {
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    if !segments.iter().all(|segment| is_safe_segment(segment)) {
        return None;
    }
    ALL.iter()
        .map(|(_, route)| *route)
        .filter(|route| route.method.as_str() == method)
        .filter_map(|route| {
            let template: Vec<&str> = route.template.strip_prefix('/')?.split('/').collect();
            if template.len() != segments.len() {
                return None;
            }
            let mut literals = 0;
            for (pattern, segment) in template.iter().zip(&segments) {
                if pattern.starts_with('{') {
                    continue;
                }
                if pattern != segment {
                    return None;
                }
                literals += 1;
            }
            Some((literals, route))
        })
        .max_by_key(|(literals, _)| *literals)
        .map(|(_, route)| route)
}

/// A path segment that every server reads as one segment, the same one.
fn is_safe_segment(raw: &str) -> bool {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return false;
    };
    !decoded.is_empty()
        && decoded != "."
        && decoded != ".."
        && !decoded.chars().any(|character| character == '/' || character == '\\' || character.is_control())
}

impl Route {
    /// Fills the template's `{name}` placeholders with percent-encoded values.
    /// A placeholder without a value is left empty rather than panicking.
    pub fn path(&self, params: &[(&str, &str)]) -> String {
        let mut path = String::with_capacity(self.template.len() + 32);
        let mut rest = self.template;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            let value = params.iter().find(|(key, _)| *key == name).map(|(_, value)| *value).unwrap_or("");
            path.push_str(&encode_component(value));
            rest = &rest[open + close + 1..];
        }
        path.push_str(rest);
        path
    }

    /// Starts a request to this route.
    pub fn request(&self, params: &[(&str, &str)]) -> Request {
        Request { method: self.method, path: self.path(params), query: Vec::new(), body: None }
    }
}

/// A request ready to send: method, path (relative to the API base), query pairs and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Request {
    /// Adds a query parameter (repeatable: `item_type=a&item_type=b`).
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// Adds a query parameter only when there is a value.
    pub fn query_opt(self, key: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.query(key, value),
            None => self,
        }
    }

    /// Sets a JSON body. A body that cannot be serialized becomes `null` rather than panicking.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_value(body).unwrap_or(Value::Null));
        self
    }

    /// The path with its encoded query string.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let query: Vec<String> = self
            .query
            .iter()
            .map(|(key, value)| format!("{}={}", encode_component(key), encode_component(value)))
            .collect();
        format!("{}?{}", self.path, query.join("&"))
    }

    /// The full URL under an API base such as `/backend-api` or `http://127.0.0.1:8787/backend-api`.
    pub fn url(&self, base: &str) -> String {
        format!("{}{}", base.trim_end_matches('/'), self.path_and_query())
    }
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - _ . ~`).
const COMPONENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes everything but RFC 3986's unreserved characters, so a turn id such as
/// `task_e_1~assttrn_2` or a search query with `&` and spaces survives as one component.
pub fn encode_component(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_encodes_placeholders() {
        let path = TURN.path(&[("task_id", "task_e_1"), ("turn_id", "task_e_1~assttrn/2")]);
        assert_eq!(path, "/wham/tasks/task_e_1/turns/task_e_1~assttrn%2F2");
        assert_eq!(TASKS_LIST.path(&[]), "/wham/tasks/list");
    }

    #[test]
    fn builds_queries() {
        let request = TASKS_LIST
            .request(&[])
            .query("task_filter", "current")
            .query("limit", 20)
            .query_opt("cursor", None::<&str>);
        assert_eq!(request.url("/backend-api/"), "/backend-api/wham/tasks/list?task_filter=current&limit=20");
        let search = TASKS_SEARCH.request(&[]).query("query", "fix & test");
        assert_eq!(search.path_and_query(), "/wham/tasks/search?query=fix%20%26%20test");
    }

    #[test]
    fn every_template_is_distinct_per_method() {
        for (index, (name, route)) in ALL.iter().enumerate() {
            assert!(route.template.starts_with('/'), "{name}");
            for (other_name, other) in &ALL[index + 1..] {
                assert!(route != other, "{name} and {other_name} are the same endpoint");
            }
        }
    }

    #[test]
    fn finds_the_route_a_path_names() {
        assert_eq!(find("GET", "/wham/tasks/list"), Some(TASKS_LIST));
        assert_eq!(find("GET", "/wham/tasks/task_e_1/turns/task_e_1~assttrn_2/stream"), Some(TURN_STREAM));
        assert_eq!(find("POST", "/wham/tasks/task_e_1/turns/t%7E2/stream"), Some(TURN_STREAM_POST));
        // The literal wins over a placeholder.
        assert_eq!(find("GET", "/wham/environments/recent"), Some(ENVIRONMENTS_RECENT));
        assert_eq!(find("GET", "/wham/environments/env_1"), Some(ENVIRONMENT));
        assert_eq!(find("DELETE", "/wham/environments/env_1"), Some(ENVIRONMENT_DELETE));
    }

    #[test]
    fn refuses_paths_that_could_reach_another_path() {
        for path in [
            "/wham/tasks/../../v1/me",
            "/wham/tasks/%2e%2e/list",
            "/wham/tasks/.%2E/x/turns",
            "/wham/tasks/./turns",
            "/wham/tasks/a%2Fb/turns",
            "/wham/tasks/a%5Cb/turns",
            "/wham/tasks/a%00/turns",
            "/wham/tasks/%FF/turns",
            "/wham//tasks/list",
            "/wham/tasks/list/",
            "/wham/tasks/x/turns/",
            "/w%68am/tasks/list",
            "/v1/chat/completions",
            "wham/tasks/list",
            "",
        ] {
            assert_eq!(find("GET", path), None, "{path}");
        }
        assert_eq!(find("PUT", "/wham/tasks/list"), None);
        assert_eq!(find("POST", "/wham/tasks/list"), None);
    }
}
