use clap::Parser;
use std::process::ExitCode;
use tagcart::cli::{Cli, Command, TokenCommand, UserCommand};
use tagcart::{commands, config::Config, startup};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TAGCART_LOG")
                .unwrap_or_else(|_| "info,actix_server=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let data_dir = cli.data.data_dir;
    // Only `serve` makes a data dir: another command on a mistyped path would act on a new,
    // empty one (a backup of nothing, an admin nobody's server knows) and say it succeeded.
    if !matches!(cli.command, Command::Serve(_)) && !data_dir.is_dir() {
        eprintln!(
            "tagcart: the data dir {} does not exist; pass the one `tagcart serve` uses with --data-dir (or TAGCART_DATA_DIR)",
            data_dir.display()
        );
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Serve(args) => match Config::from_args(&args, &data_dir) {
            Ok(config) => actix_web::rt::System::new()
                .block_on(startup::serve(config))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        },
        Command::User {
            command: UserCommand::Add { email },
        } => commands::user_add(&data_dir, &email),
        Command::Token {
            command: TokenCommand::Create { name },
        } => commands::token_create(&data_dir, &name),
        Command::Backup { file } => commands::backup(&data_dir, &file),
        Command::Replay {
            order,
            since,
            until,
        } => commands::replay(&data_dir, order, since.as_deref(), until.as_deref()),
        Command::Doctor(args) => match Config::from_args(&args, &data_dir) {
            Ok(config) => commands::doctor(&config),
            Err(e) => Err(e.to_string()),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tagcart: {message}");
            ExitCode::FAILURE
        }
    }
}
