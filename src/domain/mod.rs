//! Pure types and rules of the office's work. No IO and no terminal code lives here, so every rule
//! can be tested with tables.

pub mod accident;
pub mod alarm;
pub mod calendar;
pub mod changes;
pub mod checklist;
pub mod clock_skew;
pub mod deadline;
pub mod deadline_seek;
pub mod duty;
pub mod entities;
pub mod escalation;
pub mod figures;
pub mod geo;
pub mod hazard;
pub mod office;
pub mod permission;
pub mod phone;
pub mod rates;
pub mod risk;
pub mod roles;
pub mod route;
pub mod search;
pub mod sector;
pub mod signin;
pub mod silence;
pub mod station;
pub mod text;
pub mod time;
pub mod tipoff;
pub mod uscc;
pub mod warning_code;
pub mod work_record;

pub use entities::*;
pub use risk::RiskLevel;
pub use roles::{OfficerRole, OperatorRole, TeamSeat};
pub use sector::Sector;
