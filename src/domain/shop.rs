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
