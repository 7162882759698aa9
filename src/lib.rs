//! anjian (安监值班台): a terminal dashboard for street and town work-safety offices.

/// mimalloc rather than the system's allocator: reading a feed builds and frees many small strings
/// (an embedded-CAP index of 5,000 alerts is about 300,000 elements), and glibc's malloc spent a
/// third of that time consolidating and unlinking chunks. Here, so that every binary built on the
/// library (the program, its tests and benchmarks) measures what the program runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod actor;
pub mod cli;
pub mod cli_zh;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod domain;
pub mod export;
pub mod fixture;
pub mod generate;
pub mod i18n;
pub mod import;
pub mod notify;
pub mod plan;
pub mod report;
pub mod secret;
pub mod station_mode;
pub mod store;
pub mod sync;
pub mod system;
pub mod tui;
pub mod upstream;
