//! Settings validated once at start and passed down; no globals.

use crate::cli::ServeArgs;
use std::net::SocketAddr;
use std::path::PathBuf;
use url::Url;

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// Without a trailing slash. `None` until the listener is bound when `--listen` uses port 0.
    pub public_url: Option<String>,
    pub kartra_api_url: Url,
    pub kartra_rate: u32,
    pub stripe_api_url: Url,
    pub stripe_js_url: Url,
    pub paypal_api_url: Url,
    /// VIES's REST API (`--vies-url`), without a trailing slash.
    pub vies_url: Url,
    /// Take the client address, host and scheme from a reverse proxy's headers (`--trust-proxy`).
    pub trust_proxy: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("{flag}: {message}")]
pub struct ConfigError {
    pub flag: &'static str,
    pub message: String,
}

fn http_url(flag: &'static str, text: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(text).map_err(|e| ConfigError {
        flag,
        message: format!("'{text}' is not a URL ({e})"),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ConfigError {
            flag,
            message: format!("'{text}' must be an http or https URL"),
        });
    }
    Ok(url)
}

impl Config {
    pub fn from_args(args: &ServeArgs, data_dir: &std::path::Path) -> Result<Config, ConfigError> {
        let listen: SocketAddr = args.listen.parse().map_err(|_| ConfigError {
            flag: "--listen",
            message: format!("'{}' is not an address like 127.0.0.1:8080", args.listen),
        })?;
        let public_url = match &args.public_url {
            Some(text) => Some(
                http_url("--public-url", text)?
                    .as_str()
                    .trim_end_matches('/')
                    .to_string(),
            ),
            None if listen.port() == 0 => None,
            None => Some(format!("http://{listen}")),
        };
        Ok(Config {
            listen,
            data_dir: data_dir.to_path_buf(),
            public_url,
            kartra_api_url: http_url("--kartra-api-url", &args.kartra_api_url)?,
            kartra_rate: args.kartra_rate,
            stripe_api_url: http_url("--stripe-api-url", &args.stripe_api_url)?,
            stripe_js_url: http_url("--stripe-js-url", &args.stripe_js_url)?,
            paypal_api_url: http_url("--paypal-api-url", &args.paypal_api_url)?,
            vies_url: http_url("--vies-url", &args.vies_url)?,
            trust_proxy: args.trust_proxy,
        })
    }

    pub fn public_url(&self) -> &str {
        self.public_url.as_deref().unwrap_or("")
    }

    /// `scheme://host[:port]` of the public URL, as browsers send it in `Origin`.
    pub fn public_origin(&self) -> String {
        Url::parse(self.public_url())
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default()
    }

    /// The public URL's host name, lower-case (`None` before a port-0 listener is bound).
    pub fn public_host(&self) -> Option<String> {
        Url::parse(self.public_url())
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    }

    /// Cookies get `Secure` when buyers and admins reach us over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url().starts_with("https://")
    }
}
