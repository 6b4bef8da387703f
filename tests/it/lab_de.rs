//! The README's German screenshots: the lab offer as a German merchant would write it, in euros,
//! on pages whose `language` is `de` (the fixed words come from tagcart's own translations).

use serde_json::{json, Value};

pub const TAG: &str = "course-launch-lab-de";

/// The cohort course in euros: paid at once or in three payments.
pub fn product() -> Value {
    json!({"name": "Course Launch Lab – deutsche Kohorte", "kartra_tag": TAG,
        "thank_you_url": "https://example.com/willkommen",
        "prices": [{"kind": "one_time", "currency": "EUR", "amount": 29700},
                   {"kind": "payment_plan", "currency": "EUR", "amount": 10900, "interval": "month", "installments": 3}]})
}

/// Each template's sections in German: (template id, sections). `deadline` is RFC 3339.
pub fn pages(deadline: &str) -> Vec<(&'static str, Value)> {
    let headline = json!({"kind": "headline", "text": "Ihr erster Online-Kurs in 30 Tagen",
        "subtext": "Eine vierwöchige Live-Kohorte für Coaches und Berater: planen, aufnehmen und aus Ihrem eigenen Kartra-Mitgliederbereich verkaufen."});
    let text = json!({"kind": "text", "paragraphs": [
        "Sie kennen Ihr Thema. Sie haben dieselben Fragen Ihrer Kunden hundertmal beantwortet. Doch der Kurs, den Sie schon lange bauen wollen, ist noch immer ein Ordner voller Notizen, weil Aufnehmen, Schneiden und Launchen sich wie drei zusätzliche Jobs anfühlen.",
        "**Course Launch Lab** macht aus diesem Ordner in vier Wochen einen fertigen Kurs: mit einem wöchentlichen Live-Call, einem Plan für jeden Tag und einem Launch, der die ersten Plätze verkauft, bevor Sie die letzte Lektion aufnehmen."]});
    let video = json!({"kind": "video", "url": "https://www.youtube.com/watch?v=M7lc1UVf-VE",
        "title": "Ansehen: So laufen die vier Wochen ab (6 Min.)"});
    let bullets = json!({"kind": "bullets", "title": "Das bekommen Sie", "items": [
        "Vier Live-Coaching-Calls, aufgezeichnet, jeden Dienstag um 17:00 UTC",
        "Der Kursplaner: Gliederung, Skripte für jede Lektion und eine Checkliste für die Aufnahme",
        "Launch-E-Mails und eine Gliederung für Ihre Verkaufsseite, die Sie ausfüllen statt neu schreiben",
        "Feedback einer Kursproduzentin zu Ihren ersten zwei Lektionen",
        "Lebenslanger Zugang zu den Lektionen und zu den Calls aller künftigen Kohorten"]});
    let testimonial = json!({"kind": "testimonial",
        "quote": "Zwei Jahre lang wollte ich „demnächst“ mit meinem Kurs anfangen. Vier Wochen nach dem Start im Lab war er online, und der erste Launch hat das Programm neunmal wieder eingespielt.",
        "author": "Maya Okafor, Führungskräfte-Coach"});
    let faq = json!({"kind": "faq", "title": "Fragen und Antworten", "items": [
        {"q": "Brauche ich Vorkenntnisse?", "a": "Nein. Woche eins beginnt mit einem leeren Blatt; Sie brauchen nur ein Thema, das Sie gut genug kennen, um es zu unterrichten."},
        {"q": "Was, wenn ich einen Live-Call verpasse?", "a": "Jeder Call wird aufgezeichnet und ist noch am selben Tag mit schriftlichen Notizen im Mitgliederbereich."},
        {"q": "Wie bekomme ich Zugang?", "a": "Direkt nach Ihrer Zahlung erhalten Sie eine E-Mail mit Ihren Zugangsdaten zum Mitgliederbereich."}]});
    let guarantee = json!({"kind": "guarantee", "title": "30 Tage Geld-zurück-Garantie",
        "text": "Machen Sie die ersten zwei Wochen mit. Haben Sie dann keine Kursgliederung und keine ersten aufgenommenen Lektionen, schreiben Sie uns innerhalb von 30 Tagen: Sie bekommen den vollen Betrag zurück."});
    let countdown = json!({"kind": "countdown", "deadline": deadline, "label": "Die Anmeldung für die nächste Kohorte endet in"});
    let summary = json!({"kind": "order_summary", "title": "Ihre Bestellung"});
    let form = json!({"kind": "checkout_form", "button": "Jetzt beitreten"});
    vec![
        (
            "minimal",
            json!([
                {"kind": "headline", "text": "Treten Sie dem Course Launch Lab bei",
                 "subtext": "Die nächste Kohorte startet am Montag. Schließen Sie Ihre Bestellung unten ab."},
                countdown, summary, form, guarantee
            ]),
        ),
        (
            "long-form",
            json!([
                headline,
                text,
                video,
                bullets,
                testimonial,
                countdown,
                faq,
                guarantee,
                summary,
                form
            ]),
        ),
        (
            "two-column",
            json!([
                headline,
                text,
                bullets,
                testimonial,
                faq,
                summary,
                form,
                guarantee
            ]),
        ),
    ]
}
