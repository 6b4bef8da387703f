//! Refunds and cancellations on PayPal.
