//! Bumps and upsells at the real processors.
