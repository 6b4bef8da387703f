//! Kartra's answer types, sorted by what tagcart must do about them. Branch on the type, never on
//! the message: Kartra words the same type differently across versions.

use super::report::Report;
use super::Failure;

/// `assign_tag` done.
pub(super) const TAG_ADDED: &str = "103";
/// `unassign_tag` done.
pub(super) const TAG_REMOVED: &str = "104";
/// `create_lead`: the lead already exists (also what a retried create whose first attempt succeeded gets).
pub(super) const LEAD_EXISTS: &str = "244";
/// No lead found (`get_lead` / other commands).
pub(super) const NO_LEAD: [&str; 2] = ["243", "234"];

const CREDENTIALS: [&str; 8] = ["202", "203", "233", "204", "238", "239", "240", "242"];
const TAG_MISSING: [&str; 2] = ["212", "214"];
const MISCONFIGURED: [&str; 3] = ["201", "211", "213"];
const LEAD_DELETED: &str = "245";
const RATE_LIMITED: &str = "429";

/// Kartra's rate limit: the one case read from the message, since its type is not reliably "429".
pub(super) fn too_many_requests(report: &Report) -> bool {
    report.is_type(&[RATE_LIMITED])
        || report
            .message
            .to_ascii_lowercase()
            .contains("too many requests")
}

/// The failure an error report stands for; `tag` is the tag the call named (if any).
pub(super) fn classify(report: &Report, tag: &str) -> Failure {
    let kartra_type = report.kartra_type.clone();
    let message = report.message.clone();
    if too_many_requests(report) {
        return Failure::RateLimited(report.render());
    }
    if report.is_type(&CREDENTIALS) {
        Failure::CredentialsRejected {
            kartra_type,
            message,
        }
    } else if report.is_type(&TAG_MISSING) {
        Failure::TagMissing {
            tag: tag.to_string(),
            message,
        }
    } else if report.is_type(&MISCONFIGURED) {
        Failure::Misconfigured {
            kartra_type,
            message,
        }
    } else if report.is_type(&[LEAD_DELETED]) {
        Failure::LeadDeleted { message }
    } else if report.is_type(&NO_LEAD) {
        // Only reachable after a 244 (exists) on the same email: the next attempt's create settles it.
        Failure::Transient(format!(
            "Kartra found no lead right after saying it exists: {}",
            report.render()
        ))
    } else {
        // 206 223 224 236 254, a 244 outside create_lead, and any type not in the table.
        Failure::Malformed {
            kartra_type,
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kartra_type: &str) -> Report {
        Report {
            status: "Error".into(),
            kartra_type: kartra_type.into(),
            message: "words".into(),
        }
    }

    fn kind(failure: &Failure) -> &'static str {
        match failure {
            Failure::Transient(_) => "transient",
            Failure::RateLimited(_) => "rate_limited",
            Failure::CredentialsRejected { .. } => "credentials",
            Failure::TagMissing { .. } => "tag_missing",
            Failure::Misconfigured { .. } => "misconfigured",
            Failure::Malformed { .. } => "malformed",
            Failure::LeadDeleted { .. } => "lead_deleted",
        }
    }

    #[test]
    fn every_error_type_in_the_table_is_classified() {
        let table = [
            ("201", "misconfigured"),
            ("202", "credentials"),
            ("203", "credentials"),
            ("204", "credentials"),
            ("206", "malformed"),
            ("211", "misconfigured"),
            ("212", "tag_missing"),
            ("213", "misconfigured"),
            ("214", "tag_missing"),
            ("223", "malformed"),
            ("224", "malformed"),
            ("233", "credentials"),
            ("236", "malformed"),
            ("238", "credentials"),
            ("239", "credentials"),
            ("240", "credentials"),
            ("242", "credentials"),
            ("243", "transient"),
            ("234", "transient"),
            ("244", "malformed"),
            ("245", "lead_deleted"),
            ("254", "malformed"),
            ("429", "rate_limited"),
            ("999", "malformed"),
            ("", "malformed"),
        ];
        for (kartra_type, want) in table {
            assert_eq!(
                kind(&classify(&error(kartra_type), "vip")),
                want,
                "type {kartra_type:?}"
            );
        }
    }

    #[test]
    fn classified_failures_keep_type_message_and_tag() {
        assert_eq!(
            classify(&error("203"), "vip"),
            Failure::CredentialsRejected {
                kartra_type: "203".into(),
                message: "words".into()
            }
        );
        assert_eq!(
            classify(&error("214"), "vip"),
            Failure::TagMissing {
                tag: "vip".into(),
                message: "words".into()
            }
        );
        assert_eq!(
            classify(&error("245"), "vip"),
            Failure::LeadDeleted {
                message: "words".into()
            }
        );
    }

    #[test]
    fn too_many_requests_is_rate_limited_whatever_the_type() {
        let busy = Report {
            status: "Error".into(),
            kartra_type: "203".into(),
            message: "Too many requests, wait 1 second".into(),
        };
        assert!(matches!(classify(&busy, "vip"), Failure::RateLimited(_)));
    }
}
