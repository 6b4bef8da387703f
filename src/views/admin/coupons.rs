//! Coupons: the list, the create/edit form, and one coupon's redemptions.

use crate::clock::{self, Timestamp};
use crate::db::orders::Order;
use crate::domain::coupon::{Coupon, CouponState};
use crate::domain::ids::{CouponId, ProductId};
use crate::domain::validation::FieldErrors;
use crate::views::admin::orders::{money, status_pill};
use crate::views::components::{checkbox, csrf, error_summary, post_button, select, Input};
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

/// The form's values as typed; `amount_off` is in major units (`10.00`).
#[derive(Debug, Default, Clone)]
pub struct CouponForm {
    pub code: String,
    pub percent_off: String,
    pub amount_off: String,
    pub currency: String,
    pub product_ids: Vec<ProductId>,
    pub expires_at: String,
    pub max_redemptions: String,
    pub duration: String,
    pub duration_in_months: String,
    pub paused: bool,
}

fn state_pill(state: CouponState) -> Markup {
    let class = match state {
        CouponState::Active => "pill ok",
        CouponState::Paused => "pill",
        CouponState::Expired | CouponState::UsedUp => "pill bad",
    };
    html! { span class=(class) { (state.as_str()) } }
}

/// "All products" or their names (a deleted product is left out).
fn products_text(c: &Coupon, names: &[(ProductId, String)]) -> String {
    if c.product_ids.is_empty() {
        return "All products".into();
    }
    let named: Vec<&str> = (names.iter())
        .filter(|(id, _)| c.product_ids.contains(id))
        .map(|(_, name)| name.as_str())
        .collect();
    named.join(", ")
}

fn used_text(c: &Coupon) -> String {
    match c.max_redemptions {
        Some(max) => format!("{} / {max}", c.times_redeemed),
        None => c.times_redeemed.to_string(),
    }
}

/// `names`: every product's id and name.
pub fn list(
    nav: &Nav,
    coupons: &[Coupon],
    names: &[(ProductId, String)],
    now: Timestamp,
) -> Markup {
    layout::admin(
        "Coupons",
        nav,
        html! {
            div.heading {
                h1 { "Coupons" }
                a.button.primary href="/admin/coupons/new" { "New coupon" }
            }
            @if coupons.is_empty() {
                p.empty { "No coupons yet. A coupon is a code a buyer types at checkout (or follows in a ?coupon= link) to take a percent or an amount off." }
            } @else {
                table.list {
                    thead { tr { th { "Code" } th { "Takes off" } th { "Products" } th { "Expires" } th { "Used" } th { "State" } th { "" } } }
                    tbody {
                        @for c in coupons {
                            tr {
                                td data-label="Code" { a href=(format!("/admin/coupons/{}", c.id)) { code { (c.code) } } }
                                td data-label="Takes off" { (c.describe()) }
                                td data-label="Products" { (products_text(c, names)) }
                                td data-label="Expires" { (c.expires_at.map(clock::display).unwrap_or_else(|| "never".into())) }
                                td data-label="Used" { (used_text(c)) }
                                td data-label="State" { (state_pill(c.state(now))) }
                                td data-label="" { (pause_button(nav, c)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn pause_button(nav: &Nav, c: &Coupon) -> Markup {
    let (path, label) = match c.paused {
        true => ("resume", "Resume"),
        false => ("pause", "Pause"),
    };
    post_button(
        &format!("/admin/coupons/{}/{path}", c.id),
        nav.csrf,
        label,
        "secondary",
    )
}

fn durations() -> Vec<(String, String)> {
    [
        ("once", "Once (the first charge only)"),
        ("forever", "Forever (every charge)"),
        ("repeating", "For some months"),
    ]
    .map(|(value, label)| (value.to_string(), label.to_string()))
    .to_vec()
}

/// `existing`: the coupon being edited with its redemptions; `None` for a new one.
pub fn form(
    nav: &Nav,
    existing: Option<(&Coupon, &[Order])>,
    f: &CouponForm,
    products: &[(ProductId, String)],
    errors: &FieldErrors,
) -> Markup {
    let id: Option<CouponId> = existing.map(|(c, _)| c.id);
    let (title, action) = match id {
        Some(id) => ("Edit coupon".to_string(), format!("/admin/coupons/{id}")),
        None => ("New coupon".to_string(), "/admin/coupons".to_string()),
    };
    layout::admin(
        &title,
        nav,
        html! {
            h1 { (title) }
            (error_summary(errors, &[]))
            form.stack method="post" action=(action) novalidate {
                (csrf(nav.csrf))
                (Input::text("Code", "code", &f.code).required()
                    .hint("1 to 40 letters, digits, - or _. Buyers may type it in any case.").render(errors))
                fieldset {
                    legend { "What it takes off" }
                    p.hint { "Fill in one: a percent, or an amount with its currency (the coupon then applies only to prices in that currency)." }
                    (Input::text("Percent off", "percent_off", &f.percent_off).kind("number").hint("A whole percent, 1 to 100.").render(errors))
                    div.pair {
                        (Input::text("Amount off", "amount_off", &f.amount_off).hint("In the currency's normal units, e.g. 10.00.").render(errors))
                        (Input::text("Currency", "currency", &f.currency).hint("ISO code: USD, EUR…").render(errors))
                    }
                }
                fieldset {
                    legend { "For subscriptions and payment plans" }
                    (select("Discounted charges", "duration", &f.duration, &durations(), errors))
                    (Input::text("Months", "duration_in_months", &f.duration_in_months).kind("number")
                        .hint("With \"for some months\": 1 to 36.").render(errors))
                }
                fieldset {
                    legend { "Products" }
                    p.hint { "Tick none for every product." }
                    @for (_, message) in errors.iter().filter(|(f, _)| f.starts_with("product_ids")) { p.error { (message) } }
                    @for (pid, name) in products {
                        div.field.check {
                            input id=(format!("f-product-{pid}")) type="checkbox" name="product_ids" value=(pid) checked[f.product_ids.contains(pid)];
                            label for=(format!("f-product-{pid}")) { (name) }
                        }
                    }
                }
                (Input::text("Expires", "expires_at", &f.expires_at).kind("datetime-local")
                    .hint("Optional, in UTC. After it, the code is refused.").render(errors))
                (Input::text("Maximum uses", "max_redemptions", &f.max_redemptions).kind("number")
                    .hint("Optional. Paid orders count, and checkouts still open (for up to an hour).").render(errors))
                (checkbox("Paused (refused at checkout until resumed)", "paused", f.paused, None))
                div.actions {
                    button.primary type="submit" { "Save coupon" }
                    a.button href="/admin/coupons" { "Cancel" }
                }
            }
            @if let Some((coupon, orders)) = existing {
                (redemptions(orders))
                section.danger {
                    h2 { "Delete" }
                    p { "Orders placed with it keep its code and the discount they were given." }
                    details {
                        summary { "Delete this coupon…" }
                        (post_button(&format!("/admin/coupons/{}/delete", coupon.id), nav.csrf, &format!("Yes, delete {}", coupon.code), "danger"))
                    }
                }
            }
        },
    )
}

fn redemptions(orders: &[Order]) -> Markup {
    html! {
        section {
            h2 { "Redemptions" }
            @if orders.is_empty() {
                p.empty { "No order has used it yet." }
            } @else {
                table.list {
                    thead { tr { th { "Order" } th { "Placed" } th { "Buyer" } th { "Paid" } th { "Discount" } th { "Status" } } }
                    tbody {
                        @for o in orders {
                            tr {
                                td data-label="Order" { a href=(format!("/admin/orders/{}", o.id)) { "#" (o.id) } }
                                td data-label="Placed" { (clock::display(o.created_at)) }
                                td data-label="Buyer" { (o.buyer.email) }
                                td data-label="Paid" { (money(o)) }
                                td data-label="Discount" { (discount_text(o)) }
                                td data-label="Status" { (status_pill(o.status)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn discount_text(o: &Order) -> String {
    crate::domain::money::Currency::from_code(&o.currency)
        .map(|c| c.format(o.discount))
        .unwrap_or_else(|| format!("{} {}", o.discount, o.currency))
}
