//! An alarm as a connector hands it to the store: what `alarms::ingest` decides on and
//! `alarm_rows` writes.

use super::alarm_area::Geo;
use crate::domain::RiskLevel;

/// What kind of message an incoming alarm is (CAP msgType, or a monitor raise/clear).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Alert,
    /// Replaces the alarms in `references`.
    Update,
    /// Withdraws the alarms in `references`.
    Cancel,
    /// A monitor alarm that has cleared upstream.
    Cleared,
}

/// One alarm as a connector hands it over.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub dedup_key: String,
    pub kind: Kind,
    /// "cap" or "monitor".
    pub source: &'static str,
    /// CAP status (Actual, Exercise, Test …); only Actual is ever notified.
    pub msg_status: String,
    pub level: RiskLevel,
    pub headline: String,
    pub event: String,
    pub language: String,
    pub description: String,
    pub instruction: String,
    pub area: String,
    pub sender: String,
    /// RFC 3339.
    pub sent: String,
    pub expires: Option<String>,
    pub unit_uscc: Option<String>,
    /// Dedup keys of the alarms this one updates or cancels.
    pub references: Vec<String>,
    /// CAP messages are the same message when fetched again, even after they were closed; a
    /// monitor alarm raised again after it was closed is a new trigger.
    pub retrigger: bool,
    /// Where it applies, beyond the named unit.
    pub geo: Geo,
}
