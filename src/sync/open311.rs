//! An Open311 platform's round: windows of at most 90 days, in pages, each page of requests
//! upserted as tip-offs together with the feed's cursor.

use super::engine::{Engine, FeedSpec, Outcome, RoundError};
use crate::store::alarms::{self, Quarantined};
use crate::store::feeds;
use crate::upstream::http::{Client, FetchError, Fetched, Validators, unreadable};
use std::collections::HashSet;

/// Open311 windows: the most a server accepts between start_date and end_date.
const OPEN311_WINDOW_DAYS: i64 = 90;
/// Each round reads again this far behind the cursor: GeoReport v2 has no "updated since", so a
/// status update is seen only by reading its request again. Updates of requests older than this
/// are not seen (by then they are long closed).
const OPEN311_LOOKBACK_DAYS: i64 = 90;
/// Requests asked for per page (the page/page_size extension).
const OPEN311_PAGE_SIZE: usize = 100;

impl Engine {
    /// Open311: walk `start_date`/`end_date` windows of at most 90 days from the cursor (less a
    /// look-back for updates) to now, each in pages; every page is upserted in one transaction,
    /// and the window's end becomes the cursor with the page that completes it.
    pub(super) async fn open311_round(&self, spec: &FeedSpec, client: &Client) -> Result<Outcome, RoundError> {
        use crate::upstream::open311;
        let base = spec.url.trim_end_matches('/');
        let ext = spec.format.ext();
        let services_url = format!("{base}/services.{ext}");
        // The services list only names the services: without it the requests are still read,
        // their service shown by its code, and the feed's health says why.
        let (services, services_note) = match client.get(&services_url, &Validators::default()).await {
            Ok(Fetched::Body { bytes, content_type, .. }) => match open311::services(&bytes, spec.format) {
                Ok(list) => (list, None),
                Err(e) => (Vec::new(), Some(unreadable(&services_url, "services", content_type.as_deref(), &e))),
            },
            Ok(Fetched::NotModified) => (Vec::new(), None),
            Err(e) => (Vec::new(), Some(open311_error(e, spec.format).0)),
        };
        let name = spec.name.clone();
        let cursor = self.db(move |s| alarms::cursor(s.conn(), &name)).await?;
        // Times travel with second precision: the window ends after the current second.
        let now = crate::domain::time::now() + chrono::Duration::seconds(1);
        let mut start = cursor
            .as_deref()
            .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
            .map(|c| c - chrono::Duration::days(OPEN311_LOOKBACK_DAYS))
            .unwrap_or(now - chrono::Duration::days(OPEN311_WINDOW_DAYS));
        let mut total = crate::store::tipoffs::Open311Batch::default();
        let mut pages = 0;
        while start < now {
            let end = (start + chrono::Duration::days(OPEN311_WINDOW_DAYS)).min(now);
            let mut seen = HashSet::new();
            for page in 1.. {
                let mut url = reqwest::Url::parse(&format!("{base}/requests.{ext}"))
                    .map_err(|e| RoundError(format!("{}: {e}", spec.url)))?;
                url.query_pairs_mut()
                    .append_pair("start_date", &crate::domain::time::stamp(start))
                    .append_pair("end_date", &crate::domain::time::stamp(end))
                    .append_pair("page", &page.to_string())
                    .append_pair("page_size", &OPEN311_PAGE_SIZE.to_string());
                let url = url.to_string();
                let (bytes, content_type) = match client.get(&url, &Validators::default()).await {
                    Ok(Fetched::Body { bytes, content_type, .. }) => (bytes, content_type),
                    Ok(Fetched::NotModified) => break,
                    Err(e) => return Err(open311_error(e, spec.format)),
                };
                let items = match open311::requests(&bytes, spec.format) {
                    Ok(items) => items,
                    Err(e) => {
                        let why = unreadable(&url, "requests", content_type.as_deref(), &e);
                        return self.quarantine_and_fail(&spec.name, bytes, why).await;
                    }
                };
                pages += 1;
                let count = items.len();
                let mut good = Vec::new();
                let mut bad = Vec::new();
                for item in items {
                    match item {
                        Ok(mut r) => {
                            if r.service_name.is_empty() {
                                r.service_name = services
                                    .iter()
                                    .find(|s| s.code == r.service_code)
                                    .map(|s| s.name.clone())
                                    .unwrap_or_else(|| r.service_code.clone());
                            }
                            good.push(r);
                        }
                        Err(e) => bad.push(e.to_string()),
                    }
                }
                // A server without the paging extension answers every page with the first one.
                let fresh = good.iter().filter(|r| seen.insert(r.id.clone())).count();
                let last = count < OPEN311_PAGE_SIZE || fresh == 0;
                let quarantined = if bad.is_empty() {
                    Vec::new()
                } else {
                    vec![Quarantined { error: format!("{url}:\n{}", bad.join("\n")), raw: bytes }]
                };
                let cursor = last.then(|| crate::domain::time::stamp(end));
                let (name, owner) = (spec.name.clone(), self.owner.clone());
                let b = self
                    .db(move |s| {
                        s.write(&format!("sync:{owner}"), |w| {
                            crate::store::tipoffs::ingest_open311(w, &name, &good, &quarantined, cursor.as_deref())
                        })
                    })
                    .await?;
                total.new += b.new;
                total.unchanged += b.unchanged;
                total.updated += b.updated;
                total.quarantined += b.quarantined;
                if last {
                    break;
                }
            }
            start = end;
            let (name, owner, hold) = (spec.name.clone(), self.owner.clone(), spec.lease_hold());
            self.db(move |s| feeds::acquire_lease(s.conn(), &name, &owner, crate::domain::time::now(), hold)).await?;
        }
        if let Some(note) = services_note {
            let (name, text) = (spec.name.clone(), format!("services list not read (requests were): {note}"));
            self.db(move |s| feeds::record_failure(s.conn(), &name, crate::domain::time::now(), &text)).await?;
        }
        Ok(Outcome::Tipoffs { batch: total, pages })
    }
}

/// An HTTP error from an Open311 server, with the server's own error document read when it sent
/// one ("HTTP 403: the server reports an error 403: Invalid api_key" rather than raw XML).
fn open311_error(e: FetchError, format: crate::upstream::open311::Format) -> RoundError {
    use crate::upstream::open311::{self, Format, Open311Error};
    if let FetchError::Status { url, status, snippet } = &e {
        let other = if format == Format::Json { Format::Xml } else { Format::Json };
        let doc = [format, other]
            .into_iter()
            .filter_map(|f| open311::requests(snippet.as_bytes(), f).err())
            .find(|d| matches!(d, Open311Error::Upstream { .. }));
        if let Some(doc) = doc {
            return RoundError(format!("{url}: HTTP {status}: {doc}"));
        }
    }
    RoundError(e.to_string())
}
