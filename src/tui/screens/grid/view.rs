//! The Grid screen: the tree (or the filter list, or the coverage gaps) on the left, the unit's
//! detail or the map on the right.

use crate::domain::{GapKind, UnitRow};
use crate::i18n::T;
use crate::tui::env::{Env, Look};
use crate::tui::screen_def::Draw;
use super::GridScreen;
use super::{Pane, TreeRow, View};
use crate::tui::widgets::gutter_line;
use crate::tui::widgets::text::{clean, fit, pad, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, GridScreen>, area: Rect) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    draw_left(f, v, left);
    match v.s.pane() {
        Pane::Detail => super::detail::draw(f, v, right),
        Pane::Map => super::map::draw(f, v, right),
    }
}

/// The visible slice [start, start+height) that keeps `selected` on screen.
fn window(selected: usize, scroll: usize, height: usize) -> usize {
    if selected >= scroll + height { selected + 1 - height } else { scroll.min(selected) }
}

fn draw_left(f: &mut Frame<'_>, v: &Look<'_, GridScreen>, area: Rect) {
    let g = v.s;
    let th = &v.theme;
    let title = match g.view() {
        View::Tree => v.t(T::TreeTitle).to_string(),
        View::List => {
            let what = if g.list_query.text.is_empty() { v.t(T::GridListTitle) } else { v.t(T::FilterTitle) };
            T::ListOf.fill(v.lang, &[("what", &what), ("n", &g.list.total)])
        }
        View::Gaps => format!("{} {}", v.t(T::GapsTitle), g.gaps.total),
    };
    let block = Block::bordered().border_style(th.border).title(Span::styled(format!(" {} ", clean(&title)), th.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut rows_area = inner;
    if let Some(input) = v.filter {
        rows_area = crate::tui::widgets::search_prompt::draw(f, v, v.t(T::FilterPrompt), input, inner);
    }
    let h = rows_area.height as usize;
    let cols = rows_area.width as usize;
    // One cell goes to the selection gutter.
    let row_cols = cols.saturating_sub(1);
    let mut lines = Vec::with_capacity(h);
    match g.view() {
        View::Tree => {
            if !g.loaded {
                lines.push(Line::styled(v.t(T::Loading), th.muted));
            }
            let start = window(g.tree_sel, g.tree_scroll, h);
            for (i, row) in g.rows.iter().enumerate().skip(start).take(h) {
                lines.push(gutter_line(tree_line(v, *row, row_cols), i == g.tree_sel, th, cols));
            }
        }
        View::List => {
            if g.list.total == 0 {
                lines.push(Line::styled(v.t(if g.list.loaded { T::NoMatches } else { T::Loading }), th.muted));
            }
            let start = window(g.list.selected, g.list.scroll, h);
            for i in start..(start + h).min(g.list.total) {
                let line = match g.list.get(i) {
                    Some(u) => unit_line(v, u, row_cols, true),
                    None => Line::styled("..", th.muted),
                };
                lines.push(gutter_line(line, i == g.list.selected, th, cols));
            }
        }
        View::Gaps => {
            let start = window(g.gaps.selected, g.gaps.scroll, h);
            for i in start..(start + h).min(g.gaps.total) {
                let line = match g.gaps.get(i) {
                    Some(gap) => {
                        let kind = match gap.kind {
                            GapKind::UnitWithoutGrid => T::GapKindUnit,
                            GapKind::GridWithoutOfficer => T::GapKindGrid,
                            GapKind::IncompleteTeam => T::GapKindTeam,
                        };
                        let detail = if gap.kind == GapKind::IncompleteTeam {
                            T::SeatsFilled.fill(v.lang, &[("n", &gap.detail.trim_end_matches("/5"))])
                        } else {
                            gap.detail.clone()
                        };
                        let kind_cols = 12;
                        let label_cols = row_cols.saturating_sub(kind_cols).saturating_mul(3) / 5;
                        Line::from(vec![
                            Span::styled(pad(v.t(kind), kind_cols), th.warn),
                            Span::raw(pad(&gap.label, label_cols.saturating_sub(1))),
                            Span::raw(" "),
                            Span::styled(fit(&detail, row_cols.saturating_sub(kind_cols + label_cols)), th.muted),
                        ])
                    }
                    None => Line::styled("..", th.muted),
                };
                lines.push(gutter_line(line, i == g.gaps.selected, th, cols));
            }
        }
    }
    f.render_widget(Paragraph::new(lines), rows_area);
}

fn unit_line(v: &Look<'_, GridScreen>, u: &UnitRow, cols: usize, with_place: bool) -> Line<'static> {
    let zh = v.lang.zh();
    let tag = format!("{} ", u.risk.tag(zh));
    let mut spans = vec![Span::styled(tag.clone(), v.theme.risk(u.risk))];
    let rest = cols.saturating_sub(width(&tag) + 1);
    if with_place {
        let place = match (&u.community, &u.grid) {
            (Some(c), Some(g)) => format!("{c}/{g}"),
            _ => v.t(T::NoGridNode).to_string(),
        };
        let name_cols = rest * 3 / 5;
        spans.push(Span::raw(pad(&u.name, name_cols)));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(fit(&place, rest.saturating_sub(name_cols + 1)), v.theme.muted));
    } else {
        spans.push(Span::raw(fit(&u.name, rest)));
    }
    Line::from(spans)
}

fn tree_line(v: &Look<'_, GridScreen>, row: TreeRow, cols: usize) -> Line<'static> {
    let g = v.s;
    let th = &v.theme;
    let sign = |open: bool| if open { "- " } else { "+ " };
    match row {
        TreeRow::Community(ci) => {
            let Some(c) = g.communities.get(ci) else {
                return Line::raw("");
            };
            let open = g.open_communities.contains(&c.id);
            let counts = T::TreeCounts.fill(v.lang, &[("g", &c.grid_count), ("u", &c.unit_count)]);
            let name_cols = cols.saturating_sub(width(&counts) + 4);
            Line::from(vec![
                Span::styled(sign(open), th.accent),
                Span::styled(pad(&c.name, name_cols), th.highlight),
                Span::raw(" "),
                Span::styled(counts, th.muted),
            ])
        }
        TreeRow::Grid(gi) => {
            let Some(grid) = g.grids.get(gi) else {
                return Line::raw("");
            };
            let open = g.open_grids.contains(&Some(grid.id));
            let count = format!("[{}]", grid.unit_count);
            let name = pad(&grid.name, 12);
            let people_cols = cols.saturating_sub(2 + 2 + 12 + 1 + width(&count) + 2);
            let people = if grid.officers.is_empty() {
                Span::styled(pad(v.t(T::NoOfficerMark), people_cols), th.warn)
            } else {
                Span::styled(pad(&grid.officers.join(" "), people_cols), th.text)
            };
            Line::from(vec![
                Span::raw("  "),
                Span::styled(sign(open), th.accent),
                Span::raw(name),
                Span::raw(" "),
                people,
                Span::styled(count, th.muted),
            ])
        }
        TreeRow::NoGrid => {
            let open = g.open_grids.contains(&None);
            Line::from(vec![
                Span::styled(sign(open), th.accent),
                Span::styled(v.t(T::NoGridNode).to_string(), th.warn),
                Span::styled(format!(" [{}]", g.no_grid), th.muted),
            ])
        }
        TreeRow::Unit { .. } => match g.unit_at(row) {
            Some(u) => {
                let mut line = unit_line(v, u, cols.saturating_sub(6), false);
                line.spans.insert(0, Span::raw("      "));
                line
            }
            None => Line::raw(""),
        },
        TreeRow::More { remaining, .. } => {
            Line::styled(format!("      {}", T::MoreUnits.fill(v.lang, &[("n", &remaining)])), th.muted)
        }
    }
}

impl Draw for GridScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        draw(f, &Look { s: self, env: *env }, area);
    }
}
