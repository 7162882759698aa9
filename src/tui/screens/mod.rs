//! The eight screens, one folder each: its state (`mod.rs`), what its keys do (`keys.rs`), its
//! store requests (`worker.rs`, on the backend), its drawing (`view.rs`). See ARCHITECTURE.md,
//! "Adding a screen".

pub mod alarms;
pub mod checklist;
pub mod deadlines;
pub mod duty;
pub mod grid;
pub mod hazards;
pub mod overview;
mod screen;
pub mod tipoffs;

pub use screen::Screen;
