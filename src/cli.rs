//! The command line (README, "Configuration"). Every flag can also come from its environment variable.

use crate::gateways::{registry, Gateway};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "tagcart",
    version,
    about = "Self-hosted checkout that grants Kartra access through tags"
)]
pub struct Cli {
    /// Accepted before or after the subcommand (`global`).
    #[command(flatten)]
    pub data: DataDir,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct DataDir {
    /// Where the database and the secret key live.
    #[arg(
        long,
        env = "TAGCART_DATA_DIR",
        default_value = "./tagcart-data",
        global = true
    )]
    pub data_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server and the fulfillment worker.
    Serve(ServeArgs),
    /// Manage admins.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Queue the Kartra grant of completed orders again: `--order ID`, or `--since T [--until T]`.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["order", "since"])))]
    Replay {
        /// One order's id.
        #[arg(long, conflicts_with_all = ["since", "until"])]
        order: Option<i64>,
        /// Every order completed at or after this time (RFC 3339, e.g. 2026-01-31T00:00:00Z).
        #[arg(long)]
        since: Option<String>,
        /// ... and before this time (RFC 3339); default now.
        #[arg(long, requires = "since")]
        until: Option<String>,
    },
    /// Run the troubleshooting checklist; exit 1 if anything is broken.
    /// Reads the same flags and environment as `serve`, so it checks what `serve` uses.
    Doctor(ServeArgs),
    /// Write a consistent online copy of the database, safe while `serve` runs.
    ///
    /// The copy holds sealed secrets that only the data dir's `secret.key` opens: back up
    /// that file too (once; it never changes), and keep both somewhere safe.
    Backup {
        /// The new backup file, e.g. tagcart-2026-01-31.db; an existing file is never overwritten.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an admin; the password is read from standard input.
    Add {
        /// The new admin's email, used to sign in.
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Print a new API token (shown once, stored hashed).
    Create {
        /// What the token is for, e.g. "zapier"; shown in the dashboard's token list.
        name: String,
    },
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "TAGCART_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Public base URL, used for return and webhook URLs [default: http://<listen>]
    #[arg(long, env = "TAGCART_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Kartra's API endpoint; change it only to test against a stand-in.
    #[arg(
        long,
        env = "TAGCART_KARTRA_API_URL",
        default_value = "https://app.kartra.com/api"
    )]
    pub kartra_api_url: String,
    /// Kartra calls per second at most (Kartra allows 20).
    #[arg(long, env = "TAGCART_KARTRA_RATE", default_value_t = 18, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub kartra_rate: u32,
    /// Each processor's API endpoint (`--stripe-api-url`, `--paypal-api-url`, ...).
    #[command(flatten)]
    pub processor_apis: ProcessorApis,
    /// Where buyers' browsers load Stripe.js from.
    #[arg(
        long,
        env = "TAGCART_STRIPE_JS_URL",
        default_value = "https://js.stripe.com/v3/"
    )]
    pub stripe_js_url: String,
    /// The EU's VIES service, asked whether a business buyer's VAT ID is registered.
    #[arg(
        long,
        env = "TAGCART_VIES_URL",
        default_value = "https://ec.europa.eu/taxation_customs/vies/rest-api"
    )]
    pub vies_url: String,
    /// A reverse proxy (Caddy, nginx) stands in front: take the client's address, the host and
    /// the scheme from its Forwarded / X-Forwarded-* headers. Off, those headers are ignored,
    /// since anyone can send them.
    #[arg(long, env = "TAGCART_TRUST_PROXY")]
    pub trust_proxy: bool,
}

/// One `--{name}-api-url` flag per processor with an API, from its `Kind` in the registry: a
/// processor added there gets its flag without a change here.
#[derive(Debug, Clone, Default)]
pub struct ProcessorApis(pub Vec<(Gateway, String)>);

impl clap::FromArgMatches for ProcessorApis {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut apis = ProcessorApis::default();
        apis.update_from_arg_matches(matches)?;
        Ok(apis)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0 = registry::KINDS
            .iter()
            .filter_map(|kind| {
                let url = matches.get_one::<String>(kind.api.as_ref()?.flag)?;
                Some((kind.gateway, url.clone()))
            })
            .collect();
        Ok(())
    }
}

impl clap::Args for ProcessorApis {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        let apis = registry::KINDS.iter().filter_map(|kind| kind.api.as_ref());
        apis.fold(cmd, |cmd, api| {
            cmd.arg(
                clap::Arg::new(api.flag)
                    .long(api.flag)
                    .env(api.env)
                    .value_name("URL")
                    .default_value(api.default)
                    .help(api.help),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}
