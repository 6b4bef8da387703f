//! The EU's VIES service: is a business buyer's VAT ID registered? Asked once at checkout,
//! over its REST API (`POST {base}/check-vat-number`). VIES is often down for a member state;
//! a sale never waits on it: whatever is not a clear yes or no is `Unavailable`, and the sale
//! proceeds with tax charged (the order notes it).

use crate::domain::tax::{VatCheck, VatId};
use serde::Deserialize;
use std::time::Duration;

/// The buyer is waiting on the checkout form.
const TIMEOUT: Duration = Duration::from_secs(6);

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    country_code: Option<String>,
    vat_number: Option<String>,
    valid: Option<bool>,
    /// VIES reports its own failures (`MS_UNAVAILABLE`, `TIMEOUT`, ...) here, sometimes with 200.
    #[serde(default)]
    error_wrappers: Vec<serde_json::Value>,
    action_succeed: Option<bool>,
}

pub fn check(base_url: &str, id: &VatId) -> VatCheck {
    let agent = crate::http_client::builder()
        .timeout_connect(TIMEOUT)
        .timeout(TIMEOUT)
        .build();
    let url = format!("{}/check-vat-number", base_url.trim_end_matches('/'));
    let body = serde_json::json!({"countryCode": id.prefix(), "vatNumber": id.number()});
    let answer = match (agent.post(&url))
        .set("Content-Type", "application/json")
        .set("Accept", "application/json")
        .send_string(&body.to_string())
    {
        Ok(res) => res
            .into_string()
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<Answer>(&text).map_err(|e| e.to_string())),
        Err(e) => {
            tracing::warn!(vat_id = id.as_str(), error = %e, "VIES did not answer; tax is charged");
            return VatCheck::Unavailable;
        }
    };
    match answer {
        Ok(a) => verdict(&a, id),
        Err(e) => {
            tracing::warn!(vat_id = id.as_str(), error = %e, "VIES's answer is unreadable; tax is charged");
            VatCheck::Unavailable
        }
    }
}

fn verdict(a: &Answer, id: &VatId) -> VatCheck {
    let about_this_id = a.country_code.as_deref() == Some(id.prefix())
        && a.vat_number.as_deref() == Some(id.number());
    let failed = !a.error_wrappers.is_empty() || a.action_succeed == Some(false);
    match (failed, about_this_id, a.valid) {
        (false, true, Some(true)) => VatCheck::Valid,
        (false, true, Some(false)) => VatCheck::Invalid,
        _ => {
            tracing::warn!(
                vat_id = id.as_str(),
                "VIES gave no verdict on this VAT ID; tax is charged"
            );
            VatCheck::Unavailable
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(json: &str) -> Answer {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn only_a_clear_answer_about_this_id_is_a_verdict() {
        let id = VatId::parse("DE", "DE123456789").unwrap();
        let yes = r#"{"countryCode":"DE","vatNumber":"123456789","requestDate":"2026-12-05T10:00:00.000Z","valid":true,"name":"---","address":"---"}"#;
        assert_eq!(verdict(&answer(yes), &id), VatCheck::Valid);
        let no = yes.replace("\"valid\":true", "\"valid\":false");
        assert_eq!(verdict(&answer(&no), &id), VatCheck::Invalid);
        let other = yes.replace("123456789", "999999999");
        assert_eq!(verdict(&answer(&other), &id), VatCheck::Unavailable);
        let busy = r#"{"actionSucceed":false,"errorWrappers":[{"error":"MS_MAX_CONCURRENT_REQ","message":"busy"}]}"#;
        assert_eq!(verdict(&answer(busy), &id), VatCheck::Unavailable);
    }
}
