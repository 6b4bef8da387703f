//! An invoice or credit note as an A4 PDF (krilla), its text in Invoice Sans (Liberation Sans
//! cut to Latin, Greek and Cyrillic: assets/fonts/LICENSE-OFL.txt), embedded and subset, so every
//! reader shows the same letters (é, ł, ő, €).

use crate::domain::invoice::{Document, Kind};
use crate::i18n::{self, Locale};
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document as Pdf;
use std::sync::OnceLock;

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const LEFT: f32 = 56.0;
const RIGHT: f32 = WIDTH - 56.0;
/// Where the buyer's block and the header's facts start.
const MIDDLE: f32 = 330.0;

struct Face {
    font: Font,
    data: &'static [u8],
}

/// The embedded fonts, read once from the binary's assets.
fn faces() -> &'static (Face, Face) {
    static FACES: OnceLock<(Face, Face)> = OnceLock::new();
    FACES.get_or_init(|| {
        let load = |name: &str| {
            let file = crate::assets::Assets::get(name).expect("the font is embedded");
            let data: &'static [u8] = Box::leak(file.data.into_owned().into_boxed_slice());
            Face {
                font: Font::new(data.into(), 0).expect("a valid font"),
                data,
            }
        };
        (
            load("fonts/InvoiceSans-Regular.ttf"),
            load("fonts/InvoiceSans-Bold.ttf"),
        )
    })
}

/// The width of `text` at `size` points (advances, without kerning: enough to align).
fn width(face: &Face, size: f32, text: &str) -> f32 {
    let Ok(parsed) = ttf_parser::Face::parse(face.data, 0) else {
        return 0.0;
    };
    let units: u32 = (text.chars())
        .filter_map(|c| parsed.glyph_index(c))
        .filter_map(|g| parsed.glyph_hor_advance(g))
        .map(u32::from)
        .sum();
    units as f32 * size / f32::from(parsed.units_per_em())
}

/// `text` cut to fit `max` points, with an ellipsis when cut.
fn fitted(face: &Face, size: f32, text: &str, max: f32) -> String {
    if width(face, size, text) <= max {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() && width(face, size, &format!("{cut}…")) > max {
        cut.pop();
    }
    format!("{cut}…")
}

struct Writer<'a> {
    surface: krilla::surface::Surface<'a>,
}

impl Writer<'_> {
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let (regular, heavy) = faces();
        let face = if bold { heavy } else { regular };
        let text = fitted(face, size, text, RIGHT - x);
        let at = Point::from_xy(x, y);
        (self.surface).draw_text(
            at,
            face.font.clone(),
            size,
            &text,
            false,
            TextDirection::Auto,
        );
    }

    /// Text whose right edge is at `x`.
    fn right(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let (regular, heavy) = faces();
        let face = if bold { heavy } else { regular };
        let at = Point::from_xy(x - width(face, size, text), y);
        (self.surface).draw_text(
            at,
            face.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn rule(&mut self, y: f32) {
        let mut path = PathBuilder::new();
        path.move_to(LEFT, y);
        path.line_to(RIGHT, y);
        if let Some(path) = path.finish() {
            self.surface.set_stroke(Some(krilla::paint::Stroke {
                width: 0.5,
                ..Default::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }
}

/// The document as PDF bytes.
pub fn render(d: &Document) -> Result<Vec<u8>, String> {
    let l = Locale::parse(&d.language).unwrap_or_default();
    let money = |amount: i64| i18n::money_in(l, amount, &d.currency);
    let title = match d.kind {
        Kind::Invoice => i18n::t(l, "invoice-title"),
        Kind::CreditNote => i18n::t(l, "invoice-credit-note-title"),
    };
    let mut pdf = Pdf::new();
    pdf.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("{title} {}", d.number))
            .language(l.as_str().to_string())
            .creator("tagcart".into()),
    );
    let mut page = pdf.start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).expect("A4"));
    let mut w = Writer {
        surface: page.surface(),
    };
    w.text(LEFT, 80.0, 22.0, true, &title);
    let facts = [
        ("invoice-number", d.number.clone()),
        ("invoice-date", i18n::date(l, d.issued_at)),
        ("invoice-order", format!("#{}", d.order_id)),
    ];
    for (i, (label, value)) in facts.iter().enumerate() {
        let y = 66.0 + 14.0 * i as f32;
        w.text(MIDDLE, y, 9.0, false, &i18n::t(l, label));
        w.right(RIGHT, y, 9.0, true, value);
    }
    if let Some(number) = &d.corrects {
        let cancels = i18n::t_with(l, "invoice-cancels", &[("number", number.into())]);
        w.text(MIDDLE, 66.0 + 14.0 * 3.0, 9.0, false, &cancels);
    }
    let mut party = |x: f32, label: &str, p: &crate::domain::invoice::Party| {
        let mut y = 150.0;
        w.text(x, y, 8.0, true, &i18n::t(l, label).to_uppercase());
        y += 15.0;
        for (i, line) in [&p.company, &p.name]
            .into_iter()
            .filter(|t| !t.is_empty())
            .enumerate()
        {
            w.text(x, y, 10.0, i == 0, line);
            y += 13.0;
        }
        for line in &p.address {
            w.text(x, y, 10.0, false, line);
            y += 13.0;
        }
        if !p.vat_id.is_empty() {
            let vat = format!("{} {}", i18n::t(l, "invoice-vat-id"), p.vat_id);
            w.text(x, y, 10.0, false, &vat);
            y += 13.0;
        }
        if !p.email.is_empty() {
            w.text(x, y, 10.0, false, &p.email);
        }
    };
    party(LEFT, "invoice-seller", &d.seller);
    party(MIDDLE, "invoice-bill-to", &d.buyer);

    let mut y = 300.0;
    w.text(LEFT, y, 9.0, true, &i18n::t(l, "invoice-description"));
    w.right(RIGHT, y, 9.0, true, &i18n::t(l, "invoice-amount"));
    w.rule(y + 6.0);
    y += 24.0;
    for line in &d.lines {
        w.text(LEFT, y, 10.0, false, &line.description);
        w.right(RIGHT, y, 10.0, false, &money(line.amount));
        y += 16.0;
    }
    w.rule(y - 8.0);
    y += 8.0;
    let total_line = |w: &mut Writer, label: &str, amount: i64, bold: bool, y: f32| {
        w.text(MIDDLE, y, 10.0, bold, label);
        w.right(RIGHT, y, 10.0, bold, &money(amount));
    };
    if let Some(rate) = d.rate {
        total_line(&mut w, &i18n::t(l, "summary-net"), d.net, false, y);
        y += 16.0;
        let vat = i18n::t_with(
            l,
            "summary-vat",
            &[("rate", (&i18n::percent(l, rate)).into())],
        );
        total_line(&mut w, &vat, d.tax, false, y);
        y += 16.0;
    }
    total_line(&mut w, &i18n::t(l, "invoice-total"), d.total, true, y);
    y += 30.0;
    let mut notes = vec![];
    if d.reverse_charge {
        notes.push(i18n::t(l, "summary-reverse-charge"));
    }
    if d.kind == Kind::Invoice {
        notes.push(i18n::t(l, "invoice-paid"));
    }
    for note in notes {
        w.text(LEFT, y, 9.0, false, &note);
        y += 13.0;
    }
    drop(w);
    page.finish();
    pdf.finish().map_err(|e| format!("{e:?}"))
}
