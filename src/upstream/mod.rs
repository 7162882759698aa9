//! Upstream: the formats (safe XML, CAP 1.2 alerts, Atom/RSS indexes, the monitor feed, Open311)
//! as parsers without IO, so the same code serves the sync, the fixture server and the fuzz
//! targets; and the one place that fetches, `http`, with the feeds' origin rules in `origin`.

pub mod cap;
pub mod cap_schema;
pub mod edxl;
pub mod feed;
pub mod http;
pub mod monitor;
pub mod open311;
pub mod origin;
pub mod xml;
