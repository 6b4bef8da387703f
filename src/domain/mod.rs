//! The rules of the business: money, products, pages. No SQL and no HTTP here.

pub mod checkout;
pub mod gateway;
pub mod ids;
pub mod money;
pub mod order;
pub mod page;
pub mod payment_match;
pub mod product;
pub mod rich_text;
pub mod section;
pub mod template;
pub mod validation;

/// "1 job", "2 jobs": a count with its noun, for sentences people read.
pub fn counted(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn counted_says_one_job_and_two_jobs() {
        assert_eq!(super::counted(1, "job", "jobs"), "1 job");
        assert_eq!(super::counted(0, "job", "jobs"), "0 jobs");
        assert_eq!(super::counted(2_usize as i64, "try", "tries"), "2 tries");
    }
}
