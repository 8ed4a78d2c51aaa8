//! The settings screen: text and panel size, the colour-blind-safe palette, the camera, the
//! tour again, where progress is kept, and resetting it.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::menus::{menu_screen, screen_title};
use super::progress_store::ProgressStore;
use super::runs::ChallengeRun;
use super::tutorial::Tutorial;
use crate::learn::progress::{Palette, UI_SCALE_RANGE};
use crate::session::library;
use crate::view::Screen;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_settings.run_if(in_state(Screen::Settings)),
    );
}

fn draw_settings(
    mut contexts: EguiContexts,
    mut store: ResMut<ProgressStore>,
    mut next: ResMut<NextState<Screen>>,
    session: Res<ChallengeRun>,
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
