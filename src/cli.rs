//! The command line of interfaces.md. Every flag can also come from its environment variable.

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
    /// Queue the Kartra grant of completed orders again.
    Replay {
        /// One order's id.
        #[arg(long, conflicts_with_all = ["since", "until"], required_unless_present = "since")]
        order: Option<i64>,
        /// Every order completed at or after this time (RFC 3339).
        #[arg(long)]
        since: Option<String>,
        /// ... and before this time (RFC 3339); default now.
        #[arg(long, requires = "since")]
        until: Option<String>,
    },
    /// Run the troubleshooting checklist; exit 1 if anything is broken.
    Doctor {
        #[arg(
            long,
            env = "TAGCART_KARTRA_API_URL",
            default_value = "https://app.kartra.com/api"
        )]
        kartra_api_url: String,
        /// Used in the advice about webhook URLs.
        #[arg(long, env = "TAGCART_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Write a consistent online copy of the database to FILE.
    Backup { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an admin; the password is read from standard input.
    Add { email: String },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Print a new API token (shown once, stored hashed).
    Create { name: String },
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "TAGCART_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Public base URL, used for return and webhook URLs [default: http://<listen>]
    #[arg(long, env = "TAGCART_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[arg(
        long,
        env = "TAGCART_KARTRA_API_URL",
        default_value = "https://app.kartra.com/api"
    )]
    pub kartra_api_url: String,
    /// Kartra calls per second at most (Kartra allows 20).
    #[arg(long, env = "TAGCART_KARTRA_RATE", default_value_t = 18, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub kartra_rate: u32,
    #[arg(
        long,
        env = "TAGCART_STRIPE_API_URL",
        default_value = "https://api.stripe.com"
    )]
    pub stripe_api_url: String,
    #[arg(
        long,
        env = "TAGCART_STRIPE_JS_URL",
        default_value = "https://js.stripe.com/v3/"
    )]
    pub stripe_js_url: String,
    #[arg(
        long,
        env = "TAGCART_PAYPAL_API_URL",
        default_value = "https://api-m.paypal.com"
    )]
    pub paypal_api_url: String,
}
