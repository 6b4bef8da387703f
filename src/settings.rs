//! Typed access to the settings table: Kartra credentials, alerts, and the gateways' switches
//! and values (which values a processor needs is its own: see `gateways::keys`), the shop
//! profile and the tax settings.

use crate::crypto::SecretKey;
use crate::db::emails::EmailKind;
use crate::db::settings as store;
use crate::domain::shop::ShopProfile;
use crate::domain::tax_settings::TaxSettings;
use crate::fulfillment::ConnectionTest;
use crate::gateways::Gateway;
use crate::kartra::Credentials;
use crate::mail::{template::Template, EmailSettings};
use rusqlite::Connection;

const KARTRA_APP_ID: &str = "kartra.app_id";
const KARTRA_API_KEY: &str = "kartra.api_key";
const KARTRA_API_PASSWORD: &str = "kartra.api_password";

pub fn kartra_credentials(
    conn: &Connection,
    key: &SecretKey,
) -> rusqlite::Result<Option<Credentials>> {
    let app_id = store::get(conn, KARTRA_APP_ID)?;
    let api_key = store::get_secret(conn, key, KARTRA_API_KEY)?;
    let api_password = store::get_secret(conn, key, KARTRA_API_PASSWORD)?;
    Ok(match (app_id, api_key, api_password) {
        (Some(app_id), Some(api_key), Some(api_password)) => Some(Credentials {
            app_id,
            api_key,
            api_password,
        }),
        _ => None,
    })
}

const AUTO_REAPPLY: &str = "access.auto_reapply";

/// Whether a read-back that finds Kartra disagreeing queues the desired state again by itself.
pub fn auto_reapply(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(store::get(conn, AUTO_REAPPLY)?.as_deref() == Some("1"))
}

pub fn set_auto_reapply(conn: &Connection, on: bool) -> rusqlite::Result<()> {
    store::set(conn, AUTO_REAPPLY, if on { "1" } else { "0" })
}

const SHOP_NAME: &str = "shop.name";
const SHOP_LOGO_URL: &str = "shop.logo_url";
const SHOP_ACCENT_COLOR: &str = "shop.accent_color";
const SHOP_SUPPORT_EMAIL: &str = "shop.support_email";
const SHOP_TERMS_URL: &str = "shop.terms_url";
const SHOP_PRIVACY_URL: &str = "shop.privacy_url";

/// The shop profile as saved (empty fields unset).
pub fn shop_profile(conn: &Connection) -> rusqlite::Result<ShopProfile> {
    let get = |key| -> rusqlite::Result<Option<String>> {
        Ok(store::get(conn, key)?.filter(|v| !v.is_empty()))
    };
    Ok(ShopProfile {
        name: get(SHOP_NAME)?.unwrap_or_default(),
        logo_url: get(SHOP_LOGO_URL)?,
        accent_color: get(SHOP_ACCENT_COLOR)?,
        support_email: get(SHOP_SUPPORT_EMAIL)?,
        terms_url: get(SHOP_TERMS_URL)?,
        privacy_url: get(SHOP_PRIVACY_URL)?,
    })
}

/// Saves a validated profile; an unset field is stored empty.
pub fn save_shop_profile(conn: &Connection, shop: &ShopProfile) -> rusqlite::Result<()> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    for (key, value) in [
        (SHOP_NAME, shop.name.clone()),
        (SHOP_LOGO_URL, opt(&shop.logo_url)),
        (SHOP_ACCENT_COLOR, opt(&shop.accent_color)),
        (SHOP_SUPPORT_EMAIL, opt(&shop.support_email)),
        (SHOP_TERMS_URL, opt(&shop.terms_url)),
        (SHOP_PRIVACY_URL, opt(&shop.privacy_url)),
    ] {
        store::set(conn, key, &value)?;
    }
    Ok(())
}

/// The App ID is shown back to the admin; the key and password never are.
pub fn kartra_app_id(conn: &Connection) -> rusqlite::Result<Option<String>> {
    store::get(conn, KARTRA_APP_ID)
}

pub fn save_kartra_credentials(
    conn: &Connection,
    key: &SecretKey,
    creds: &Credentials,
) -> rusqlite::Result<()> {
    store::set(conn, KARTRA_APP_ID, &creds.app_id)?;
    store::set_secret(conn, key, KARTRA_API_KEY, &creds.api_key)?;
    store::set_secret(conn, key, KARTRA_API_PASSWORD, &creds.api_password)?;
    // The old test judged the old credentials.
    forget_connection_test(conn)
}

const KARTRA_LAST_TEST: &str = "kartra.last_test";

/// The last connection test's verdict; `None` when none ran since the credentials were saved.
pub fn connection_test(conn: &Connection) -> rusqlite::Result<Option<ConnectionTest>> {
    Ok(store::get(conn, KARTRA_LAST_TEST)?.and_then(|json| serde_json::from_str(&json).ok()))
}

pub fn forget_connection_test(conn: &Connection) -> rusqlite::Result<()> {
    store::delete(conn, KARTRA_LAST_TEST)
}

pub fn save_connection_test(conn: &Connection, test: &ConnectionTest) -> rusqlite::Result<()> {
    store::set(
        conn,
        KARTRA_LAST_TEST,
        &serde_json::to_string(test).expect("a verdict serializes"),
    )
}

fn enabled_key(g: Gateway) -> String {
    format!("gateway.{}.enabled", g.as_str())
}

/// Gateways are off until the admin switches them on (a test gateway left on would give
/// products away).
pub fn gateway_enabled(conn: &Connection, g: Gateway) -> rusqlite::Result<bool> {
    Ok(store::get(conn, &enabled_key(g))?.as_deref() == Some("true"))
}

pub fn enabled_gateways(conn: &Connection) -> rusqlite::Result<Vec<Gateway>> {
    let mut enabled = vec![];
    for g in Gateway::ALL {
        if gateway_enabled(conn, g)? {
            enabled.push(g);
        }
    }
    Ok(enabled)
}

pub fn set_gateway_enabled(conn: &Connection, g: Gateway, on: bool) -> rusqlite::Result<()> {
    store::set(conn, &enabled_key(g), if on { "true" } else { "false" })
}

/// A gateway's secret setting, e.g. `("test", "webhook_secret")`.
pub fn gateway_secret(
    conn: &Connection,
    key: &SecretKey,
    g: Gateway,
    name: &str,
) -> rusqlite::Result<Option<String>> {
    store::get_secret(conn, key, &format!("gateway.{}.{name}", g.as_str()))
}

pub fn set_gateway_secret(
    conn: &Connection,
    key: &SecretKey,
    g: Gateway,
    name: &str,
    value: &str,
) -> rusqlite::Result<()> {
    store::set_secret(conn, key, &format!("gateway.{}.{name}", g.as_str()), value)
}

const KARTRA_ACCOUNT_TAGS: &str = "kartra.account_tags";

/// The account's tags as of the last successful connection test, for the product form's picker.
pub fn account_tags(conn: &Connection) -> rusqlite::Result<Option<Vec<String>>> {
    Ok(store::get(conn, KARTRA_ACCOUNT_TAGS)?.and_then(|json| serde_json::from_str(&json).ok()))
}

pub fn save_account_tags(conn: &Connection, tags: &[String]) -> rusqlite::Result<()> {
    store::set(
        conn,
        KARTRA_ACCOUNT_TAGS,
        &serde_json::to_string(tags).expect("tags serialize"),
    )
}

const ALERT_URL: &str = "alerts.url";
const ALERT_THRESHOLD: &str = "alerts.threshold_minutes";
const ALERT_ALLOW_PRIVATE: &str = "alerts.allow_private";

/// Where to tell the merchant that grants are stuck. The URL is sealed: a Slack incoming
/// webhook URL is itself a secret.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertSettings {
    pub url: Option<String>,
    pub threshold_minutes: i64,
    pub allow_private: bool,
}

pub const DEFAULT_ALERT_MINUTES: i64 = 15;

pub fn alert_settings(conn: &Connection, key: &SecretKey) -> rusqlite::Result<AlertSettings> {
    Ok(AlertSettings {
        url: store::get_secret(conn, key, ALERT_URL)?.filter(|u| !u.is_empty()),
        threshold_minutes: store::get(conn, ALERT_THRESHOLD)?
            .and_then(|m| m.parse().ok())
            .unwrap_or(DEFAULT_ALERT_MINUTES),
        allow_private: store::get(conn, ALERT_ALLOW_PRIVATE)?.as_deref() == Some("true"),
    })
}

pub fn save_alert_settings(
    conn: &Connection,
    key: &SecretKey,
    a: &AlertSettings,
) -> rusqlite::Result<()> {
    store::set_secret(conn, key, ALERT_URL, a.url.as_deref().unwrap_or(""))?;
    store::set(conn, ALERT_THRESHOLD, &a.threshold_minutes.to_string())?;
    store::set(
        conn,
        ALERT_ALLOW_PRIVATE,
        if a.allow_private { "true" } else { "false" },
    )
}

fn plain(g: Gateway, name: &str) -> String {
    format!("gateway.{}.{name}", g.as_str())
}

/// A gateway's plain (non-secret) setting, e.g. `("stripe", "publishable_key")`.
pub fn set_gateway_value(
    conn: &Connection,
    g: Gateway,
    name: &str,
    value: &str,
) -> rusqlite::Result<()> {
    store::set(conn, &plain(g, name), value)
}

/// The plain (non-secret) value of a gateway setting, for showing back.
pub fn gateway_value(
    conn: &Connection,
    g: Gateway,
    name: &str,
) -> rusqlite::Result<Option<String>> {
    store::get(conn, &plain(g, name))
}

const TAX: &str = "tax";

/// The tax settings as saved; off with the built-in rates until the merchant saves them.
pub fn tax_settings(conn: &Connection) -> rusqlite::Result<TaxSettings> {
    Ok(store::get(conn, TAX)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

pub fn save_tax_settings(conn: &Connection, tax: &TaxSettings) -> rusqlite::Result<()> {
    store::set(
        conn,
        TAX,
        &serde_json::to_string(tax).expect("settings serialize"),
    )
}

const EMAIL_SMTP_URL: &str = "email.smtp_url";
const EMAIL_FROM: &str = "email.from";
const EMAIL_REPLY_TO: &str = "email.reply_to";

/// The SMTP settings, `None` until saved. The URL (it holds the password) is sealed.
pub fn email_settings(
    conn: &Connection,
    key: &SecretKey,
) -> rusqlite::Result<Option<EmailSettings>> {
    let from = store::get(conn, EMAIL_FROM)?.filter(|f| !f.is_empty());
    let url = store::get_secret(conn, key, EMAIL_SMTP_URL)?.filter(|u| !u.is_empty());
    Ok(match (url, from) {
        (Some(smtp_url), Some(from)) => Some(EmailSettings {
            smtp_url,
            from,
            reply_to: store::get(conn, EMAIL_REPLY_TO)?.filter(|r| !r.is_empty()),
        }),
        _ => None,
    })
}

/// Whether mail is set up, without opening the sealed URL (asked in every payment's
/// transaction, to queue its email or not).
pub fn email_configured(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(store::get(conn, EMAIL_FROM)?.is_some_and(|f| !f.is_empty()))
}

pub fn save_email_settings(
    conn: &Connection,
    key: &SecretKey,
    e: &EmailSettings,
) -> rusqlite::Result<()> {
    store::set_secret(conn, key, EMAIL_SMTP_URL, &e.smtp_url)?;
    store::set(conn, EMAIL_FROM, &e.from)?;
    store::set(conn, EMAIL_REPLY_TO, e.reply_to.as_deref().unwrap_or(""))
}

fn template_key(kind: EmailKind) -> String {
    format!("email.template.{}", kind.as_str())
}

/// The merchant's own words for `kind`, `None` for the built-in text.
pub fn email_template(conn: &Connection, kind: EmailKind) -> rusqlite::Result<Option<Template>> {
    Ok(store::get(conn, &template_key(kind))?.and_then(|json| serde_json::from_str(&json).ok()))
}

pub fn save_email_template(
    conn: &Connection,
    kind: EmailKind,
    template: Option<&Template>,
) -> rusqlite::Result<()> {
    match template {
        Some(t) => store::set(
            conn,
            &template_key(kind),
            &serde_json::to_string(t).expect("a template serializes"),
        ),
        None => store::delete(conn, &template_key(kind)),
    }
}
