//! `anjian template import` on the seed plans: every numbered measure found with its time nodes,
//! the misnumbered measure of seed 003 kept and reported, and the draft a valid template.

mod common;

use anjian::plan::import::{draft, to_toml};
use anjian::plan::template::{self, Every};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

#[test]
fn seed_003_all_68_measures_with_the_misnumbered_one_kept() {
    let Some((path, text)) = common::seed("003") else { return };
    let dr = draft(&text, 2024);
    let numbers: Vec<u32> = dr.measures.iter().map(|m| m.number).collect();
    assert_eq!(dr.measures.len(), 68, "{numbers:?}");
    assert_eq!(numbers.iter().filter(|n| **n == 6).count(), 2, "two measures carry the number 6");
    assert!(!numbers.contains(&5));
    assert_eq!(dr.tasks.len(), 24);
    assert_eq!(dr.warnings.len(), 2, "{:?}", dr.warnings);
    assert!(
        dr.warnings.iter().any(|w| w.contains("skips 5")) && dr.warnings.iter().any(|w| w.contains("6 is used twice"))
    );
    let m = |n: u32| dr.measures.iter().rev().find(|m| m.number == n).expect("measure");
    assert_eq!(m(42).due, [d("2024-06-30")]);
    assert_eq!(m(31).due, [d("2025-12-31")]);
    assert_eq!(m(38).due, [d("2026-12-31")]);
    assert_eq!(m(36).due, [d("2024-12-31")]);
    assert_eq!(m(20).every, Some("quarter"));
    assert!(m(22).ongoing, "立行立改");
    assert_eq!(m(1).every, Some("month"));
    // The closing paragraph and the attachment's document number "〔2024〕" are not a milestone of 68.
    assert!(m(68).due.is_empty(), "{:?}", m(68).due);
    // The draft is a valid template with the same measures.
    let t = template::parse(&path, &to_toml(&dr, "seed 003", "003")).expect("draft parses");
    assert_eq!((t.tasks.len(), t.measures.len()), (24, 68));
    assert_eq!(t.measures.iter().find(|x| x.number == 20).and_then(|x| x.every), Some(Every::Quarter));
    // Measure 36 opens with a time phrase and a comma: its title is the whole first clause.
    let title = &t.measures.iter().find(|x| x.number == 36).expect("36").title;
    assert!(title.starts_with("2024 年底前，完成对涉及重点监管危险化工工艺") && title.len() > 60, "{title}");
}

#[test]
fn seed_004_all_25_measures_with_their_yearly_milestones() {
    let Some((path, text)) = common::seed("004") else { return };
    let dr = draft(&text, 2024);
    assert_eq!(dr.measures.iter().map(|m| m.number).collect::<Vec<_>>(), (1..=25).collect::<Vec<_>>());
    assert_eq!(dr.tasks.len(), 9);
    assert!(dr.warnings.is_empty(), "{:?}", dr.warnings);
    let m = |n: u32| &dr.measures[n as usize - 1];
    assert_eq!(m(1).due, [d("2024-12-31"), d("2025-12-31"), d("2026-12-31")], "2024年/2025年/2026年 milestones");
    assert!(m(10).due.contains(&d("2024-06-30")) && m(10).due.contains(&d("2026-06-30")));
    assert_eq!(m(13).every, Some("half_year"));
    assert_eq!(m(3).every, Some("quarter"));
    let t = template::parse(&path, &to_toml(&dr, "seed 004", "004")).expect("draft parses");
    assert_eq!((t.tasks.len(), t.measures.len()), (9, 25));
}

#[test]
fn template_import_from_the_command_line() {
    let Some((path, _)) = common::seed("004") else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("draft.toml");
    let run = std::process::Command::new(common::bin())
        .args(["template", "import"])
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("anjian");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stderr).contains("9 tasks, 25 measures"));
    let text = std::fs::read_to_string(&out).expect("draft");
    assert!(template::parse(&out, &text).is_ok());
}
