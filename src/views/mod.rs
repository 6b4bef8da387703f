//! maud templates: pure functions of plain data, never touching the database.
//! maud escapes every interpolated string, so merchant text cannot inject markup.

pub mod admin;
pub mod checkout;
pub mod components;
pub mod errors;
pub mod layout;
pub mod page;
pub mod stripe;
pub mod test_gateway;

/// An id shows as its number.
macro_rules! render_id {
    ($($t:ty),*) => {$(
        impl maud::Render for $t {
            fn render_to(&self, buffer: &mut String) {
                self.0.render_to(buffer)
            }
        }
    )*};
}
crate::for_each_id!(render_id);
