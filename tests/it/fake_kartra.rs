//! A strict stand-in for Kartra's inbound API, for tests, quirks included. Kartra's documented
//! wire format: one form-encoded POST (another content type reads as no fields, like PHP's
//! `$_POST`) carrying `app_id`, `api_key`, `api_password` and chained `actions[i][cmd]`, answered
//! with JSON `{status, message, type}` (e.g. 103 tag added, 244 lead exists and the chain stops,
//! 214 no such tag, 202/203/233/238/239 credentials refused); "Too many requests" (HTTP 429)
//! past 20 calls a second; an HTML 403 from its firewall for names holding `< > = { } [ ] \`.
//! A call's effects apply on arrival; latency only delays the answer (so a client that times
//! out may still have changed Kartra, as in production).
#![allow(dead_code)]

use actix_web::{dev::ServerHandle, http::StatusCode, web, HttpMessage, HttpRequest};
use actix_web::{http::Method, HttpResponse};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub const APP_ID: &str = "app-test";
pub const API_KEY: &str = "key-test";
pub const API_PASSWORD: &str = "password-test";
/// The lead fields Kartra stores (space-separated); other `lead[...]` keys are ignored.
pub const LEAD_FIELDS: &str = "email phone phone_country_code first_name middle_name last_name \
    last_name2 ip address zip city state country company website sales_tax_id";
/// Kartra's firewall (reported) blocks lead names containing these characters: HTTP 403, HTML.
const FIREWALL: &[char] = &['<', '>', '=', '{', '}', '[', ']', '\\'];
const NAMES: &str = "lead[first_name] lead[middle_name] lead[last_name] lead[last_name2]";
const JSON: &str = "application/json";
const HTML: &str = "text/html; charset=UTF-8";
const TOO_MANY: &str = r#"{"status":"Error","message":"Too many requests","type":"429"}"#;

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Mode {
    #[default]
    Up,
    Http500,
    Http503,
    /// An HTML error page with HTTP 200.
    NonJson,
    /// HTTP 429 + `{"status":"Error","message":"Too many requests","type":"429"}`.
    TooManyRequests,
    /// Holds the request 60 s (then HTTP 504); the call changes nothing, recorded with status 0.
    Hang,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LeadRecord {
    pub id: String,
    pub fields: BTreeMap<String, String>,
    pub tags: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Call {
    pub at: Instant,
    /// The form pairs as sent, credential values replaced by "***".
    pub pairs: Vec<(String, String)>,
    /// The `actions[i][cmd]` values in the order sent.
    pub cmds: Vec<String>,
    /// The HTTP status; 0 for a call held by `Mode::Hang`.
    pub status: u16,
    /// The JSON answer; `Null` when the answer was not JSON.
    pub answer: Value,
}

#[derive(Default)]
struct State {
    creds: [String; 3],
    mode: Mode,
    latency: Duration,
    rate: Option<usize>,
    window: Vec<Instant>,
    rate_limited: usize,
    tags: Vec<String>,
    leads: Vec<LeadRecord>,
    assignments: HashMap<(String, String), usize>,
    calls: Vec<Call>,
}
type Shared = Arc<Mutex<State>>;

pub struct FakeKartra {
    /// Like `http://127.0.0.1:PORT/api`.
    pub url: String,
    state: Shared,
    handle: ServerHandle,
}

impl FakeKartra {
    /// Mode::Up, the credentials above, no tags, no leads.
    pub fn start() -> FakeKartra {
        let state = Shared::default();
        let shared = state.clone();
        let (port, handle) =
            crate::fake_server::fake_server(move |req, body| handle(shared.clone(), req, body));
        let url = format!("http://127.0.0.1:{port}/api");
        let fake = FakeKartra { url, state, handle };
        fake.set_credentials(APP_ID, API_KEY, API_PASSWORD);
        fake
    }

    pub fn with_tags(tags: &[&str]) -> FakeKartra {
        let fake = FakeKartra::start();
        tags.iter().for_each(|t| fake.add_tag(t));
        fake
    }

    fn st(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn add_tag(&self, name: &str) {
        let mut s = self.st();
        if !s.tags.iter().any(|t| t == name) {
            s.tags.push(name.to_string());
        }
    }

    /// Deletes the tag from the account (leads that have it keep it).
    pub fn remove_tag(&self, name: &str) {
        self.st().tags.retain(|t| t != name);
    }

    /// Seeds a lead as if created earlier (a returning buyer); returns its id.
    pub fn insert_lead(&self, email: &str, first_name: &str, tags: &[&str]) -> String {
        let mut s = self.st();
        let fields = [("email", email), ("first_name", first_name)];
        let i = create(&mut s, fields.map(|(k, v)| (k.into(), v.into())).into());
        s.leads[i].tags = tags.iter().map(|t| t.to_string()).collect();
        s.leads[i].id.clone()
    }

    /// Someone removed the tag from the lead by hand in Kartra; the account keeps the tag.
    pub fn remove_lead_tag(&self, email: &str, tag: &str) {
        let mut s = self.st();
        let i = find(&s, "", email).unwrap_or_else(|| panic!("fake Kartra: no lead {email}"));
        s.leads[i].tags.retain(|t| t != tag);
    }

    /// Someone added the tag to the lead by hand in Kartra: not counted as an `assign_tag`, and
    /// the account's tag list is left as it is.
    pub fn add_lead_tag(&self, email: &str, tag: &str) {
        let mut s = self.st();
        let i = find(&s, "", email).unwrap_or_else(|| panic!("fake Kartra: no lead {email}"));
        if !s.leads[i].tags.iter().any(|t| t == tag) {
            s.leads[i].tags.push(tag.into());
        }
    }

    /// What Kartra accepts from now on (credential rotation).
    pub fn set_credentials(&self, app_id: &str, api_key: &str, api_password: &str) {
        self.st().creds = [app_id, api_key, api_password].map(String::from);
    }

    pub fn set_mode(&self, mode: Mode) {
        self.st().mode = mode;
    }

    pub fn set_latency(&self, d: Duration) {
        self.st().latency = d;
    }

    /// From now on a POST /api that makes more than `per_second` calls within the last second
    /// (refused ones included) is refused: HTTP 429 "Too many requests".
    pub fn enforce_rate(&self, per_second: usize) {
        self.st().rate = Some(per_second);
    }

    /// The lead with that email (matched case-insensitively).
    pub fn lead(&self, email: &str) -> Option<LeadRecord> {
        let s = self.st();
        find(&s, "", email).map(|i| s.leads[i].clone())
    }

    /// How many `assign_tag` actions succeeded for that lead and tag.
    pub fn tag_assignments(&self, email: &str, tag: &str) -> usize {
        let s = self.st();
        let id = find(&s, "", email).map(|i| s.leads[i].id.clone());
        let count = id.and_then(|id| s.assignments.get(&(id, tag.into())).copied());
        count.unwrap_or(0)
    }

    pub fn calls(&self) -> Vec<Call> {
        self.st().calls.clone()
    }

    /// Calls answered "Too many requests" (by `enforce_rate` or `Mode::TooManyRequests`).
    pub fn rate_limited(&self) -> usize {
        self.st().rate_limited
    }

    /// Polls `f` every 10 ms for up to 20 s; panics with `what` on timeout.
    pub fn wait_for<F: Fn(&FakeKartra) -> bool>(&self, what: &str, f: F) {
        let end = Instant::now() + Duration::from_secs(20);
        while !f(self) {
            if Instant::now() > end {
                let calls = self.calls();
                panic!("fake Kartra: waited 20 s for {what}; calls: {calls:#?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for FakeKartra {
    fn drop(&mut self) {
        // stop() sends its command at once; not awaiting it keeps Drop from waiting on a Hang.
        drop(self.handle.stop(false));
    }
}

async fn handle(state: Shared, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let at = Instant::now();
    // Like PHP's $_POST: a body of another content type is not parsed at all.
    let mime = req.content_type();
    let form = mime.eq_ignore_ascii_case("application/x-www-form-urlencoded");
    let parsed = url::form_urlencoded::parse(if form { &body[..] } else { b"" });
    let pairs: Vec<(String, String)> = parsed.into_owned().collect();
    let (status, ctype, text, delay) = {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        let (status, ctype, text) = respond(&mut s, &req, &pairs, at);
        let secret = |k: &str| ["app_id", "api_key", "api_password"].contains(&k);
        let cmd = |k: &str| k.starts_with("actions[") && k.ends_with("][cmd]");
        let cmds = pairs.iter().filter(|(k, _)| cmd(k));
        let cmds = cmds.map(|(_, v)| v.clone()).collect();
        let mut pairs = pairs;
        for (_, v) in pairs.iter_mut().filter(|(k, _)| secret(k)) {
            *v = "***".into();
        }
        let answer = serde_json::from_str(&text).unwrap_or(Value::Null);
        s.calls.push(Call {
            at,
            pairs,
            cmds,
            status,
            answer,
        });
        let hang = Duration::from_secs(if s.mode == Mode::Hang { 60 } else { 0 });
        (status, ctype, text, s.latency + hang)
    };
    if !delay.is_zero() {
        actix_web::rt::time::sleep(delay).await;
    }
    let code = if status == 0 { 504 } else { status };
    let mut resp = HttpResponse::build(StatusCode::from_u16(code).unwrap());
    if status == 405 {
        resp.insert_header(("Allow", "POST"));
    }
    resp.content_type(ctype).body(text)
}

type Out = (u16, &'static str, String);

fn respond(s: &mut State, req: &HttpRequest, pairs: &[(String, String)], at: Instant) -> Out {
    let page = |status: u16, title: &str| (status, HTML, format!("<h1>{title}</h1>"));
    match s.mode {
        Mode::Up => {}
        Mode::Http500 => return page(500, "500 Internal Server Error"),
        Mode::Http503 => return page(503, "503 Service Unavailable"),
        Mode::NonJson => return page(200, "Oops! Something went wrong"),
        Mode::Hang => return (0, HTML, String::new()),
        Mode::TooManyRequests => {
            s.rate_limited += 1;
            return (429, JSON, TOO_MANY.into());
        }
    }
    if req.path() != "/api" {
        return page(404, "404 Not Found");
    } else if req.method() != Method::POST {
        return page(405, "405 Method Not Allowed");
    }
    if let Some(limit) = s.rate {
        let recent = |t: &Instant| at.saturating_duration_since(*t).as_secs() < 1;
        s.window.retain(recent);
        s.window.push(at);
        if s.window.len() > limit {
            s.rate_limited += 1;
            return (429, JSON, TOO_MANY.into());
        }
    }
    let blocked =
        |(k, v): &(String, String)| NAMES.split(' ').any(|n| n == k) && v.contains(FIREWALL);
    if pairs.iter().any(blocked) {
        return page(403, "403 Forbidden: request blocked");
    }
    (200, JSON, kartra(s, pairs).to_string())
}

/// A PHP-style parsed form: `a[b][0]=v` becomes nested maps; a repeated key: the last wins.
enum Node {
    Val(String),
    Map(BTreeMap<String, Node>),
}

fn insert(map: &mut BTreeMap<String, Node>, segs: &[&str], v: &str) {
    let key = Some(segs[0].to_string()).filter(|k| !k.is_empty());
    let key = key.unwrap_or(map.len().to_string()); // `a[]=v` appends, as in PHP
    if segs.len() == 1 {
        map.insert(key, Node::Val(v.into()));
        return;
    }
    let entry = map.entry(key).or_insert(Node::Val(String::new()));
    if let Node::Val(_) = entry {
        *entry = Node::Map(BTreeMap::new());
    }
    if let Node::Map(m) = entry {
        insert(m, &segs[1..], v);
    }
}

fn parse(pairs: &[(String, String)]) -> BTreeMap<String, Node> {
    let mut top = BTreeMap::new();
    for (k, v) in pairs {
        let segs: Vec<&str> = match k.find('[') {
            Some(i) if i > 0 && k.ends_with(']') => {
                let inner = k[i + 1..k.len() - 1].split("][");
                std::iter::once(&k[..i]).chain(inner).collect()
            }
            _ => vec![k.as_str()],
        };
        insert(&mut top, &segs, v);
    }
    top
}

fn val<'a>(m: &'a BTreeMap<String, Node>, k: &str) -> &'a str {
    match m.get(k) {
        Some(Node::Val(v)) => v,
        _ => "",
    }
}

fn err(kind: &str, message: &str) -> Value {
    json!({"status": "Error", "message": message, "type": kind})
}

fn ok(kind: &str, message: &str) -> Value {
    json!({"status": "Success", "message": message, "type": kind})
}

/// By id when given, else by email (case-insensitive).
fn find(s: &State, id: &str, email: &str) -> Option<usize> {
    let email_is = |l: &LeadRecord| l.fields["email"].eq_ignore_ascii_case(email);
    let hit = |l: &LeadRecord| {
        if id.is_empty() {
            email_is(l)
        } else {
            l.id == id
        }
    };
    s.leads.iter().position(hit)
}

fn create(s: &mut State, fields: BTreeMap<String, String>) -> usize {
    let id = (1001 + s.leads.len()).to_string();
    let tags = Vec::new();
    s.leads.push(LeadRecord { id, fields, tags });
    s.leads.len() - 1
}

fn details(l: &LeadRecord) -> Value {
    let blank = LEAD_FIELDS
        .split_whitespace()
        .map(|f| (f.into(), json!("")));
    let mut d: serde_json::Map<_, _> = blank.collect();
    d.extend(l.fields.iter().map(|(k, v)| (k.clone(), json!(v))));
    d.insert("id".into(), json!(l.id));
    let tags: Vec<Value> = l.tags.iter().map(|t| json!({"tag_name": t})).collect();
    d.insert("tags".into(), Value::Array(tags));
    Value::Object(d)
}

/// Checked in this order: (key, type when empty, type when not valid, name).
const CREDENTIALS: [(&str, &str, &str, &str); 3] = [
    ("app_id", "238", "239", "App ID"),
    ("api_key", "202", "203", "API key"),
    ("api_password", "233", "233", "API password"),
];

/// The API proper, once the transport has let the call through.
fn kartra(s: &mut State, pairs: &[(String, String)]) -> Value {
    let top = parse(pairs);
    for (i, (key, empty, bad, name)) in CREDENTIALS.into_iter().enumerate() {
        match val(&top, key) {
            "" => return err(empty, &format!("{name} is empty")),
            v if v != s.creds[i] => return err(bad, &format!("{name} is not valid")),
            _ => {}
        }
    }
    let none = BTreeMap::new();
    let lead = match top.get("lead") {
        None => &none,
        Some(Node::Map(m)) => m,
        Some(Node::Val(_)) => return err("223", "Lead must be an array"),
    };
    let actions = match (top.get("actions"), top.get("get_lead")) {
        (Some(Node::Map(m)), _) => m,
        (None, Some(Node::Map(g))) => {
            let (id, email) = (val(g, "id"), val(g, "email"));
            return match find(s, id, email) {
                _ if id.is_empty() && email.is_empty() => err("206", "No email"),
                Some(i) => json!({"status": "Success", "lead_details": details(&s.leads[i])}),
                None => err("234", "No lead found"),
            };
        }
        _ => return err("224", "Actions must be an array"),
    };
    let mut cmds = Vec::new();
    for i in 0..actions.len() {
        match actions.get(&i.to_string()) {
            Some(Node::Map(a)) if !val(a, "cmd").is_empty() => cmds.push((val(a, "cmd"), a)),
            _ => return err("236", "Command missing"),
        }
    }
    if !top.contains_key("lead") && cmds[0].0 == "retrieve_account_tags" {
        return json!({"status": "Success", "account_tags": s.tags});
    }
    let (id, email) = (val(lead, "id"), val(lead, "email"));
    let lead_cmds = ["create_lead", "edit_lead", "assign_tag", "unassign_tag"];
    let needs_lead = cmds.iter().any(|(c, _)| lead_cmds.contains(c));
    let creates = cmds.iter().any(|(c, _)| *c == "create_lead");
    if (needs_lead && id.is_empty() && email.is_empty()) || (creates && email.is_empty()) {
        return err("206", "No email");
    }
    let sent = LEAD_FIELDS
        .split_whitespace()
        .filter(|f| lead.contains_key(*f));
    let sent: Vec<(String, String)> = sent.map(|f| (f.into(), val(lead, f).into())).collect();
    // One call = one lead: resolved once, then the lead a create_lead made.
    let mut current = find(s, id, email);
    let mut results = Vec::new();
    for (cmd, action) in cmds {
        let tag = val(action, "tag_name");
        let answer = match (cmd, current) {
            ("create_lead", _) if find(s, "", email).is_some() => {
                results.push(json!({ cmd: err("244", "Lead already exists") }));
                break; // a failed create_lead aborts the rest of the chain
            }
            ("create_lead", _) => {
                let i = create(s, sent.iter().cloned().collect());
                current = Some(i);
                let mut answer = ok("100", "Lead created");
                answer["lead_details"] = details(&s.leads[i]);
                answer
            }
            ("edit_lead", None) => err("243", "No lead found"),
            ("edit_lead", Some(i)) => {
                let keep = s.leads[i].fields["email"].clone(); // the address, not a new value
                s.leads[i].fields.extend(sent.iter().cloned());
                let new = Some(val(lead, "new_email")).filter(|e| !e.is_empty());
                s.leads[i]
                    .fields
                    .insert("email".into(), new.unwrap_or(&keep).into());
                ok("101", "Lead edited")
            }
            ("assign_tag" | "unassign_tag", _) if tag.is_empty() => err("213", "Tag name is empty"),
            ("assign_tag" | "unassign_tag", _) if !s.tags.iter().any(|t| t == tag) => {
                err("214", "Tag does not exist")
            }
            ("assign_tag" | "unassign_tag", None) => err("243", "No lead found"),
            ("assign_tag", Some(i)) => {
                if !s.leads[i].tags.iter().any(|t| t == tag) {
                    s.leads[i].tags.push(tag.into());
                }
                let key = (s.leads[i].id.clone(), tag.to_string());
                *s.assignments.entry(key).or_default() += 1;
                ok("103", "Tag added to lead")
            }
            ("unassign_tag", Some(i)) => {
                s.leads[i].tags.retain(|t| t != tag);
                ok("104", "Tag removed from lead")
            }
            ("retrieve_account_tags", _) => json!({"status": "Success", "account_tags": s.tags}),
            _ => json!({"status": "Success"}), // documented quirk: an unknown cmd, silent Success
        };
        results.push(json!({ cmd: answer }));
    }
    json!({"status": "Success", "actions": results})
}

/// Posts `form` ("k=v&k=v", unencoded) with the valid credentials first.
fn post(fake: &FakeKartra, form: &str) -> (u16, Value) {
    let creds = format!("app_id={APP_ID}&api_key={API_KEY}&api_password={API_PASSWORD}");
    send(&fake.url, &format!("{creds}&{form}"))
}

fn send(url: &str, form: &str) -> (u16, Value) {
    let pairs = form.split('&').filter(|p| !p.is_empty());
    let pairs: Vec<_> = pairs.map(|p| p.split_once('=').unwrap()).collect();
    let resp = match ureq::post(url).send_form(&pairs) {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("fake Kartra unreachable: {e}"),
    };
    let status = resp.status();
    let body = resp.into_string().unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// "<status> <type>" of the answer, then "; <cmd> <status> <type>" per action ("-": no type).
fn out(v: &Value) -> String {
    let get = |v: &Value, k: &str| v[k].as_str().unwrap_or("-").to_string();
    let one = |v: &Value| format!("{} {}", get(v, "status"), get(v, "type"));
    let actions = v["actions"].as_array().into_iter().flatten();
    let actions = actions.flat_map(|a| a.as_object().unwrap());
    let actions = actions.map(|(cmd, a)| format!("; {cmd} {}", one(a)));
    one(v) + &actions.collect::<String>()
}

fn api(fake: &FakeKartra, form: &str) -> String {
    out(&post(fake, form).1)
}

const TAGS: &str = "actions[0][cmd]=retrieve_account_tags";

#[test]
fn fake_kartra_credential_errors_in_documented_order() {
    let fake = FakeKartra::with_tags(&["Gold"]);
    for (creds, kind) in [
        ("", "238"),
        ("app_id=x&api_key=x&api_password=x", "239"),
        ("app_id=app-test&api_password=x", "202"),
        ("app_id=app-test&api_key=x&api_password=x", "203"),
        ("app_id=app-test&api_key=key-test", "233"),
        ("app_id=app-test&api_key=key-test&api_password=x", "233"),
    ] {
        let (status, answer) = send(&fake.url, &format!("{creds}&{TAGS}"));
        assert_eq!((status, out(&answer)), (200, format!("Error {kind}")));
    }
    fake.set_credentials("app-2", "key-2", "pw-2");
    assert_eq!(api(&fake, TAGS), "Error 239");
    let form = format!("app_id=app-2&api_key=key-2&api_password=pw-2&{TAGS}");
    let tags = json!({"status": "Success", "account_tags": ["Gold"]});
    assert_eq!(send(&fake.url, &form), (200, tags));
    let calls = fake.calls();
    assert!(calls.iter().all(|c| c.cmds == ["retrieve_account_tags"]));
    let secrets = ["x", APP_ID, API_KEY, API_PASSWORD, "app-2", "key-2", "pw-2"];
    let values: Vec<_> = calls.iter().flat_map(|c| &c.pairs).map(|p| &p.1).collect();
    assert!(values.iter().all(|v| !secrets.contains(&v.as_str())));
}

#[test]
fn fake_kartra_create_of_an_existing_lead_answers_244_and_aborts_the_chain() {
    let fake = FakeKartra::with_tags(&["Gold", "Silver"]);
    let grant = "actions[0][cmd]=create_lead&actions[1][cmd]=assign_tag&actions[1][tag_name]";
    let form = format!("lead[email]=Ann@Example.com&lead[x]=1&{grant}=Gold");
    let (status, first) = post(&fake, &form);
    let both = "Success -; create_lead Success 100; assign_tag Success 103";
    assert_eq!((status, out(&first).as_str()), (200, both));
    let id = &first["actions"][0]["create_lead"]["lead_details"]["id"];
    assert_eq!(id, "1001");
    let form = format!("lead[email]=ann@example.com&{grant}=Silver");
    let again = api(&fake, &form);
    assert_eq!(again, "Success -; create_lead Error 244"); // assign_tag not run
    let lead = fake.lead("ANN@example.com").unwrap();
    assert_eq!((lead.id.as_str(), lead.tags), ("1001", vec!["Gold".into()]));
    assert_eq!(lead.fields.keys().collect::<Vec<_>>(), ["email"]);
    assert_eq!(fake.tag_assignments("ann@example.com", "Gold"), 1);
    assert_eq!(fake.tag_assignments("ann@example.com", "Silver"), 0);
    // The documented recovery: edit instead, then look the lead up.
    let edit = "lead[email]=ann@example.com&lead[new_email]=ann@new.example&lead[city]=Oslo&\
        actions[0][cmd]=edit_lead&actions[1][cmd]=assign_tag&actions[1][tag_name]=Silver";
    let edited = "Success -; edit_lead Success 101; assign_tag Success 103";
    assert_eq!(api(&fake, edit), edited);
    let got = post(&fake, "get_lead[email]=ann@new.example").1;
    let got = &got["lead_details"];
    assert_eq!(got["city"], "Oslo");
    assert_eq!(got["tags"][1]["tag_name"], "Silver");
    assert_eq!(api(&fake, "get_lead[email]=ann@example.com"), "Error 234");
}

#[test]
fn fake_kartra_unknown_cmd_is_a_silent_success() {
    let fake = FakeKartra::with_tags(&["Gold"]);
    let typo = "lead[email]=bob@example.com&actions[0][cmd]=asign_tag&actions[0][tag_name]=Gold";
    let silent = json!({"status": "Success", "actions": [{"asign_tag": {"status": "Success"}}]});
    assert_eq!(post(&fake, typo), (200, silent));
    assert!(fake.lead("bob@example.com").is_none());
    // Malformed calls are refused as a whole.
    let gap = "lead[email]=bob@example.com&actions[1][cmd]=edit_lead";
    assert_eq!(api(&fake, gap), "Error 236");
    let no_lead = "actions[0][cmd]=assign_tag&actions[0][tag_name]=Gold";
    assert_eq!(api(&fake, no_lead), "Error 206");
    assert_eq!(api(&fake, "lead[email]=bob@example.com"), "Error 224");
}

#[test]
fn fake_kartra_tag_errors_sit_inside_a_top_level_success() {
    let fake = FakeKartra::with_tags(&["Gold"]);
    fake.insert_lead("cat@example.com", "Cat", &[]);
    let tag = |cmd: &str, email: &str, tag: &str| {
        let form = format!("lead[email]={email}&actions[0][cmd]={cmd}&actions[0][tag_name]={tag}");
        api(&fake, &form).replace(&format!("Success -; {cmd} "), "")
    };
    let cat = "cat@example.com";
    assert_eq!(tag("assign_tag", cat, "gold"), "Error 214"); // exact names only
    assert_eq!(tag("assign_tag", cat, ""), "Error 213");
    assert_eq!(tag("assign_tag", "dan@example.com", "Gold"), "Error 243");
    assert_eq!(tag("assign_tag", cat, "Gold"), "Success 103");
    assert_eq!(tag("assign_tag", cat, "Gold"), "Success 103");
    assert_eq!(fake.tag_assignments(cat, "Gold"), 2);
    assert_eq!(fake.lead(cat).unwrap().tags, ["Gold"]);
    assert_eq!(tag("unassign_tag", cat, "Gold"), "Success 104");
    assert_eq!(tag("unassign_tag", cat, "Gold"), "Success 104");
    assert!(fake.lead(cat).unwrap().tags.is_empty());
}

#[test]
fn fake_kartra_refuses_the_21st_call_within_a_second() {
    let fake = FakeKartra::with_tags(&["Gold"]);
    fake.enforce_rate(20);
    let answers: Vec<_> = (0..21).map(|_| post(&fake, TAGS)).collect();
    let calls = fake.calls();
    let span = calls[20].at - calls[0].at;
    assert!(span < Duration::from_secs(1), "too slow: {span:?}");
    let listed = json!({"status": "Success", "account_tags": ["Gold"]});
    assert!(answers[..20].iter().all(|a| *a == (200, listed.clone())));
    let refused = serde_json::from_str(TOO_MANY).unwrap();
    assert_eq!(answers[20], (429, refused));
    assert_eq!((fake.rate_limited(), calls[20].status), (1, 429));
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(post(&fake, TAGS).0, 200);
}

#[test]
fn fake_kartra_transport_routes_and_modes() {
    let fake = FakeKartra::with_tags(&["Gold", "Platinum"]);
    fake.remove_tag("Gold");
    assert_eq!(post(&fake, TAGS).1["account_tags"], json!(["Platinum"]));
    let get = ureq::get(&fake.url).call();
    assert!(matches!(get, Err(ureq::Error::Status(405, _))));
    let elsewhere = ureq::post(&format!("{}/v2", fake.url)).call();
    assert!(matches!(elsewhere, Err(ureq::Error::Status(404, _))));
    let as_json = ureq::post(&fake.url).set("Content-Type", "application/json");
    let as_json = as_json.send_string(r#"{"app_id":"app-test"}"#).unwrap();
    let body = as_json.into_string().unwrap();
    assert_eq!(body, err("238", "App ID is empty").to_string());
    let markup = "lead[email]=e@example.com&lead[first_name]=<b>Eve&actions[0][cmd]=create_lead";
    assert_eq!(post(&fake, markup), (403, Value::Null));
    use Mode::*;
    let modes = [(Http500, 500), (Http503, 503), (NonJson, 200)];
    for (mode, status) in modes.into_iter().chain([(TooManyRequests, 429)]) {
        fake.set_mode(mode);
        let (got, answer) = post(&fake, TAGS);
        assert_eq!((got, answer.is_null()), (status, mode != TooManyRequests));
    }
    fake.set_mode(Hang);
    let agent = ureq::AgentBuilder::new().timeout(Duration::from_millis(300));
    let held = agent
        .build()
        .post(&fake.url)
        .send_form(&[("app_id", APP_ID)]);
    assert!(held.is_err());
    let last_held = |f: &FakeKartra| f.calls().last().is_some_and(|c| c.status == 0);
    fake.wait_for("the held call", last_held);
    fake.set_mode(Up);
    fake.set_latency(Duration::from_millis(200));
    let started = Instant::now();
    assert_eq!(post(&fake, TAGS).0, 200);
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[test]
fn fake_kartra_get_lead_reflects_tags_changed_by_hand_and_answers_234_for_a_stranger() {
    let fake = FakeKartra::with_tags(&["Gold", "Silver"]);
    let id = fake.insert_lead("eve@example.com", "Eve", &["Gold", "Silver"]);
    fake.remove_lead_tag("EVE@example.com", "Gold");
    fake.add_lead_tag("eve@example.com", "Bronze");
    assert_eq!(fake.tag_assignments("eve@example.com", "Bronze"), 0);
    let (status, got) = post(&fake, "get_lead[email]=eve@example.com");
    assert_eq!((status, out(&got).as_str()), (200, "Success -"));
    assert!(got.get("actions").is_none());
    let details = &got["lead_details"];
    assert_eq!(
        (&details["id"], &details["first_name"]),
        (&json!(id), &json!("Eve"))
    );
    let tags = json!([{"tag_name": "Silver"}, {"tag_name": "Bronze"}]);
    assert_eq!(details["tags"], tags);
    assert_eq!(
        api(&fake, "get_lead[email]=nobody@example.com"),
        "Error 234"
    );
    // The client reads the same answers.
    let client = tagcart::kartra::Client::new(fake.url.parse().unwrap(), Arc::new(|| {}));
    let creds = tagcart::kartra::Credentials {
        app_id: APP_ID.into(),
        api_key: API_KEY.into(),
        api_password: API_PASSWORD.into(),
    };
    let found = client.lead_tags(&creds, "eve@example.com").result.unwrap();
    let found = found.expect("Eve is a lead");
    assert_eq!(
        (found.lead_id, found.tags),
        (Some(id), vec!["Silver".into(), "Bronze".into()])
    );
    assert_eq!(
        client.lead_tags(&creds, "nobody@example.com").result,
        Ok(None)
    );
}
