//! The product's image beside its name: in the order summary, or in the form when the page
//! has no summary.

use crate::domain::product::Product;
use maud::{html, Markup};

/// Its box in CSS pixels, set on the `<img>` so the page does not jump as it loads.
const SIZE: u32 = 64;

pub(crate) fn product_image(product: &Product) -> Markup {
    html! {
        @if let Some(url) = &product.image_url {
            img.product-image src=(url) alt=(product.name) width=(SIZE) height=(SIZE) decoding="async";
        }
    }
}
