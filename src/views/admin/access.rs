//! Access (entitlements) in the dashboard's words, which are the API's: the state labels of
//! `EntitlementState::label`, "access ends …", "in Kartra: yes/no (checked at …)". Shared by
//! the order page, the buyer's access view and Needs attention.

use crate::clock;
use crate::db::entitlements::Entitlement;
use crate::domain::access::{Access, EntitlementState};
use crate::domain::ids::{EntitlementId, OrderId};
use crate::views::components::csrf;
use maud::{html, Markup};

/// `/admin/buyers/{email}`, the email percent-encoded as one path segment.
pub fn buyer_href(email: &str) -> String {
    let segment: String = url::form_urlencoded::byte_serialize(email.as_bytes()).collect();
    format!("/admin/buyers/{segment}")
}

pub fn state_pill(state: EntitlementState) -> Markup {
    let class = match state {
        EntitlementState::Granted => "pill ok",
        EntitlementState::ScheduledRevoke => "pill warn",
        EntitlementState::Pending | EntitlementState::Revoked => "pill",
    };
    html! { span class=(class) title=(state.as_str()) { (state.label()) } }
}

/// `in Kartra: yes (checked at …)`, `… no (…)`, or `not read back yet`.
pub fn in_kartra(e: &Entitlement) -> String {
    let answer = match e.in_kartra {
        Some(true) => "yes",
        Some(false) => "no",
        None => return "in Kartra: not read back yet".into(),
    };
    match e.verified_at {
        Some(at) => format!("in Kartra: {answer} (checked at {})", clock::display(at)),
        None => format!("in Kartra: {answer}"),
    }
}

/// What tagcart says against what Kartra said, for a drifted entitlement.
pub fn disagreement(e: &Entitlement) -> String {
    match e.state.expects_tag() {
        true => format!(
            "tagcart says {}: the tag should be on the lead, but Kartra's lead does not carry it",
            e.state.as_str()
        ),
        false => "tagcart says revoked: the tag should be gone, but Kartra's lead still carries it"
            .into(),
    }
}

/// What one order gives for a tag: `access`, `access until …`, `no access`.
pub fn access_words(access: Access) -> String {
    match access {
        Access::Ongoing => "access".into(),
        Access::Until(t) => format!("access until {}", clock::display(t)),
        Access::Ended => "no access".into(),
    }
}

pub fn order_links(orders: &[OrderId]) -> Markup {
    html! {
        @for (i, id) in orders.iter().enumerate() {
            @if i > 0 { ", " }
            a href=(format!("/admin/orders/{id}")) { "#" (id) }
        }
    }
}

/// State, when access ends, what Kartra said and whether it disagrees: one entitlement's facts.
pub fn facts(e: &Entitlement) -> Markup {
    html! {
        (state_pill(e.state))
        @if let (EntitlementState::ScheduledRevoke, Some(at)) = (e.state, e.revoke_at) {
            " " span.when { "access ends " (clock::display(at)) }
        }
        br;
        small.muted { (in_kartra(e)) }
        @if e.drifted() {
            p.drift { strong { "Kartra disagrees. " } (disagreement(e)) "." }
        }
    }
}

/// "Re-apply": sends the entitlement's state to Kartra again; `back` says where to return.
pub fn reapply_button(id: EntitlementId, csrf_token: &str, back: &str) -> Markup {
    html! {
        form.inline method="post" action=(format!("/admin/access/{id}/reapply")) {
            (csrf(csrf_token))
            input type="hidden" name="back" value=(back);
            button.secondary.small type="submit" { "Re-apply" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buyers_email_is_one_path_segment() {
        assert_eq!(
            buyer_href("ann+vip@example.com"),
            "/admin/buyers/ann%2Bvip%40example.com"
        );
        assert_eq!(buyer_href("a/b@x.co"), "/admin/buyers/a%2Fb%40x.co");
    }
}
