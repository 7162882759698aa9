//! The report as DOCX, laid out after the official document standard (GB/T 9704-2012) as far as
//! DOCX allows: A4, margins 37/35/28/26 mm, body 3号 FangSong on a fixed line pitch of 22 lines
//! per page, title 2号 in a song-style heading font, headings "一、" in 黑体 and "（一）" in 楷体,
//! page numbers "— 1 —" in 4号 at the foot (odd pages right, even pages left), the date in
//! Arabic numerals.

use super::blocks::{Block, Table};
use super::model::Report;
use super::outline::blocks;
use crate::i18n::Lang;
use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph,
    Run, RunFonts, SpecialIndentType,
};

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f64 = 56.692;
const A4: (u32, u32) = (11906, 16838);
const MARGINS_MM: (f64, f64, f64, f64) = (37.0, 35.0, 28.0, 26.0); // top, bottom, left, right

const FANGSONG: &str = "仿宋_GB2312";
const XIAOBIAOSONG: &str = "方正小标宋简体";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const SONGTI: &str = "宋体";

/// Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt.
const SIZE_2: usize = 44;
const SIZE_3: usize = 32;
const SIZE_4: usize = 28;

fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii("Times New Roman").hi_ansi("Times New Roman")
}

/// The fixed line pitch that puts 22 lines on the page's text area.
fn body_pitch() -> LineSpacing {
    let area = A4.1 as i32 - mm(MARGINS_MM.0) - mm(MARGINS_MM.1);
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(area / 22)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

/// A run of 3号 body text, 28 characters to the line.
fn body_run(text: &str, font: &str) -> Run {
    run(text, font, SIZE_3).character_spacing(BODY_SPACING)
}

/// A body paragraph: justified in Chinese (characters fill the line evenly), ragged in English
/// (justified English opens wide gaps between words).
fn body(text: &str, zh: bool) -> Paragraph {
    Paragraph::new()
        .add_run(body_run(text, FANGSONG))
        .line_spacing(body_pitch())
        .indent(None, Some(SpecialIndentType::FirstLine(SIZE_3 as i32 * 20)), None, None)
        .align(if zh { AlignmentType::Both } else { AlignmentType::Left })
}

/// Where a table goes: a marker paragraph the package's finishing replaces by the table's XML
/// (`docx_table.rs`), with the XML kept in `tables` in the document's order.
fn table(t: &Table, tables: &mut Vec<String>) -> Paragraph {
    let width = (A4.0 as i32 - mm(MARGINS_MM.2) - mm(MARGINS_MM.3)) as usize;
    let marker = super::docx_table::marker(tables.len());
    tables.push(super::docx_table::xml(t, width));
    Paragraph::new().add_run(Run::new().add_text(marker))
}

/// The page number "— 1 —" in 4号 宋体, one character in from the outer edge (odd pages right,
/// even pages left), on an exact 4号 line so that its place below the text block is known.
fn page_number(align: AlignmentType) -> Footer {
    let dash = |s: &str| run(s, SONGTI, SIZE_4);
    let one_char = SIZE_4 as i32 * 10;
    let (left, right) =
        if matches!(align, AlignmentType::Right) { (None, Some(one_char)) } else { (Some(one_char), None) };
    Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(dash("— "))
            .add_page_num(PageNum::new())
            .add_run(dash(" —"))
            .size(SIZE_4)
            .fonts(fonts(SONGTI))
            .align(align)
            .indent(left, None, right, None)
            .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(SIZE_4 as i32 * 10)),
    )
}

/// The footer's distance from the page's lower edge that puts the page number's line 7 mm below
/// the text block: the bottom margin, less 7 mm, less the number's 4号 line.
fn footer_distance() -> i32 {
    mm(MARGINS_MM.1) - mm(7.0) - SIZE_4 as i32 * 10
}

/// The document grid: 22 lines on the text area. The 28 characters a line come from the body's
/// character spacing ([`BODY_SPACING`]), not a character grid: LibreOffice gives a 3号 character
/// two cells of a 28-cell grid (a cell is 15.8 pt, the character 16 pt), which halves the line.
fn grid() -> DocGrid {
    DocGrid::new().grid_type(DocGridType::Lines).line_pitch(line_pitch())
}

fn line_pitch() -> usize {
    let area = A4.1 as i32 - mm(MARGINS_MM.0) - mm(MARGINS_MM.1);
    (area / 22) as usize
}

/// The body's character spacing in twentieths of a point: the text width (156 mm, 442.2 pt) holds
/// 28 characters of 3号 at 15.79 pt each, 0.21 pt less than the 16 pt font; 0.25 pt tighter keeps
/// the 28th on the line whatever rounding the program does.
const BODY_SPACING: i32 = -5;

pub fn render(r: &Report, lang: Lang) -> Result<Vec<u8>, String> {
    let (top, bottom, left, right) = MARGINS_MM;
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(mm(top))
                .bottom(mm(bottom))
                .left(mm(left))
                .right(mm(right))
                .header(mm(15.0))
                .footer(footer_distance()),
        )
        .default_fonts(fonts(FANGSONG))
        .default_size(SIZE_3)
        .footer(page_number(AlignmentType::Right))
        .even_footer(page_number(AlignmentType::Left));
    let mut all = blocks(r, lang);
    // Tables sent apart as the workbook: the document ends where the attachments would begin.
    if r.tables_apart
        && let Some(first) = all.iter().position(|b| matches!(b, Block::PageBreak))
    {
        all.truncate(first);
    }
    // The title for the core properties, taken before the blocks are consumed (not laid out twice).
    let title =
        all.iter().find_map(|b| if let Block::Title(t) = b { Some(t.clone()) } else { None }).unwrap_or_default();
    // Whether a block is followed by a new page: a table then needs no paragraph after it (one
    // that fell onto the next page would leave it blank but for its number).
    let before_break: Vec<bool> =
        (0..all.len()).map(|i| matches!(all.get(i + 1), Some(Block::PageBreak) | None)).collect();
    let mut tables = Vec::new();
    for (b, before_break) in all.into_iter().zip(before_break) {
        doc = match b {
            // Broken into lines of about equal length, never a word alone on the last.
            Block::Title(t) => {
                let lines = super::title_lines::balanced(&t, 20);
                let last = lines.len().saturating_sub(1);
                lines.into_iter().enumerate().fold(doc, |d, (i, line)| {
                    let spacing = LineSpacing::new().line_rule(LineSpacingType::Auto);
                    d.add_paragraph(
                        Paragraph::new()
                            .add_run(run(&line, XIAOBIAOSONG, SIZE_2))
                            .align(AlignmentType::Center)
                            .line_spacing(if i == last { spacing.after(300) } else { spacing }),
                    )
                })
            }
            // The page break rides on the attachment's label (a paragraph of its own would make a
            // blank page after a table that fills one).
            Block::PageBreak => doc,
            // "附件1" at the top left in 黑体 3号 (GB/T 9704, 附件), on a new page.
            Block::Attachment(label) => doc.add_paragraph(
                Paragraph::new()
                    .add_run(body_run(&label, HEITI))
                    .line_spacing(body_pitch())
                    .align(AlignmentType::Left)
                    .page_break_before(true),
            ),
            Block::Addressee(a) => doc.add_paragraph(
                Paragraph::new().add_run(body_run(&a, FANGSONG)).line_spacing(body_pitch()).align(AlignmentType::Left),
            ),
            // After a blank line: the office and the date by the standard's rule for a document
            // without a seal, then the contact note two characters in.
            Block::Signature { office, date, note, sealed } => {
                let (office_in, date_in) = if sealed {
                    super::blocks::sealed_signature_indents(&office, &date)
                } else {
                    super::blocks::signature_indents(&office, &date)
                };
                let char_twips = (SIZE_3 as i32 * 10 + BODY_SPACING) as f64;
                let at = |chars: f64| (chars * char_twips).round() as i32;
                // A seal (42 mm, about three lines) rests on the office and the date with its top
                // within a line of the text: two more lines of room above them.
                let blank = if sealed { 3 } else { 1 };
                let mut d = doc;
                for _ in 0..blank {
                    d = d.add_paragraph(Paragraph::new().line_spacing(body_pitch()));
                }
                for (text, right) in [(office, office_in), (date, date_in)] {
                    d = d.add_paragraph(
                        Paragraph::new()
                            .add_run(body_run(&text, FANGSONG))
                            .align(AlignmentType::Right)
                            .line_spacing(body_pitch())
                            .indent(None, None, Some(at(right)), None),
                    );
                }
                match note {
                    Some(n) => d.add_paragraph(
                        Paragraph::new().add_run(body_run(&n, FANGSONG)).line_spacing(body_pitch()).indent(
                            Some(at(2.0)),
                            None,
                            None,
                            None,
                        ),
                    ),
                    None => d,
                }
            }
            Block::Meta(m) => doc.add_paragraph(
                Paragraph::new()
                    .add_run(run(&m, KAITI, SIZE_4))
                    .align(AlignmentType::Center)
                    .line_spacing(body_pitch()),
            ),
            Block::Heading(level, text) => {
                let font = match level {
                    1 => HEITI,
                    2 => KAITI,
                    _ => FANGSONG,
                };
                doc.add_paragraph(
                    Paragraph::new()
                        .add_run(body_run(&text, font))
                        .line_spacing(body_pitch())
                        .indent(None, Some(SpecialIndentType::FirstLine(SIZE_3 as i32 * 20)), None, None)
                        .outline_lvl(level.saturating_sub(1) as usize)
                        .keep_next(true),
                )
            }
            // An empty paragraph is a blank line (before the attachments' note).
            Block::Para(p) if p.is_empty() => doc.add_paragraph(Paragraph::new().line_spacing(body_pitch())),
            Block::Para(p) => p.lines().fold(doc, |d, line| d.add_paragraph(body(line, lang.zh()))),
            Block::Table(t) if before_break => doc.add_paragraph(table(&t, &mut tables)),
            // A paragraph between tables, or Word joins them into one.
            Block::Table(t) => {
                doc.add_paragraph(table(&t, &mut tables)).add_paragraph(Paragraph::new().line_spacing(body_pitch()))
            }
        };
    }
    doc.document = doc.document.doc_grid(grid());
    super::docx_package::finish(
        doc.build(),
        &tables,
        &super::docx_package::Properties {
            creator: &r.office,
            title: &title,
            created: &r.compiled_at,
            language: if lang.zh() { "zh-CN" } else { "en-US" },
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn twenty_two_lines_fit_the_text_area() {
        // 297 mm less 72 mm of margins = 225 mm = 637.8 pt; / 22 = 29.0 pt per line.
        let pitch_twips = (16838 - super::mm(37.0) - super::mm(35.0)) / 22;
        assert_eq!(pitch_twips, 579);
        // 210 mm less 54 mm = 156 mm = 442.2 pt; / 28 = 15.79 pt a character, 0.21 pt under 16.
        assert_eq!(super::line_pitch(), 579);
        assert!((156.0_f64 * 72.0 / 25.4 / 28.0 - 16.0 + 0.21).abs() < 0.01, "0.21 pt under 16 a character");
        // 35 mm − 7 mm − 14 pt (4.94 mm) = 23.06 mm = 1307 twips.
        assert_eq!(super::footer_distance(), 1307);
        assert_eq!(crate::report::blocks::written_date("2026-11-23T09:00:00+08:00", true), "2026年11月23日");
    }
}
