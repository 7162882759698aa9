//! Upstream formats: safe XML, CAP 1.2 alerts, Atom/RSS indexes. Parsers only — no IO — so the
//! same code serves the connectors, the fixture server and the fuzz targets.

pub mod cap;
pub mod feed;
pub mod http;
pub mod monitor;
pub mod open311;
pub mod origin;
pub mod xml;
