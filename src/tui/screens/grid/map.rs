//! The map pane: units plotted by coordinates, coloured by risk, the selected grid's units marked
//! with their risk letter so the highlight survives a monochrome terminal.

use crate::domain::RiskLevel;
use crate::i18n::T;
use crate::tui::env::Look;
use super::GridScreen;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Points};
use ratatui::widgets::{Block, Paragraph, Wrap};

fn letter(r: RiskLevel) -> &'static str {
    match r {
        RiskLevel::Major => "R",
        RiskLevel::Significant => "O",
        RiskLevel::General => "Y",
        RiskLevel::Low => "B",
    }
}

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, GridScreen>, area: Rect) {
    let th = &v.theme;
    let block =
        Block::bordered().border_style(th.border).title(Span::styled(format!(" {} ", v.t(T::MapTitle)), th.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [canvas_area, legend_area] = Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(inner);
    let pts = &v.s.points;
    if pts.is_empty() {
        f.render_widget(Paragraph::new(v.t(T::NoCoords)).style(th.muted), canvas_area);
    } else {
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in pts {
            x0 = x0.min(p.lon);
            x1 = x1.max(p.lon);
            y0 = y0.min(p.lat);
            y1 = y1.max(p.lat);
        }
        let mx = ((x1 - x0) * 0.05).max(0.001);
        let my = ((y1 - y0) * 0.05).max(0.001);
        let selected = v.s.selected_grid();
        let layers: Vec<(Color, Vec<(f64, f64)>)> = RiskLevel::ALL
            .iter()
            .rev()
            .map(|r| {
                let c = th.risk(*r).fg.unwrap_or(Color::Reset);
                (
                    c,
                    pts.iter()
                        .filter(|p| p.risk == *r && (selected.is_none() || p.grid_id != selected))
                        .map(|p| (p.lon, p.lat))
                        .collect(),
                )
            })
            .collect();
        let marked: Vec<(f64, f64, RiskLevel)> = pts
            .iter()
            .filter(|p| selected.is_some() && p.grid_id == selected)
            .map(|p| (p.lon, p.lat, p.risk))
            .collect();
        let canvas =
            Canvas::default().marker(Marker::Braille).x_bounds([x0 - mx, x1 + mx]).y_bounds([y0 - my, y1 + my]).paint(
                move |ctx| {
                    for (color, coords) in &layers {
                        ctx.draw(&Points { coords, color: *color });
                    }
                    ctx.layer();
                    for (x, y, r) in &marked {
                        ctx.print(*x, *y, Line::styled(letter(*r), th.risk(*r).patch(th.highlight)));
                    }
                },
            );
        f.render_widget(canvas, canvas_area);
    }
    f.render_widget(Paragraph::new(v.t(T::MapLegend)).style(th.muted).wrap(Wrap { trim: true }), legend_area);
}
