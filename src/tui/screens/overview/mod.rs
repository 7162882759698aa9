//! The overview screen.

pub mod view;
