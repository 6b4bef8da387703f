//! The coupon field: collapsed behind "Have a coupon?" (`<details>`, no script needed), with an
//! "Apply" button that shows the page again with the coupon applied instead of placing the order.

use super::Ctx;
use crate::domain::coupon;
use crate::views::components::field_id;
use maud::{html, Markup};

pub(super) fn render(ctx: &Ctx) -> Markup {
    let error = ctx.errors.get("coupon");
    let typed = ctx.input.coupon.trim();
    let id = field_id("coupon");
    // A fixed amount is in the price's own currency (a coupon in another is refused).
    let currency = (ctx.offer.prices.iter())
        .find(|p| p.id.to_string() == ctx.input.price_id.trim())
        .or(ctx.offer.prices.first())
        .map(|p| p.terms.currency.as_str());
    html! {
        details.coupon open[error.is_some() || ctx.discount.is_some() || !typed.is_empty()] {
            summary { "Have a coupon?" }
            div.field.invalid[error.is_some()] {
                label for=(id) { "Coupon code" }
                div.coupon-entry {
                    input id=(id) type="text" name="coupon" value=(typed) maxlength="40" autocomplete="off"
                        autocapitalize="characters" spellcheck="false"
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))];
                    // formnovalidate: applying a code needs none of the buyer's details yet.
                    button.apply type="submit" name="apply_coupon" value="1" formnovalidate { "Apply" }
                }
                @if let Some(message) = error {
                    small.error id=(format!("{id}-error")) { (message) }
                } @else if let Some(discount) = ctx.discount {
                    p.coupon-applied role="status" {
                        "Coupon " strong { (discount.code) } " applied: " (coupon::describe(discount, currency))
                    }
                }
            }
        }
    }
}
