//! The coupon field: collapsed behind "Have a coupon?" (`<details>`, no script needed), with an
//! "Apply" button that shows the page again with the coupon applied instead of placing the order.

use super::Ctx;
use crate::domain::coupon;
use crate::domain::discount::Discount;
use crate::i18n::{self, words};
use crate::views::components::field_id;
use maud::{html, Markup};

pub(super) fn render(ctx: &Ctx) -> Markup {
    let error = ctx.errors.get("coupon");
    let typed = ctx.input.coupon.trim();
    let id = field_id("coupon");
    let l = ctx.locale;
    // A fixed amount is in the price's own currency (a coupon in another is refused).
    let price = (ctx.offer.prices.iter())
        .find(|p| p.id.to_string() == ctx.input.price_id.trim())
        .or(ctx.offer.prices.first());
    let chosen_discount = price.and_then(|p| ctx.coupon.and_then(|c| c.on(p.id)));
    let applied = |d: &Discount| match price {
        Some(p) => words::discount(l, d.off, d.duration, p.terms.kind, p.terms.currency()),
        None => coupon::describe(d, None),
    };
    html! {
        details.coupon open[error.is_some() || ctx.coupon.is_some() || !typed.is_empty()] {
            summary { (i18n::t(l, "coupon-have")) }
            div.field.invalid[error.is_some()] {
                label for=(id) { (i18n::t(l, "coupon-code")) }
                div.coupon-entry {
                    input id=(id) type="text" name="coupon" value=(typed) maxlength="40" autocomplete="off"
                        autocapitalize="characters" spellcheck="false"
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))];
                    // formnovalidate: applying a code needs none of the buyer's details yet.
                    button.apply type="submit" name="apply_coupon" value="1" formnovalidate { (i18n::t(l, "coupon-apply")) }
                }
                @if let Some(message) = error {
                    small.error id=(format!("{id}-error")) { (message) }
                } @else if let Some(discount) = chosen_discount {
                    p.coupon-applied role="status" {
                        (i18n::t_markup(l, "coupon-applied", &[("discount", (&applied(discount)).into())],
                            &[("code", html! { strong { (discount.code) } })]))
                    }
                }
            }
        }
    }
}
