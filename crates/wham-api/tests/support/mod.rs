//! Helpers shared by the example and schema tests.

#![allow(dead_code)]

use serde_json::Value;
use std::path::PathBuf;

/// The API reference, examples and schemas, kept in this repository (`docs/api`, MIT, see its README).
pub fn api_docs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/api")
}

/// Asserts that every non-null leaf of `original` is present and equal in `round_tripped`.
pub fn assert_nothing_lost(original: &Value, round_tripped: &Value, path: &str) {
    match (original, round_tripped) {
        (Value::Null, _) => {}
        (Value::Object(fields), Value::Object(other)) => {
            for (key, value) in fields {
                let child = format!("{path}.{key}");
                match other.get(key) {
                    Some(other_value) => assert_nothing_lost(value, other_value, &child),
                    None => assert!(value.is_null(), "lost field {child}"),
                }
            }
        }
        (Value::Array(items), Value::Array(other)) => {
            assert_eq!(items.len(), other.len(), "array length changed at {path}");
            for (index, (item, other_item)) in items.iter().zip(other).enumerate() {
                assert_nothing_lost(item, other_item, &format!("{path}[{index}]"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            assert_eq!(a.as_f64(), b.as_f64(), "number changed at {path}")
        }
        (a, b) => assert_eq!(a, b, "value changed at {path}"),
    }
}
