//! Where a dashboard runs, and what that place allows: the local terminal of an account, or a
//! station reached over SSH (see the README's "Deployment").

/// The place of one dashboard process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    /// How sign-ins here are recorded and counted: `station:NAME` or `local:ACCOUNT`.
    pub place: String,
    /// A station's grids: whoever signs in sees at most these. None: the whole office.
    pub grids: Option<Vec<i64>>,
    /// A station: no background sync (the office's `sync --watch` service fetches the feeds), no
    /// desktop notifications, and nothing read from the client's environment.
    pub station: bool,
}

impl Seat {
    /// The terminal of the account running this process (named by the kernel).
    pub fn local() -> Seat {
        Seat { place: format!("local:{}", crate::system::identity::real().name), grids: None, station: false }
    }

    pub fn station(name: &str, grids: Option<Vec<i64>>) -> Seat {
        Seat { place: format!("station:{name}"), grids, station: true }
    }
}
