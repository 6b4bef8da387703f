//! What a security and correctness audit found: abuse the server must hold under, and dashboard and CLI
//! answers that must tell the truth. Each test failed before its fix.

mod abuse;
mod operations;
