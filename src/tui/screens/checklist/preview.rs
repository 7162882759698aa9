//! The report preview laid out as the document reads: the title and headings on lines of their
//! own, prose wrapped to the width (CJK-aware), tables as aligned columns with a rule under the
//! header and numbers to the right; a table wider than the pane shrinks its widest columns and
//! cuts their cells. Laid out from the report's blocks (the same the DOCX is made of), not from
//! its Markdown.

use crate::report::blocks::{Block, Cell, Table};
use crate::tui::widgets::text::{clean, fit, pad, width, wrap};

/// How a preview line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Title,
    Meta,
    Heading,
    Text,
    TableHead,
    TableRow,
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PLine {
    pub text: String,
    pub look: Look,
}

fn line(text: impl Into<String>, look: Look) -> PLine {
    PLine { text: text.into(), look }
}

/// The blocks laid out in `cols` columns.
pub fn layout(blocks: &[Block], cols: usize) -> Vec<PLine> {
    let cols = cols.max(20);
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Title(t) => {
                for l in wrap(t, cols) {
                    let indent = cols.saturating_sub(width(&l)) / 2;
                    out.push(line(format!("{}{l}", " ".repeat(indent)), Look::Title));
                }
            }
            Block::Meta(m) => out.extend(wrap(m, cols).into_iter().map(|l| line(l, Look::Meta))),
            Block::Addressee(a) => out.extend(wrap(a, cols).into_iter().map(|l| line(l, Look::Text))),
            // A new page, as the file starts one: a rule across.
            Block::PageBreak => out.push(line("─".repeat(cols), Look::Rule)),
            Block::Attachment(label) => out.push(line(label.clone(), Look::Heading)),
            // The office and the date stand at the right, as on the page.
            Block::Signature { office, date, note, .. } => {
                out.push(line("", Look::Text));
                for (text, right) in [(office, 4), (date, 2)] {
                    let pad = cols.saturating_sub(width(text) + right * 2);
                    out.push(line(format!("{}{text}", " ".repeat(pad)), Look::Text));
                }
                if let Some(n) = note {
                    out.extend(wrap(&format!("　　{n}"), cols).into_iter().map(|l| line(l, Look::Text)));
                }
            }
            Block::Heading(_, h) => out.extend(wrap(h, cols).into_iter().map(|l| line(l, Look::Heading))),
            // Chinese prose starts with the two-character indent of a paragraph.
            Block::Para(p) => {
                for para in p.split('\n').map(str::trim) {
                    let indent = if para.starts_with(|c: char| !c.is_ascii()) { "　　" } else { "" };
                    out.extend(wrap(&format!("{indent}{para}"), cols).into_iter().map(|l| line(l, Look::Text)));
                }
            }
            Block::Table(t) => table(t, cols, &mut out),
        }
        out.push(line("", Look::Text));
    }
    while out.last().is_some_and(|l| l.text.is_empty()) {
        out.pop();
    }
    out
}

fn table(t: &Table, cols: usize, out: &mut Vec<PLine>) {
    let n = t.headers.len().max(1);
    let cell_text = |c: &Cell| clean(&c.text());
    let mut widths: Vec<usize> = t.headers.iter().map(|h| width(&clean(h))).collect();
    for row in &t.rows {
        for (i, c) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(&cell_text(c)));
        }
    }
    // Two spaces between columns; the widest column gives way until the table fits.
    let room = cols.saturating_sub(2 * (n - 1));
    while widths.iter().sum::<usize>() > room {
        let Some((i, w)) = widths.iter().enumerate().max_by_key(|(_, w)| **w).map(|(i, w)| (i, *w)) else { break };
        if w <= 4 {
            break;
        }
        widths[i] = w - 1;
    }
    let render = |cells: Vec<(String, bool)>| -> String {
        let parts: Vec<String> = cells
            .into_iter()
            .zip(&widths)
            .map(|((text, number), w)| {
                let text = fit(&text, *w);
                if number { format!("{}{text}", " ".repeat(w.saturating_sub(width(&text)))) } else { pad(&text, *w) }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    out.push(line(render(t.headers.iter().map(|h| (clean(h), false)).collect()), Look::TableHead));
    let total: usize = widths.iter().sum::<usize>() + 2 * (n - 1);
    out.push(line("─".repeat(total.min(cols)), Look::Rule));
    for row in &t.rows {
        let cells = row.iter().take(n).map(|c| (cell_text(c), matches!(c, Cell::Number(_)))).collect();
        out.push(line(render(cells), Look::TableRow));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::blocks::PageLayout;

    #[test]
    fn headings_prose_and_tables_laid_out_to_the_width() {
        let blocks = vec![
            Block::Title("云溪街道关于2026年第四季度安全生产治本攻坚工作情况的报告".into()),
            Block::Heading(1, "一、工作开展情况".into()),
            Block::Para("本季度共排查隐患64处，已整改21处，整改率32.8%，其中重大隐患7处均已挂牌督办。".into()),
            Block::Table(Table {
                name: "t".into(),
                headers: vec!["单位".into(), "隐患".into(), "数量".into()],
                rows: vec![
                    vec![Cell::Text("云溪永兴铝业有限公司".into()), Cell::Text("粉尘除尘系统未设置防爆泄压装置".into()), Cell::Number(3.0)],
                    vec![Cell::Text("南湖五金店".into()), Cell::Text("灭火器过期".into()), Cell::Number(12.0)],
                ],
                page: PageLayout::default(),
            }),
        ];
        let lines = layout(&blocks, 40);
        assert!(lines.iter().all(|l| width(&l.text) <= 40), "{lines:#?}");
        assert!(lines.iter().all(|l| !l.text.contains('#') && !l.text.contains("|")), "no Markdown marks");
        assert_eq!(lines.iter().filter(|l| l.look == Look::Title).count(), 2, "the long title wraps, centred");
        assert!(lines.iter().any(|l| l.look == Look::Heading && l.text == "一、工作开展情况"));
        let prose: String = lines.iter().filter(|l| l.look == Look::Text).map(|l| l.text.trim()).collect();
        assert!(prose.contains("整改率32.8%"), "{prose}");
        let rows: Vec<&PLine> = lines.iter().filter(|l| l.look == Look::TableRow).collect();
        assert_eq!(rows.len(), 2);
        // Numbers end in the same column.
        assert_eq!(width(&rows[0].text), width(&rows[1].text), "{rows:?}");
        assert!(rows[0].text.ends_with(" 3") && rows[1].text.ends_with("12"), "{rows:?}");
    }
}
