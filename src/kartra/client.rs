//! The HTTP side and the flows tagcart calls: test connection, grant, revoke, read a lead's tags.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::answer::Answer;
use super::classify::{LEAD_EXISTS, NO_LEAD, TAG_ADDED, TAG_REMOVED};
use super::wire::{self, Call, Cmd};
use super::{AnswerSummary, Credentials, Failure, Granted, Lead, LeadTags, Outcome};

use crate::http_client::{CONNECT_TIMEOUT, REQUEST_TIMEOUT};
/// Shorter secrets are not redacted from summaries: replacing them would garble every message.
const REDACT_MIN_CHARS: usize = 4;

/// A blocking Kartra client; cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    base_url: Url,
    before_call: Arc<dyn Fn() + Send + Sync>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url.as_str())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// `before_call` runs before every HTTP request (the worker passes its rate limiter).
    /// Connect timeout 5 s, whole-request timeout 20 s, redirects not followed (a 3xx is Transient).
    pub fn new(base_url: Url, before_call: Arc<dyn Fn() + Send + Sync>) -> Client {
        Client::with_timeouts(base_url, before_call, CONNECT_TIMEOUT, REQUEST_TIMEOUT)
    }

    pub(super) fn with_timeouts(
        base_url: Url,
        before_call: Arc<dyn Fn() + Send + Sync>,
        connect: Duration,
        whole_request: Duration,
    ) -> Client {
        let agent = crate::http_client::builder()
            .timeout_connect(connect)
            .timeout(whole_request)
            .build();
        Client {
            agent,
            base_url,
            before_call,
        }
    }

    /// `retrieve_account_tags`: the "test connection" check; exercises all three credentials.
    pub fn account_tags(&self, creds: &Credentials) -> Outcome<Vec<String>> {
        let mut trace = Trace::default();
        let call = wire::account_tags(creds);
        let result =
            self.exchange(&call, &mut trace)
                .and_then(|answer| match answer.account_tags() {
                    Some(tags) if !answer.top.is_error() => Ok(tags),
                    _ => Err(answer.failure(&call.cmds, "")),
                });
        trace.finish(result, creds)
    }

    /// `[create_lead, assign_tag]`; when create_lead answers 244 (exists), `[edit_lead, assign_tag]`.
    /// Done only when assign_tag itself confirms. At most two HTTP calls.
    pub fn grant(&self, creds: &Credentials, lead: &Lead, tag: &str) -> Outcome<Granted> {
        let mut trace = Trace::default();
        let result = self.grant_calls(creds, lead, tag, &mut trace);
        trace.finish(result, creds)
    }

    fn grant_calls(
        &self,
        creds: &Credentials,
        lead: &Lead,
        tag: &str,
        trace: &mut Trace,
    ) -> Result<Granted, Failure> {
        let create = wire::create_and_assign(creds, lead, tag);
        let answer = self.exchange(&create, trace)?;
        let exists = answer.answered(Cmd::CreateLead, &[LEAD_EXISTS]);
        if answer.confirmed(Cmd::AssignTag, TAG_ADDED, &create.cmds) {
            // The tag is on the lead even if Kartra kept going after a 244: no second assign.
            let created = !exists
                && answer
                    .report(Cmd::CreateLead, &create.cmds)
                    .is_some_and(|r| r.is_success());
            return Ok(Granted {
                lead_id: answer.lead_id(),
                created,
            });
        }
        if !exists {
            return Err(answer.failure(&create.cmds, tag));
        }
        let edit = wire::edit_and_assign(creds, lead, tag);
        let answer = self.exchange(&edit, trace)?;
        if answer.confirmed(Cmd::AssignTag, TAG_ADDED, &edit.cmds) {
            return Ok(Granted {
                lead_id: answer.lead_id(),
                created: false,
            });
        }
        Err(answer.failure(&edit.cmds, tag))
    }

    /// `lead[email]` + `[unassign_tag]`. A lead that does not exist (243/234) counts as done, with no id.
    pub fn revoke(&self, creds: &Credentials, email: &str, tag: &str) -> Outcome<Option<String>> {
        let mut trace = Trace::default();
        let call = wire::unassign(creds, email, tag);
        let result = self.exchange(&call, &mut trace).and_then(|answer| {
            if answer.confirmed(Cmd::UnassignTag, TAG_REMOVED, &call.cmds) {
                Ok(answer.lead_id())
            } else if answer.answered(Cmd::UnassignTag, &NO_LEAD) {
                Ok(None)
            } else {
                Err(answer.failure(&call.cmds, tag))
            }
        });
        trace.finish(result, creds)
    }

    /// `get_lead[email]`: the lead's id and tags as Kartra has them now; `None` when Kartra has no
    /// lead with that email (234/243). A Success without `lead_details` is Malformed, not "no tags".
    pub fn lead_tags(&self, creds: &Credentials, email: &str) -> Outcome<Option<LeadTags>> {
        let mut trace = Trace::default();
        let call = wire::get_lead(creds, email);
        let result = self.exchange(&call, &mut trace).and_then(|answer| {
            if answer.answered(Cmd::GetLead, &NO_LEAD) {
                return Ok(None);
            }
            match answer.lead_tags() {
                Some(found) if !answer.top.is_error() => Ok(Some(found)),
                _ => Err(answer.failure(&call.cmds, "")),
            }
        });
        trace.finish(result, creds)
    }

    /// One HTTP call, counted and summarised in `trace`.
    fn exchange(&self, call: &Call, trace: &mut Trace) -> Result<Answer, Failure> {
        (self.before_call)();
        trace.calls += 1;
        let result = self.post(call);
        match &result {
            Ok(answer) => {
                tracing::debug!(cmds = %call.cmd_names(), status = %answer.top.status, kartra_type = %answer.top.kartra_type, "kartra answered");
                trace.answers.push(answer.summary(&call.cmds));
            }
            Err(failure) => {
                tracing::debug!(cmds = %call.cmd_names(), %failure, "kartra call failed");
                let why = match failure {
                    Failure::Transient(why) => why.clone(),
                    other => other.describe(),
                };
                trace
                    .answers
                    .push(format!("{}: no answer ({why})", call.cmd_names()));
            }
        }
        result
    }

    /// POST the form; anything but a readable Kartra answer is Transient.
    fn post(&self, call: &Call) -> Result<Answer, Failure> {
        let sent = self
            .agent
            .post(self.base_url.as_str())
            .set("Content-Type", "application/x-www-form-urlencoded")
            .set("Accept", "application/json")
            .send_string(&call.body());
        let response = match sent {
            Ok(response) | Err(ureq::Error::Status(_, response)) => response,
            Err(ureq::Error::Transport(transport)) => {
                return Err(Failure::Transient(transport_text(&transport)))
            }
        };
        let status = response.status();
        if (300..400).contains(&status) {
            return Err(Failure::Transient(format!(
                "HTTP {status}, redirect not followed"
            )));
        }
        if status == 429 {
            return Err(Failure::RateLimited(format!("HTTP {status}")));
        }
        if status >= 500 {
            return Err(Failure::Transient(format!("HTTP {status}")));
        }
        let body = response
            .into_string()
            .map_err(|e| Failure::Transient(format!("reading the answer failed: {e}")))?;
        Answer::parse(&body).map_err(|why| Failure::Transient(format!("HTTP {status}, {why}")))
    }
}

/// The transport error without its URL.
fn transport_text(transport: &ureq::Transport) -> String {
    let mut text = transport.kind().to_string();
    if let Some(message) = transport.message() {
        text = format!("{text}: {message}");
    }
    if let Some(source) = std::error::Error::source(transport) {
        text = format!("{text}: {source}");
    }
    text
}

/// What the calls of one operation said, for its `Outcome`.
#[derive(Default)]
struct Trace {
    answers: Vec<AnswerSummary>,
    calls: u32,
}

impl Trace {
    /// The outcome, with every credential value scrubbed from the texts Kartra or the network produced.
    fn finish<T>(self, result: Result<T, Failure>, creds: &Credentials) -> Outcome<T> {
        let redact = |text: &str| {
            let secrets = [&creds.api_key, &creds.api_password, &creds.app_id];
            secrets
                .iter()
                .filter(|s| s.chars().count() >= REDACT_MIN_CHARS)
                .fold(text.to_string(), |text, secret| {
                    text.replace(secret.as_str(), "***")
                })
        };
        Outcome {
            result: result.map_err(|failure| failure.map_text(redact)),
            answers: self.answers.iter().map(|a| redact(a)).collect(),
            calls: self.calls,
        }
    }
}
