//! Notifications for red and orange alarms. The app only records what to say ([`Effect`]); the
//! run loop hands it to a thread that tries a desktop notification (notify-rust over D-Bus, when
//! a desktop session exists) with a time limit, and the terminal bell is rung by the run loop
//! itself. Nothing here can block drawing or input: a D-Bus that accepts and never answers only
//! costs the notifier thread its time limit.

use std::sync::mpsc;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Notify { title: String, body: String },
}

/// How long one desktop notification may take before it is given up.
const LIMIT: Duration = Duration::from_secs(3);

/// Whether this process runs inside a desktop session (over SSH it usually does not).
pub fn desktop_session() -> bool {
    let has = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    has("DBUS_SESSION_BUS_ADDRESS") && (has("DISPLAY") || has("WAYLAND_DISPLAY"))
}

/// Starts the notifier thread; `None` when desktop notifications are off or impossible (the bell
/// and the banner still work).
pub fn spawn(enabled: bool) -> Option<mpsc::Sender<Effect>> {
    if !enabled || !desktop_session() {
        return None;
    }
    let (tx, rx) = mpsc::channel::<Effect>();
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        while let Ok(Effect::Notify { title, body }) = rx.recv() {
            rt.block_on(async {
                let mut n = notify_rust::Notification::new();
                n.appname("anjian").summary(&title).body(&body);
                let _ = tokio::time::timeout(LIMIT, n.show_async()).await;
            });
        }
    });
    Some(tx)
}
