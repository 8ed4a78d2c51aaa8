//! The inspector: what the selected cell is, where it is in its life, what it will become,
//! and buttons to follow it, show only its lineage or read about it in the codex.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::biology::cell::{CellState, Phase};
use crate::biology::kinetics::{Fate, STEM_CELL};
use crate::learn::codex::kind_id;
use crate::learn::names::{cell_entries, cell_name, lineage_label};
use crate::sim::Model;
use crate::sim::agents::{Cell, Hsc};
use crate::view::camera::OrbitCamera;
use crate::view::selection::Selection;
use crate::view::settings::LineageFilter;

/// The inspector's window: top right, beside the blood-count panel, the same for every kind
/// of thing inspected (a tissue cell, a stem cell, a body in the blood).
pub(super) fn inspector_window() -> egui::Window<'static> {
    egui::Window::new("Inspector")
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-345.0, 50.0))
        .resizable(false)
        .collapsible(true)
        .default_width(300.0)
}

/// The player asked to read a codex entry (its id); the game opens the codex at it.
#[derive(Message, Clone, Debug, PartialEq)]
pub struct OpenCodexEntry(pub String);

/// The inspector: what the selected cell is, where it is in its life, and what it will become.
pub(super) fn draw_inspector(
    mut contexts: EguiContexts,
    model: Res<Model>,
    selection: Res<Selection>,
    mut orbit: ResMut<OrbitCamera>,
    mut filter: ResMut<LineageFilter>,
    cells: Query<&Cell>,
    stem_cells: Query<&Hsc>,
    mut codex: MessageWriter<OpenCodexEntry>,
) -> Result {
    if let Some(Ok(hsc)) = selection.0.map(|e| stem_cells.get(e)) {
        let ctx = contexts.ctx_mut()?;
        stem_cell_window(ctx, &model, hsc, &mut orbit, &mut codex);
        return Ok(());
    }
    let Some(Ok(Cell(state))) = selection.0.map(|e| cells.get(e)) else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    inspector_window().show(ctx, |ui| {
        cell_details(ui, &model, state);
        cell_actions(ui, &model, state, &mut orbit, &mut filter, &mut codex);
    });
    Ok(())
}

/// What the cell is, where it is in its life, and what it will become.
fn cell_details(ui: &mut egui::Ui, model: &Model, state: &CellState) {
    let k = &model.k;
    let lineage = &k.lineages[state.lineage as usize];
    let stage = state.stage_data(k);
    ui.heading(cell_name(k, state.lineage, state.stage, " — "));
    ui.label(format!(
        "Stage {} of {} · {:?} family",
        state.stage + 1,
        lineage.stages.len(),
        lineage.family
    ));
    egui::Grid::new("inspector_grid")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Time in this stage");
            ui.label(format!(
                "{:.1} h of about {:.0} h",
                state.age_h, state.stage_h
            ));
            ui.end_row();
            ui.label("Divisions left in stage");
            ui.label(state.divisions_left.to_string());
            ui.end_row();
            ui.label("Doing now");
            ui.label(match state.phase {
                Phase::Maturing => "maturing".to_string(),
                Phase::Migrating { hours } => {
                    format!("crawling to the sinusoid ({hours:.1} h so far)")
                }
                Phase::Shedding { hours_left } => {
                    format!("shedding platelets ({hours_left:.1} h left)")
                }
            });
            ui.end_row();
            ui.label("Fate");
            ui.label(match &lineage.fate {
                _ if lineage.resident.is_some() => {
                    "lives out its life in the marrow; newcomers from the blood replace it"
                        .to_string()
                }
                Fate::Egress { product } => {
                    format!("enters the blood as {}", product.replace('_', " "))
                }
                Fate::Shed { per_cell, .. } => {
                    format!("sheds about {per_cell:.0} platelets into the sinusoid")
                }
            });
            ui.end_row();
            if lineage.resident.is_some() {
                ui.label("Mean stay in the marrow");
                ui.label(format!("{:.0} days", stage.hours / 24.0));
            } else {
                ui.label("Apoptosis in this stage");
                ui.label(format!("{:.0} % of cells", stage.death * 100.0));
            }
            ui.end_row();
        });
    if !stage.about.is_empty() {
        ui.label(egui::RichText::new(&stage.about).italics());
    }
    ui.label(&lineage.about);
}

/// Follow, show only its lineage, and its codex entries.
fn cell_actions(
    ui: &mut egui::Ui,
    model: &Model,
    state: &CellState,
    orbit: &mut OrbitCamera,
    filter: &mut LineageFilter,
    codex: &mut MessageWriter<OpenCodexEntry>,
) {
    let k = &model.k;
    let lineage = &k.lineages[state.lineage as usize];
    let stage = state.stage_data(k);
    ui.horizontal(|ui| {
        ui.checkbox(&mut orbit.follow, "Follow (F)")
            .on_hover_text("Keep the camera on this cell");
        if ui.button("Show only this lineage").clicked() {
            filter.hidden = (0..k.lineages.len())
                .map(|i| i != state.lineage as usize)
                .collect();
        }
        if ui.button("Show all").clicked() {
            filter.hidden = vec![false; k.lineages.len()];
        }
    });
    let [kind, stage_entry] = cell_entries(k, state.lineage, state.stage);
    ui.horizontal(|ui| {
        if ui
            .button(format!("📖 Codex: {}", stage.name))
            .on_hover_text("Read about this stage")
            .clicked()
        {
            codex.write(OpenCodexEntry(stage_entry.clone()));
        }
        if ui
            .button(format!("📖 {}", lineage_label(&lineage.name)))
            .on_hover_text("Read about this kind of cell")
            .clicked()
        {
            codex.write(OpenCodexEntry(kind.clone()));
        }
    });
}

fn stem_cell_window(
    ctx: &egui::Context,
    model: &Model,
    hsc: &Hsc,
    orbit: &mut OrbitCamera,
    codex: &mut MessageWriter<OpenCodexEntry>,
) {
    inspector_window().show(ctx, |ui| {
        ui.heading("Haematopoietic stem cell");
        egui::Grid::new("hsc_grid").num_columns(2).show(ui, |ui| {
            ui.label("Divisions so far");
            ui.label(hsc.divisions.to_string());
            ui.end_row();
            ui.label("Next division in");
            ui.label(format!("{:.1} h", hsc.next_division_h.max(0.0)));
            ui.end_row();
            ui.label("Divides about every");
            ui.label(format!("{:.0} h", model.k.hsc.cycle_hours));
            ui.end_row();
        });
        ui.label(
            "Held in its niche on the bone or beside the sinusoid. Each time it divides, one \
                 daughter stays and remains a stem cell while the other commits to a lineage — red \
                 cells, a white-cell line, megakaryocytes or lymphocytes — chosen with odds that \
                 EPO, TPO and G-CSF shift toward what the blood is short of. This sphere stands \
                 for the stem and early progenitor cells of a whole marrow region.",
        );
        ui.horizontal(|ui| {
            ui.checkbox(&mut orbit.follow, "Follow (F)")
                .on_hover_text("Keep the camera on this cell");
            if ui.button("📖 Codex: stem cell").clicked() {
                codex.write(OpenCodexEntry(kind_id(STEM_CELL)));
            }
        });
    });
}
