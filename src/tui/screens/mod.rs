//! The screens, one folder each (ARCHITECTURE.md, "Adding a screen"): its state (`mod.rs`), its
//! messages (`msg.rs`), what its keys do (`keys.rs`, used by `screen.rs`, which implements
//! [`ScreenDef`]), its store requests (`worker.rs`, [`Answer`]) and its drawing (`view.rs`,
//! [`Draw`]).
//!
//! The list below is the only place a screen is registered. From it come the `Screen` enum (by
//! the stable number of the key that opens each), the state of every screen, the app's
//! request, reply, write and form enums that wrap each screen's own, and the dispatch from those
//! enums to the screen they belong to, so that a request cannot reach another screen's handler.

use super::action::{ActionInfo, Context};
use super::backend::{Backend, WriteError, Written};
use super::form::Form;
use super::messages::{AppRep, AppReq, AppWrite};
use super::screen_def::{Answer, Ctx, Draw, Kind, ScreenDef, Slot};
use crate::domain::permission::Need;
use crate::i18n::{Lang, T};

/// A screen's place in the app: where its state is kept and how its messages are wrapped.
pub trait Registered: ScreenDef + Answer + Draw {
    const ID: Screen;
    fn of(all: &Screens) -> &Self;
    fn of_mut(all: &mut Screens) -> &mut Self;
    fn request(r: Self::Req) -> Request;
    fn write_op(w: Self::Write) -> WriteOp;
    fn purpose(f: Self::Form) -> FormPurpose;
}

/// Something done with the screen's type, chosen by a [`Screen`] value.
pub trait Visit {
    type Out;
    fn visit<S: Registered>(self) -> Self::Out;
}

/// What the app gives a screen to work in: its [`Ctx`] (built from the app's state) and the
/// requests, writes, form and status the screen leaves in it, wrapped for the app.
pub trait Host {
    fn with<S: Registered, R>(&mut self, f: impl FnOnce(&mut S, &mut Ctx<'_, S>) -> R) -> (R, Vec<Request>);
    /// A reply that is the app's own (not a screen's).
    fn own(&mut self, reply: Reply) -> Vec<Request>;
}

macro_rules! screens {
    ($($(#[$m:meta])* $n:literal $Name:ident $field:ident : $State:ident;)*) => {
        $($(#[$m])* pub mod $field;)*

        /// Screens by their stable number (the key that opens each).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Screen {
            $($(#[$m])* $Name,)*
        }

        impl Screen {
            pub const ALL: &'static [Screen] = &[$($(#[$m])* Screen::$Name,)*];

            pub fn number(self) -> u8 {
                match self {
                    $($(#[$m])* Screen::$Name => $n,)*
                }
            }

            /// The tables it shows (see `ScreenDef::READS`).
            pub fn reads(self) -> &'static [&'static str] {
                match self {
                    $($(#[$m])* Screen::$Name => <$field::$State as ScreenDef>::READS,)*
                }
            }

            /// Calls `v` with this screen's type.
            pub fn visit<V: Visit>(self, v: V) -> V::Out {
                match self {
                    $($(#[$m])* Screen::$Name => v.visit::<$field::$State>(),)*
                }
            }
        }

        /// The state of every screen.
        #[derive(Debug, Default)]
        pub struct Screens {
            $($(#[$m])* pub $field: $field::$State,)*
        }

        $($(#[$m])*
        impl Registered for $field::$State {
            const ID: Screen = Screen::$Name;
            fn of(all: &Screens) -> &Self {
                &all.$field
            }
            fn of_mut(all: &mut Screens) -> &mut Self {
                &mut all.$field
            }
            fn request(r: Self::Req) -> Request {
                Request::$Name(r)
            }
            fn write_op(w: Self::Write) -> WriteOp {
                WriteOp::$Name(w)
            }
            fn purpose(f: Self::Form) -> FormPurpose {
                FormPurpose::$Name(f)
            }
        })*

        /// What the app asks the store worker for: a screen's request, the app's own, or a write.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Request {
            $($(#[$m])* $Name(<$field::$State as ScreenDef>::Req),)*
            App(AppReq),
            /// A change, as `operator`; `ticket` ties the answer to the form that asked (0: none).
            Write { operator: String, op: WriteOp, ticket: u64 },
        }

        /// What comes back.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Reply {
            $($(#[$m])* $Name(<$field::$State as ScreenDef>::Rep),)*
            App(AppRep),
            Written { ticket: u64, result: Result<Written, WriteError> },
            /// A read failed (the store's words).
            Error(String),
        }

        /// A change an operator makes from a screen; each is one audited transaction.
        #[derive(Debug, Clone, PartialEq)]
        pub enum WriteOp {
            $($(#[$m])* $Name(<$field::$State as ScreenDef>::Write),)*
            App(AppWrite),
        }

        /// What an open form ends in, and so which screen submits it.
        #[derive(Debug, Clone, PartialEq)]
        pub enum FormPurpose {
            $($(#[$m])* $Name(<$field::$State as ScreenDef>::Form),)*
        }

        impl Request {
            /// Whose request and its slot, for dropping one that a newer one makes pointless;
            /// `None` for requests that are never dropped.
            pub fn kind(&self) -> Option<(u8, Slot)> {
                match self {
                    $($(#[$m])* Request::$Name(r) => r.kind().map(|slot| ($n, slot)),)*
                    Request::App(r) => r.kind().map(|slot| (0, slot)),
                    Request::Write { .. } => None,
                }
            }

            /// Answers the request on the backend: a screen's by the screen, the app's own, a
            /// write checked against the operator's scope and run.
            pub fn answer(self, backend: &mut Backend) -> Reply {
                match self {
                    $($(#[$m])* Request::$Name(r) => match <$field::$State as Answer>::read(backend, r) {
                        Ok(rep) => Reply::$Name(rep),
                        Err(e) => Reply::Error(e.to_string()),
                    },)*
                    Request::App(r) => match r.answer(backend) {
                        Ok(rep) => Reply::App(rep),
                        Err(e) => Reply::Error(e.to_string()),
                    },
                    Request::Write { operator, op, ticket } => Reply::Written { ticket, result: op.run(backend, &operator) },
                }
            }
        }

        impl WriteOp {
            /// Runs the write: checked against the operator's scope, then one transaction.
            pub fn run(self, backend: &mut Backend, operator: &str) -> Result<Written, WriteError> {
                match self {
                    $($(#[$m])* WriteOp::$Name(w) => {
                        backend.within(&<$field::$State as Answer>::reach(&w))?;
                        <$field::$State as Answer>::write(backend, operator, w)
                    })*
                    WriteOp::App(w) => w.run(backend, operator),
                }
            }
        }

        impl Reply {
            /// Hands a screen's reply to its screen, and the app's own to the app.
            pub fn deliver(self, host: &mut impl Host) -> Vec<Request> {
                match self {
                    $($(#[$m])* Reply::$Name(rep) => {
                        host.with::<$field::$State, _>(|s, cx| <$field::$State as ScreenDef>::apply(s, rep, cx)).1
                    })*
                    other => host.own(other),
                }
            }
        }

        impl FormPurpose {
            /// Submits the form on its screen: the writes, or what is wrong with the form.
            pub fn submit(self, host: &mut impl Host, form: &Form) -> Result<Vec<Request>, T> {
                match self {
                    $($(#[$m])* FormPurpose::$Name(p) => {
                        let (result, requests) = host.with::<$field::$State, _>(|s, cx| <$field::$State as ScreenDef>::submit(s, form, p, cx));
                        result.map(|()| requests)
                    })*
                }
            }
        }

        /// The action that opens each screen: its number key, `screen.<name>`, its description.
        pub fn opening_actions() -> Vec<ActionInfo> {
            vec![$($(#[$m])* ActionInfo {
                action: super::action::Action::Show($n),
                name: concat!("screen.", stringify!($field)),
                keys: &[stringify!($n)],
                contexts: &[Context::Global],
                need: Need::Read,
                zh: <$field::$State as ScreenDef>::DESCRIBE.0,
                en: <$field::$State as ScreenDef>::DESCRIBE.1,
            },)*]
        }
    };
}

screens! {
    1 Overview overview: OverviewScreen;
    2 Grid grid: GridScreen;
    3 Deadlines deadlines: DeadlinesScreen;
    4 Hazards hazards: HazardsScreen;
    5 Tipoffs tipoffs: TipoffsScreen;
    6 Alarms alarms: AlarmsScreen;
    7 Checklist checklist: ChecklistScreen;
    8 Duty duty: DutyScreen;
    #[cfg(test)]
    9 Probe probe: ProbeScreen;
}

impl Screen {
    pub fn from_number(n: u8) -> Option<Screen> {
        Screen::ALL.iter().copied().find(|s| s.number() == n)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        struct Title(Lang);
        impl Visit for Title {
            type Out = &'static str;
            fn visit<S: Registered>(self) -> &'static str {
                if self.0.zh() { S::TITLE.0 } else { S::TITLE.1 }
            }
        }
        self.visit(Title(lang))
    }

    /// The heading of its keys in the help.
    pub fn heading(self, lang: Lang) -> &'static str {
        struct Heading(Lang);
        impl Visit for Heading {
            type Out = &'static str;
            fn visit<S: Registered>(self) -> &'static str {
                if self.0.zh() { S::HEADING.0 } else { S::HEADING.1 }
            }
        }
        self.visit(Heading(lang))
    }

    /// Which screen-specific key bindings apply here.
    pub fn context(self) -> Context {
        struct Of;
        impl Visit for Of {
            type Out = Context;
            fn visit<S: Registered>(self) -> Context {
                S::CONTEXT
            }
        }
        self.visit(Of)
    }
}
