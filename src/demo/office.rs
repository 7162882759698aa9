//! The demo office's names, its operator and PIN, and what can go wrong loading it.

use crate::import::ImportError;

pub const DEMO_OPERATOR: &str = "演示值班员";
pub const DEMO_PIN: &str = "000000";
pub const OFFICE_NAME: &str = "云溪街道";
/// The demo town's GB/T 2260 division code (its warnings' geocodes name it and its villages).
pub const OFFICE_REGION: &str = "330110004";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("demo fixture {file} has bad rows:\n{report}")]
    Fixture { file: String, report: String },
}
