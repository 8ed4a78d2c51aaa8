//! The results screen: stars, each objective with why it matters, what happened, and a quiz
//! drawn from the codex.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::menus::{menu_screen, screen_title, stars_text};
use super::progress_store::ProgressStore;
use super::runs::{ChallengeRun, Challenges, Start, request_start};
use crate::learn::challenges;
use crate::learn::codex::Codex;
use crate::scenario::objectives::Status;
use crate::view::Screen;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        bevy_egui::EguiPrimaryContextPass,
        draw_results.run_if(in_state(Screen::Results)),
    );
}

fn status_line(ui: &mut egui::Ui, status: &Status) {
    match status {
        Status::Met(day) => {
            ui.colored_label(
                egui::Color32::from_rgb(120, 220, 120),
                format!("✔ met (day {day})"),
            );
        }
        Status::Failed(day, v) if v.is_finite() => {
            ui.colored_label(
                egui::Color32::from_rgb(255, 110, 100),
                format!("✖ missed on day {day} (value {v:.2})"),
            );
        }
        Status::Failed(day, _) => {
            ui.colored_label(
                egui::Color32::from_rgb(255, 110, 100),
                format!("✖ missed by day {day}"),
            );
        }
        Status::Pending => {
            ui.weak("… undecided");
        }
    }
}

fn draw_results(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut session: ResMut<ChallengeRun>,
    mut store: ResMut<ProgressStore>,
    challenges: Res<Challenges>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let codex = Codex::bundled();
    let Some(finished) = session.finished.as_mut() else {
        next.set(Screen::Challenges);
        return Ok(());
    };
    let index = finished.challenge;
    let challenge = &challenges.0[index];
    let scenario = &challenge.scenario;
    let mut go: Option<Start> = None;
    let mut to_screen: Option<Screen> = None;
    menu_screen(&mut contexts, |ui| {
        screen_title(ui, &format!("Results: {}", scenario.title));
        let quiz_right = if finished.quiz.checked {
            finished.quiz.right(codex)
        } else {
            0
        };
        let outcome = challenges::outcome(&finished.statuses, quiz_right);
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(stars_text(outcome.stars))
                    .size(40.0)
                    .color(egui::Color32::GOLD),
            );
            ui.vertical(|ui| {
                ui.label(
                    egui::RichText::new(format!("{} of {} goals met", outcome.met, outcome.total))
                        .size(20.0),
                );
                ui.label(format!(
                    "Score {} (100 a goal, 50 a right answer)",
                    outcome.score
                ));
            });
        });
        ui.add_space(8.0);
        ui.heading("Your goals");
        for (o, status) in scenario.objectives.iter().zip(&finished.statuses) {
            ui.group(|ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.strong(&o.goal);
                    status_line(ui, status);
                });
                ui.weak(o.rule_text(scenario.days));
                ui.label(&o.why);
            });
        }
        ui.add_space(8.0);
        ui.heading("What happened, and why");
        for para in scenario.debrief.split("\n\n") {
            ui.label(para);
            ui.add_space(4.0);
        }
        ui.add_space(8.0);
        ui.heading("Quiz");
        if finished.quiz.questions.is_empty() {
            ui.weak("No questions for this challenge.");
        }
        let checked = finished.quiz.checked;
        for (n, id) in finished.quiz.questions.iter().enumerate() {
            let Some(q) = codex.questions.iter().find(|q| &q.id == id) else {
                continue;
            };
            ui.group(|ui| {
                ui.set_width(ui.available_width());
                ui.strong(format!("{}. {}", n + 1, q.question));
                for (c, choice) in q.choices.iter().enumerate() {
                    let selected = finished.quiz.chosen[n] == Some(c);
                    let text = if checked && c == q.answer {
                        egui::RichText::new(format!("{choice}  ✔"))
                            .color(egui::Color32::from_rgb(120, 220, 120))
                    } else if checked && selected {
                        egui::RichText::new(format!("{choice}  ✖"))
                            .color(egui::Color32::from_rgb(255, 110, 100))
                    } else {
                        egui::RichText::new(choice)
                    };
                    if ui
                        .add_enabled(!checked, egui::RadioButton::new(selected, text))
                        .clicked()
                    {
                        finished.quiz.chosen[n] = Some(c);
                    }
                }
                if checked {
                    ui.label(egui::RichText::new(&q.feedback).italics());
                    if let Some(entry) = codex.entry(&q.entry) {
                        ui.weak(format!("From the codex: {}", entry.title));
                    }
                }
            });
        }
        let all_answered = finished.quiz.chosen.iter().all(Option::is_some);
        if !checked
            && !finished.quiz.questions.is_empty()
            && ui
                .add_enabled(
                    all_answered,
                    egui::Button::new(egui::RichText::new("Check my answers").size(16.0)),
                )
                .on_disabled_hover_text("Answer every question first")
                .clicked()
        {
            finished.quiz.checked = true;
            // The attempt was recorded when the results were reached; right answers add to
            // its score.
            let with_quiz = challenges::outcome(&finished.statuses, finished.quiz.right(codex));
            store
                .progress
                .improve(challenge.file, with_quiz.stars, with_quiz.score);
            store.touch();
            for (id, c) in finished.quiz.questions.iter().zip(&finished.quiz.chosen) {
                if codex
                    .questions
                    .iter()
                    .any(|q| &q.id == id && Some(q.answer) == *c)
                {
                    store.progress.answered.insert(id.clone());
                }
            }
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui.button("↻ Try again").clicked() {
                go = Some(Start::Challenge(index));
            }
            if index + 1 < challenges.0.len() && ui.button("Next challenge ➡").clicked() {
                go = Some(Start::Challenge(index + 1));
            }
            if ui.button("🏆 All challenges").clicked() {
                to_screen = Some(Screen::Challenges);
            }
            if ui.button("📖 Codex").clicked() {
                to_screen = Some(Screen::Codex);
            }
            if ui
                .button("👁 Keep watching this patient")
                .on_hover_text("Back to the run, paused on its last day")
                .clicked()
            {
                to_screen = Some(Screen::Playing);
            }
        });
    })?;
    if to_screen == Some(Screen::Codex) {
        session.back_to = Some(Screen::Results);
    }
    if to_screen == Some(Screen::Playing) {
        // Leaving the results for the run ends the challenge; the patient can be explored.
        session.challenge = None;
    }
    if let Some(s) = to_screen {
        next.set(s);
    }
    if let Some(start) = go {
        request_start(&mut commands, start);
    }
    Ok(())
}
