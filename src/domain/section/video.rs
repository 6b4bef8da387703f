//! Video sections: which addresses embed, and from which no-tracking host.

/// A video the page can embed without tracking: where it plays inline and where it lives.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoEmbed {
    pub provider: &'static str,
    pub embed_url: String,
    pub watch_url: String,
}

/// YouTube (`watch?v=`, `youtu.be/`, `embed/`, `shorts/`) and Vimeo (`vimeo.com/ID`, with an
/// unlisted video's hash) addresses, embedded from the providers' no-tracking hosts.
pub fn video_embed(text: &str) -> Option<VideoEmbed> {
    let url = url::Url::parse(text).ok()?;
    if url.scheme() != "https" && url.scheme() != "http" {
        return None;
    }
    let host = url
        .host_str()?
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let youtube = |id: &str| {
        let ok = id.len() == 11
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        ok.then(|| VideoEmbed {
            provider: "YouTube",
            embed_url: format!("https://www.youtube-nocookie.com/embed/{id}"),
            watch_url: format!("https://www.youtube.com/watch?v={id}"),
        })
    };
    match (host, segments.as_slice()) {
        ("youtube.com" | "youtube-nocookie.com", ["watch"]) => {
            let id = url.query_pairs().find(|(k, _)| k == "v")?.1;
            youtube(&id)
        }
        ("youtube.com" | "youtube-nocookie.com", ["embed" | "shorts" | "live", id]) => youtube(id),
        ("youtu.be", [id]) => youtube(id),
        ("vimeo.com", [id, rest @ ..]) | ("player.vimeo.com", ["video", id, rest @ ..])
            if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) =>
        {
            let hash = match rest {
                [] => url
                    .query_pairs()
                    .find(|(k, _)| k == "h")
                    .map(|(_, v)| v.to_string()),
                [hash] if hash.chars().all(|c| c.is_ascii_alphanumeric()) => Some(hash.to_string()),
                _ => return None,
            };
            let hash_param = hash
                .as_deref()
                .map(|h| format!("&h={h}"))
                .unwrap_or_default();
            let hash_path = hash.as_deref().map(|h| format!("/{h}")).unwrap_or_default();
            Some(VideoEmbed {
                provider: "Vimeo",
                embed_url: format!("https://player.vimeo.com/video/{id}?dnt=1{hash_param}"),
                watch_url: format!("https://vimeo.com/{id}{hash_path}"),
            })
        }
        _ => None,
    }
}
