//! The subcommands other than `serve`: small, synchronous, and each exits non-zero on failure.

use crate::auth::password;
use crate::clock;
use crate::config::Config;
use crate::db;
use crate::domain::ids::OrderId;
use crate::domain::validation::{check_password, is_email, FieldErrors};
use crate::orders;
use crate::startup::open_db;
use std::io::BufRead;
use std::path::Path;

pub type CommandResult = Result<(), String>;

/// `tagcart user add EMAIL`, the password on standard input (one line).
pub fn user_add(data_dir: &Path, email: &str) -> CommandResult {
    let email = email.trim();
    let mut password_line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password_line)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    let password_sent = password_line.trim_end_matches(['\r', '\n']);
    let mut errors = FieldErrors::default();
    if !is_email(email) {
        errors.add("email", "must be an email address");
    }
    check_password(
        &mut errors,
        "password (standard input)",
        password_sent,
        &[email],
    );
    if !errors.is_empty() {
        return Err(errors.summary());
    }
    let pool = open_db(data_dir).map_err(|e| e.to_string())?;
    let conn = pool.get().map_err(|e| e.to_string())?;
    let hash = password::hash(password_sent);
    db::admins::create(&conn, email, &hash, clock::now()).map_err(|e| match e {
        db::SaveError::Conflict { .. } => format!("{email} is already an admin"),
        other => format!("{other:?}"),
    })?;
    db::setup_tokens::clear(&conn).map_err(|e| e.to_string())?;
    println!("admin {email} added");
    Ok(())
}

/// `tagcart token create NAME`: prints the token, which is never shown again.
pub fn token_create(data_dir: &Path, name: &str) -> CommandResult {
    let name = name.trim();
    if name.is_empty() || name.len() > 100 || name.chars().any(char::is_control) {
        return Err("NAME must be 1 to 100 characters on one line".into());
    }
    let pool = open_db(data_dir).map_err(|e| e.to_string())?;
    let conn = pool.get().map_err(|e| e.to_string())?;
    let (_, token) =
        db::api_tokens::create(&conn, name, clock::now()).map_err(|e| e.to_string())?;
    println!("{token}");
    Ok(())
}

/// `tagcart backup FILE`: refuses to overwrite, so an old backup is never lost by a typo.
pub fn backup(data_dir: &Path, file: &Path) -> CommandResult {
    if file.exists() {
        return Err(format!(
            "{} exists already; choose a new file name",
            file.display()
        ));
    }
    let pool = open_db(data_dir).map_err(|e| e.to_string())?;
    let conn = pool.get().map_err(|e| e.to_string())?;
    db::backup(&conn, file).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!("backup written to {} ({size} bytes)", file.display());
    Ok(())
}

/// `tagcart replay --order ID` or `--since T [--until T]`. A running server picks the jobs up
/// within its idle wait (at most 30 s).
pub fn replay(
    data_dir: &Path,
    order: Option<i64>,
    since: Option<&str>,
    until: Option<&str>,
) -> CommandResult {
    let pool = open_db(data_dir).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let now = clock::now();
    let queued = match order {
        Some(id) => orders::replay::replay(&conn, OrderId(id), false, now)
            .map_err(|e| e.to_string())?
            .map(|_| 1)
            .ok_or_else(|| format!("order {id} does not exist or is not completed; only a completed order's grant can be replayed"))?,
        None => {
            let (since, until) = crate::web::api::window(since, until, now).map_err(|e| e.summary())?;
            orders::replay::replay_window(&mut conn, since, until, now).map_err(|e| e.to_string())?
        }
    };
    println!(
        "queued {queued} {}",
        if queued == 1 { "grant" } else { "grants" }
    );
    Ok(())
}

/// `tagcart doctor`: the troubleshooting checklist; exit 1 if anything is broken.
pub fn doctor(config: &Config) -> CommandResult {
    let (pool, key) = crate::startup::open_data_dir(&config.data_dir).map_err(|e| e.to_string())?;
    let conn = pool.get().map_err(|e| e.to_string())?;
    let kartra =
        crate::kartra::Client::new(config.kartra_api_url.clone(), std::sync::Arc::new(|| {}));
    let public_url = match config.public_url() {
        "" => "<public URL>",
        url => url,
    };
    let checks = crate::diagnostics::run(&conn, &key, &kartra, public_url, clock::now())
        .map_err(|e| e.to_string())?;
    for c in &checks {
        let mark = match c.status {
            crate::diagnostics::Status::Ok => "ok  ",
            crate::diagnostics::Status::Warning => "WARN",
            crate::diagnostics::Status::Broken => "FAIL",
        };
        println!("[{mark}] {}: {}", c.name, c.detail);
        if let Some(fix) = &c.fix {
            println!("       fix: {fix}");
        }
    }
    if crate::diagnostics::any_broken(&checks) {
        return Err("something is broken: see the FAIL lines above".into());
    }
    println!("nothing is broken");
    Ok(())
}
