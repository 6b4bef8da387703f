use super::*;
use serde_json::json;

fn form() -> Value {
    json!({"kind": "checkout_form"})
}

#[test]
fn every_kind_round_trips_through_its_json() {
    for (kind, _) in KINDS {
        let section = Section::example(kind, 1_800_000_000).unwrap();
        assert_eq!(section.kind(), *kind);
        assert_eq!(parse(&section.to_json()), Ok(section), "{kind}");
    }
}

#[test]
fn unknown_kinds_and_fields_are_named() {
    let errors = parse_list(&json!([
        {"kind": "headline", "text": "Hi"},
        {"kind": "carousel"},
        {"kind": "image", "url": "http://x.com/a.png", "alt": "A", "width": 3},
        form(),
    ]))
    .unwrap_err();
    assert!(errors.get("sections[1].kind").unwrap().contains("carousel"));
    assert!(errors.get("sections[2].url").unwrap().contains("https"));
    assert!(errors
        .get("sections[2].width")
        .unwrap()
        .contains("not a field"));
    assert_eq!(errors.get("sections[0].text"), None);
}

#[test]
fn fields_are_checked_by_type_length_and_shape() {
    let errors = parse_list(&json!([
        {"kind": "headline", "text": 5},
        {"kind": "bullets", "items": []},
        {"kind": "faq", "items": [{"q": "Why?"}, {"q": "How?", "a": "So.", "extra": 1}]},
        {"kind": "countdown", "deadline": "tomorrow"},
        {"kind": "testimonial", "quote": "Great", "author": "x".repeat(201)},
        {"kind": "text", "paragraphs": ["see [this](javascript:alert(1))"]},
        {"kind": "video", "url": "https://example.com/v/1"},
        "headline",
        form(),
    ]))
    .unwrap_err();
    for field in [
        "sections[0].text",
        "sections[1].items",
        "sections[2].items[0].a",
        "sections[2].items[1].extra",
        "sections[3].deadline",
        "sections[4].author",
        "sections[5].paragraphs[0]",
        "sections[6].url",
        "sections[7]",
    ] {
        assert!(errors.get(field).is_some(), "{field}: {errors:?}");
    }
}

#[test]
fn a_page_needs_exactly_one_form_and_at_most_one_summary() {
    let errors = parse_list(&json!([{"kind": "headline", "text": "Hi"}])).unwrap_err();
    assert!(errors.get("sections").unwrap().contains("checkout_form"));
    assert!(parse_list(&json!([form(), form()])).is_err());
    let summary = json!({"kind": "order_summary"});
    assert!(parse_list(&json!([summary, summary, form()])).is_err());
    assert_eq!(parse_list(&json!([summary, form()])).unwrap().len(), 2);
    assert!(parse_list(&json!({"kind": "headline"})).is_err());
}

#[test]
fn text_may_come_as_one_string_with_blank_lines() {
    let section = parse(&json!({"kind": "text", "text": "One.\r\n\r\nTwo\nlines.\n\n\n"}));
    assert_eq!(
        section,
        Ok(Section::Text {
            paragraphs: vec!["One.".into(), "Two\nlines.".into()]
        })
    );
}

#[test]
fn deadlines_take_any_offset_and_are_kept_in_utc() {
    let section =
        parse(&json!({"kind": "countdown", "deadline": "2026-12-01T19:00:00+01:00"})).unwrap();
    assert_eq!(section.to_json()["deadline"], "2026-12-01T18:00:00Z");
}

#[test]
fn videos_embed_from_the_no_tracking_hosts() {
    let yt = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ";
    for url in [
        "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=10",
        "https://youtu.be/aqz-KE-bpKQ",
        "https://m.youtube.com/shorts/aqz-KE-bpKQ",
        "https://www.youtube.com/embed/aqz-KE-bpKQ",
    ] {
        assert_eq!(video_embed(url).unwrap().embed_url, yt, "{url}");
    }
    let vimeo = video_embed("https://vimeo.com/76979871/abc123").unwrap();
    assert_eq!(
        vimeo.embed_url,
        "https://player.vimeo.com/video/76979871?dnt=1&h=abc123"
    );
    assert_eq!(vimeo.watch_url, "https://vimeo.com/76979871/abc123");
    for bad in [
        "https://youtube.com/watch?v=short",
        "https://vimeo.com/channels/staff",
        "javascript:alert(1)",
        "https://example.com/watch?v=aqz-KE-bpKQ",
        "ftp://youtu.be/aqz-KE-bpKQ",
    ] {
        assert!(video_embed(bad).is_none(), "{bad}");
    }
}
