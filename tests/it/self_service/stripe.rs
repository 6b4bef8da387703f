//! Refunds, cancellations and the card change on Stripe.
