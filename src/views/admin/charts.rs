//! Charts drawn on the server as inline SVG: no script, nothing from a third party. Each SVG
//! only draws (its labels are HTML around it, so text stays readable when a phone shrinks the
//! plot) and is hidden from screen readers, which read the table that goes with it instead.

use maud::{html, Markup, PreEscaped};

/// One bar: its label (a day, or the first day of a week), the value it stands for, and how
/// that value reads.
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub text: String,
}

/// Vertical bars over time, scaled to the largest; `top` is how the largest value reads.
pub fn columns(bars: &[Bar], top: &str) -> Markup {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    // 10 units per bar, 100 high; stretched to the box by CSS (`preserveAspectRatio="none"`).
    let width = bars.len().max(1) * 10;
    let mut svg = format!(
        r#"<svg viewBox="0 0 {width} 100" preserveAspectRatio="none" aria-hidden="true" focusable="false"><line class="grid" x1="0" x2="{width}" y1="0.5" y2="0.5"/><line class="grid" x1="0" x2="{width}" y1="50" y2="50"/>"#
    );
    for (i, bar) in bars.iter().enumerate() {
        // A day with something in it always shows, however small beside the largest.
        let height = match bar.value {
            v if v <= 0 => 0.0,
            v => (v as f64 * 100.0 / max as f64).max(1.5),
        };
        svg.push_str(&format!(
            r#"<rect x="{}" y="{:.2}" width="8" height="{height:.2}"><title>{}: {}</title></rect>"#,
            i * 10 + 1,
            100.0 - height,
            maud::html! { (bar.label) }.into_string(),
            maud::html! { (bar.text) }.into_string(),
        ));
    }
    svg.push_str(&format!(
        r#"<line class="base" x1="0" x2="{width}" y1="99.5" y2="99.5"/></svg>"#
    ));
    let (first, last) = (bars.first(), bars.last());
    html! {
        div.columns-chart {
            span.top { (top) }
            (PreEscaped(svg))
            div.axis {
                @if let Some(first) = first { span { (first.label) } }
                @if let Some(last) = last.filter(|_| bars.len() > 1) { span { (last.label) } }
            }
        }
    }
}

/// One horizontal bar as wide as `part` is of `whole`: a funnel's step, or a take rate.
pub fn meter(part: i64, whole: i64) -> Markup {
    let width = match whole {
        w if w > 0 => {
            (part.clamp(0, w) as f64 * 100.0 / w as f64).max(if part > 0 { 0.5 } else { 0.0 })
        }
        _ => 0.0,
    };
    PreEscaped(format!(
        r#"<svg class="meter" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="track" width="100" height="10"/><rect width="{width:.2}" height="10"/></svg>"#
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: i64) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: format!("${value}"),
        }
    }

    #[test]
    fn bars_are_scaled_to_the_largest_and_labels_are_escaped() {
        let chart = columns(&[bar("<1>", 50), bar("2", 0), bar("3", 100)], "$100").into_string();
        assert!(
            chart.contains(
                r#"<rect x="1" y="50.00" width="8" height="50.00"><title>&lt;1&gt;: $50</title>"#
            ),
            "{chart}"
        );
        assert!(
            chart.contains(r#"<rect x="11" y="100.00" width="8" height="0.00">"#),
            "{chart}"
        );
        assert!(
            chart.contains(r#"<rect x="21" y="0.00" width="8" height="100.00">"#),
            "{chart}"
        );
        assert!(chart.contains(r#"viewBox="0 0 30 100""#));
        assert!(chart.contains("<span>&lt;1&gt;</span><span>3</span>"));
    }

    #[test]
    fn a_tiny_value_still_shows_and_nothing_draws_nothing() {
        let chart = columns(&[bar("1", 1), bar("2", 10_000)], "").into_string();
        assert!(
            chart.contains(r#"y="98.50" width="8" height="1.50""#),
            "{chart}"
        );
        assert!(meter(0, 0).into_string().contains(r#"<rect width="0.00""#));
        assert!(meter(1, 4).into_string().contains(r#"<rect width="25.00""#));
        assert!(meter(9, 4)
            .into_string()
            .contains(r#"<rect width="100.00""#));
    }
}
