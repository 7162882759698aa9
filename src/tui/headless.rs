//! The whole interface without a terminal: the real [`App`] and the real store requests, run
//! synchronously and drawn on a ratatui `TestBackend`. Snapshot tests, benchmarks and load
//! simulations drive the program through this, so they exercise exactly what a user runs.

use super::app::{App, Msg};
use super::backend::Backend;
use super::screens::Request;
use crate::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::VecDeque;

pub struct Headless {
    pub app: App,
    pub backend: Backend,
    terminal: Terminal<TestBackend>,
    /// The last complete frame as drawn (not the backend's copy, which keeps stale cells behind
    /// wide characters across frames).
    frame: Buffer,
}

impl Headless {
    /// Starts the app at the given size and loads what its first screen needs.
    pub fn new(mut app: App, store: Store, width: u16, height: u16) -> Headless {
        app.size = (width, height);
        app.report_dir = store.path().parent().map(|p| p.join("reports")).unwrap_or_else(|| "reports".into());
        let first = app.start();
        let terminal = Terminal::new(TestBackend::new(width, height)).unwrap_or_else(|e| match e {});
        let frame = Buffer::empty(ratatui::layout::Rect::new(0, 0, width, height));
        let mut backend = Backend::new(store, crate::domain::calendar::HolidayCalendar::built_in());
        if let Some(op) = &app.operator {
            // A scope that cannot be set up is a broken test database: say so loudly.
            if let Err(e) = backend.sign_as(&op.name) {
                panic!("the scope of {}: {e}", op.name);
            }
        }
        let mut h = Headless { app, backend, terminal, frame };
        h.settle(first);
        h
    }

    /// Runs requests and feeds their replies back until the app asks for nothing more.
    pub fn settle(&mut self, requests: Vec<Request>) {
        let mut queue: VecDeque<Request> = requests.into();
        while let Some(r) = queue.pop_front() {
            let reply = self.backend.execute(r);
            queue.extend(self.app.update(Msg::Reply(Box::new(reply))));
        }
    }

    /// What the worker does when another connection has committed: reads the change log since
    /// the last time and tells the app (nothing when no logged table changed).
    /// Reads the change log as the worker does after another connection's commit and tells the
    /// app; false when nothing logged had changed (the app is not told).
    pub fn changed_elsewhere(&mut self) -> bool {
        let changes = self.backend.changes();
        if changes.is_empty() {
            return false;
        }
        let reqs = self.app.update(Msg::DataChanged(changes));
        self.settle(reqs);
        true
    }

    pub fn store(&self) -> &Store {
        &self.backend.store
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.key_with(code, KeyModifiers::NONE)
    }

    pub fn key_with(&mut self, code: KeyCode, modifiers: KeyModifiers) -> &mut Self {
        let reqs = self.app.update(Msg::Key(KeyEvent::new(code, modifiers)));
        self.settle(reqs);
        self
    }

    /// Types text one character at a time, as a person would.
    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    pub fn resize(&mut self, width: u16, height: u16) -> &mut Self {
        self.terminal.backend_mut().resize(width, height);
        let reqs = self.app.update(Msg::Resize(width, height));
        self.settle(reqs);
        self
    }

    /// Draws one frame and returns it.
    pub fn render(&mut self) -> &Buffer {
        let app = &self.app;
        // The TestBackend cannot fail (its error type is Infallible).
        let Ok(done) = self.terminal.draw(|f| super::views::draw(f, app));
        self.frame = done.buffer.clone();
        &self.frame
    }

    /// The frame as plain text, one line per row, wide characters written once.
    pub fn screen(&mut self) -> String {
        let buf = self.render().clone();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                out.push_str(sym);
            }
            out.push('\n');
        }
        out
    }
}

/// A writer that only counts what it is given: the bytes a real terminal would receive from a
/// crossterm backend (what a slow SSH link carries), for tests and benchmarks.
#[derive(Clone, Default)]
pub struct ByteCounter(std::sync::Arc<std::sync::Mutex<usize>>);

impl std::io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut n) = self.0.lock() {
            *n += buf.len();
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl ByteCounter {
    /// The bytes counted since the last call.
    pub fn take(&self) -> usize {
        self.0.lock().map(|mut n| std::mem::take(&mut *n)).unwrap_or(0)
    }
}
