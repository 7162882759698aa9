//! The screens, by the stable number of the key that opens each (DESIGN.md §3): what the tab bar
//! lists and which screen-specific bindings apply.

use crate::i18n::T;
use crate::tui::action::Context;

/// Screens by their stable number (the key that opens each). Later capabilities add theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Grid,
    Deadlines,
    Hazards,
    Tipoffs,
    Alarms,
    Checklist,
    Duty,
}

impl Screen {
    pub const ALL: [Screen; 8] = [
        Screen::Overview,
        Screen::Grid,
        Screen::Deadlines,
        Screen::Hazards,
        Screen::Tipoffs,
        Screen::Alarms,
        Screen::Checklist,
        Screen::Duty,
    ];

    pub fn number(self) -> u8 {
        match self {
            Screen::Overview => 1,
            Screen::Grid => 2,
            Screen::Deadlines => 3,
            Screen::Hazards => 4,
            Screen::Tipoffs => 5,
            Screen::Alarms => 6,
            Screen::Checklist => 7,
            Screen::Duty => 8,
        }
    }

    pub fn title(self) -> T {
        match self {
            Screen::Overview => T::ScreenOverview,
            Screen::Grid => T::ScreenGrid,
            Screen::Deadlines => T::ScreenDeadlines,
            Screen::Hazards => T::ScreenHazards,
            Screen::Tipoffs => T::ScreenTipoffs,
            Screen::Alarms => T::ScreenAlarms,
            Screen::Checklist => T::ScreenChecklist,
            Screen::Duty => T::ScreenDuty,
        }
    }

    /// Which screen-specific key bindings apply here.
    pub fn context(self) -> Context {
        match self {
            Screen::Overview => Context::Global,
            Screen::Grid => Context::Grid,
            Screen::Deadlines => Context::Deadlines,
            Screen::Hazards => Context::Hazards,
            Screen::Tipoffs => Context::Tipoffs,
            Screen::Alarms => Context::Alarms,
            Screen::Checklist => Context::Checklist,
            Screen::Duty => Context::Duty,
        }
    }
}
