//! What a receiver answered, whatever it is (a robot, a webhook, a mail server): delivered with
//! its words, or failed — worth retrying or not — with the words the office reads.

/// A receiver's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Delivered { status: u16, detail: String },
    Failed { retry: bool, status: Option<u16>, code: Option<i64>, words: String },
}

impl Answer {
    pub fn delivered(&self) -> bool {
        matches!(self, Answer::Delivered { .. })
    }

    pub fn words(&self, zh: bool) -> String {
        match self {
            Answer::Delivered { detail, .. } if zh => format!("已送达（{detail}）"),
            Answer::Delivered { detail, .. } => format!("delivered ({detail})"),
            Answer::Failed { words, .. } => words.clone(),
        }
    }
}
