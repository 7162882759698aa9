//! Campaign plans as the office works them: templates (tasks and measures with time nodes) and
//! the drafting of a template from a plan document.

pub mod import;
pub mod template;
