//! The one recipe for every outbound HTTP call (Kartra, Stripe, PayPal, alerts): bounded
//! time, our user agent, no redirects followed, no proxy taken from the environment.

use std::time::Duration;

/// Time to open the connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Time for the whole call, connecting included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
pub const USER_AGENT: &str = concat!("tagcart/", env!("CARGO_PKG_VERSION"));

/// The recipe with the default timeouts; callers with other needs change them on the builder.
pub fn builder() -> ureq::AgentBuilder {
    // A redirect would carry our credentials to an address nobody configured.
    ureq::AgentBuilder::new()
        .timeout_connect(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .redirects(0)
        .try_proxy_from_env(false)
        .user_agent(USER_AGENT)
}

/// An agent as the recipe makes it.
pub fn agent() -> ureq::Agent {
    builder().build()
}
