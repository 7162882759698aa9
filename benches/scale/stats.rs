//! Percentiles and the rows of the table.

use ratatui::crossterm::event::KeyCode;
use std::time::{Duration, Instant};

pub fn pct(v: &[Duration], p: f64) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    if v.is_empty() {
        return Duration::ZERO;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

pub fn ms(d: Duration) -> String {
    let m = d.as_secs_f64() * 1e3;
    if m < 10.0 { format!("{m:.2} ms") } else { format!("{m:.0} ms") }
}

/// One line of the table: what was measured, the figure, the target and whether it is met.
pub struct Row {
    pub what: String,
    pub figure: String,
    pub target: String,
    pub met: Option<bool>,
}

impl Row {
    pub fn new(what: impl Into<String>, figure: impl Into<String>) -> Row {
        Row { what: what.into(), figure: figure.into(), target: String::new(), met: None }
    }

    /// A figure held to a time limit.
    pub fn within(what: impl Into<String>, figure: Duration, shown: String, limit: Duration) -> Row {
        Row { what: what.into(), figure: shown, target: format!("≤ {}", ms(limit)), met: Some(figure <= limit) }
    }

    pub fn target(mut self, target: impl Into<String>, met: bool) -> Row {
        self.target = target.into();
        self.met = Some(met);
        self
    }

    /// p50 / p99 / max of `v`, held to `limit` at p99.
    pub fn spread(what: impl Into<String>, v: &[Duration], limit: Duration) -> Row {
        let p99 = pct(v, 0.99);
        let shown = format!("p50 {} · p99 {} · max {} (n={})", ms(pct(v, 0.5)), ms(p99), ms(pct(v, 1.0)), v.len());
        Row::within(what, p99, shown, limit)
    }
}

pub fn print(rows: &[Row]) -> String {
    let mut out = String::from("| measured | figure | target | met |\n|---|---|---|---|\n");
    for r in rows {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "",
        };
        out.push_str(&format!("| {} | {} | {} | {met} |\n", r.what, r.figure, r.target));
    }
    out
}

/// A key's time to its first frame (the page, a screen's rows) and to the frame with its counts:
/// the requests run in order as the worker runs them, and the frame is drawn before a count
/// asked after the rows (`Slot` "count": a search's count, the Checklist's figures), as the
/// dashboard draws each reply before the next is answered.
pub fn timed_to_page(h: &mut anjian::tui::headless::Headless, key: KeyCode) -> (Duration, Duration) {
    use anjian::tui::app::Msg;
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let t = Instant::now();
    let mut queue: std::collections::VecDeque<_> =
        h.app.update(Msg::Key(KeyEvent::new(key, KeyModifiers::NONE))).into();
    let mut page = None;
    while let Some(r) = queue.pop_front() {
        if page.is_none() && r.kind().is_some_and(|(_, s)| s.name == "count") {
            h.render();
            page = Some(t.elapsed());
        }
        let reply = h.backend.execute(r);
        queue.extend(h.app.update(Msg::Reply(Box::new(reply))));
    }
    h.render();
    let all = t.elapsed();
    (page.unwrap_or(all), all)
}
