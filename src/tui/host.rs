//! Where the app meets its screens: each screen works in a [`Ctx`] built from the app's state,
//! and what it leaves there (requests, writes, a form, a status line, an ask of another screen)
//! is wrapped and taken up here. The screen to call is chosen by the `Screen` value or by the
//! reply's variant, never by a run-time guess.

use super::action::Action;
use super::app::App;
use super::env::Env;
use super::env::Status;
use super::messages::AppRep;
use super::screen_def::{Ask, Ctx, Took};
use super::screens::{Host, Registered, Reply, Request, Screen, Visit};
use crate::domain::changes::Changes;

impl Host for App {
    fn with<S: Registered, R>(&mut self, f: impl FnOnce(&mut S, &mut Ctx<'_, S>) -> R) -> (R, Vec<Request>) {
        let height = self.list_height();
        let env = Env {
            lang: self.lang,
            theme: &self.theme,
            today: self.today,
            now: self.now,
            operator: self.operator.as_ref(),
            office: &self.office,
            height,
            width: self.size.0 as usize,
            report_dir: &self.report_dir,
            filter: self.filter.as_ref(),
            form_open: self.form.is_some(),
        };
        let mut cx = Ctx::new(env);
        let result = f(S::of_mut(&mut self.screens), &mut cx);
        let Ctx { reads, writes, form, status, asks, show, text, .. } = cx;
        if let Some((title, body)) = text {
            self.overlay = super::app::Overlay::Text { title, body, scroll: 0 };
        }
        let mut out: Vec<Request> = reads.into_iter().map(S::request).collect();
        if !writes.is_empty() {
            S::of_mut(&mut self.screens).wrote();
        }
        let operator = self.operator_name();
        for (w, done) in writes {
            let ticket = self.ticket(done);
            out.push(Request::Write { operator: operator.clone(), op: S::write_op(w), ticket });
        }
        if let Some((form, purpose)) = form {
            self.form = Some((form, S::purpose(purpose)));
            self.form_waiting.clear();
        }
        if let Some(st) = status {
            self.status = (!st.text.is_empty()).then_some(st);
        }
        if show {
            self.screen = S::ID;
        }
        for ask in asks {
            out.extend(self.offer(ask));
        }
        (result, out)
    }

    fn own(&mut self, reply: Reply) -> Vec<Request> {
        match reply {
            Reply::App(AppRep::Office(name)) => self.office = name.unwrap_or_default(),
            Reply::App(AppRep::SignIn(answer)) => return self.signed_in(answer),
            Reply::App(AppRep::Attention(rows)) => self.attend(rows),
            Reply::App(AppRep::UnitSuggest { field, text, matches }) => {
                if let Some((form, _)) = self.form.as_mut() {
                    form.offer(field, &text, matches);
                }
            }
            Reply::Written { ticket, result } => return self.written(ticket, result),
            Reply::Error(e) => self.status = Some(Status { text: e, error: true }),
            // A screen's reply is delivered to the screen, never here.
            _ => {}
        }
        Vec::new()
    }
}

impl App {
    /// The env a screen draws with.
    pub fn env(&self) -> Env<'_> {
        Env {
            lang: self.lang,
            theme: &self.theme,
            today: self.today,
            now: self.now,
            operator: self.operator.as_ref(),
            office: &self.office,
            height: self.list_height(),
            width: self.size.0 as usize,
            report_dir: &self.report_dir,
            filter: self.filter.as_ref(),
            form_open: self.form.is_some(),
        }
    }

    /// Every screen's `start` (on sign-in), in order.
    pub(super) fn each_screen_start(&mut self) -> Vec<Request> {
        Screen::ALL.iter().flat_map(|s| s.visit(Start(self))).collect()
    }

    /// One screen's `reload` (nothing for a screen not opened yet).
    pub(super) fn screen_reload(&mut self, screen: Screen) -> Vec<Request> {
        screen.visit(Reload(self))
    }

    /// What one screen reads again after other connections' commits (see `ScreenDef::changed`).
    pub(super) fn screen_changed(&mut self, screen: Screen, changes: &Changes) -> Vec<Request> {
        screen.visit(Changed(self, changes))
    }

    /// Opens a screen (loading its list the first time).
    pub(super) fn show(&mut self, screen: Screen) -> Vec<Request> {
        self.screen = screen;
        screen.visit(Open(self))
    }

    /// An action for the current screen.
    pub(super) fn screen_action(&mut self, action: Action) -> Vec<Request> {
        self.screen.visit(Handle(self, action))
    }

    /// What the current screen's `/` search holds; `None` when it has none (the units' search).
    pub fn search_text(&self) -> Option<&str> {
        struct Search<'a>(&'a App);
        impl<'a> Visit for Search<'a> {
            type Out = Option<&'a str>;
            fn visit<S: Registered>(self) -> Option<&'a str> {
                S::of(&self.0.screens).search()
            }
        }
        self.screen.visit(Search(self))
    }

    /// Searches the current screen's list for `text` as it is typed (empty: the whole list).
    pub(super) fn set_search(&mut self, text: &str) -> Vec<Request> {
        self.screen.visit(SetSearch(self, text.trim().to_string()))
    }

    /// Offers a screen's ask to every screen until one takes it; the one that takes it may become
    /// the screen shown.
    pub(super) fn offer(&mut self, ask: Ask) -> Vec<Request> {
        for s in Screen::ALL {
            let (took, out) = s.visit(Offer(self, &ask));
            match took {
                Took::No => continue,
                Took::Here => return out,
                Took::Show => {
                    self.screen = *s;
                    return out;
                }
            }
        }
        Vec::new()
    }

    /// Forgets on every screen what must not wait behind the lock.
    pub(super) fn forget_on_screens(&mut self) {
        struct Forget<'a>(&'a mut App);
        impl Visit for Forget<'_> {
            type Out = ();
            fn visit<S: Registered>(self) {
                S::of_mut(&mut self.0.screens).forget();
            }
        }
        for s in Screen::ALL {
            s.visit(Forget(self));
        }
    }

    /// A store reply lands on the screen it belongs to, or in the app's own state.
    pub(super) fn reply(&mut self, r: Reply) -> Vec<Request> {
        r.deliver(self)
    }
}

/// The visitors that run one of a screen's functions in its `Ctx`.
macro_rules! in_ctx {
    ($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*) => |$s:ident, $cx:ident| $body:expr) => {
        $(#[$doc])*
        struct $name<'a>(&'a mut App $(, $ty)*);
        impl Visit for $name<'_> {
            type Out = Vec<Request>;
            fn visit<S: Registered>(self) -> Vec<Request> {
                let $name(app $(, $arg)*) = self;
                app.with::<S, _>(|$s, $cx| $body).1
            }
        }
    };
}

in_ctx!(Start() => |s, cx| s.start(cx));
in_ctx!(Reload() => |s, cx| s.reload(cx));
in_ctx!(Changed(changes: &'a Changes) => |s, cx| s.changed(changes, cx));
in_ctx!(Open() => |s, cx| s.open(cx));
in_ctx!(Handle(action: Action) => |s, cx| s.handle(action, cx));
in_ctx!(SetSearch(text: String) => |s, cx| s.set_search(text, cx));

struct Offer<'a, 'b>(&'a mut App, &'b Ask);

impl Visit for Offer<'_, '_> {
    type Out = (Took, Vec<Request>);
    fn visit<S: Registered>(self) -> (Took, Vec<Request>) {
        let Offer(app, ask) = self;
        app.with::<S, _>(|s, cx| s.take(ask, cx))
    }
}
