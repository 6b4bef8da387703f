//! Starting payments, ending plans and asking Stripe how a payment went.

use super::{text_or_id, OffSession, PlanItem, Started, Stripe, StripeError, Subscribed};
use crate::domain::discount::{Discount, Off};
use crate::domain::order::PaymentEvent;
use crate::domain::product::PriceTerms;
use crate::gateways::{LookedUp, Paid};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// PaymentIntent parameters Stripe takes and localstripe refuses ("Unexpected ...").
const EMULATOR_REFUSES: &[&str] = &[
    "receipt_email",
    "description",
    "setup_future_usage",
    "automatic_payment_methods",
];

pub(super) fn pair(name: &str, value: impl ToString) -> (String, String) {
    (name.to_string(), value.to_string())
}

/// One key per object per order: a retried start returns the object the first call made.
fn idempotency_key(payment_ref: &str, object: &str) -> String {
    format!("tagcart-{payment_ref}-{object}")
}

/// The same plan id for the same product name and billing terms, so plans are reused.
pub(super) fn plan_id(product_name: &str, terms: &PriceTerms) -> String {
    let interval = terms.interval.map(|i| i.as_str()).unwrap_or("");
    let count = terms.interval_count.unwrap_or(1);
    let text = format!(
        "{product_name}\0{}\0{}\0{interval}\0{count}",
        terms.currency.to_lowercase(),
        terms.amount
    );
    format!(
        "tagcart_{}",
        &hex::encode(Sha256::digest(text.as_bytes()))[..24]
    )
}

/// The same Stripe coupon id for the same code and terms.
pub(super) fn coupon_id(discount: &Discount, currency: &str) -> String {
    let text = format!(
        "{}\0{:?}\0{}\0{:?}",
        discount.code.to_uppercase(),
        discount.off,
        currency.to_lowercase(),
        discount.duration
    );
    format!(
        "tagcart_{}",
        &hex::encode(Sha256::digest(text.as_bytes()))[..24]
    )
}

fn client_secret_of(object: &Value) -> String {
    object["client_secret"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// localstripe's refusal of a subscription with more than one item (Stripe takes up to 20).
fn emulator_lacks_items(error: &StripeError) -> bool {
    matches!(error, StripeError::Api { status: 500, message, .. } if message == "Not implemented")
}

/// localstripe's refusal of parameters it does not model, when every one named is in `names`.
fn refuses_only(error: &StripeError, names: &[&str]) -> bool {
    match error {
        StripeError::Api {
            status: 400,
            message,
            ..
        } => message
            .strip_prefix("Unexpected ")
            .is_some_and(|list| list.split(", ").all(|name| names.contains(&name))),
        _ => false,
    }
}

impl Stripe {
    /// Checks the keys with a harmless authenticated GET that needs the permission we use most.
    pub fn verify_keys(&self) -> Result<(), StripeError> {
        self.get(&["payment_intents"], &[("limit", "1")])
            .map(|_| ())
    }

    /// PaymentIntent: amount/currency from our database, metadata[payment_ref], receipt_email,
    /// description, and the payment methods the merchant enabled in Stripe's dashboard
    /// (`automatic_payment_methods`: cards, wallets, SEPA Debit, iDEAL, Klarna... where the
    /// currency and the buyer's country allow), confirmed by the browser's Payment Element.
    /// The Idempotency-Key is derived from `payment_ref`, so a retried POST cannot charge twice.
    pub fn start_one_time(
        &self,
        payment_ref: &str,
        terms: &PriceTerms,
        email: &str,
        description: &str,
    ) -> Result<Started, StripeError> {
        self.payment_intent(payment_ref, terms, email, description, vec![])
    }

    /// `start_one_time` for a page that offers an upsell after it: the PaymentIntent belongs to
    /// a Customer and has `setup_future_usage=off_session`, so Stripe keeps the card on that
    /// customer for `charge_saved_card` (the card page says so to the buyer).
    pub fn start_one_time_saving_card(
        &self,
        payment_ref: &str,
        terms: &PriceTerms,
        email: &str,
        description: &str,
    ) -> Result<Started, StripeError> {
        let customer = self.customer(payment_ref, email)?;
        let saving = vec![
            pair("customer", customer),
            pair("setup_future_usage", "off_session"),
        ];
        self.payment_intent(payment_ref, terms, email, description, saving)
    }

    fn payment_intent(
        &self,
        payment_ref: &str,
        terms: &PriceTerms,
        email: &str,
        description: &str,
        extra: Vec<(String, String)>,
    ) -> Result<Started, StripeError> {
        let form = vec![
            pair("amount", terms.amount),
            pair("currency", terms.currency.to_lowercase()),
            pair("automatic_payment_methods[enabled]", "true"),
            pair("metadata[payment_ref]", payment_ref),
            pair("receipt_email", email),
            pair("description", description),
        ]
        .into_iter()
        .chain(extra)
        .collect();
        let intent = self.post_intent(payment_ref, form)?;
        Ok(Started {
            processor_ref: text_or_id(&intent["id"])
                .ok_or_else(|| unexpected("a PaymentIntent without an id"))?,
            client_secret: client_secret_of(&intent),
        })
    }

    /// POSTs the order's one PaymentIntent under a key derived from `payment_ref`, so a retry
    /// returns the first one. localstripe refuses some parameters Stripe takes
    /// (`EMULATOR_REFUSES`): only then is it sent again without them.
    fn post_intent(
        &self,
        payment_ref: &str,
        mut form: Vec<(String, String)>,
    ) -> Result<Value, StripeError> {
        let key = idempotency_key(payment_ref, "payment_intent");
        match self.post(&["payment_intents"], &key, &form) {
            Err(e) if refuses_only(&e, EMULATOR_REFUSES) => {
                // `automatic_payment_methods[enabled]` is refused by its top-level name.
                let top = |name: &str| name.split('[').next().unwrap_or_default().to_string();
                form.retain(|(name, _)| !EMULATOR_REFUSES.contains(&top(name).as_str()));
                self.post(&["payment_intents"], &format!("{key}-plain"), &form)
            }
            other => other,
        }
    }

    /// A Customer for the buyer of `payment_ref` (one per order: the key is derived from it).
    fn customer(&self, payment_ref: &str, email: &str) -> Result<String, StripeError> {
        let form = vec![
            pair("email", email),
            pair("metadata[payment_ref]", payment_ref),
        ];
        let customer = self.post(
            &["customers"],
            &idempotency_key(payment_ref, "customer"),
            &form,
        )?;
        text_or_id(&customer["id"]).ok_or_else(|| unexpected("a Customer without an id"))
    }

    /// The upsell: charges `terms` to the card that paid `paid_with` (the parent order's
    /// PaymentIntent, or its Subscription's default card) while the buyer is not entering it:
    /// one PaymentIntent with that customer and card, `off_session` and confirmed at once. Its
    /// Idempotency-Key comes from `payment_ref`, so a second accept returns the first charge.
    pub fn charge_saved_card(
        &self,
        payment_ref: &str,
        paid_with: &str,
        terms: &PriceTerms,
        description: &str,
    ) -> Result<OffSession, StripeError> {
        let (customer, card) = self.saved_card(paid_with)?;
        let form = vec![
            pair("amount", terms.amount),
            pair("currency", terms.currency.to_lowercase()),
            pair("payment_method_types[]", "card"),
            pair("customer", customer),
            pair("payment_method", card),
            pair("confirm", "true"),
            pair("off_session", "true"),
            pair("metadata[payment_ref]", payment_ref),
            pair("description", description),
        ];
        let intent = match self.post_intent(payment_ref, form) {
            // Stripe: the bank wants 3-D Secure, which off-session cannot do; the buyer can.
            Err(StripeError::NeedsAuthentication { intent }) => {
                return Ok(OffSession::NeedsBuyer(intent))
            }
            // The bank refused it (or wants the buyer, which off-session cannot do): Stripe
            // answers 402 and names the PaymentIntent it made.
            Err(StripeError::Api {
                status: 402,
                message,
                ..
            }) => return Ok(OffSession::Declined(message)),
            other => other?,
        };
        let started = Started {
            processor_ref: text_or_id(&intent["id"])
                .ok_or_else(|| unexpected("a PaymentIntent without an id"))?,
            client_secret: client_secret_of(&intent),
        };
        Ok(match intent["status"].as_str() {
            Some("succeeded" | "processing") => OffSession::Charged(started),
            Some("requires_action") => OffSession::NeedsBuyer(started),
            other => OffSession::Declined(format!(
                "the PaymentIntent is {}",
                other.unwrap_or("without a status")
            )),
        })
    }

    /// The customer and card behind a paid PaymentIntent (`pi_`) or Subscription (`sub_`).
    pub fn saved_card(&self, paid_with: &str) -> Result<(String, String), StripeError> {
        let not_saved = |what: &str| StripeError::Api {
            status: 409,
            code: Some("no_saved_card".into()),
            message: format!("{paid_with} has no {what} to charge again"),
        };
        if !(paid_with.starts_with("pi_") || paid_with.starts_with("sub_")) {
            return Err(not_saved("payment"));
        }
        let (customer, card) = match paid_with.starts_with("sub_") {
            false => {
                let intent = self.get(&["payment_intents", paid_with], &[])?;
                (
                    text_or_id(&intent["customer"]),
                    text_or_id(&intent["payment_method"]),
                )
            }
            true => {
                let subscription = self.get(&["subscriptions", paid_with], &[])?;
                let customer = text_or_id(&subscription["customer"]);
                let mut card = text_or_id(&subscription["default_payment_method"]);
                if let (None, Some(customer)) = (&card, &customer) {
                    let found = self.get(&["customers", customer], &[])?;
                    card = text_or_id(&found["invoice_settings"]["default_payment_method"]);
                }
                (customer, card)
            }
        };
        Ok((
            customer.ok_or_else(|| not_saved("customer"))?,
            card.ok_or_else(|| not_saved("card"))?,
        ))
    }

    /// The card-first start of a subscription or payment plan: a Customer (email,
    /// metadata[payment_ref]) and a SetupIntent for it (off_session, card only,
    /// metadata[payment_ref]) that the browser confirms with `confirmCardSetup`. Nothing is
    /// charged yet: `subscribe_with_setup` creates the subscription once the card is saved.
    /// `processor_ref` is the SetupIntent's id (`seti_...`), `client_secret` its secret.
    pub fn start_card_setup(&self, payment_ref: &str, email: &str) -> Result<Started, StripeError> {
        let customer = self.customer(payment_ref, email)?;
        let form = vec![
            pair("customer", customer),
            pair("usage", "off_session"),
            pair("payment_method_types[]", "card"),
            pair("metadata[payment_ref]", payment_ref),
        ];
        let intent = self.post(
            &["setup_intents"],
            &idempotency_key(payment_ref, "setup_intent"),
            &form,
        )?;
        Ok(Started {
            processor_ref: text_or_id(&intent["id"])
                .ok_or_else(|| unexpected("a SetupIntent without an id"))?,
            client_secret: client_secret_of(&intent),
        })
    }

    /// After the browser confirmed the SetupIntent `setup_intent`: requires it `succeeded`,
    /// makes its card the customer's default (attaching it first if Stripe has not), and creates
    /// the Subscription with `default_payment_method`, the plan, the trial if any,
    /// metadata[payment_ref] (+ metadata[installments]) and `payment_behavior=allow_incomplete`:
    /// the first invoice is charged at once. `Subscribed::confirm` is that invoice's
    /// PaymentIntent's secret when it `requires_action` (3-D Secure in the browser).
    ///
    /// `items` are the order's lines billed by it, the main product first (its trial and
    /// installments are the subscription's): one plan item each, so an order bump is a second
    /// item of the same subscription.
    pub fn subscribe_with_setup(
        &self,
        payment_ref: &str,
        items: &[PlanItem],
        setup_intent: &str,
        discount: Option<&Discount>,
    ) -> Result<Subscribed, StripeError> {
        let terms = &items
            .first()
            .ok_or_else(|| unexpected("a subscription without items"))?
            .terms;
        let intent = self.get(&["setup_intents", setup_intent], &[])?;
        if intent["status"].as_str() != Some("succeeded") {
            return Err(StripeError::Api {
                status: 409,
                code: Some("setup_intent_unexpected_state".into()),
                message: format!(
                    "the card is not saved yet (SetupIntent {})",
                    intent["status"].as_str().unwrap_or("without a status")
                ),
            });
        }
        let card = text_or_id(&intent["payment_method"])
            .ok_or_else(|| unexpected("a succeeded SetupIntent without a payment_method"))?;
        let customer = text_or_id(&intent["customer"])
            .ok_or_else(|| unexpected("a SetupIntent without a customer"))?;
        // Stripe attaches the card to the SetupIntent's customer; localstripe does not.
        let method = self.get(&["payment_methods", &card], &[])?;
        if text_or_id(&method["customer"]).is_none() {
            self.post(
                &["payment_methods", &card, "attach"],
                &idempotency_key(payment_ref, "attach"),
                &[pair("customer", &customer)],
            )?;
        }
        self.post(
            &["customers", &customer],
            &idempotency_key(payment_ref, "default_card"),
            &[pair("invoice_settings[default_payment_method]", &card)],
        )?;

        let mut form = vec![pair("customer", &customer)];
        for (n, item) in items.iter().enumerate() {
            let plan = self.ensure_plan(&item.product_name, &item.terms)?;
            form.push(pair(&format!("items[{n}][plan]"), plan));
        }
        form.extend([
            pair("default_payment_method", &card),
            pair("payment_behavior", "allow_incomplete"),
            pair("metadata[payment_ref]", payment_ref),
            pair("expand[]", "latest_invoice.payment_intent"),
        ]);
        if let Some(days) = terms.trial_days.filter(|d| *d > 0) {
            form.push(pair("trial_period_days", days));
        }
        if let Some(n) = terms.installments {
            form.push(pair("metadata[installments]", n));
        }
        if let Some(discount) = discount {
            form.push(pair(
                "coupon",
                self.ensure_coupon(discount, &terms.currency)?,
            ));
        }
        let key = idempotency_key(payment_ref, "subscription");
        let subscription = match self.post(&["subscriptions"], &key, &form) {
            Err(e) if refuses_only(&e, &["default_payment_method"]) => {
                // Only localstripe: it charges the customer's default card, set just above.
                form.retain(|(name, _)| name != "default_payment_method");
                self.post(&["subscriptions"], &format!("{key}-plain"), &form)
            }
            other => other,
        };
        let subscription = match subscription {
            Err(e) if items.len() > 1 && emulator_lacks_items(&e) => {
                // Only localstripe, which bills one item: one plan for the lines together.
                let names: Vec<&str> = items.iter().map(|i| i.product_name.as_str()).collect();
                let together = PriceTerms {
                    amount: items.iter().map(|i| i.terms.amount).sum(),
                    ..terms.clone()
                };
                let plan = self.ensure_plan(&names.join(" + "), &together)?;
                form.retain(|(name, _)| {
                    !name.starts_with("items[") && name != "default_payment_method"
                });
                form.push(pair("items[0][plan]", plan));
                self.post(&["subscriptions"], &format!("{key}-together"), &form)?
            }
            other => other?,
        };
        let intent = &subscription["latest_invoice"]["payment_intent"];
        let confirm = (intent["status"].as_str() == Some("requires_action"))
            .then(|| client_secret_of(intent))
            .filter(|s| !s.is_empty());
        Ok(Subscribed {
            processor_ref: text_or_id(&subscription["id"])
                .ok_or_else(|| unexpected("a Subscription without an id"))?,
            confirm,
        })
    }

    /// The Stripe coupon with the same terms as ours, created if Stripe does not have it yet.
    /// Its id is derived from the terms, so the same terms reuse one coupon and edited terms
    /// make a new one (orders keep the terms they were placed with).
    pub fn ensure_coupon(
        &self,
        discount: &Discount,
        currency: &str,
    ) -> Result<String, StripeError> {
        let id = coupon_id(discount, currency);
        match self.get(&["coupons", &id], &[]) {
            Ok(_) => return Ok(id),
            Err(StripeError::Api { status: 404, .. }) => {}
            Err(e) => return Err(e),
        }
        let mut form = vec![pair("id", &id)];
        match discount.off {
            Off::Percent(p) => form.push(pair("percent_off", p)),
            Off::Amount(a) => {
                form.push(pair("amount_off", a));
                form.push(pair("currency", currency.to_lowercase()));
            }
        }
        let (duration, months) = crate::domain::coupon::duration_parts(discount.duration);
        form.push(pair("duration", duration));
        if let Some(months) = months {
            form.push(pair("duration_in_months", months));
        }
        match self.post(&["coupons"], &format!("tagcart-{id}"), &form) {
            Ok(_) => Ok(id),
            // Another checkout created it meanwhile.
            Err(e) => self.get(&["coupons", &id], &[]).map(|_| id).map_err(|_| e),
        }
    }

    /// The plan's id, created if Stripe does not have it yet.
    fn ensure_plan(&self, product_name: &str, terms: &PriceTerms) -> Result<String, StripeError> {
        let id = plan_id(product_name, terms);
        match self.get(&["plans", &id], &[]) {
            Ok(_) => return Ok(id),
            Err(StripeError::Api { status: 404, .. }) => {}
            Err(e) => return Err(e),
        }
        let interval = terms.interval.ok_or_else(|| StripeError::Api {
            status: 400,
            code: Some("parameter_missing".into()),
            message: "a subscription price needs an interval".into(),
        })?;
        let form = vec![
            pair("id", &id),
            pair("amount", terms.amount),
            pair("currency", terms.currency.to_lowercase()),
            pair("interval", interval.as_str()),
            pair("interval_count", terms.interval_count.unwrap_or(1)),
            pair(
                "nickname",
                format!(
                    "{product_name}: {} {} every {} {}",
                    terms.amount,
                    terms.currency,
                    terms.interval_count.unwrap_or(1),
                    interval.as_str()
                ),
            ),
            pair("product[name]", product_name),
        ];
        let key = format!("tagcart-plan-{}", crate::crypto::random_token());
        match self.post(&["plans"], &key, &form) {
            Ok(_) => Ok(id),
            // Another checkout created it meanwhile (Stripe: resource_already_exists; localstripe: 409).
            Err(e) => self.get(&["plans", &id], &[]).map(|_| id).map_err(|_| e),
        }
    }

    /// Ends a subscription now (a payment plan whose last installment is paid). Ending one that
    /// has already ended is a success, so the caller can retry until this says so.
    pub fn cancel_subscription(&self, subscription_id: &str) -> Result<(), StripeError> {
        match self.delete(&["subscriptions", subscription_id]) {
            Ok(_) => Ok(()),
            Err(e @ StripeError::Transport(_)) => Err(e),
            Err(e) => match self.get(&["subscriptions", subscription_id], &[]) {
                Ok(s)
                    if matches!(
                        s["status"].as_str(),
                        Some("canceled" | "incomplete_expired")
                    ) =>
                {
                    Ok(())
                }
                _ => Err(e),
            },
        }
    }

    /// Reconciliation: has the payment behind `processor_ref` succeeded? `Some(Completed)` for a
    /// PaymentIntent `succeeded` or a subscription `active`, `trialing` or `past_due` (its first
    /// invoice was paid: a failed first payment leaves it `incomplete`); `Some(Failed)` for a
    /// PaymentIntent `canceled` or a subscription `incomplete_expired`; `None` while still open,
    /// and for a reference that is neither `pi_` nor `sub_`: a SetupIntent (`seti_`, the
    /// card-first start of a subscription) has no payment behind it yet.
    pub fn lookup(&self, processor_ref: &str) -> Result<Option<PaymentEvent>, StripeError> {
        Ok(self.lookup_payment(processor_ref)?.map(|found| found.kind))
    }

    /// `lookup`, with what was paid: a PaymentIntent's amount received, a subscription's price
    /// (its plan's amount: during a trial nothing is paid yet, but the price is the order's).
    pub fn lookup_payment(&self, processor_ref: &str) -> Result<Option<LookedUp>, StripeError> {
        self.look_up(processor_ref, false)
    }

    /// `lookup_payment` when the buyer is back from the Payment Element or a redirect (iDEAL,
    /// Klarna, 3-D Secure): a PaymentIntent left `requires_payment_method` with an error is
    /// that attempt failed, where reconciliation would still wait for the buyer.
    pub fn returned_payment(&self, processor_ref: &str) -> Result<Option<LookedUp>, StripeError> {
        self.look_up(processor_ref, true)
    }

    fn look_up(
        &self,
        processor_ref: &str,
        returned: bool,
    ) -> Result<Option<LookedUp>, StripeError> {
        let found = |kind, paid, object: &Value| LookedUp {
            kind,
            paid,
            processor_ref: text_or_id(&object["id"]),
        };
        if processor_ref.starts_with("pi_") {
            let intent = self.get(&["payment_intents", processor_ref], &[])?;
            let declined = !intent["last_payment_error"].is_null();
            return Ok(match intent["status"].as_str() {
                Some("requires_payment_method") if returned && declined => {
                    Some(found(PaymentEvent::Failed, Paid::NotStated, &intent))
                }
                Some("succeeded") => {
                    let amount = intent["amount_received"]
                        .as_i64()
                        .or_else(|| intent["amount"].as_i64());
                    let paid = stated(amount, &intent["currency"]);
                    Some(found(PaymentEvent::Completed, paid, &intent))
                }
                Some("processing") => {
                    Some(found(PaymentEvent::Processing, Paid::NotStated, &intent))
                }
                Some("canceled") => Some(found(PaymentEvent::Failed, Paid::NotStated, &intent)),
                _ => None,
            });
        }
        if processor_ref.starts_with("sub_") {
            let subscription = self.get(&["subscriptions", processor_ref], &[])?;
            return Ok(match subscription["status"].as_str() {
                Some("active" | "trialing" | "past_due") => {
                    let paid = subscription_price(&subscription);
                    Some(found(PaymentEvent::Completed, paid, &subscription))
                }
                Some("incomplete_expired") => {
                    Some(found(PaymentEvent::Failed, Paid::NotStated, &subscription))
                }
                _ => None,
            });
        }
        if processor_ref.starts_with("seti_") {
            return Ok(None); // the card is being saved; the subscription does not exist yet
        }
        Ok(None)
    }
}

/// What a subscription charges each period: its items' prices (a plan's `amount` or a
/// price's `unit_amount`) times their quantities, in their one currency.
fn subscription_price(subscription: &Value) -> Paid {
    let items = subscription["items"]["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let (mut total, mut currency) = (0i64, None::<Value>);
    for item in &items {
        let plan = &item["plan"];
        let (amount, of) = match plan["amount"].as_i64() {
            Some(amount) => (amount, &plan["currency"]),
            None => (
                match item["price"]["unit_amount"].as_i64() {
                    Some(amount) => amount,
                    None => return Paid::Unreadable("an item without a price".into()),
                },
                &item["price"]["currency"],
            ),
        };
        if currency.as_ref().is_some_and(|c| c != of) {
            return Paid::Unreadable("items in more than one currency".into());
        }
        currency = Some(of.clone());
        total += amount * item["quantity"].as_i64().unwrap_or(1);
    }
    match currency {
        Some(currency) => stated(Some(total), &currency),
        None => {
            let plan = &subscription["plan"];
            stated(plan["amount"].as_i64(), &plan["currency"])
        }
    }
}

/// Stripe's amount and lower-case currency; `Unreadable` when either is missing.
fn stated(amount: Option<i64>, currency: &Value) -> Paid {
    match (amount, currency.as_str().filter(|c| !c.is_empty())) {
        (Some(amount), Some(currency)) => Paid::stated(amount, currency),
        _ => Paid::Unreadable("no amount or currency".into()),
    }
}

pub(super) fn unexpected(what: &str) -> StripeError {
    StripeError::Api {
        status: 200,
        code: None,
        message: format!("unexpected answer: {what}"),
    }
}
