//! An invoice or credit note as issued: everything it prints, fixed at issue. The PDF, the
//! API and the emails read this snapshot, never the order or the settings as they are later.

use super::tax::{BasisPoints, Prices, Taxed};
use crate::clock::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Invoice,
    /// Cancels an invoice (a refund): its amounts are the invoice's, negated.
    CreditNote,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invoice => "invoice",
            Kind::CreditNote => "credit_note",
        }
    }
}

/// Who sold: the tax settings' seller, or the shop's name and support email while those are
/// unset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    /// A business buyer's company; empty for the seller and for consumers.
    #[serde(default)]
    pub company: String,
    /// Postal address lines.
    pub address: Vec<String>,
    pub vat_id: String,
    pub email: String,
}

/// One printed line: a product at its price as typed, or the coupon's discount (negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLine {
    pub description: String,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub number: String,
    pub kind: Kind,
    pub issued_at: Timestamp,
    /// A credit note: the number of the invoice it cancels.
    pub corrects: Option<String>,
    pub order_id: i64,
    /// The buyer pages' language the order was placed in (`i18n::Locale` code).
    pub language: String,
    pub seller: Party,
    pub buyer: Party,
    pub lines: Vec<DocLine>,
    pub currency: String,
    pub net: i64,
    /// `None`: tax was off for this order (no rate is printed).
    pub rate: Option<BasisPoints>,
    pub tax: i64,
    pub total: i64,
    /// The lines' amounts include the tax (prices typed with tax).
    pub prices_include_tax: bool,
    /// No VAT charged: the buyer accounts for it (its VAT ID is printed beside).
    pub reverse_charge: bool,
}

impl Document {
    /// The lines of a charge: each product at its price, then the discount that makes them
    /// `charged` (the charge at the prices as typed: its total when prices include the tax,
    /// its net when they exclude it).
    pub fn lines_for(
        products: &[(String, i64)],
        coupon: Option<&str>,
        charged: i64,
    ) -> Vec<DocLine> {
        let mut lines: Vec<DocLine> = (products.iter())
            .map(|(name, amount)| DocLine {
                description: name.clone(),
                amount: *amount,
            })
            .collect();
        let full: i64 = products.iter().map(|(_, a)| a).sum();
        if full > charged {
            lines.push(DocLine {
                description: match coupon {
                    Some(code) => format!("Coupon {code}"),
                    None => "Discount".into(),
                },
                amount: charged - full,
            });
        }
        lines
    }

    /// The credit note that cancels this invoice.
    pub fn credit_note(&self, number: String, issued_at: Timestamp) -> Document {
        Document {
            number,
            kind: Kind::CreditNote,
            issued_at,
            corrects: Some(self.number.clone()),
            lines: (self.lines.iter())
                .map(|l| DocLine {
                    description: l.description.clone(),
                    amount: -l.amount,
                })
                .collect(),
            net: -self.net,
            tax: -self.tax,
            total: -self.total,
            ..self.clone()
        }
    }
}

impl Document {
    /// The credit note for `amount` (tax included, at most the invoice's total) of this
    /// invoice: one line, the refund, taxed at the invoice's rate.
    pub fn partial_credit_note(
        &self,
        number: String,
        issued_at: Timestamp,
        amount: i64,
    ) -> Document {
        let taxed = Taxed::of(amount, self.rate.unwrap_or(0), Prices::IncludeTax);
        let line = match self.prices_include_tax {
            true => taxed.total,
            false => taxed.net,
        };
        Document {
            number,
            kind: Kind::CreditNote,
            issued_at,
            corrects: Some(self.number.clone()),
            lines: vec![DocLine {
                description: format!("Partial refund of invoice {}", self.number),
                amount: -line,
            }],
            net: -taxed.net,
            tax: -taxed.tax,
            total: -taxed.total,
            ..self.clone()
        }
    }
}

/// `2026-000001`: the year and the document's place in that year's one sequence.
pub fn number(year: i32, sequence: i64) -> String {
    format!("{year}-{sequence:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_charges_lines_end_with_the_discount_that_makes_them_the_charge() {
        let products = [("Kurs".to_string(), 4900), ("Workbook".to_string(), 900)];
        let lines = Document::lines_for(&products, Some("HALF"), 3350);
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[2],
            DocLine {
                description: "Coupon HALF".into(),
                amount: -2450
            }
        );
        assert_eq!(lines.iter().map(|l| l.amount).sum::<i64>(), 3350);
        assert_eq!(Document::lines_for(&products, None, 5800).len(), 2);
        assert_eq!(number(2026, 1), "2026-000001");
        assert_eq!(number(2027, 1_234_567), "2027-1234567");
    }

    #[test]
    fn a_partial_credit_note_is_one_line_whose_tax_adds_up_at_the_invoices_rate() {
        let invoice = Document {
            number: number(2026, 1),
            kind: Kind::Invoice,
            issued_at: 0,
            corrects: None,
            order_id: 1,
            language: "en".into(),
            seller: Party::default(),
            buyer: Party::default(),
            lines: vec![DocLine {
                description: "Kurs".into(),
                amount: 4900,
            }],
            currency: "EUR".into(),
            net: 4900,
            rate: Some(1900),
            tax: 931,
            total: 5831,
            prices_include_tax: false,
            reverse_charge: false,
        };
        let note = invoice.partial_credit_note(number(2026, 2), 10, 1000);
        assert_eq!(
            (note.kind, note.corrects.as_deref()),
            (Kind::CreditNote, Some("2026-000001"))
        );
        assert_eq!((note.net, note.tax, note.total), (-840, -160, -1000));
        assert_eq!(note.net + note.tax, note.total);
        // Prices without tax: the line is the net, as the invoice's lines are.
        assert_eq!(note.lines.len(), 1);
        assert_eq!(note.lines[0].amount, -840);
        let untaxed = Document {
            rate: None,
            tax: 0,
            ..invoice
        };
        let note = untaxed.partial_credit_note(number(2026, 3), 10, 1000);
        assert_eq!((note.net, note.tax, note.total), (-1000, 0, -1000));
    }
}
