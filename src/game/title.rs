//! The title screen: the guided tour (first, for a new player), challenges, free play, the
//! codex, demonstration mode, settings, quit.

use bevy::app::AppExit;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::demo::Demo;
use super::menus::{big_button, menu_screen_with};
use super::progress_store::ProgressStore;
use super::runs::{ChallengeRun, Challenges, Start, request_start};
use super::tutorial::Tutorial;
use crate::learn::codex::Codex;
use crate::view::Screen;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_title.run_if(in_state(Screen::Title)),
    );
}

/// What the title screen's buttons change.
#[derive(SystemParam)]
struct TitleActions<'w, 's> {
    commands: Commands<'w, 's>,
    next: ResMut<'w, NextState<Screen>>,
    run: ResMut<'w, ChallengeRun>,
    tutorial: ResMut<'w, Tutorial>,
    demo: ResMut<'w, Demo>,
    exit: MessageWriter<'w, AppExit>,
}

fn draw_title(
    mut contexts: EguiContexts,
    mut store: ResMut<ProgressStore>,
    challenges: Res<Challenges>,
    actions: TitleActions,
) -> Result {
    let TitleActions {
        mut commands,
        mut next,
        run: mut session,
        mut tutorial,
        mut demo,
        mut exit,
    } = actions;
    let codex = Codex::bundled();
    menu_screen_with(&mut contexts, 170, |ui| {
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
