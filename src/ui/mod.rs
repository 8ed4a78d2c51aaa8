//! egui panels over the marrow: the time bar, the patient, conditions and legend on the left,
//! the blood count, objectives and plots on the right, the scenario and save windows, the cell
//! inspector and the hover label.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::session::{GameFileRequest, LegacyReplay, Notice, ScenarioStarter};
use crate::sim::body::Body;
use crate::sim::census::Census;
use crate::sim::conditions::Timeline;
use crate::sim::{Model, Population, SimClock};
use crate::view::Screen;
use crate::view::appearance::{LineageFilter, ViewSettings};
use crate::view::toast::Toast;

mod blood_panel;
mod conditions;
mod hover;
mod inspector;
mod legend;
mod objectives_panel;
mod patient;
pub mod plots;
mod saves_window;
mod scenario_picker;
mod time_bar;

pub use conditions::ConditionDrafts;
pub use inspector::OpenCodexEntry;
pub use patient::PendingConditions;
pub use plots::PlotHistory;
pub use time_bar::StepRequest;

/// What the panels leave out: the game's demonstration mode hides the clutter (left panel,
/// file buttons) and, on request, every panel.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct PanelLayout {
    pub clutter_hidden: bool,
    pub all_hidden: bool,
}

/// The part of the window the panels leave for the marrow (egui points), once drawn.
#[derive(Resource, Default, Clone, Copy, Debug)]
pub struct FreeViewport(pub Option<egui::Rect>);

/// The Menu button was pressed: the game opens its pause menu.
#[derive(Message, Clone, Copy, Debug)]
pub struct OpenMenu;

/// What the player did in this run, as the objectives judge it (the game notes it).
#[derive(Resource, Default, Debug)]
pub struct PlayerActions(pub crate::scenario::objectives::PlayerLog);

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
                    hover::draw_hover_label,
                )
                    .chain()
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// The run as the panels show it.
#[derive(SystemParam)]
pub struct RunView<'w> {
    pub model: Res<'w, Model>,
    pub clock: Res<'w, SimClock>,
    pub body: Res<'w, Body>,
    pub pop: Res<'w, Population>,
    pub census: Res<'w, Census>,
    pub history: Res<'w, PlotHistory>,
    pub actions: Res<'w, PlayerActions>,
}

/// What the panels change.
#[derive(SystemParam)]
pub struct Controls<'w> {
    pub starter: ScenarioStarter<'w>,
    pub virtual_time: ResMut<'w, Time<Virtual>>,
    pub fixed: ResMut<'w, Time<Fixed>>,
    pub steps: ResMut<'w, StepRequest>,
    pub pending: ResMut<'w, PendingConditions>,
    pub timeline: ResMut<'w, Timeline>,
    pub drafts: ResMut<'w, ConditionDrafts>,
    pub filter: ResMut<'w, LineageFilter>,
    pub files: ResMut<'w, GameFileRequest>,
    pub picker: ResMut<'w, scenario_picker::Picker>,
    pub saves: ResMut<'w, saves_window::SaveBrowser>,
}

/// The window's own state the panels read or report to.
#[derive(SystemParam)]
pub struct Surroundings<'w> {
    pub layout: Res<'w, PanelLayout>,
    pub settings: Res<'w, ViewSettings>,
    pub toast: Res<'w, Toast>,
    pub time_real: Res<'w, Time<Real>>,
    pub legacy: Res<'w, LegacyReplay>,
    pub free: ResMut<'w, FreeViewport>,
    pub notices: MessageWriter<'w, Notice>,
    pub menu: MessageWriter<'w, OpenMenu>,
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
    let sex = run.model.patient().sex;
    egui::Panel::right("blood")
        .resizable(false)
        .default_size(330.0)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                blood_panel::blood_section(ui, &run, sex);
                ui.separator();
                if !scenario.objectives.is_empty() {
                    objectives_panel::objectives_section(ui, scenario, &run);
                    ui.separator();
                }
                plots::plots_section(ui, scenario, sex, &run.history);
            });
        });
    scenario_picker::picker_window(ctx, &mut controls, &mut around.notices);
    saves_window::saves_window(ctx, &mut controls.saves, &mut controls.files);
    around.free.0 = Some(root.available_rect_before_wrap());
    Ok(())
}
