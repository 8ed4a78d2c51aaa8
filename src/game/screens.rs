//! The menu screens: title, challenge select, settings, and the pause menu over a run.

use bevy::app::AppExit;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::{
    Challenges, Demo, ProgressStore, Screen, Session, Start, Tutorial, menu_screen, request_start,
    screen_title, stars_text,
};
use crate::learn::codex::Codex;
use crate::learn::progress::{Palette, UI_SCALE_RANGE};
use crate::scenario::library;

/// A wide button for menus.
fn big_button(ui: &mut egui::Ui, text: &str, hint: &str) -> bool {
    ui.add_sized(
        [320.0, 40.0],
        egui::Button::new(egui::RichText::new(text).size(18.0)),
    )
    .on_hover_text(hint)
    .clicked()
}

#[allow(clippy::too_many_arguments)]
pub fn draw_title(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut store: ResMut<ProgressStore>,
    mut next: ResMut<NextState<Screen>>,
    mut session: ResMut<Session>,
    mut tutorial: ResMut<Tutorial>,
    mut demo: ResMut<Demo>,
    challenges: Res<Challenges>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let codex = Codex::bundled();
    super::menu_screen_with(&mut contexts, 170, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(40.0);
            ui.label(egui::RichText::new("Marrow").size(64.0).strong());
            ui.label(
                egui::RichText::new("How bone marrow makes blood — and what goes wrong")
                    .size(20.0)
                    .italics(),
            );
            ui.add_space(24.0);
            if let Some(w) = store.warning.clone() {
                ui.group(|ui| {
                    ui.set_max_width(640.0);
                    ui.colored_label(egui::Color32::from_rgb(255, 190, 90), format!("⚠ {w}"));
                    if ui.button("OK").clicked() {
                        store.warning = None;
                    }
                });
                ui.add_space(12.0);
            }
            let p = &store.progress;
            let new_player = !p.tutorial_done;
            if new_player
                && big_button(
                    ui,
                    "▶ Start the guided tour",
                    "Five minutes: move the camera, run time, inspect a cell, give a treatment, read the plots",
                )
            {
                tutorial.start();
                request_start(&mut commands, Start::FreePlay(None));
            }
            let max = challenges.0.len() as u32 * 3;
            if big_button(
                ui,
                &format!("🏆 Challenges   ({} of {max} ★)", p.total_stars()),
                "Patients with goals to reach: stars, an explanation of what happened, and a quiz",
            ) {
                next.set(Screen::Challenges);
            }
            if big_button(
                ui,
                "▶ Free play",
                "A healthy adult to explore; give any condition, or open your own scenarios from the top bar",
            ) {
                demo.on = false;
                request_start(&mut commands, Start::FreePlay(None));
            }
            let open = p.codex.len();
            if big_button(
                ui,
                &format!("📖 Codex   ({open} of {} entries)", codex.entries.len()),
                "Every cell, stage and condition, explained; entries open as you meet them",
            ) {
                session.back_to = Some(Screen::Title);
                next.set(Screen::Codex);
            }
            if big_button(
                ui,
                "🎓 Demonstration mode",
                "For teaching: large text, fewer panels, number keys jump between prepared scenarios, L shows labels",
            ) {
                demo.on = true;
                demo.labels = true;
                request_start(&mut commands, Start::FreePlay(None));
            }
            if !new_player
                && big_button(ui, "ℹ Guided tour", "Take the first-run walkthrough again")
            {
                tutorial.start();
                request_start(&mut commands, Start::FreePlay(None));
            }
            if big_button(ui, "⚙ Settings", "Text size, colour-blind-safe colours, camera") {
                session.back_to = Some(Screen::Title);
                next.set(Screen::Settings);
            }
            if big_button(ui, "✖ Quit", "Close Marrow (progress is kept)") {
                exit.write(AppExit::Success);
            }
            ui.add_space(20.0);
            match &store.path {
                Some(path) => ui.weak(format!("Progress is kept in {}", path.display())),
                None => ui.weak("Progress is not kept (no data folder)"),
            };
        });
    })
}

pub fn draw_challenge_select(
    mut contexts: EguiContexts,
    mut commands: Commands,
    store: Res<ProgressStore>,
    challenges: Res<Challenges>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    menu_screen(&mut contexts, |ui| {
        ui.horizontal(|ui| {
            if ui.button("⬅ Back").clicked() {
                next.set(Screen::Title);
            }
            screen_title(ui, "Challenges");
        });
        ui.label("Each challenge is a patient and a few goals. The simulation checks them day by day; at the end you get stars, an explanation of what happened, and a short quiz.");
        ui.add_space(8.0);
        for (i, c) in challenges.0.iter().enumerate() {
            let s = &c.scenario;
            let record = store.progress.challenges.get(c.file);
            ui.group(|ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new(format!("{}. {}", i + 1, s.title))
                            .size(20.0)
                            .strong(),
                    );
                    let stars = record.map_or(0, |r| r.best_stars);
                    ui.label(
                        egui::RichText::new(stars_text(stars))
                            .size(20.0)
                            .color(egui::Color32::GOLD),
                    )
                    .on_hover_text(match record {
                        Some(r) => format!(
                            "Best: {} stars, {} points, {} tries",
                            r.best_stars, r.best_score, r.attempts
                        ),
                        None => "Not played yet".into(),
                    });
                });
                ui.weak(format!(
                    "{} · {} simulated days · {} goals",
                    s.patient.describe(),
                    s.days,
                    s.objectives.len()
                ));
                ui.label(&s.description);
                for g in &s.learning_goals {
                    ui.label(format!("• {g}"));
                }
                let label = if record.is_some() {
                    "↻ Play again"
                } else {
                    "▶ Start"
                };
                if ui.button(egui::RichText::new(label).size(16.0)).clicked() {
                    request_start(&mut commands, Start::Challenge(i));
                }
            });
            ui.add_space(6.0);
        }
    })
}

pub fn draw_settings(
    mut contexts: EguiContexts,
    mut store: ResMut<ProgressStore>,
    mut next: ResMut<NextState<Screen>>,
    session: Res<Session>,
    mut tutorial: ResMut<Tutorial>,
    mut confirm_reset: Local<bool>,
) -> Result {
    let back = session.back_to.unwrap_or(Screen::Title);
    menu_screen(&mut contexts, |ui| {
        ui.horizontal(|ui| {
            if ui.button("⬅ Back").clicked() {
                next.set(back);
            }
            screen_title(ui, "Settings");
        });
        ui.add_space(8.0);
        let mut s = store.progress.settings.clone();
        let (lo, hi) = UI_SCALE_RANGE;
        ui.add(
            egui::Slider::new(&mut s.ui_scale, lo..=hi)
                .text("Text and panel size")
                .step_by(0.05),
        )
        .on_hover_text("Scales every panel and all text; 1 is the normal size");
        ui.add_space(6.0);
        ui.label("Cell colours");
        ui.radio_value(
            &mut s.palette,
            Palette::Standard,
            "Standard: each stage its own shade",
        )
        .on_hover_text("The colours of the kinetic table");
        ui.radio_value(&mut s.palette, Palette::ColourBlindSafe, "Colour-blind safe: one clear hue per lineage, paler when young")
            .on_hover_text("Hues from the Okabe–Ito set, told apart with red–green or blue–yellow colour blindness; leukaemia and other clones are near white");
        ui.add_space(6.0);
        ui.checkbox(
            &mut s.invert_camera,
            "Invert camera: dragging up tilts the view down",
        )
        .on_hover_text("Applies to mouse drags and the up/down arrow keys");
        if s != store.progress.settings {
            store.progress.settings = s.sanitised();
            store.touch();
        }
        ui.add_space(12.0);
        if ui
            .button("ℹ Replay the guided tour")
            .on_hover_text("Starts a healthy patient with the walkthrough")
            .clicked()
        {
            tutorial.start();
            store.progress.tutorial_done = false;
            store.touch();
            next.set(Screen::Title);
        }
        ui.add_space(12.0);
        match &store.path {
            Some(p) => {
                ui.label(format!("Progress file: {}", p.display()));
            }
            None => {
                ui.label("Progress is not kept: no data folder");
            }
        }
        if let Some(dir) = library::user_scenario_dir() {
            ui.label(format!("Your scenarios: {}", dir.display()));
        }
        if !*confirm_reset {
            if ui
                .button("Reset progress…")
                .on_hover_text(
                    "Forget stars, codex and quiz answers (the old file is kept as a backup)",
                )
                .clicked()
            {
                *confirm_reset = true;
            }
        } else {
            ui.horizontal(|ui| {
                ui.colored_label(
                    egui::Color32::from_rgb(255, 160, 90),
                    "Forget all stars, codex entries and answers?",
                );
                if ui.button("Yes, reset").clicked() {
                    if let Some(p) = store.path.clone() {
                        let backup = p.with_extension("ron.before-reset");
                        let _ = std::fs::copy(&p, backup);
                    }
                    let settings = store.progress.settings.clone();
                    store.progress = Default::default();
                    store.progress.settings = settings;
                    store.progress.tutorial_done = true;
                    store.unlock_starting();
                    store.touch();
                    *confirm_reset = false;
                }
                if ui.button("Cancel").clicked() {
                    *confirm_reset = false;
                }
            });
        }
    })
}

/// The pause menu: a window over the paused run.
#[allow(clippy::too_many_arguments)]
pub fn draw_pause_menu(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut session: ResMut<Session>,
    mut next: ResMut<NextState<Screen>>,
    mut time: ResMut<Time<Virtual>>,
    mut tutorial: ResMut<Tutorial>,
    model: Res<crate::sim::Model>,
) -> Result {
    if !session.menu_open {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let mut close = false;
    egui::Window::new("Paused")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.set_min_width(260.0);
            ui.label(&model.scenario.title);
            ui.add_space(6.0);
            let wide = |ui: &mut egui::Ui, t: &str| {
                ui.add_sized([240.0, 30.0], egui::Button::new(t)).clicked()
            };
            if wide(ui, "▶ Resume (Esc)") {
                close = true;
                time.unpause();
            }
            if wide(ui, "⟲ Restart from day 0") {
                close = true;
                match session.challenge {
                    Some(i) => request_start(&mut commands, Start::Challenge(i)),
                    None => {
                        request_start(&mut commands, Start::FreePlay(Some(model.scenario.clone())))
                    }
                }
            }
            if wide(ui, "📖 Codex") {
                close = true;
                session.back_to = Some(Screen::Playing);
                next.set(Screen::Codex);
            }
            if wide(ui, "⚙ Settings") {
                close = true;
                session.back_to = Some(Screen::Playing);
                next.set(Screen::Settings);
            }
            if wide(ui, "ℹ Guided tour") {
                close = true;
                tutorial.start();
                time.unpause();
            }
            if wide(ui, "🏆 Challenges") {
                close = true;
                next.set(Screen::Challenges);
            }
            if wide(ui, "🏠 Title screen") {
                close = true;
                next.set(Screen::Title);
            }
        });
    if close {
        session.menu_open = false;
    }
    Ok(())
}
