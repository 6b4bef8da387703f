//! How the domain's typed ids and named values are stored: an id as its INTEGER, a named
//! value as the one string its `as_str` gives.

use crate::domain::access::EntitlementState;
use crate::domain::fulfillment::{AttemptOutcome, JobState};
use crate::domain::order::LineKind;
use crate::domain::product::{OnCancel, PriceKind};
use crate::gateways::Gateway;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! sql_id {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map(Self)
            }
        }
    )*};
}
crate::for_each_id!(sql_id);

macro_rules! sql_named {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                <$t>::parse(text).ok_or_else(|| {
                    FromSqlError::Other(format!("{text:?} is not a {}", stringify!($t)).into())
                })
            }
        }
    )*};
}
sql_named!(
    LineKind,
    PriceKind,
    JobState,
    AttemptOutcome,
    EntitlementState,
    OnCancel
);

impl ToSql for Gateway {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}
/// Stored gateways include `none` (an order a coupon made free), which pages never offer.
impl FromSql for Gateway {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Gateway::stored(text)
            .ok_or_else(|| FromSqlError::Other(format!("{text:?} is not a Gateway").into()))
    }
}
