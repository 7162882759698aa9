//! The unit detail pane: identity, sector and risk, people, grid officers and the 五包一 team.

use crate::domain::TeamSeat;
use crate::i18n::T;
use crate::tui::env::Look;
use super::GridScreen;
use crate::tui::widgets::text::{clean, fit, pad, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, GridScreen>, area: Rect) {
    let th = &v.theme;
    let zh = v.lang.zh();
    let block =
        Block::bordered().border_style(th.border).title(Span::styled(format!(" {} ", v.t(T::DetailTitle)), th.title));
    let Some(d) = &v.s.detail else {
        f.render_widget(Paragraph::new(v.t(T::SelectUnit)).style(th.muted).block(block), area);
        return;
    };
    let inner_cols = area.width.saturating_sub(2) as usize;
    let label_cols = if zh { 12 } else { 14 };
    let value_cols = inner_cols.saturating_sub(label_cols);
    let field = |t: T, value: String| -> Line<'static> {
        Line::from(vec![Span::styled(pad(v.t(t), label_cols), th.muted), Span::raw(fit(&value, value_cols))])
    };
    let u = &d.row;
    let mut lines = vec![Line::from(Span::styled(fit(&u.name, inner_cols), th.highlight))];
    lines.push(field(T::FieldUscc, u.uscc.clone().unwrap_or_else(|| "-".into())));
    let hh = if u.sector.high_hazard() { format!(" ({})", v.t(T::HighHazard)) } else { String::new() };
    lines.push(field(T::FieldSector, format!("{}{hh}", u.sector.name(zh))));
    lines.push(Line::from(vec![
        Span::styled(pad(v.t(T::FieldRisk), label_cols), th.muted),
        Span::styled(format!("{} {}", u.risk.tag(zh), if zh { u.risk.zh() } else { u.risk.colour() }), th.risk(u.risk)),
    ]));
    lines.push(field(T::FieldPrincipal, d.principal.clone()));
    lines.push(field(T::FieldPhone, d.phone.clone()));
    lines.push(field(T::FieldAddress, d.address.clone()));
    let place = match (&u.community, &u.grid) {
        (Some(c), Some(g)) => format!("{c}/{g}"),
        _ => v.t(T::NoGridNode).to_string(),
    };
    lines.push(field(T::FieldGrid, place));
    if let (Some(lon), Some(lat)) = (d.lon, d.lat) {
        lines.push(field(T::FieldCoords, format!("{lon:.5}, {lat:.5}")));
    }
    lines.push(Line::styled(v.t(T::FieldGridOfficers), th.accent));
    if d.grid_officers.is_empty() {
        lines.push(Line::styled(format!("  {}", v.t(T::None)), th.warn));
    }
    for o in &d.grid_officers {
        lines.push(Line::raw(fit(&format!("  {} {} {}", o.role.name(zh), clean(&o.name), o.phone), inner_cols)));
    }
    if u.sector == crate::domain::Sector::FireKeyUnit || !d.team.is_empty() {
        let complete = d.team_complete();
        let state = if complete { v.t(T::TeamComplete) } else { v.t(T::TeamIncomplete) };
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", v.t(T::FieldTeam)), th.accent),
            Span::styled(state, if complete { th.ok } else { th.warn }),
        ]));
        for seat in TeamSeat::ALL {
            let seat_name = seat.name(zh);
            let who = match d.team.iter().find(|(s, _)| *s == seat) {
                Some((_, o)) => Span::raw(fit(
                    &format!("{} {}", clean(&o.name), o.phone),
                    inner_cols.saturating_sub(width(seat_name) + 4),
                )),
                None => Span::styled(v.t(T::Vacant), th.warn),
            };
            lines.push(Line::from(vec![Span::styled(format!("  {seat_name}  "), th.muted), who]));
        }
    }
    let never = v.t(T::None).to_string();
    lines.push(field(T::FieldLastInspection, d.last_self_inspection.clone().unwrap_or_else(|| never.clone())));
    lines.push(field(T::FieldLastDrill, d.last_drill.clone().unwrap_or(never)));
    if !d.hazards.is_empty() {
        lines.push(Line::styled(v.t(T::FieldHazards), th.accent));
        for (id, status, deadline, major, text) in &d.hazards {
            let st = crate::domain::hazard::HazardStatus::parse(status).map(|s| s.name(zh)).unwrap_or(status);
            let mark = if *major { "!" } else { " " };
            let line = format!("{mark}#{id} {st} {deadline} {}", clean(text));
            lines.push(Line::raw(fit(&line, inner_cols)));
        }
    }
    f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}
