//! Stylesheets, scripts and icons, embedded in the binary (the same bytes in tests and
//! release): served by `web::assets`, named in pages by `url`.

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "assets/"]
pub struct Assets;

/// `/assets/admin.css?v=<hash>`: a URL that changes whenever the file does.
pub fn url(name: &str) -> String {
    match Assets::get(name) {
        Some(file) => format!(
            "/assets/{name}?v={}",
            hex::encode(&file.metadata.sha256_hash()[..4])
        ),
        None => format!("/assets/{name}"),
    }
}
