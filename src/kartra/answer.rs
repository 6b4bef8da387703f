//! The answer side: read Kartra's JSON, find each action's own report, summarise it.
//!
//! Kartra answers application outcomes with HTTP 200 and `{"status","message","type"}`, either at the
//! top level (credentials, malformed calls) or per action under `actions[i].<cmd>`.

use serde_json::Value;

use super::classify;
use super::report::{text, Report};
use super::wire::Cmd;
use super::{Failure, LeadTags};

/// One parsed answer.
pub(super) struct Answer {
    /// Always a JSON object.
    root: Value,
    pub(super) top: Report,
    /// `(cmd name, its value)` in the order Kartra listed them.
    actions: Vec<(String, Value)>,
}

impl Answer {
    /// `Err` says why the body is not a Kartra answer at all (a firewall or error page).
    pub(super) fn parse(body: &str) -> Result<Answer, String> {
        let root = match serde_json::from_str::<Value>(body) {
            Ok(Value::Object(root)) => root,
            Ok(_) => return Err("JSON that is not an object".to_string()),
            Err(_) => return Err("not JSON".to_string()),
        };
        if !["status", "type", "actions", "account_tags", "lead_details"]
            .iter()
            .any(|k| root.contains_key(*k))
        {
            return Err("JSON without status, type or actions".to_string());
        }
        let root = Value::Object(root);
        let top = Report::read(&root);
        let mut actions = Vec::new();
        let listed = root.get("actions").and_then(items).unwrap_or_default();
        for item in listed {
            if let Value::Object(entry) = item {
                actions.extend(
                    entry
                        .iter()
                        .map(|(cmd, value)| (cmd.clone(), value.clone())),
                );
            }
        }
        Ok(Answer { root, top, actions })
    }

    fn action_value(&self, cmd: Cmd) -> Option<&Value> {
        self.actions
            .iter()
            .find(|(name, _)| name == cmd.as_str())
            .map(|(_, value)| value)
    }

    /// The report Kartra gave for `cmd`: its own entry under `actions`, or, for a single-command
    /// call answered without any `actions`, the top level.
    pub(super) fn report(&self, cmd: Cmd, cmds: &[Cmd]) -> Option<Report> {
        match self.action_value(cmd) {
            Some(value) => Some(Report::read(value)),
            None if cmds == [cmd] && self.actions.is_empty() => Some(self.top.clone()),
            None => None,
        }
    }

    /// Kartra itself confirmed `cmd`: its own entry says Success or `done_type`; a top-level answer
    /// only counts with `done_type`, since an unknown command may come back as a bare Success.
    pub(super) fn confirmed(&self, cmd: Cmd, done_type: &str, cmds: &[Cmd]) -> bool {
        match self.action_value(cmd) {
            Some(value) => {
                let report = Report::read(value);
                report.is_success() || report.is_type(&[done_type])
            }
            None => self
                .report(cmd, cmds)
                .is_some_and(|r| r.is_type(&[done_type]) && !r.is_error()),
        }
    }

    /// `cmd` (or, when Kartra did not report `cmd`, the whole call) answered one of `types`.
    pub(super) fn answered(&self, cmd: Cmd, types: &[&str]) -> bool {
        match self.action_value(cmd) {
            Some(value) => Report::read(value).is_type(types),
            None => self.top.is_type(types),
        }
    }

    /// The lead id wherever Kartra put it (string or number), kept as a string.
    pub(super) fn lead_id(&self) -> Option<String> {
        let places = self.actions.iter().map(|(_, v)| v).chain([&self.root]);
        places
            .flat_map(|v| [v.pointer("/lead_details/id"), v.get("lead_id")])
            .map(|id| text(id))
            .find(|id| !id.is_empty() && id != "0")
    }

    /// `account_tags`, at the top level or under the action; entries as names or `{tag_name}`.
    pub(super) fn account_tags(&self) -> Option<Vec<String>> {
        let list = std::iter::once(&self.root)
            .chain(self.actions.iter().map(|(_, v)| v))
            .find_map(|v| v.get("account_tags"))?;
        Some(items(list)?.into_iter().filter_map(tag_name).collect())
    }

    /// A `get_lead` answer's `lead_details`: its id and tags (`null` for none). `None` when the
    /// details or their tags are missing or unreadable: an unread tag must not pass for a removed one.
    pub(super) fn lead_tags(&self) -> Option<LeadTags> {
        let details = self.root.get("lead_details").filter(|d| d.is_object())?;
        let tags = match details.get("tags")? {
            Value::Null => Vec::new(),
            list => items(list)?
                .into_iter()
                .map(tag_name)
                .collect::<Option<_>>()?,
        };
        Some(LeadTags {
            lead_id: self.lead_id(),
            tags,
        })
    }

    /// Why the call failed to do `cmds`' last command: that command's own error first, then an
    /// earlier command's, then the top level's; an answer that reports no error is Malformed.
    pub(super) fn failure(&self, cmds: &[Cmd], tag: &str) -> Failure {
        let mut reports: Vec<Report> = cmds.iter().filter_map(|c| self.report(*c, cmds)).collect();
        reports.push(self.top.clone());
        if let Some(busy) = reports.iter().find(|r| classify::too_many_requests(r)) {
            return classify::classify(busy, tag);
        }
        let target = cmds.last().copied();
        let ordered = target
            .iter()
            .chain(cmds.iter())
            .filter_map(|c| self.report(*c, cmds));
        if let Some(error) = ordered.chain([self.top.clone()]).find(|r| !r.is_success()) {
            return classify::classify(&error, tag);
        }
        let what = target.map_or("the call", Cmd::as_str);
        Failure::Malformed {
            kartra_type: String::new(),
            message: format!("Kartra's answer did not confirm {what}"),
        }
    }

    /// One line for the order timeline: each command's report, or "not run" when the answer lacks it.
    pub(super) fn summary(&self, cmds: &[Cmd]) -> String {
        let single_top = cmds.len() == 1 && self.actions.is_empty();
        let mut parts = Vec::new();
        let top_says = !self.top.kartra_type.is_empty() || !self.top.message.is_empty();
        if !single_top && top_says && (!self.top.is_success() || self.actions.is_empty()) {
            parts.push(format!("kartra: {}", self.top.render()));
        }
        for cmd in cmds {
            let said = self
                .report(*cmd, cmds)
                .map_or_else(|| "not run".to_string(), |r| r.render());
            parts.push(format!("{}: {said}", cmd.as_str()));
        }
        parts.join("; ")
    }
}

/// A list's entries; PHP may encode a list as an object keyed "0", "1", ...: accept both.
fn items(list: &Value) -> Option<Vec<&Value>> {
    match list {
        Value::Array(items) => Some(items.iter().collect()),
        Value::Object(items) => Some(items.values().collect()),
        _ => None,
    }
}

/// A tag given as its name or as `{tag_name}` (`{name}` in some answers).
fn tag_name(item: &Value) -> Option<String> {
    match item {
        Value::String(name) => Some(name.clone()),
        other => other
            .get("tag_name")
            .or_else(|| other.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRANT: [Cmd; 2] = [Cmd::CreateLead, Cmd::AssignTag];

    fn parse(body: &str) -> Answer {
        Answer::parse(body).unwrap()
    }

    #[test]
    fn an_aborted_chain_reports_the_missing_action_as_not_run() {
        let answer = parse(
            r#"{"status":"Error","actions":[{"create_lead":{"status":"Error","message":"Lead already exists","type":"244"}}]}"#,
        );
        assert_eq!(answer.report(Cmd::AssignTag, &GRANT), None);
        assert!(!answer.confirmed(Cmd::AssignTag, "103", &GRANT));
        assert!(answer.answered(Cmd::CreateLead, &["244"]));
        assert_eq!(
            answer.summary(&GRANT),
            "create_lead: Error 244 Lead already exists; assign_tag: not run"
        );
    }

    #[test]
    fn types_and_lead_ids_may_be_numbers_and_actions_an_object() {
        let answer = parse(
            r#"{"status":"Success","actions":{"0":{"create_lead":{"status":"Success","lead_details":{"id":501}}},
            "1":{"assign_tag":{"type":103}}}}"#,
        );
        assert!(answer.confirmed(Cmd::AssignTag, "103", &GRANT));
        assert_eq!(answer.lead_id(), Some("501".to_string()));
    }

    #[test]
    fn a_top_level_answer_confirms_a_single_command_only_with_its_done_type() {
        let revoke = [Cmd::UnassignTag];
        assert!(
            parse(r#"{"status":"Success","message":"Tag removed","type":"104"}"#).confirmed(
                Cmd::UnassignTag,
                "104",
                &revoke
            )
        );
        assert!(!parse(r#"{"status":"Success"}"#).confirmed(Cmd::UnassignTag, "104", &revoke));
        assert!(!parse(r#"{"status":"Success","type":"103"}"#).confirmed(
            Cmd::AssignTag,
            "103",
            &GRANT
        ));
    }

    #[test]
    fn the_failure_is_the_target_actions_own_error_first() {
        let answer = parse(
            r#"{"status":"Error","actions":[{"edit_lead":{"status":"Error","type":"206"}},
            {"assign_tag":{"status":"Error","message":"No such tag","type":"214"}}]}"#,
        );
        let failure = answer.failure(&[Cmd::EditLead, Cmd::AssignTag], "vip");
        assert_eq!(
            failure,
            Failure::TagMissing {
                tag: "vip".into(),
                message: "No such tag".into()
            }
        );
    }

    #[test]
    fn lead_tags_may_be_names_or_a_php_object_and_null_means_none() {
        let tags = |body: &str| parse(body).lead_tags().map(|found| found.tags);
        let php = r#"{"lead_details":{"id":5,"tags":{"0":{"tag_name":"Gold"},"1":"Silver"}}}"#;
        assert_eq!(tags(php), Some(vec!["Gold".into(), "Silver".into()]));
        assert_eq!(parse(php).lead_tags().unwrap().lead_id, Some("5".into()));
        let names = r#"{"status":"Success","lead_details":{"tags":["Gold"]}}"#;
        assert_eq!(tags(names), Some(vec!["Gold".into()]));
        let null = r#"{"status":"Success","lead_details":{"id":"5","tags":null}}"#;
        assert_eq!(tags(null), Some(Vec::new()));
        let unread = r#"{"status":"Success","lead_details":{"id":"5","tags":"Gold"}}"#;
        assert_eq!(tags(unread), None);
    }

    #[test]
    fn bodies_that_are_not_kartra_answers_are_refused() {
        for body in ["<html></html>", "[]", r#"{"error":"blocked"}"#, ""] {
            assert!(Answer::parse(body).is_err(), "{body}");
        }
    }

    #[test]
    fn long_or_multiline_messages_are_clipped_to_one_line() {
        let long = "x".repeat(500);
        let answer = parse(&format!(
            r#"{{"status":"Error","type":"206","message":"a\nb {long}"}}"#
        ));
        assert!(answer.top.message.starts_with("a b x"));
        assert_eq!(
            answer.top.message.chars().count(),
            crate::kartra::report::MESSAGE_MAX_CHARS + 1
        );
    }
}
