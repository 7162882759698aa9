//! The app's own requests, replies and writes, beside the screens' (which each screen's `msg.rs`
//! holds, wrapped by the enums in `screens/mod.rs`): the office's name, signing in and out, the
//! units offered as a form's search field changes, and the alarms that need attention (the banner
//! and notifications on every screen).

use super::backend::{Backend, SignedIn, WriteError, Written};
use super::screen_def::{Kind, Slot};
use crate::store::alarm_queue::{self, AlarmRow};
use crate::store::network;
use crate::store::units::{self, Scope, UnitQuery};

/// The tables `AppReq::Office` reads (read again when one changes elsewhere).
pub const OFFICE_READS: &[&str] = &["office"];
/// The tables `AppReq::Attention` reads.
pub const ATTENTION_READS: &[&str] = &["alarm", "unit", "officer", "silence"];

#[derive(Debug, Clone, PartialEq)]
pub enum AppReq {
    Office,
    SignIn {
        name: String,
        pin: String,
        /// Where the attempt is made (`station:NAME`, `local:ACCOUNT`): wrong PINs are counted per
        /// name and place, so a station cannot lock a name out everywhere.
        via: String,
        now: chrono::DateTime<chrono::FixedOffset>,
    },
    /// Units matching what is typed in a form's search field.
    UnitSuggest {
        field: usize,
        text: String,
    },
    /// Alarms that should be notified about now.
    Attention {
        now: String,
    },
}

impl Kind for AppReq {
    fn kind(&self) -> Option<Slot> {
        match self {
            AppReq::Office => Slot::of("office"),
            AppReq::SignIn { .. } => None,
            AppReq::UnitSuggest { field, .. } => Slot::keyed("suggest", *field as i64),
            AppReq::Attention { .. } => Slot::of("attention"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum AppRep {
    Office(Option<String>),
    SignIn(SignedIn),
    UnitSuggest { field: usize, text: String, matches: Vec<(i64, String)> },
    Attention(Vec<AlarmRow>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum AppWrite {
    /// The operator left the terminal (another signed in on the lock screen).
    SignOut { name: String, why: String },
}

impl AppReq {
    pub fn answer(self, b: &mut Backend) -> crate::store::Result<AppRep> {
        Ok(match self {
            AppReq::Office => AppRep::Office(network::office_name(b.conn())?),
            AppReq::SignIn { name, pin, via, now } => AppRep::SignIn(b.sign_in(&name, &pin, &via, now)?),
            AppReq::UnitSuggest { field, text } => {
                let q = UnitQuery { scope: Scope::All, text: text.clone() };
                let matches = units::first(b.conn(), &q, 8)?
                    .into_iter()
                    .map(|u| (u.id, format!("{} {}", u.name, u.uscc.unwrap_or_default()).trim().to_string()))
                    .collect();
                AppRep::UnitSuggest { field, text, matches }
            }
            AppReq::Attention { now } => AppRep::Attention(alarm_queue::needing_attention(b.conn(), &now, 50)?),
        })
    }
}

impl AppWrite {
    pub fn run(self, b: &mut Backend, operator: &str) -> Result<Written, WriteError> {
        match self {
            AppWrite::SignOut { name, why } => {
                b.write(operator, |w| crate::store::sessions::sign_out(w, &name, &why)).map(|_| Written::new(name))
            }
        }
    }
}
