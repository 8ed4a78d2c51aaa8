//! egui panels: time controls, patient conditions and legend, the blood count with live plots,
//! the cell inspector and hover labels.

use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::biology::cell::Phase;
use crate::biology::kinetics::{Fate, Hormone};
use crate::biology::reference::{self, Flag, Sex};
use crate::game::{CodexWindow, Demo, Screen, Session, ViewSettings};
use crate::sim::body::Body;
use crate::sim::cells::{Cell, Hsc};
use crate::sim::conditions::Timeline;
use crate::sim::marrow::Structure;
use crate::sim::{Model, Population, RestartRequest, SimClock};
use crate::view::{Hovered, LineageFilter, OrbitCamera, Selection, Toast, structure_colour};

mod conditions;
mod plots;
pub mod scenarios;

pub use conditions::ConditionDrafts;
pub use plots::PlotHistory;

pub struct UiPlugin;

impl Plugin for UiPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<PlotHistory>()
            .init_resource::<StepRequest>()
            .init_resource::<PendingConditions>()
            .init_resource::<ConditionDrafts>()
            .init_resource::<scenarios::Picker>()
            .init_resource::<scenarios::SaveBrowser>()
            .init_resource::<scenarios::GameFileRequest>()
            .init_resource::<scenarios::ActiveReplay>()
            .init_resource::<FreeViewport>()
            .add_systems(
                PreUpdate,
                (
                    run_requested_steps,
                    scenarios::save_or_load_game,
                    scenarios::continue_replay,
                )
                    .chain(),
            )
            .add_systems(
                Update,
                (
                    time_hotkeys.run_if(in_state(Screen::Playing)),
                    plots::sample_history,
                    scenarios::reload_edited_scenario,
                    apply_display_hints,
                ),
            )
            .add_systems(
                EguiPrimaryContextPass,
                (draw_panels, draw_inspector, draw_hover_label)
                    .chain()
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

/// Simulated hours per real second offered by the speed control.
const SPEEDS: [(f64, &str); 8] = [
    (0.1, "0.1 h/s — watch cells crawl"),
    (0.5, "0.5 h/s"),
    (1.0, "1 h/s"),
    (3.0, "3 h/s"),
    (6.0, "6 h/s"),
    (12.0, "12 h/s — a day in 2 s"),
    (24.0, "24 h/s — a day a second"),
    (48.0, "48 h/s — fast forward"),
];

/// Hours the Step button advances while paused.
const STEP_HOURS: f64 = 1.0;

/// Ticks to run at once on the next frame (the Step button).
#[derive(Resource, Default)]
pub struct StepRequest(pub u32);

/// Patient conditions being edited; applied by restarting the run.
#[derive(Resource, Default, Clone, Debug)]
pub struct PendingConditions {
    pub age_years: Option<f32>,
    pub sex: Option<Sex>,
    /// `Some(None)`: born; `Some(Some(w))`: unborn at `w` weeks.
    pub gestation: Option<Option<f32>>,
}

impl PendingConditions {
    fn changed(&self) -> bool {
        self.age_years.is_some() || self.sex.is_some() || self.gestation.is_some()
    }

    /// Moves the edits into `setup`'s patient.
    fn apply_to(&mut self, setup: &mut crate::sim::SimSetup) {
        let patient = &mut setup.scenario.patient;
        if let Some(age) = self.age_years.take() {
            patient.age_years = age;
        }
        if let Some(sex) = self.sex.take() {
            patient.sex = sex;
        }
        if let Some(g) = self.gestation.take() {
            patient.gestation_weeks = g;
        }
    }
}

fn run_requested_steps(world: &mut World) {
    let n = std::mem::take(&mut world.resource_mut::<StepRequest>().0);
    crate::sim::run_ticks(world, n);
}

fn request_step(model: &Model, steps: &mut StepRequest) {
    steps.0 += (STEP_HOURS / model.k.tick_hours as f64).round() as u32;
}

fn request_reset(model: &Model, restart: &mut RestartRequest, pending: &mut PendingConditions) {
    let mut setup = model.setup.clone();
    pending.apply_to(&mut setup);
    restart.0 = Some(setup);
}

/// Space pauses, `.` steps one hour, R resets; never while egui has the keyboard.
fn time_hotkeys(
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    model: Res<Model>,
    mut virtual_time: ResMut<Time<Virtual>>,
    mut steps: ResMut<StepRequest>,
    mut restart: ResMut<RestartRequest>,
    mut pending: ResMut<PendingConditions>,
) {
    if egui_input.wants_any_keyboard_input() {
        return;
    }
    if keys.just_pressed(KeyCode::Space) {
        if virtual_time.is_paused() {
            virtual_time.unpause();
        } else {
            virtual_time.pause();
        }
    }
    if keys.just_pressed(KeyCode::Period) {
        virtual_time.pause();
        request_step(&model, &mut steps);
    }
    if keys.just_pressed(KeyCode::KeyR) {
        request_reset(&model, &mut restart, &mut pending);
    }
}

fn clock_text(clock: &SimClock) -> String {
    let hours = clock.hours().max(0.0);
    let day = (hours / 24.0).floor();
    let h = hours - day * 24.0;
    format!(
        "Day {day}  {:02}:{:02}",
        h.floor(),
        ((h - h.floor()) * 60.0).floor()
    )
}

fn egui_colour(c: [f32; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(
        (c[0] * 255.0) as u8,
        (c[1] * 255.0) as u8,
        (c[2] * 255.0) as u8,
    )
}

fn lineage_colour(
    model: &Model,
    lineage: usize,
    palette: crate::learn::progress::Palette,
) -> egui::Color32 {
    let stages = &model.k.lineages[lineage].stages;
    egui_colour(crate::learn::palette::stage_colour(
        &model.k,
        palette,
        lineage,
        stages.len() / 2,
    ))
}

/// Human name of a lineage (`b_cell` → `B cell`).
pub fn lineage_label(name: &str) -> String {
    match name {
        "b_cell" => "B cell".into(),
        "nk_cell" => "NK cell".into(),
        "t_cell" => "T cell".into(),
        "aml_blast" => "AML blast (clone)".into(),
        "all_blast" => "ALL blast (clone)".into(),
        "lymphoma_cell" => "Lymphoma cell (clone)".into(),
        "myeloma_cell" => "Myeloma cell (clone)".into(),
        other => {
            let mut s = other.replace('_', " ");
            if let Some(first) = s.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            s
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_panels(
    mut contexts: EguiContexts,
    model: Res<Model>,
    clock: Res<SimClock>,
    body: Res<Body>,
    pop: Res<Population>,
    history: Res<PlotHistory>,
    time_real: Res<Time<Real>>,
    mut toast: ResMut<Toast>,
    mut virtual_time: ResMut<Time<Virtual>>,
    mut fixed: ResMut<Time<Fixed>>,
    mut steps: ResMut<StepRequest>,
    mut restart: ResMut<RestartRequest>,
    mut pending: ResMut<PendingConditions>,
    mut conditions: (ResMut<Timeline>, ResMut<ConditionDrafts>),
    mut files: (
        ResMut<scenarios::ScenarioSource>,
        ResMut<scenarios::Picker>,
        ResMut<scenarios::SaveBrowser>,
        ResMut<scenarios::GameFileRequest>,
        Res<scenarios::ActiveReplay>,
        Res<crate::sim::census::Census>,
    ),
    mut game: (
        ResMut<Session>,
        Res<Demo>,
        Res<ViewSettings>,
        ResMut<LineageFilter>,
        ResMut<FreeViewport>,
    ),
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
        ui.horizontal(|ui| {
            if ui.button("☰ Menu").on_hover_text("Pause and open the menu: challenges, codex, settings, title screen (Esc)").clicked() {
                game.0.menu_open = true;
                virtual_time.pause();
            }
            ui.heading("Marrow");
            ui.label(&model.scenario.title).on_hover_text(&model.scenario.description);
            ui.separator();
            ui.label(egui::RichText::new(clock_text(&clock)).size(18.0).monospace())
                .on_hover_text("Simulated time since the start of the run");
            let paused = virtual_time.is_paused();
            if ui.button(if paused { "▶ Play" } else { "⏸ Pause" }).on_hover_text("Start or stop time (Space)").clicked() {
                if paused {
                    virtual_time.unpause();
                } else {
                    virtual_time.pause();
                }
            }
            if ui.button("⏭ Step 1 h").on_hover_text("Pause and advance one simulated hour (.)").clicked() {
                virtual_time.pause();
                request_step(&model, &mut steps);
            }
            let tick_hours = model.k.tick_hours as f64;
            let current = tick_hours / fixed.timestep().as_secs_f64();
            egui::ComboBox::from_id_salt("speed")
                .selected_text(format!("Speed {current:.1} h/s"))
                .show_ui(ui, |ui| {
                    for (s, label) in SPEEDS {
                        if ui.selectable_label((current - s).abs() < 1e-6, label).clicked() {
                            fixed.set_timestep_hz(s / tick_hours);
                        }
                    }
                })
                .response
                .on_hover_text("Simulated hours per real second. Slow speeds show cells moving; fast ones show counts changing over days.");
            if ui.button("⟲ Reset").on_hover_text("Start this patient over from day 0 (R)").clicked() {
                request_reset(&model, &mut restart, &mut pending);
            }
            ui.separator();
            let clutter = !game.1.hides_clutter();
            if clutter && ui.button("📂 Scenarios").on_hover_text("Pick a bundled scenario or one of your own").clicked() {
                files.1.open = !files.1.open;
            }
            let loading = files.4.0.is_some();
            if clutter && ui.add_enabled(!loading, egui::Button::new("💾 Save")).on_hover_text("Save this run to continue it later").clicked() {
                files.3.save = true;
            }
            if clutter && ui.add_enabled(!loading, egui::Button::new("📁 Load")).on_hover_text("Continue a saved run").clicked() {
                scenarios::open_saves(&mut files.2);
            }
            if let Some(progress) = scenarios::replay_progress(&files.4, &clock) {
                ui.separator();
                ui.spinner();
                ui.label(progress);
            } else if time_real.elapsed_secs_f64() < toast.until_secs {
                ui.separator();
                ui.label(&toast.text);
            }
        });
    });

    if files.0.error.is_some() {
        egui::Panel::top("scenario_error").show(&mut root, |ui| {
            scenarios::error_bar(ui, &mut files.0);
        });
    }

    if game.1.panels_hidden {
        game.4.0 = None;
        return Ok(());
    }
    let palette = game.2.palette;
    if !game.1.hides_clutter() {
        egui::Panel::left("conditions").resizable(false).default_size(270.0).show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            patient_section(ui, &model, &mut pending, &mut restart);
            ui.separator();
            conditions::conditions_section(ui, &model, &clock, &mut conditions.0, &mut conditions.1);
            ui.separator();
            legend_section(ui, &model, &mut game.3, palette);
            ui.separator();
            ui.weak("Left-drag orbit · right-drag pan · wheel zoom · click a cell to inspect it · F follow · Esc deselect, then menu · Home reset view · L labels · F9 demonstration mode · F12 screenshot");
        });
    });
    }

    egui::Panel::right("blood")
        .resizable(false)
        .default_size(330.0)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                blood_section(ui, &model, &body, &pop, &history);
                ui.separator();
                if !model.scenario.objectives.is_empty() {
                    scenarios::objectives_section(ui, &model, &files.5, &game.0.log, clock.days());
                    ui.separator();
                }
                plots::plots_section(ui, &model, &history);
            });
        });
    let now = time_real.elapsed_secs_f64();
    scenarios::picker_window(
        ctx,
        &mut files.1,
        &mut files.0,
        &mut restart,
        &mut toast,
        now,
    );
    scenarios::saves_window(ctx, &mut files.2, &mut files.3);
    game.4.0 = Some(root.available_rect_before_wrap());
    Ok(())
}

/// The part of the window the panels leave for the marrow (egui points), once drawn.
#[derive(Resource, Default, Clone, Copy, Debug)]
pub struct FreeViewport(pub Option<egui::Rect>);

/// When a new scenario starts (picker, hot reload, load), its display hints set the camera,
/// the pace and the followed cell; a reset of the same scenario leaves the player's view.
fn apply_display_hints(
    model: Res<Model>,
    mut last: Local<Option<crate::scenario::DisplayHints>>,
    mut orbit: ResMut<OrbitCamera>,
    mut fixed: ResMut<Time<Fixed>>,
    mut start: ResMut<crate::view::StartOptions>,
) {
    let hints = &model.scenario.display;
    let Some(previous) = last.as_ref() else {
        // The first scenario's hints were applied when the window was built.
        *last = Some(hints.clone());
        return;
    };
    if previous == hints {
        return;
    }
    *last = Some(hints.clone());
    if let Some(c) = hints.camera {
        crate::view::aim_camera(&mut orbit, c);
    }
    if let Some(speed) = hints.speed_hours_per_second {
        fixed.set_timestep_hz(speed / model.k.tick_hours as f64);
    }
    if let Some(name) = &hints.follow {
        start.inspect = Some(name.clone());
    }
}

fn patient_section(
    ui: &mut egui::Ui,
    model: &Model,
    pending: &mut PendingConditions,
    restart: &mut RestartRequest,
) {
    ui.strong("Patient");
    let patient = &model.scenario.patient;
    let mut unborn = pending
        .gestation
        .unwrap_or(patient.gestation_weeks)
        .is_some();
    let mut weeks = pending
        .gestation
        .flatten()
        .or(patient.gestation_weeks)
        .unwrap_or(8.0);
    ui.checkbox(&mut unborn, "Before birth").on_hover_text(
        "Play fetal development: blood is made first in the yolk sac, then the liver and spleen, and the marrow takes over by the third trimester. Applying restarts the run.",
    );
    if unborn {
        ui.add(
            egui::Slider::new(&mut weeks, 3.0..=40.0)
                .step_by(1.0)
                .suffix(" weeks")
                .text("Gestation"),
        )
        .on_hover_text("Gestational age on day 0; it advances a week every 7 simulated days");
    }
    let gestation = unborn.then_some(weeks);
    pending.gestation = (gestation != patient.gestation_weeks).then_some(gestation);
    let mut age = pending.age_years.unwrap_or(patient.age_years);
    ui.add_enabled(
        !unborn,
        egui::Slider::new(&mut age, 0.0..=100.0)
            .step_by(1.0)
            .suffix(" years")
            .text("Age"),
    )
    .on_hover_text("Fat replaces blood-forming marrow with age (cellularity is roughly 100 − age %) and old stem cells make less, so counts sit nearer the low edge of normal. Applying restarts the patient.");
    pending.age_years = (age != patient.age_years).then_some(age);
    let mut sex = pending.sex.unwrap_or(patient.sex);
    ui.horizontal(|ui| {
        ui.label("Sex").on_hover_text(
            "Women have a lower normal haemoglobin; the Hb reference range follows.",
        );
        ui.radio_value(&mut sex, Sex::Female, "female");
        ui.radio_value(&mut sex, Sex::Male, "male");
    });
    pending.sex = (sex != patient.sex).then_some(sex);
    let button = ui
        .add_enabled(
            pending.changed(),
            egui::Button::new("Apply — restart with this patient"),
        )
        .on_hover_text("Builds a new marrow for this patient and starts again at day 0")
        .on_disabled_hover_text("Change the patient above first");
    if button.clicked() {
        let mut setup = model.setup.clone();
        pending.apply_to(&mut setup);
        restart.0 = Some(setup);
    }
    ui.weak(format!("Now: {}", patient.describe()));
}

fn legend_section(
    ui: &mut egui::Ui,
    model: &Model,
    filter: &mut LineageFilter,
    palette: crate::learn::progress::Palette,
) {
    ui.strong("Cells")
        .on_hover_text("Untick a lineage to hide its cells in the 3D view");
    for (i, lineage) in model.k.lineages.iter().enumerate() {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter()
                .circle_filled(rect.center(), 6.0, lineage_colour(model, i, palette));
            let mut shown = !filter.is_hidden(i);
            if ui
                .checkbox(&mut shown, lineage_label(&lineage.name))
                .on_hover_text(format!(
                    "{} — {} stages",
                    lineage.about,
                    lineage.stages.len()
                ))
                .changed()
            {
                if filter.hidden.len() <= i {
                    filter.hidden.resize(i + 1, false);
                }
                filter.hidden[i] = !shown;
            }
        });
    }
    let swatch = |ui: &mut egui::Ui, c: [f32; 3], name: &str, tip: &str| {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter()
                .circle_filled(rect.center(), 6.0, egui_colour(c));
            ui.label(name).on_hover_text(tip);
        });
    };
    swatch(
        ui,
        model.k.hsc.color,
        "Stem cell",
        "Haematopoietic stem cells, each held in a niche on the bone or beside the sinusoid",
    );
    for (kind, name, tip) in [
        (
            Structure::Macrophage,
            "Macrophage",
            "The centre of an erythroblastic island: young red cells cluster around it",
        ),
        (
            Structure::Adipocyte,
            "Fat cell",
            "Adipocytes take more of the marrow with age",
        ),
        (
            Structure::Vessel,
            "Sinusoid",
            "The vessel mature cells squeeze into to reach the blood",
        ),
        (
            Structure::Bone,
            "Bone",
            "Trabecular bone lines the floor of the window",
        ),
    ] {
        swatch(ui, structure_colour(kind), name, tip);
    }
}

fn blood_section(
    ui: &mut egui::Ui,
    model: &Model,
    body: &Body,
    pop: &Population,
    history: &PlotHistory,
) {
    ui.strong("Blood count").on_hover_text(
        "Complete blood count of the simulated patient, with adult reference ranges",
    );
    egui::Grid::new("cbc")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for (analyte, value) in reference::report(&body.cbc, model.scenario.patient.sex) {
                ui.label(analyte.name).on_hover_text(format!(
                    "Adult reference range {}–{} {}; L = below it, H = above it",
                    analyte.low, analyte.high, analyte.unit
                ));
                let d = analyte.decimals;
                let (text, colour) = match analyte.flag(value) {
                    Flag::Low => (
                        format!("{value:.d$} L"),
                        egui::Color32::from_rgb(120, 170, 255),
                    ),
                    Flag::High => (
                        format!("{value:.d$} H"),
                        egui::Color32::from_rgb(255, 150, 90),
                    ),
                    Flag::Normal => (format!("{value:.d$}"), ui.visuals().text_color()),
                };
                ui.colored_label(colour, text);
                ui.label(analyte.unit);
                ui.weak(format!("{}–{}", analyte.low, analyte.high));
                ui.end_row();
            }
        });
    if let Some(grade) = reference::neutropenia(body.cbc.anc_e3_ul) {
        ui.colored_label(egui::Color32::from_rgb(255, 150, 90), format!("⚠ {grade}"));
    }
    ui.separator();
    ui.strong("Marrow");
    ui.label(format!("Agents in the window: {}", pop.agents))
        .on_hover_text("Each sphere stands for many real cells of its kind");
    if let Some(m) = history.last_marrow() {
        ui.label(format!("Cellularity: {:.0} %", m.cellularity_pct))
            .on_hover_text(
                "Share of the marrow space filled by blood-forming cells rather than fat",
            );
        ui.label(format!("Blasts: {:.1} % of nucleated cells", m.blast_pct))
            .on_hover_text(
                "Immature precursors; normally under 5 %, 20 % or more defines acute leukaemia",
            );
        if m.clone_pct > 0.0 {
            ui.colored_label(
                egui::Color32::from_rgb(255, 150, 90),
                format!("Malignant clone: {:.1} % of nucleated cells", m.clone_pct),
            )
            .on_hover_text("Leukaemia, lymphoma or myeloma cells; 10 % clonal plasma cells is a threshold for myeloma");
        }
    }
    if body.cbc.abnormal_e3_ul >= 0.005 {
        ui.colored_label(
            egui::Color32::from_rgb(255, 150, 90),
            format!("Abnormal cells in blood: {:.2} ×10³/µL", body.cbc.abnormal_e3_ul),
        )
        .on_hover_text("Blasts or plasma cells on the blood smear; a healthy count has none. They are included in the white count.");
    }
    if body.extramedullary >= 0.005 {
        ui.label(format!(
            "Liver & spleen output: {:.0} % of a healthy marrow's",
            body.extramedullary * 100.0
        ))
        .on_hover_text("Extramedullary haematopoiesis: outside the marrow, as before birth, when the marrow cannot keep up");
    }
    ui.horizontal(|ui| {
        for h in Hormone::ALL {
            ui.label(format!("{} ×{:.2}", h.label(), body.hormones.get(h)))
                .on_hover_text(match h {
                    Hormone::Epo => {
                        "Erythropoietin relative to normal: rises when haemoglobin falls"
                    }
                    Hormone::Tpo => "Thrombopoietin relative to normal: rises when platelets fall",
                    Hormone::Gcsf => "G-CSF relative to normal: rises when neutrophils fall",
                });
        }
    });
}

/// The inspector: what the selected cell is, where it is in its life, and what it will become.
fn draw_inspector(
    mut contexts: EguiContexts,
    model: Res<Model>,
    selection: Res<Selection>,
    mut orbit: ResMut<OrbitCamera>,
    mut filter: ResMut<LineageFilter>,
    cells: Query<&Cell>,
    stem_cells: Query<&Hsc>,
    mut codex: ResMut<CodexWindow>,
) -> Result {
    if let Some(Ok(hsc)) = selection.0.map(|e| stem_cells.get(e)) {
        let ctx = contexts.ctx_mut()?;
        stem_cell_window(ctx, &model, hsc, &mut orbit, &mut codex);
        return Ok(());
    }
    let Some(Ok(Cell(state))) = selection.0.map(|e| cells.get(e)) else {
        return Ok(());
    };
    let k = &model.k;
    let lineage = &k.lineages[state.lineage as usize];
    let stage = state.stage_data(k);
    let ctx = contexts.ctx_mut()?;
    egui::Window::new("Inspector")
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-345.0, 50.0))
        .resizable(false)
        .collapsible(true)
        .default_width(300.0)
        .show(ctx, |ui| {
            ui.heading(format!("{} — {}", lineage_label(&lineage.name), stage.name));
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
                        Fate::Egress { product } => {
                            format!("enters the blood as {}", product.replace('_', " "))
                        }
                        Fate::Shed { per_cell, .. } => {
                            format!("sheds about {per_cell:.0} platelets into the sinusoid")
                        }
                    });
                    ui.end_row();
                    ui.label("Apoptosis in this stage");
                    ui.label(format!("{:.0} % of cells", stage.death * 100.0));
                    ui.end_row();
                });
            if !stage.about.is_empty() {
                ui.label(egui::RichText::new(&stage.about).italics());
            }
            ui.label(&lineage.about);
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
            let [kind, stage_entry] = crate::game::cell_entries(&model, state.lineage, state.stage);
            ui.horizontal(|ui| {
                if ui
                    .button(format!("📖 Codex: {}", stage.name))
                    .on_hover_text("Read about this stage")
                    .clicked()
                {
                    codex.show(&stage_entry);
                }
                if ui
                    .button(format!("📖 {}", lineage_label(&lineage.name)))
                    .on_hover_text("Read about this kind of cell")
                    .clicked()
                {
                    codex.show(&kind);
                }
            });
        });
    Ok(())
}

fn stem_cell_window(
    ctx: &egui::Context,
    model: &Model,
    hsc: &Hsc,
    orbit: &mut OrbitCamera,
    codex: &mut CodexWindow,
) {
    egui::Window::new("Inspector")
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-345.0, 50.0))
        .resizable(false)
        .default_width(300.0)
        .show(ctx, |ui| {
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
                    codex.show(&crate::learn::codex::kind_id(crate::scenario::STEM_CELL));
                }
            });
        });
}

/// A small label at the pointer naming the cell under it.
fn draw_hover_label(
    mut contexts: EguiContexts,
    model: Res<Model>,
    hovered: Res<Hovered>,
    cells: Query<&Cell>,
    stem_cells: Query<(), With<Hsc>>,
) -> Result {
    let Some(hovered) = hovered.0 else {
        return Ok(());
    };
    let name = match cells.get(hovered) {
        Ok(Cell(state)) => format!(
            "{} · {}",
            lineage_label(&model.k.lineages[state.lineage as usize].name),
            state.stage_data(&model.k).name
        ),
        Err(_) if stem_cells.contains(hovered) => "Stem cell".to_string(),
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
