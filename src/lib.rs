//! anjian (安监值班台): a terminal dashboard for street and town work-safety offices.

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
