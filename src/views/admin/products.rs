//! Products: list and the create/edit form with its price options.

use crate::domain::product::{Interval, PriceKind, Product};
use crate::domain::validation::FieldErrors;
use crate::views::components::{checkbox, csrf, error_summary, post_button, select, Input};
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

/// The form's values as typed, so a refused form comes back exactly as it was sent.
#[derive(Debug, Default, Clone)]
pub struct ProductForm {
    pub name: String,
    pub kartra_tag: String,
    pub thank_you_url: String,
    pub show_receipt: bool,
    pub image_url: String,
    pub revoke_on_refund: bool,
    pub on_cancel: String,
    pub grace_days: String,
    pub payment_failed_tag: String,
    pub prices: Vec<PriceRow>,
}

fn on_cancel_options() -> Vec<(String, String)> {
    [
        ("period_end", "Keep access until the paid period ends"),
        ("immediately", "Remove access at once"),
    ]
    .map(|(value, label)| (value.to_string(), label.to_string()))
    .to_vec()
}

/// One price option as form text; `amount` is in major units (`49.00`).
#[derive(Debug, Clone)]
pub struct PriceRow {
    pub id: String,
    pub kind: String,
    pub currency: String,
    pub amount: String,
    pub interval: String,
    pub interval_count: String,
    pub installments: String,
    pub trial_days: String,
}

impl Default for PriceRow {
    fn default() -> PriceRow {
        PriceRow {
            id: String::new(),
            kind: "one_time".into(),
            currency: "USD".into(),
            amount: String::new(),
            interval: "month".into(),
            interval_count: "1".into(),
            installments: String::new(),
            trial_days: String::new(),
        }
    }
}

/// `tags`: the Kartra account's tags, when a connection test has fetched them; products whose
/// tag is not among them are marked.
pub fn list(nav: &Nav, products: &[Product], tags: Option<&[String]>) -> Markup {
    let missing = |p: &Product| tags.is_some_and(|tags| !tags.contains(&p.kartra_tag));
    let untagged: Vec<&Product> = products.iter().filter(|p| missing(p)).collect();
    layout::admin(
        "Products",
        nav,
        html! {
            div.heading {
                h1 { "Products" }
                a.button.primary href="/admin/products/new" { "New product" }
            }
            @if !untagged.is_empty() {
                div.alert.error role="alert" {
                    p { "These products name a tag your Kartra account does not have (as of the last successful connection test). Their grants wait until the tag exists:" }
                    ul {
                        @for p in &untagged {
                            li { a href=(format!("/admin/products/{}", p.id)) { (p.name) } ": no tag named " code { (p.kartra_tag) } }
                        }
                    }
                    p { "Create the tag in Kartra and run the " a href="/admin/settings/kartra" { "connection test" } " again, or edit the product to pick an existing tag." }
                }
            }
            @if products.is_empty() {
                p.empty { "No products yet. A product is what a buyer gets: a Kartra tag, and the prices to pay for it." }
            } @else {
                table.list {
                    thead { tr { th { "Name" } th { "Kartra tag" } th { "Prices" } } }
                    tbody {
                        @for p in products {
                            tr {
                                td data-label="Name" { a href=(format!("/admin/products/{}", p.id)) { (p.name) } }
                                td data-label="Kartra tag" {
                                    code { (p.kartra_tag) }
                                    @if missing(p) { " " span.pill.bad { "not in your Kartra account" } }
                                }
                                td data-label="Prices" {
                                    @for price in &p.prices { span.pill { (price.terms.describe()) } " " }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `id` is `None` for a new product. `tags`: the Kartra account's tags, when a connection
/// test has fetched them.
pub fn form(
    nav: &Nav,
    id: Option<crate::domain::ids::ProductId>,
    f: &ProductForm,
    tags: Option<&[String]>,
    errors: &FieldErrors,
) -> Markup {
    let unknown_tag =
        tags.is_some_and(|tags| !f.kartra_tag.is_empty() && !tags.contains(&f.kartra_tag));
    let (title, action) = match id {
        Some(id) => ("Edit product".to_string(), format!("/admin/products/{id}")),
        None => ("New product".to_string(), "/admin/products".to_string()),
    };
    let kinds: Vec<(String, String)> = PriceKind::ALL
        .iter()
        .map(|k| (k.as_str().into(), k.label().into()))
        .collect();
    let intervals: Vec<(String, String)> = Interval::ALL
        .iter()
        .map(|i| (i.as_str().into(), i.as_str().into()))
        .collect();
    layout::admin(
        &title,
        nav,
        html! {
            h1 { (title) }
            (error_summary(errors, &["prices"]))
            form.stack method="post" action=(action) novalidate {
                (csrf(nav.csrf))
                (Input::text("Name", "name", &f.name).required().render(errors))
                (Input::text("Kartra tag", "kartra_tag", &f.kartra_tag).required().list("kartra-tags")
                    .hint("Exactly as the tag is named in your Kartra account; your Kartra automation grants access when this tag is assigned.")
                    .render(errors))
                @if let Some(tags) = tags {
                    datalist id="kartra-tags" { @for t in tags { option value=(t); } }
                } @else {
                    p.hint { a href="/admin/settings/kartra" { "Connect Kartra" } " to pick from your account's tags." }
                }
                @if unknown_tag {
                    div.alert.error role="alert" {
                        "Your Kartra account has no tag named \"" (f.kartra_tag) "\" (as of the last connection test). "
                        "Grants for this product will wait until the tag exists. Create it in Kartra, or pick an existing one."
                    }
                }
                (Input::text("Thank-you URL", "thank_you_url", &f.thank_you_url).kind("url")
                    .hint("Where buyers land after paying. Leave empty for tagcart's own thank-you page (the receipt).").render(errors))
                (checkbox("Show the receipt first, with a Continue link to the thank-you URL", "show_receipt", f.show_receipt, None))
                (Input::text("Image URL", "image_url", &f.image_url).kind("url")
                    .hint("Optional. An https image shown beside the product's name on its checkout pages; square works best.").render(errors))
                fieldset {
                    legend { "When access ends" }
                    p.hint { "A buyer keeps the tag while any of their orders gives it: ending one order never removes a tag another paid order gives." }
                    (checkbox("Remove the tag when a payment is refunded", "revoke_on_refund", f.revoke_on_refund, None))
                    (select("When a subscription is cancelled", "on_cancel", &f.on_cancel, &on_cancel_options(), errors))
                    (Input::text("Grace days after a failed renewal", "grace_days", &f.grace_days).kind("number")
                        .hint("0 to 60. Access stays this long while the processor retries the card; a payment that goes through cancels the removal.")
                        .render(errors))
                    (Input::text("Payment-failed tag", "payment_failed_tag", &f.payment_failed_tag).list("kartra-tags")
                        .hint("Optional. Assigned while a renewal is failing and removed when it recovers, so a Kartra automation can email the buyer.")
                        .render(errors))
                }
                fieldset.prices {
                    legend { "Price options" }
                    p.hint { "Amounts in the currency's normal units, e.g. 49.00. A payment plan's amount is each installment. Leave a row's amount empty to skip it." }
                    @for (i, row) in f.prices.iter().enumerate() {
                        @let at = |name: &str| format!("prices[{i}].{name}");
                        div.price-row {
                            input type="hidden" name=(at("id")) value=(row.id);
                            (select("Kind", &at("kind"), &row.kind, &kinds, errors))
                            (Input::text("Currency", &at("currency"), &row.currency).hint("ISO code: USD, EUR, JPY…").render(errors))
                            (Input::text("Amount", &at("amount"), &row.amount).render(errors))
                            (select("Every", &at("interval"), &row.interval, &intervals, errors))
                            (Input::text("Interval count", &at("interval_count"), &row.interval_count).kind("number")
                                .hint("Subscriptions and plans: bill every N intervals.").render(errors))
                            (Input::text("Installments", &at("installments"), &row.installments).kind("number")
                                .hint("Payment plans only.").render(errors))
                            (Input::text("Trial days", &at("trial_days"), &row.trial_days).kind("number")
                                .hint("Subscriptions only.").render(errors))
                            @if !row.id.is_empty() { (checkbox("Remove this price", &at("remove"), false, None)) }
                        }
                    }
                    button.secondary type="submit" name="action" value="add_row" { "Add another price option" }
                }
                div.actions {
                    button.primary type="submit" name="action" value="save" { "Save product" }
                    a.button href="/admin/products" { "Cancel" }
                }
            }
            @if let Some(id) = id {
                section.danger {
                    h2 { "Delete" }
                    p { "A product that a page sells cannot be deleted." }
                    (post_button(&format!("/admin/products/{id}/delete"), nav.csrf, "Delete this product", "danger"))
                }
            }
        },
    )
}
