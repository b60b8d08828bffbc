//! Ids as types, so a task id can never be passed where a turn id is expected: the typed
//! endpoint functions take these, and only they put ids into paths.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A task's id (`task_e_…`).
    TaskId
);
id_type!(
    /// A turn's id (a user turn or an assistant attempt).
    TurnId
);
id_type!(
    /// An environment's id.
    EnvironmentId
);
id_type!(
    /// A pull request's id as the service records it on a turn.
    PrId
);
id_type!(
    /// A GitHub repository's id (for branch search).
    RepoId
);
