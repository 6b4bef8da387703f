//! The request side: command names and the flat list of PHP-bracket form pairs.
//!
//! A `Call` deliberately has no Debug: its pairs carry the credentials.

use super::{Credentials, Lead};

/// Every command tagcart sends, spelled once: Kartra may answer an unknown `cmd` with a silent Success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmd {
    CreateLead,
    EditLead,
    AssignTag,
    UnassignTag,
    RetrieveAccountTags,
    /// Sent as the top-level key `get_lead[...]`, never as an action.
    GetLead,
}

impl Cmd {
    pub(super) const fn as_str(self) -> &'static str {
        match self {
            Cmd::CreateLead => "create_lead",
            Cmd::EditLead => "edit_lead",
            Cmd::AssignTag => "assign_tag",
            Cmd::UnassignTag => "unassign_tag",
            Cmd::RetrieveAccountTags => "retrieve_account_tags",
            Cmd::GetLead => "get_lead",
        }
    }
}

/// One HTTP call: the commands it chains (in order) and its form pairs.
pub(super) struct Call {
    pub(super) cmds: Vec<Cmd>,
    pub(super) pairs: Vec<(String, String)>,
}

impl Call {
    fn new(creds: &Credentials) -> Call {
        let mut call = Call {
            cmds: Vec::new(),
            pairs: Vec::new(),
        };
        call.push("app_id", &creds.app_id);
        call.push("api_key", &creds.api_key);
        call.push("api_password", &creds.api_password);
        call
    }

    fn push(&mut self, key: impl Into<String>, value: &str) {
        self.pairs.push((key.into(), value.to_string()));
    }

    /// `lead[name]=value`, unless the value is blank.
    fn lead_field(&mut self, name: &str, value: &str) {
        let value = value.trim();
        if !value.is_empty() {
            self.push(format!("lead[{name}]"), value);
        }
    }

    fn lead(&mut self, lead: &Lead) {
        self.lead_field("email", lead.email);
        self.lead_field("first_name", &strip_markup(lead.first_name));
        self.lead_field("last_name", &strip_markup(lead.last_name));
        self.lead_field("phone", lead.phone);
        self.lead_field("address", lead.address);
        self.lead_field("city", lead.city);
        self.lead_field("zip", lead.zip);
        self.lead_field("state", lead.state);
        self.lead_field("country", lead.country);
    }

    fn action(&mut self, cmd: Cmd) {
        let i = self.cmds.len();
        self.push(format!("actions[{i}][cmd]"), cmd.as_str());
        self.cmds.push(cmd);
    }

    /// An action that names a tag; the tag is sent exactly as given (Kartra matches names exactly).
    fn tag_action(&mut self, cmd: Cmd, tag: &str) {
        let i = self.cmds.len();
        self.action(cmd);
        self.push(format!("actions[{i}][tag_name]"), tag);
    }

    /// A look-up, `get_lead[field]=value`: Kartra answers it only when the call has no actions.
    fn lookup(&mut self, cmd: Cmd, field: &str, value: &str) {
        self.push(format!("{}[{field}]", cmd.as_str()), value.trim());
        self.cmds.push(cmd);
    }

    /// The `application/x-www-form-urlencoded` body.
    pub(super) fn body(&self) -> String {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.pairs {
            form.append_pair(key, value);
        }
        form.finish()
    }

    /// The commands, for logs and summaries: "create_lead, assign_tag".
    pub(super) fn cmd_names(&self) -> String {
        let names: Vec<&str> = self.cmds.iter().map(|c| c.as_str()).collect();
        names.join(", ")
    }
}

/// Kartra's firewall reportedly rejects names containing markup characters, so drop them.
fn strip_markup(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '<' | '>' | '=' | '{' | '}' | '[' | ']' | '\\'))
        .collect()
}

/// `[create_lead, assign_tag]` for a buyer who may be new.
pub(super) fn create_and_assign(creds: &Credentials, lead: &Lead, tag: &str) -> Call {
    let mut call = Call::new(creds);
    call.lead(lead);
    call.action(Cmd::CreateLead);
    call.tag_action(Cmd::AssignTag, tag);
    call
}

/// `[edit_lead, assign_tag]` for a buyer Kartra already knows by email.
pub(super) fn edit_and_assign(creds: &Credentials, lead: &Lead, tag: &str) -> Call {
    let mut call = Call::new(creds);
    call.lead(lead);
    call.action(Cmd::EditLead);
    call.tag_action(Cmd::AssignTag, tag);
    call
}

/// `lead[email]` + `[unassign_tag]`.
pub(super) fn unassign(creds: &Credentials, email: &str, tag: &str) -> Call {
    let mut call = Call::new(creds);
    call.lead_field("email", email);
    call.tag_action(Cmd::UnassignTag, tag);
    call
}

/// `[retrieve_account_tags]`, no lead.
pub(super) fn account_tags(creds: &Credentials) -> Call {
    let mut call = Call::new(creds);
    call.action(Cmd::RetrieveAccountTags);
    call
}

/// `get_lead[email]`, no lead and no actions: the lead as Kartra has it now.
pub(super) fn get_lead(creds: &Credentials, email: &str) -> Call {
    let mut call = Call::new(creds);
    call.lookup(Cmd::GetLead, "email", email);
    call
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials {
            app_id: "APP".into(),
            api_key: "KEY".into(),
            api_password: "PW".into(),
        }
    }

    fn pairs(call: &Call) -> Vec<(&str, &str)> {
        call.pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    fn buyer() -> Lead<'static> {
        Lead {
            email: "ann@example.com",
            first_name: "Ann",
            last_name: "Lee",
            phone: "+1 555 0100",
            address: "1 Main St",
            city: "Springfield",
            zip: "12345",
            state: "IL",
            country: "US",
        }
    }

    const CREDS: [(&str, &str); 3] = [
        ("app_id", "APP"),
        ("api_key", "KEY"),
        ("api_password", "PW"),
    ];
    const LEAD: [(&str, &str); 9] = [
        ("lead[email]", "ann@example.com"),
        ("lead[first_name]", "Ann"),
        ("lead[last_name]", "Lee"),
        ("lead[phone]", "+1 555 0100"),
        ("lead[address]", "1 Main St"),
        ("lead[city]", "Springfield"),
        ("lead[zip]", "12345"),
        ("lead[state]", "IL"),
        ("lead[country]", "US"),
    ];

    #[test]
    fn command_names_are_exactly_kartras() {
        assert_eq!(Cmd::CreateLead.as_str(), "create_lead");
        assert_eq!(Cmd::EditLead.as_str(), "edit_lead");
        assert_eq!(Cmd::AssignTag.as_str(), "assign_tag");
        assert_eq!(Cmd::UnassignTag.as_str(), "unassign_tag");
        assert_eq!(Cmd::RetrieveAccountTags.as_str(), "retrieve_account_tags");
        assert_eq!(Cmd::GetLead.as_str(), "get_lead");
    }

    #[test]
    fn create_and_assign_sends_credentials_lead_then_both_actions() {
        let call = create_and_assign(&creds(), &buyer(), "vip");
        let mut want = CREDS.to_vec();
        want.extend(LEAD);
        want.extend([
            ("actions[0][cmd]", "create_lead"),
            ("actions[1][cmd]", "assign_tag"),
            ("actions[1][tag_name]", "vip"),
        ]);
        assert_eq!(pairs(&call), want);
        assert_eq!(call.cmds, [Cmd::CreateLead, Cmd::AssignTag]);
    }

    #[test]
    fn edit_and_assign_sends_credentials_lead_then_edit_and_assign() {
        let call = edit_and_assign(&creds(), &buyer(), "vip");
        let mut want = CREDS.to_vec();
        want.extend(LEAD);
        want.extend([
            ("actions[0][cmd]", "edit_lead"),
            ("actions[1][cmd]", "assign_tag"),
            ("actions[1][tag_name]", "vip"),
        ]);
        assert_eq!(pairs(&call), want);
        assert_eq!(call.cmds, [Cmd::EditLead, Cmd::AssignTag]);
    }

    #[test]
    fn revoke_sends_only_the_email_and_unassign_tag() {
        let call = unassign(&creds(), "ann@example.com", "vip");
        let mut want = CREDS.to_vec();
        want.extend([
            ("lead[email]", "ann@example.com"),
            ("actions[0][cmd]", "unassign_tag"),
            ("actions[0][tag_name]", "vip"),
        ]);
        assert_eq!(pairs(&call), want);
    }

    #[test]
    fn account_tags_sends_no_lead() {
        let call = account_tags(&creds());
        let mut want = CREDS.to_vec();
        want.push(("actions[0][cmd]", "retrieve_account_tags"));
        assert_eq!(pairs(&call), want);
    }

    #[test]
    fn get_lead_sends_only_the_email_under_get_lead_and_no_actions() {
        let call = get_lead(&creds(), " ann@example.com ");
        let mut want = CREDS.to_vec();
        want.push(("get_lead[email]", "ann@example.com"));
        assert_eq!(pairs(&call), want);
        assert_eq!(call.cmds, [Cmd::GetLead]);
        assert_eq!(
            call.body(),
            "app_id=APP&api_key=KEY&api_password=PW&get_lead%5Bemail%5D=ann%40example.com"
        );
    }

    #[test]
    fn empty_and_blank_lead_fields_are_omitted() {
        let lead = Lead {
            email: "ann@example.com",
            city: "  ",
            zip: "",
            ..Lead::default()
        };
        let call = create_and_assign(&creds(), &lead, "vip");
        let keys: Vec<&str> = call
            .pairs
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| k.starts_with("lead["))
            .collect();
        assert_eq!(keys, ["lead[email]"]);
    }

    #[test]
    fn markup_characters_are_stripped_from_names_only() {
        let lead = Lead {
            email: "ann@example.com",
            first_name: "<b>Ann</b>",
            last_name: "O{=}[Lee]\\",
            address: "Flat [2]",
            ..Lead::default()
        };
        let call = create_and_assign(&creds(), &lead, "vip");
        let p = pairs(&call);
        assert!(p.contains(&("lead[first_name]", "bAnn/b")));
        assert!(p.contains(&("lead[last_name]", "OLee")));
        assert!(p.contains(&("lead[address]", "Flat [2]")));
    }

    #[test]
    fn body_is_form_encoded_with_literal_bracket_keys_escaped() {
        let call = unassign(&creds(), "a+b@example.com", "VIP & co");
        assert_eq!(
            call.body(),
            "app_id=APP&api_key=KEY&api_password=PW&lead%5Bemail%5D=a%2Bb%40example.com\
             &actions%5B0%5D%5Bcmd%5D=unassign_tag&actions%5B0%5D%5Btag_name%5D=VIP+%26+co"
        );
    }
}
