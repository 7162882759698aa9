//! The store worker's side of the app: the database connection (scoped to the signed-in
//! operator's grids), the holiday calendar, the reporter key and the tip-off rules. Screens answer
//! their own requests on it (`ScreenDef::read`/`write`); what is common lives here: signing in,
//! and checking a write against the operator's scope before it runs.

use crate::domain::calendar::HolidayCalendar;
use crate::store::operators::{self, Operator};
use crate::store::scope::{ScopedTable, visible};
use crate::store::{Store, StoreError, Writer};

pub struct Backend {
    pub store: Store,
    /// The signed-in operator's view when they are limited to some grids (see `store::scope`):
    /// every read goes through it. None: the whole office.
    pub scoped: Option<crate::store::Conn>,
    pub cal: HolidayCalendar,
    /// Opens sealed reporter identities (to mask them, or to reveal them to a supervisor).
    pub sealer: Option<crate::secret::Sealer>,
    pub rules: crate::domain::tipoff::TipoffRules,
    /// A station's grids: whoever signs in there sees at most these. None: the whole office.
    pub station_grids: Option<Vec<i64>>,
    /// Who signed in through this backend (their role decides a reveal, whatever a request says).
    pub signed: Option<Operator>,
    /// The config's `[dispatch]` and the office's language: a dispatch's write queues the
    /// message that tells the officer, in its own transaction.
    pub dispatch: Option<(crate::config::receivers::DispatchConfig, bool)>,
    /// The newest change of the change log this terminal has been told of.
    pub seen: i64,
}

/// A write that went through.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// What was written ("hazard #12"), for the status line.
    pub message: String,
    /// The hazard it created, if any.
    pub hazard: Option<i64>,
}

impl Written {
    pub fn new(message: impl Into<String>) -> Written {
        Written { message: message.into(), hazard: None }
    }

    pub fn hazard(id: i64) -> Written {
        Written { message: format!("hazard #{id}"), hazard: Some(id) }
    }
}

/// Why a write did not go through; nothing of it was stored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WriteError {
    /// Someone changed the record since it was read (optimistic concurrency).
    #[error("{0}")]
    Conflict(String),
    /// A rule, the operator's role or their scope said no.
    #[error("{0}")]
    Refused(String),
    /// The store could not do it (disk, lock, a broken database).
    #[error("{0}")]
    Failed(String),
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { .. } => WriteError::Conflict(e.to_string()),
            StoreError::Refused(_) | StoreError::NotFound { .. } => WriteError::Refused(e.to_string()),
            other => WriteError::Failed(other.to_string()),
        }
    }
}

/// What a write touches, for the scope check: a scoped operator's change is admitted only when
/// each record it touches (or the unit a new record is for) is visible in their scoped view, and
/// changes to the office's own things (reports, plans, silences) are not theirs to make.
#[derive(Debug, Clone, PartialEq)]
pub enum Reach {
    /// Nothing of a grid (the operator's own shift, their own sign-out).
    Anywhere,
    Records(Vec<(ScopedTable, i64)>),
    /// The office's own business.
    Office,
    /// Refused for a scoped operator, with the reason.
    Refused(&'static str),
}

impl Reach {
    pub fn record(table: ScopedTable, id: i64) -> Reach {
        Reach::Records(vec![(table, id)])
    }
}

/// The answer to a sign-in.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedIn {
    pub ok: Option<Operator>,
    pub no_operators: bool,
    /// Too many wrong PINs: refused until then.
    pub locked_until: Option<String>,
    /// The PIN was right but the operator covers none of this station's grids.
    pub outside: bool,
}

impl Backend {
    pub fn new(store: Store, cal: HolidayCalendar) -> Backend {
        // Whatever is read from here on is at least as new as this.
        let seen = crate::store::change_log::newest(store.conn()).unwrap_or(0);
        Backend {
            seen,
            store,
            cal,
            sealer: None,
            rules: Default::default(),
            scoped: None,
            station_grids: None,
            signed: None,
            dispatch: None,
        }
    }

    /// What other connections changed since this terminal was last told (everything when the
    /// log cannot say: an error reading it must not leave a screen stale).
    pub fn changes(&mut self) -> crate::domain::changes::Changes {
        let changes = crate::store::change_log::since(self.store.conn(), self.seen)
            .unwrap_or_else(|_| crate::domain::changes::Changes::everything(self.seen));
        self.seen = changes.seq;
        changes
    }

    /// Where reads go: the operator's scoped view, or the office.
    pub fn conn(&self) -> &crate::store::Conn {
        self.scoped.as_ref().unwrap_or(self.store.conn())
    }

    /// One audited transaction as `operator`; a store error becomes the write's error.
    pub fn write<T>(
        &mut self,
        operator: &str,
        f: impl FnOnce(&mut Writer<'_>) -> crate::store::Result<T>,
    ) -> Result<T, WriteError> {
        self.store.write(operator, f).map_err(WriteError::from)
    }

    /// A dispatch's write, with the message that tells the officer queued in the same transaction
    /// when the config says where (`notify::queue`).
    pub fn write_dispatch<T>(
        &mut self,
        operator: &str,
        f: impl FnOnce(&mut Writer<'_>) -> crate::store::Result<T>,
    ) -> Result<T, WriteError> {
        let dispatch = self.dispatch.clone();
        self.write(operator, |w| {
            let out = f(w)?;
            if let Some((d, zh)) = &dispatch {
                crate::notify::queue::dispatches(w, d, *zh)?;
            }
            Ok(out)
        })
    }

    /// Takes the operator's scope (within the station's, at a station): from now on reads see only
    /// their grids, writes only reach what they can see. Returns false, changing nothing, when the
    /// operator covers none of the station's grids.
    pub fn sign_as(&mut self, operator: &str) -> crate::store::Result<bool> {
        let own = crate::store::scope::grids_of(self.store.conn(), operator)?;
        let grids = crate::store::scope::intersect(own, self.station_grids.clone());
        if grids.as_ref().is_some_and(Vec::is_empty) && self.station_grids.is_some() {
            return Ok(false);
        }
        self.scoped = match grids {
            Some(grids) => Some(crate::store::scope::scoped_connection(self.store.path(), &grids, operator)?),
            None => None,
        };
        self.signed = operators::find(self.store.conn(), operator)?;
        Ok(true)
    }

    /// Sign-in is a write: the attempt is recorded and audited (as the place, never as the typed
    /// name), and wrong PINs are rate-limited per name and place.
    pub fn sign_in(
        &mut self,
        name: &str,
        pin: &str,
        via: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<SignedIn, StoreError> {
        use crate::store::sessions::{self, SignIn};
        let no_operators = operators::count(self.store.conn()).map(|n| n == 0).unwrap_or(false);
        let answer = |ok, locked_until, outside| SignedIn { ok, no_operators, locked_until, outside };
        Ok(match self.store.write(via, |w| sessions::sign_in(w, name, pin, via, now))? {
            SignIn::Ok(op) => {
                if self.sign_as(&op.name)? {
                    answer(Some(op), None, false)
                } else {
                    let why = format!("{} covers none of this station's grids", op.name);
                    let _ = self.store.write(via, |w| sessions::sign_out(w, &op.name, &why));
                    answer(None, None, true)
                }
            }
            SignIn::Wrong => answer(None, None, false),
            SignIn::Locked(until) => answer(None, Some(until), false),
        })
    }

    /// Whether a write may touch what it reaches, for the signed-in operator's scope.
    pub fn within(&self, reach: &Reach) -> Result<(), WriteError> {
        let Some(conn) = &self.scoped else { return Ok(()) };
        match reach {
            Reach::Anywhere => Ok(()),
            Reach::Office => Err(WriteError::Refused(
                "this is the office's own business, outside the grids you are limited to".into(),
            )),
            Reach::Refused(why) => Err(WriteError::Refused(why.to_string())),
            Reach::Records(records) => {
                for (table, id) in records {
                    if !visible(conn, *table, *id).map_err(|e| WriteError::Failed(e.to_string()))? {
                        let what = format!("{table:?}").to_lowercase();
                        return Err(WriteError::Refused(format!(
                            "{what} #{id} is outside the grids you are limited to"
                        )));
                    }
                }
                Ok(())
            }
        }
    }
}
