//! The sync engine's pure half: turning what connectors parsed into store rows. The fetching half
//! (HTTP, schedules, leases) builds on this.

pub mod incoming;
