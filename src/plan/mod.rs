//! Campaign plans as the office works them: templates (tasks and measures with time nodes), the
//! built-in ones, and the drafting of a template from a plan document.

pub mod builtin;
pub mod import;
pub mod template;
