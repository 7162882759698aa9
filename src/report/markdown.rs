//! The report as Markdown: the terminal preview and the archive copy.

use super::blocks::Block;
use super::model::Report;
use super::outline::blocks;
use crate::i18n::Lang;

/// Table cells may not break the table: pipes escaped, line breaks as spaces.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub fn render(r: &Report, lang: Lang) -> String {
    let mut out = String::new();
    for b in blocks(r, lang) {
        match b {
            Block::Title(t) => out.push_str(&format!("# {t}\n\n")),
            Block::Meta(m) => out.push_str(&format!("_{m}_\n\n")),
            Block::Addressee(a) => out.push_str(&format!("{a}\n\n")),
            Block::PageBreak => out.push_str("---\n\n"),
            Block::Attachment(label) => out.push_str(&format!("**{label}**\n\n")),
            Block::Signature { office, date, note, .. } => {
                out.push_str(&format!("{office}  \n{date}\n\n"));
                if let Some(n) = note {
                    out.push_str(&format!("{n}\n\n"));
                }
            }
            Block::Heading(level, text) => {
                out.push_str(&format!("{} {text}\n\n", "#".repeat(level as usize + 1)));
            }
            Block::Para(p) => out.push_str(&format!("{p}\n\n")),
            Block::Table(t) => {
                out.push_str(&format!("| {} |\n", t.headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")));
                out.push_str(&format!("|{}\n", "---|".repeat(t.headers.len())));
                for row in &t.rows {
                    out.push_str(&format!(
                        "| {} |\n",
                        row.iter().map(|c| cell(&c.text())).collect::<Vec<_>>().join(" | ")
                    ));
                }
                out.push('\n');
            }
        }
    }
    out
}
