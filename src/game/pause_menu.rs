//! The pause menu: a window over the paused run (Esc or ☰ Menu).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::runs::{ChallengeRun, Start, request_start};
use super::tutorial::Tutorial;
use crate::session::CurrentScenario;
use crate::view::Screen;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_pause_menu.run_if(in_state(Screen::Playing)),
    );
}

/// The pause menu: a window over the paused run.
fn draw_pause_menu(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut session: ResMut<ChallengeRun>,
    mut next: ResMut<NextState<Screen>>,
    mut time: ResMut<Time<Virtual>>,
    mut tutorial: ResMut<Tutorial>,
    current: Res<CurrentScenario>,
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
            ui.label(&current.0.title);
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
                    None => request_start(&mut commands, Start::FreePlay(Some(current.0.clone()))),
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
