//! Buyers help themselves, merchants act from the dashboard: refunds and cancellations asked
//! of each processor (the test gateway, localstripe, the strict fake PayPal), partial refunds
//! the same on every processor, and the customer portal's sign-in and its security.

use crate::harness::{api, Browser, Resp};
use crate::purchase::Shop;
use crate::smtp_server::SmtpServer;
use mail_parser::MessageParser;
use serde_json::{json, Value};

mod actions;
mod paypal;
mod portal;
pub(crate) mod stripe;

/// `POST /orders/{id}/{action}` with `body`.
pub fn act(shop: &Shop, order: &Value, action: &str, body: &str) -> Resp {
    let path = format!("/orders/{}/{action}", order["id"]);
    api(
        &shop.server.base,
        "POST",
        &path,
        Some(&shop.token),
        Some(body),
    )
}

/// The shop's mail goes to `smtp`, so its buyers can sign in to the portal.
pub(crate) fn mail_to(shop: &Shop, smtp: &SmtpServer) {
    let body = json!({"smtp_url": smtp.url(), "from": "Shop <shop@example.com>"}).to_string();
    let res = api(
        &shop.server.base,
        "PUT",
        "/integrations/email",
        Some(&shop.token),
        Some(&body),
    );
    assert_eq!(res.status, 200, "{}", res.body);
}

/// The portal sign-in links emailed to `email` so far, oldest first, as paths.
pub(crate) fn links_to(smtp: &SmtpServer, email: &str) -> Vec<String> {
    let mut links = vec![];
    for raw in smtp.messages() {
        let message = MessageParser::default().parse(&raw[..]).unwrap();
        let to = message.to().and_then(|to| to.first()?.address());
        if to.map(str::to_string).as_deref() != Some(email) {
            continue;
        }
        let text = message.body_text(0).unwrap_or_default().to_string();
        if let Some(start) = text.find("/account/link/") {
            links.push(
                text[start..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect(),
            );
        }
    }
    links
}

/// A buyer signed in to the portal with a link emailed just now (other mail, such as
/// receipts, may arrive in between).
pub(crate) fn signed_in(shop: &Shop, smtp: &SmtpServer, email: &str) -> Browser {
    let before = links_to(smtp, email).len();
    let buyer = Browser::new(&shop.server.base);
    assert_eq!(buyer.get("/account").status, 200);
    let asked = buyer.post("/account/sign-in", &[("email", email)]);
    assert_eq!(asked.status, 200, "{}", asked.body);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let link = loop {
        if let Some(link) = links_to(smtp, email).get(before) {
            break link.clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no sign-in link to {email}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50)); // the mail queue's worker
    };
    let used = buyer.post(&link, &[]);
    assert_eq!(used.status, 303, "{}", used.body);
    buyer
}
