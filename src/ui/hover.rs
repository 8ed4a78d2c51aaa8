//! A small label at the pointer naming the cell under it.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::learn::names::cell_name;
use crate::sim::Model;
use crate::sim::agents::{Cell, Hsc};
use crate::vessel::Flowing;
use crate::view::selection::Hovered;

/// A small label at the pointer naming the cell under it.
pub(super) fn draw_hover_label(
    mut contexts: EguiContexts,
    model: Res<Model>,
    hovered: Res<Hovered>,
    cells: Query<&Cell>,
    stem_cells: Query<(), With<Hsc>>,
    flowing: Query<&Flowing>,
) -> Result {
    let Some(hovered) = hovered.0 else {
        return Ok(());
    };
    let name = match cells.get(hovered) {
        Ok(Cell(state)) => cell_name(&model.k, state.lineage, state.stage, " · "),
        Err(_) if stem_cells.contains(hovered) => "Stem cell".to_string(),
        Err(_) if flowing.contains(hovered) => match flowing.get(hovered) {
            Ok(f) => super::blood_inspector::flowing_name(&model, f.kind),
            Err(_) => return Ok(()),
        },
        Err(_) => return Ok(()),
    };
    let ctx = contexts.ctx_mut()?;
    let Some(pos) = ctx.pointer_hover_pos() else {
        return Ok(());
    };
    egui::Area::new(egui::Id::new("hover_label"))
        .fixed_pos(pos + egui::vec2(14.0, 10.0))
        .interactable(false)
        .order(egui::Order::Tooltip)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.add(egui::Label::new(name).wrap_mode(egui::TextWrapMode::Extend));
            });
        });
    Ok(())
}
