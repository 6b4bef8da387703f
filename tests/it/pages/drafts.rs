//! The editor's draft and publishing: publish, discard, and forms made from a stale revision.

use super::*;

#[test]
fn the_dashboard_publishes_and_later_edits_stay_a_draft_until_published_again() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);

    let published = post_from(&admin, &editor, &format!("{editor}/publish"), &[]);
    assert_redirect_to_editor(&published, &editor);
    let buyer = site.buyer("/p/launch");
    assert_eq!(buyer.status, 200, "{}", buyer.body);
    assert!(buyer.body.contains("<h1>Launch</h1>"), "{}", buyer.body);
    assert!(admin.get("/admin/pages").body.contains("Published"));

    let edited = post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[
            ("kind", "headline"),
            ("text", "Doors close Friday"),
            ("subtext", ""),
        ],
    );
    assert_redirect_to_editor(&edited, &editor);
    let buyer = site.buyer("/p/launch");
    assert!(
        buyer.body.contains("<h1>Launch</h1>") && !buyer.body.contains("Doors close Friday"),
        "buyers still see the published headline: {}",
        buyer.body
    );
    assert_eq!(site.show(&id)["unpublished_changes"], true);
    assert!(
        admin.get(&editor).body.contains("Unpublished changes"),
        "the editor says so"
    );

    let republished = post_from(&admin, &editor, &format!("{editor}/publish"), &[]);
    assert_redirect_to_editor(&republished, &editor);
    let buyer = site.buyer("/p/launch");
    assert!(
        buyer.body.contains("Doors close Friday"),
        "published: {}",
        buyer.body
    );
    assert_eq!(site.show(&id)["unpublished_changes"], false);

    let unpublished = post_from(&admin, &editor, &format!("{editor}/unpublish"), &[]);
    assert_redirect_to_editor(&unpublished, &editor);
    assert_eq!(site.buyer("/p/launch").status, 404);
    let page = site.show(&id);
    assert_eq!(
        (
            page["published"].as_bool(),
            page["sections"][0]["text"].as_str()
        ),
        (Some(false), Some("Doors close Friday")),
        "unpublishing keeps the draft: {page}"
    );
}

#[test]
fn discarding_changes_brings_the_draft_back_to_what_buyers_see() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);
    post_from(&admin, &editor, &format!("{editor}/publish"), &[]);
    post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[
            ("kind", "headline"),
            ("text", "A change I regret"),
            ("subtext", ""),
        ],
    );
    assert_eq!(site.show(&id)["unpublished_changes"], true);

    let discarded = post_from(&admin, &editor, &format!("{editor}/discard"), &[]);
    assert_redirect_to_editor(&discarded, &editor);
    let page = site.show(&id);
    assert_eq!(
        (
            page["sections"][0]["text"].as_str(),
            page["unpublished_changes"].as_bool(),
            page["published"].as_bool()
        ),
        (Some("Launch"), Some(false), Some(true)),
        "{page}"
    );
    assert!(site.buyer("/p/launch").body.contains("<h1>Launch</h1>"));
}

#[test]
fn an_editor_form_made_from_a_stale_revision_is_refused_and_saves_nothing() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);
    // Two tabs: this one was opened before the other saved a change.
    let old_tab = admin.get(&editor).body;
    let old_settings = admin.get(&format!("{editor}/settings")).body;
    let (csrf, stale) = (csrf_of(&old_tab), revision_of(&old_tab));
    let saved = post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[
            ("kind", "headline"),
            ("text", "Saved in the other tab"),
            ("subtext", ""),
        ],
    );
    assert_redirect_to_editor(&saved, &editor);
    let current = site.show(&id);

    let moved = admin.post(
        &format!("{editor}/sections/1/move"),
        &[("csrf", &csrf), ("revision", &stale), ("direction", "up")],
    );
    assert_eq!(moved.status, 422, "{}", moved.body);
    assert!(moved.body.contains("changed elsewhere"), "{}", moved.body);
    assert!(
        moved.body.contains("Saved in the other tab"),
        "the refusal shows the latest version: {}",
        moved.body
    );
    let edited = admin.post(
        &format!("{editor}/sections/0/save"),
        &[
            ("csrf", &csrf),
            ("revision", &stale),
            ("kind", "headline"),
            ("text", "Typed in the old tab"),
        ],
    );
    assert_eq!(edited.status, 422, "{}", edited.body);
    assert!(edited.body.contains("changed elsewhere"), "{}", edited.body);

    let renamed = admin.post(
        &format!("{editor}/settings"),
        &[
            ("csrf", &csrf_of(&old_settings)),
            ("revision", &revision_of(&old_settings)),
            ("title", "Launch"),
            ("template", "minimal"),
            ("slug", "renamed"),
            ("custom_domain", ""),
        ],
    );
    assert_eq!(renamed.status, 422, "{}", renamed.body);
    assert!(
        renamed.body.contains("changed elsewhere"),
        "{}",
        renamed.body
    );

    let published = admin.post(
        &format!("{editor}/publish"),
        &[("csrf", &csrf), ("revision", &stale)],
    );
    assert_eq!(published.status, 422, "{}", published.body);
    assert!(
        published.body.contains("changed elsewhere"),
        "{}",
        published.body
    );

    let after = site.show(&id);
    assert_eq!(
        (
            &after["sections"],
            &after["slug"],
            &after["revision"],
            &after["published"]
        ),
        (
            &current["sections"],
            &json!("launch"),
            &current["revision"],
            &json!(false)
        ),
        "nothing stale was saved: {after}"
    );
    assert_eq!(site.buyer("/p/launch").status, 404);
}
