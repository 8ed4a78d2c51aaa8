//! The challenge select screen: each challenge with its patient, goals and best stars.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::menus::{menu_screen, screen_title, stars_text};
use super::progress_store::ProgressStore;
use super::runs::{Challenges, Start, request_start};
use crate::view::Screen;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_challenge_select.run_if(in_state(Screen::Challenges)),
    );
}

fn draw_challenge_select(
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
