//! The shop profile: who the buyer is paying, shown on every buyer page and the receipt.

/// Every field is optional: a shop with none set shows the page's own title and no links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShopProfile {
    /// The merchant's trading name ("Acme Courses").
    pub name: String,
    /// An https image URL shown in the buyer pages' header.
    pub logo_url: Option<String>,
    /// `#rrggbb`, used for buttons and links on buyer pages.
    pub accent_color: Option<String>,
    pub support_email: Option<String>,
    pub terms_url: Option<String>,
    pub privacy_url: Option<String>,
}

use super::product::check_web_url;
use super::validation::{is_email, FieldErrors};

/// The profile as typed in the dashboard or sent to the API: every field trimmed, empty = unset.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub logo_url: Option<String>,
    #[serde(default)]
    pub accent_color: Option<String>,
    #[serde(default)]
    pub support_email: Option<String>,
    #[serde(default)]
    pub terms_url: Option<String>,
    #[serde(default)]
    pub privacy_url: Option<String>,
}

pub const NAME_MAX: usize = 80;

impl ShopInput {
    pub fn validate(&self) -> Result<ShopProfile, FieldErrors> {
        let mut errors = FieldErrors::default();
        let set = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let name = set(&self.name).unwrap_or_default();
        if name.chars().count() > NAME_MAX {
            errors.add("name", format!("must be at most {NAME_MAX} characters"));
        } else if name.chars().any(char::is_control) {
            errors.add("name", "must be a single line without control characters");
        }
        let mut url = |field: &str, v: &Option<String>| {
            set(v).and_then(|text| match check_https_url(&text) {
                Ok(url) => Some(url),
                Err(message) => {
                    errors.add(field, message);
                    None
                }
            })
        };
        let logo_url = url("logo_url", &self.logo_url);
        let terms_url = url("terms_url", &self.terms_url);
        let privacy_url = url("privacy_url", &self.privacy_url);
        let accent_color = set(&self.accent_color).map(|c| c.to_ascii_lowercase());
        if let Some(color) = &accent_color {
            if parse_hex_color(color).is_none() {
                errors.add("accent_color", "must be a colour like #1a73e8");
            }
        }
        let support_email = set(&self.support_email);
        if let Some(email) = &support_email {
            if !is_email(email) {
                errors.add(
                    "support_email",
                    "must be an email address like help@example.com",
                );
            }
        }
        errors.into_result(ShopProfile {
            name,
            logo_url,
            accent_color,
            support_email,
            terms_url,
            privacy_url,
        })
    }
}

impl From<&ShopProfile> for ShopInput {
    fn from(p: &ShopProfile) -> ShopInput {
        ShopInput {
            name: Some(p.name.clone()),
            logo_url: p.logo_url.clone(),
            accent_color: p.accent_color.clone(),
            support_email: p.support_email.clone(),
            terms_url: p.terms_url.clone(),
            privacy_url: p.privacy_url.clone(),
        }
    }
}

/// Buyer pages load these over https only: a plain-http image or link would be a mixed-content
/// warning beside the card form.
pub fn check_https_url(text: &str) -> Result<String, String> {
    let url = check_web_url(text)?;
    if url.starts_with("https://") {
        Ok(url)
    } else {
        Err("must start with https://".into())
    }
}

/// `#rrggbb` as its three channels.
pub fn parse_hex_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG relative luminance.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn scale(rgb: [u8; 3], factor: f64) -> [u8; 3] {
    rgb.map(|c| (f64::from(c) * factor).round().clamp(0.0, 255.0) as u8)
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

impl ShopProfile {
    /// The text on an accent-coloured button: white on a dark accent, near-black on a light one
    /// (WCAG relative luminance, choosing the higher contrast).
    pub fn accent_text_color(&self) -> Option<&'static str> {
        let l = luminance(parse_hex_color(self.accent_color.as_deref()?)?);
        // Contrast with white is 1.05/(l+0.05); with #111 (l≈0.0056) it is (l+0.05)/0.0556.
        let white = 1.05 / (l + 0.05);
        let dark = (l + 0.05) / 0.0556;
        Some(if white >= dark { "#ffffff" } else { "#111111" })
    }

    /// The accent for text links on white: darkened until it reads (contrast at least 4.5:1).
    pub fn accent_link_color(&self) -> Option<String> {
        let rgb = parse_hex_color(self.accent_color.as_deref()?)?;
        let mut factor = 1.0;
        while factor > 0.0 {
            let shade = scale(rgb, factor);
            if 1.05 / (luminance(shade) + 0.05) >= 4.5 {
                return Some(hex(shade));
            }
            factor -= 0.05;
        }
        Some("#000000".into())
    }

    /// The accent darkened (`factor` < 1), for hover.
    pub fn accent_shade(&self, factor: f64) -> Option<String> {
        let rgb = parse_hex_color(self.accent_color.as_deref()?)?;
        Some(hex(scale(rgb, factor)))
    }

    /// `share` of the accent over white, for a selected option's background.
    pub fn accent_tint(&self, share: f64) -> Option<String> {
        let rgb = parse_hex_color(self.accent_color.as_deref()?)?;
        let mix = |c: u8| (255.0 - (255.0 - f64::from(c)) * share).round() as u8;
        Some(hex(rgb.map(mix)))
    }

    /// What the header says the shop is called: its name, else nothing.
    pub fn display_name(&self) -> Option<&str> {
        Some(self.name.as_str()).filter(|n| !n.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(f: impl FnOnce(&mut ShopInput)) -> ShopInput {
        let mut i = ShopInput::default();
        f(&mut i);
        i
    }

    #[test]
    fn an_empty_profile_is_valid_and_unset() {
        let shop = ShopInput::default().validate().unwrap();
        assert_eq!(shop, ShopProfile::default());
        let blanks = input(|i| {
            i.name = Some("  ".into());
            i.logo_url = Some("".into());
        });
        assert_eq!(blanks.validate().unwrap(), ShopProfile::default());
    }

    #[test]
    fn a_full_profile_is_trimmed_and_kept() {
        let shop = input(|i| {
            i.name = Some(" Acme Courses ".into());
            i.logo_url = Some("https://cdn.example.org/logo.png".into());
            i.accent_color = Some("#1A73E8".into());
            i.support_email = Some("help@acme.test".into());
            i.terms_url = Some("https://acme.test/terms".into());
            i.privacy_url = Some("https://acme.test/privacy".into());
        })
        .validate()
        .unwrap();
        assert_eq!(shop.name, "Acme Courses");
        assert_eq!(shop.accent_color.as_deref(), Some("#1a73e8"));
        assert_eq!(shop.terms_url.as_deref(), Some("https://acme.test/terms"));
    }

    #[test]
    fn each_bad_field_is_named() {
        let errors = input(|i| {
            i.name = Some("x".repeat(81));
            i.logo_url = Some("http://acme.test/logo.png".into());
            i.accent_color = Some("blue".into());
            i.support_email = Some("help".into());
            i.terms_url = Some("javascript:alert(1)".into());
            i.privacy_url = Some("not a url".into());
        })
        .validate()
        .unwrap_err();
        assert_eq!(errors.get("name"), Some("must be at most 80 characters"));
        assert_eq!(errors.get("logo_url"), Some("must start with https://"));
        assert!(errors.get("accent_color").unwrap().contains("#"));
        assert!(errors.get("support_email").is_some());
        assert!(errors.get("terms_url").is_some());
        assert!(errors.get("privacy_url").is_some());
        let multiline = input(|i| i.name = Some("Acme\nCourses".into())).validate();
        assert!(multiline
            .unwrap_err()
            .get("name")
            .unwrap()
            .contains("single line"));
        for bad in ["#12345", "#1234567", "123456", "#12345g"] {
            assert_eq!(parse_hex_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn button_text_keeps_contrast_with_the_accent() {
        let on = |c: &str| ShopProfile {
            accent_color: Some(c.into()),
            ..ShopProfile::default()
        };
        assert_eq!(on("#1a73e8").accent_text_color(), Some("#ffffff"));
        assert_eq!(on("#000000").accent_text_color(), Some("#ffffff"));
        assert_eq!(on("#ffd600").accent_text_color(), Some("#111111"));
        assert_eq!(on("#ffffff").accent_text_color(), Some("#111111"));
        assert_eq!(ShopProfile::default().accent_text_color(), None);
        // Links on white: a dark accent as it is, a light one darkened until it reads.
        assert_eq!(
            on("#1a73e8").accent_link_color().as_deref(),
            Some("#1a73e8")
        );
        let link = on("#ffd600").accent_link_color().unwrap();
        let rgb = parse_hex_color(&link).unwrap();
        assert!(1.05 / (luminance(rgb) + 0.05) >= 4.5, "{link}");
        assert_eq!(on("#ffffff").accent_tint(0.08).as_deref(), Some("#ffffff"));
    }
}
