//! Notifications out to people in the field: the receivers a config names (企业微信 and 钉钉 group
//! robots, a JSON webhook, e-mail by SMTP: `email.rs`), the message each kind is sent (`message.rs`), 钉钉's and the webhook's
//! signatures (`sign.rs`), one delivery with its answer read into words (`deliver.rs`), the
//! messages a write queues in its own transaction (`queue.rs`), and the sender's round over the
//! outbox (`sender.rs`).

pub mod answer;
pub mod deliver;
pub mod email;
pub mod message;
pub mod queue;
pub mod sender;
pub mod sign;
