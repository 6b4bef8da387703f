//! Sections through the API: each field checked and named, and what buyers get of them.

use super::*;

#[test]
fn invalid_sections_are_refused_with_the_section_and_field_named_and_nothing_is_saved() {
    let site = Site::start();
    let kept = site.create(&site.page(
        "kept",
        json!({"published": true, "sections": [headline("Kept headline"), checkout_form()]}),
    ));
    let image = |url: &str| json!({"kind": "image", "url": url, "alt": "The cover"});
    let cases = [
        (
            json!([headline("Hi"), {"kind": "carousel"}, checkout_form()]),
            "sections[1].kind",
            "an unknown kind",
        ),
        (
            json!([
                checkout_form(),
                headline("Hi"),
                image("http://example.com/a.png")
            ]),
            "sections[2].url",
            "an image that is not https",
        ),
        (
            json!([checkout_form(), headline("Hi"), {"kind": "video", "url": "https://example.com/watch?v=aqz-KE-bpKQ"}]),
            "sections[2].url",
            "a video that is not on YouTube or Vimeo",
        ),
        (
            json!([checkout_form(), headline("Hi"), headline("Ho"),
                   {"kind": "image", "url": "https://example.com/a.png", "alt": "A", "width": 300}]),
            "sections[3].width",
            "a field the kind does not have",
        ),
        (
            json!([{"kind": "faq", "items": [{"q": "Why?", "a": "Because."}, {"q": "How?"}]}, checkout_form()]),
            "sections[0].items[1].a",
            "a question without its answer",
        ),
        (
            json!([checkout_form(), headline("A"), headline("B"), headline("C"),
                   {"kind": "countdown", "deadline": "next friday"}]),
            "sections[4].deadline",
            "a deadline that is not RFC 3339",
        ),
        (json!([headline("No form")]), "sections", "no checkout form"),
        (
            json!([checkout_form(), headline("Hi"), checkout_form()]),
            "sections",
            "two checkout forms",
        ),
        (
            json!([{"kind": "order_summary"}, {"kind": "order_summary"}, checkout_form()]),
            "sections",
            "two order summaries",
        ),
    ];
    for (sections, field, what) in cases {
        let created = site.api(
            "POST",
            "/pages",
            Some(&site.page("new", json!({"sections": sections, "published": true}))),
        );
        assert_invalid(&created, field, &format!("POST with {what}"));
        let updated = site.api(
            "PUT",
            &format!("/pages/{}", kept["id"]),
            Some(&site.page("kept", json!({"sections": sections, "published": true}))),
        );
        assert_invalid(&updated, field, &format!("PUT with {what}"));
    }
    assert_eq!(site.page_count(), 1, "no refused page was created");
    let after = site.show(&kept["id"]);
    assert_eq!(
        (&after["sections"], &after["revision"]),
        (&kept["sections"], &kept["revision"]),
        "no refused update was saved: {after}"
    );
    assert_eq!(site.buyer("/p/new").status, 404);
    assert!(site.buyer("/p/kept").body.contains("Kept headline"));
}

#[test]
fn a_text_section_splits_paragraphs_and_accepts_only_https_and_mailto_links() {
    let site = Site::start();
    site.enable_test_gateway();
    let text = json!({"kind": "text",
        "text": "Para one with [our site](https://example.com/about)\n\nPara **two**, [write](mailto:hi@example.com)"});
    let page = site.create(&site.page(
        "pro",
        json!({"published": true, "sections": [text, checkout_form()]}),
    ));
    assert_eq!(
        page["sections"][0],
        json!({"kind": "text", "paragraphs": [
            "Para one with [our site](https://example.com/about)",
            "Para **two**, [write](mailto:hi@example.com)"]}),
        "{page}"
    );
    let buyer = site.buyer("/p/pro");
    assert!(
        buyer.body.contains("href=\"https://example.com/about\"")
            && buyer.body.contains("href=\"mailto:hi@example.com\"")
            && buyer.body.contains("<strong>two</strong>"),
        "{}",
        buyer.body
    );

    for link in [
        "javascript:alert(1)",
        "http://example.com",
        "data:text/html,hi",
    ] {
        let bad = json!({"kind": "text", "paragraphs": [format!("see [this]({link})")]});
        let res = site.api(
            "POST",
            "/pages",
            Some(&site.page("bad", json!({"sections": [bad, checkout_form()]}))),
        );
        assert_invalid(&res, "sections[0].paragraphs[0]", link);
    }
    assert_eq!(site.page_count(), 1);
}

#[test]
fn merchant_text_is_escaped_on_the_buyer_page() {
    let site = Site::start();
    site.enable_test_gateway();
    let testimonial = json!({"kind": "testimonial", "quote": "<script>alert(2)</script> Great",
        "author": "<img src=x onerror=alert(3)>"});
    let page = site.create(&site.page(
        "pro",
        json!({"published": true, "sections": [headline("<script>alert(1)</script>"), testimonial, checkout_form()]}),
    ));
    assert_eq!(
        page["sections"][0]["text"], "<script>alert(1)</script>",
        "stored as typed"
    );
    let buyer = site.buyer("/p/pro");
    assert_eq!(buyer.status, 200, "{}", buyer.body);
    for escaped in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;script&gt;alert(2)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(3)&gt;",
    ] {
        assert!(buyer.body.contains(escaped), "{escaped}: {}", buyer.body);
    }
    assert!(
        !buyer.body.contains("<script>alert") && !buyer.body.contains("<img src=x"),
        "raw merchant markup on the buyer page: {}",
        buyer.body
    );
}

#[test]
fn a_video_loads_nothing_from_its_provider_before_the_buyer_presses_play() {
    let site = Site::start();
    site.enable_test_gateway();
    let video =
        json!({"kind": "video", "url": "https://youtu.be/aqz-KE-bpKQ", "title": "Watch the tour"});
    site.create(&site.page(
        "pro",
        json!({"published": true, "sections": [headline("Pro"), video, checkout_form()]}),
    ));
    let buyer = site.buyer("/p/pro");
    assert_eq!(buyer.status, 200, "{}", buyer.body);
    assert!(
        !buyer.body.contains("<iframe"),
        "no player before play: {}",
        buyer.body
    );
    assert!(
        buyer
            .body
            .contains("href=\"https://www.youtube.com/watch?v=aqz-KE-bpKQ\""),
        "the page links to the video: {}",
        buyer.body
    );
    assert!(buyer.body.contains("Watch the tour"), "{}", buyer.body);
    for (i, _) in buyer.body.match_indices("src=\"") {
        let url: String = buyer.body[i + 5..]
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        assert!(
            !["youtube", "ytimg", "vimeo", "googlevideo"]
                .iter()
                .any(|host| url.contains(host)),
            "{url} loads from the provider before play: {}",
            buyer.body
        );
    }
    let csp = buyer.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("frame-src https://www.youtube-nocookie.com https://player.vimeo.com"),
        "{csp}"
    );
}
