//! One status report in a Kartra answer, the whole answer's or one action's: `{"status", "type",
//! "message"}`, read leniently (Kartra sends `type` as a numeric string, sometimes a number).

use serde_json::Value;

/// Longest Kartra message kept in a summary or failure; the rest is cut.
pub(super) const MESSAGE_MAX_CHARS: usize = 200;

/// The status, type and message of the whole answer or of one action.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Report {
    pub(super) status: String,
    pub(super) kartra_type: String,
    pub(super) message: String,
}

impl Report {
    pub(super) fn read(value: &Value) -> Report {
        match value {
            Value::Object(map) => Report {
                status: text(map.get("status")),
                kartra_type: text(map.get("type")),
                message: clip(&text(map.get("message"))),
            },
            other => Report {
                status: clip(&text(Some(other))),
                ..Report::default()
            },
        }
    }

    pub(super) fn is_success(&self) -> bool {
        self.status.eq_ignore_ascii_case("success")
    }

    pub(super) fn is_error(&self) -> bool {
        self.status.eq_ignore_ascii_case("error")
    }

    pub(super) fn is_type(&self, types: &[&str]) -> bool {
        types.contains(&self.kartra_type.as_str())
    }

    /// "Error 244 Lead already exists", leaving out the empty parts.
    pub(super) fn render(&self) -> String {
        let status = if self.status.is_empty() {
            "(no status)"
        } else {
            &self.status
        };
        [status, &self.kartra_type, &self.message]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A string field as text: Kartra sends `type` as a numeric string, but accept a number too.
pub(super) fn text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(|i| i.to_string())
            .unwrap_or_else(|| n.to_string()),
        Some(other) => other.to_string(),
    }
}

/// One line, at most `MESSAGE_MAX_CHARS` characters.
fn clip(message: &str) -> String {
    let one_line: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match one_line.char_indices().nth(MESSAGE_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}
