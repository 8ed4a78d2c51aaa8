//! egui panels over the marrow: the time bar, the patient, conditions and legend on the left,
//! the blood count, objectives and plots on the right, the scenario and save windows, the cell
//! inspector and the hover label.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::view::Screen;

mod blood_inspector;
mod blood_panel;
mod conditions;
mod hover;
mod inspector;
mod legend;
mod objectives_panel;
mod panel_state;
mod patient;
pub mod plots;
mod saves_window;
mod scenario_picker;
mod time_bar;

pub use conditions::ConditionDrafts;
pub use inspector::OpenCodexEntry;
use panel_state::{Controls, RunView, Surroundings};
pub use panel_state::{
    FreeViewport, OpenMenu, PanelLayout, PendingConditions, PlayerActions, StepRequest,
};
pub use plots::PlotHistory;

pub struct UiPlugin;

impl Plugin for UiPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<PanelLayout>()
            .init_resource::<FreeViewport>()
            .init_resource::<PlayerActions>()
            .init_resource::<PendingConditions>()
            .init_resource::<ConditionDrafts>()
            .add_message::<OpenMenu>()
            .add_message::<OpenCodexEntry>()
            .add_plugins((
                time_bar::plugin,
                plots::plugin,
                scenario_picker::plugin,
                saves_window::plugin,
            ))
            .add_systems(
                EguiPrimaryContextPass,
                (
                    draw_panels,
                    inspector::draw_inspector,
                    blood_inspector::draw_blood_inspector,
                    hover::draw_hover_label,
                )
                    .chain()
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// Every panel, laid out in one pass: the top bars first, then the sides, and what is left
/// is the marrow's.
fn draw_panels(
    mut contexts: EguiContexts,
    run: RunView,
    mut controls: Controls,
    mut around: Surroundings,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "viewport".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::Panel::top("time_bar").show(&mut root, |ui| {
        time_bar::show(ui, &run, &mut controls, &mut around);
    });
    if controls.starter.source.error.is_some() {
        egui::Panel::top("scenario_error").show(&mut root, |ui| {
            scenario_picker::error_bar(ui, &mut controls.starter.source);
        });
    }
    if around.layout.all_hidden {
        around.free.0 = None;
        return Ok(());
    }
    let palette = around.settings.palette;
    if !around.layout.clutter_hidden {
        egui::Panel::left("conditions")
            .resizable(false)
            .default_size(270.0)
            .show(&mut root, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    patient::patient_section(ui, &run.model, &mut controls);
                    ui.separator();
                    conditions::conditions_section(
                        ui,
                        &run.model,
                        &run.clock,
                        &mut controls.timeline,
                        &mut controls.drafts,
                    );
                    ui.separator();
                    legend::legend_section(ui, &run.model, &mut controls.filter, palette);
                    ui.separator();
                    ui.weak("Left-drag orbit · right-drag pan · wheel zoom · click a cell to inspect it · F follow · Esc deselect, then menu · Home reset view · L labels · F9 demonstration mode · F12 screenshot");
                });
            });
    }
    let scenario = &controls.starter.current.0;
    let ranges = run.model.reference_ranges(run.clock.days());
    egui::Panel::right("blood")
        .resizable(false)
        .default_size(330.0)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                blood_panel::blood_section(ui, &run, &ranges);
                ui.separator();
                if !scenario.objectives.is_empty() {
                    objectives_panel::objectives_section(ui, scenario, &run);
                    ui.separator();
                }
                plots::plots_section(ui, scenario, &ranges, &run.history);
            });
        });
    scenario_picker::picker_window(ctx, &mut controls, &mut around.notices);
    saves_window::saves_window(ctx, &mut controls.saves, &mut controls.files);
    around.free.0 = Some(root.available_rect_before_wrap());
    Ok(())
}
