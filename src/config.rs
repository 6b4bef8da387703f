//! Settings validated once at start and passed down; no globals.

use crate::cli::ServeArgs;
use crate::gateways::{registry, Gateway};
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
    /// Each processor's API, by its `--{name}-api-url`.
    api_urls: Vec<(Gateway, Url)>,
    pub stripe_js_url: Url,
    /// VIES's REST API (`--vies-url`), without a trailing slash.
    pub vies_url: Url,
    /// Take the client address, host and scheme from a reverse proxy's headers (`--trust-proxy`).
    pub trust_proxy: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("--{flag}: {message}")]
pub struct ConfigError {
    /// Without its dashes.
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
            flag: "listen",
            message: format!("'{}' is not an address like 127.0.0.1:8080", args.listen),
        })?;
        let public_url = match &args.public_url {
            Some(text) => Some(
                http_url("public-url", text)?
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
            kartra_api_url: http_url("kartra-api-url", &args.kartra_api_url)?,
            kartra_rate: args.kartra_rate,
            api_urls: args
                .processor_apis
                .0
                .iter()
                .map(|(gateway, text)| {
                    let flag = registry::kind(*gateway).api.as_ref().map_or("", |a| a.flag);
                    Ok((*gateway, http_url(flag, text)?))
                })
                .collect::<Result<_, ConfigError>>()?,
            stripe_js_url: http_url("stripe-js-url", &args.stripe_js_url)?,
            vies_url: http_url("vies-url", &args.vies_url)?,
            trust_proxy: args.trust_proxy,
        })
    }

    /// A processor's API address; only asked for processors with an `api` in their `Kind`.
    pub fn api_url(&self, gateway: Gateway) -> &Url {
        let found = self.api_urls.iter().find(|(g, _)| *g == gateway);
        &found.expect("a processor with an API has its flag").1
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn config(args: &[&str]) -> Result<Config, ConfigError> {
        let cli = Cli::try_parse_from([&["tagcart", "serve"], args].concat()).unwrap();
        let Command::Serve(serve) = cli.command else {
            panic!("serve")
        };
        Config::from_args(&serve, std::path::Path::new("data"))
    }

    #[test]
    fn every_processor_with_an_api_has_its_flag_with_a_default() {
        let set = config(&["--paypal-api-url", "http://127.0.0.1:9/"]).unwrap();
        assert_eq!(set.api_url(Gateway::Paypal).as_str(), "http://127.0.0.1:9/");
        assert_eq!(
            set.api_url(Gateway::Stripe).as_str(),
            "https://api.stripe.com/"
        );
        let defaults = config(&[]).unwrap();
        for kind in registry::KINDS {
            if let Some(api) = &kind.api {
                let url = defaults.api_url(kind.gateway).as_str();
                assert_eq!(url, format!("{}/", api.default));
            }
        }
    }

    #[test]
    fn a_processor_api_that_is_not_a_url_names_its_flag() {
        let e = config(&["--stripe-api-url", "ftp://x"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--stripe-api-url: 'ftp://x' must be an http or https URL"
        );
    }
}
