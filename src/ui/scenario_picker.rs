//! Scenarios in the game: the picker (bundled ones and the player's own, a copy to edit),
//! and the red bar naming a bad edit of the running scenario's file.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy_egui::egui;

use super::panel_state::{Controls, Picker};
use crate::learn::scenario_check;
use crate::scenario::Scenario;
use crate::session::library::{self, Source};
use crate::session::{Notice, ScenarioSource};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Picker>();
}

/// The red bar naming a bad edit of the scenario file.
pub(super) fn error_bar(ui: &mut egui::Ui, source: &mut ScenarioSource) {
    let Some(error) = source.error.clone() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            egui::Color32::from_rgb(255, 110, 100),
            "⚠ Scenario file error:",
        );
        ui.label(
            egui::RichText::new(error)
                .monospace()
                .color(egui::Color32::from_rgb(255, 190, 180)),
        );
    });
    ui.horizontal(|ui| {
        ui.weak(
            "The last good version keeps running. Fix the file and save it; the game reloads it.",
        );
        if ui.small_button("Hide").clicked() {
            source.error = None;
        }
    });
}

/// The scenario picker window.
pub(super) fn picker_window(
    ctx: &egui::Context,
    c: &mut Controls,
    notices: &mut MessageWriter<Notice>,
) {
    let picker = &mut *c.picker;
    if !picker.open {
        return;
    }
    if picker.entries.is_empty() {
        picker.refresh();
    }
    let mut open = picker.open;
    let mut chosen: Option<(Option<PathBuf>, Scenario)> = None;
    let mut copy: Option<&'static str> = None;
    let mut refresh = false;
    egui::Window::new("Scenarios")
        .open(&mut open)
        .default_width(520.0)
        .default_height(600.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            let dir = library::user_scenario_dir();
            ui.horizontal_wrapped(|ui| {
                ui.label("Your scenarios folder:");
                match &dir {
                    Some(d) => {
                        ui.monospace(d.display().to_string());
                    }
                    None => {
                        ui.weak("none (set MARROW_DATA_DIR)");
                    }
                }
                if ui.button("⟳ Refresh").on_hover_text("Read the folders again").clicked() {
                    refresh = true;
                }
            });
            ui.weak("Copy a bundled scenario to make your own, edit it in any text editor, and save: the game reloads it. The format is in docs/scenarios.md.");
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                let mut heading = None;
                for entry in &picker.entries {
                    let group = match entry.source {
                        Source::Bundled(_) => "Bundled",
                        Source::User(_) => "Yours",
                    };
                    if heading != Some(group) {
                        heading = Some(group);
                        ui.add_space(4.0);
                        ui.heading(group);
                    }
                    ui.group(|ui| match &entry.scenario {
                        Ok(s) => {
                            ui.horizontal(|ui| {
                                ui.strong(&s.title);
                                ui.weak(format!("· {} · {} days · {}", s.patient.describe(), s.days, entry.file_name()));
                            });
                            if !s.description.is_empty() {
                                ui.label(&s.description);
                            }
                            for goal in &s.learning_goals {
                                ui.label(format!("• {goal}"));
                            }
                            ui.horizontal(|ui| {
                                if ui.button("▶ Play").on_hover_text("Start this scenario from day 0").clicked() {
                                    chosen = Some((entry.path(), s.clone()));
                                }
                                if let (Source::Bundled(name), Some(_)) = (&entry.source, &dir) {
                                    if ui
                                        .button("Copy to my scenarios")
                                        .on_hover_text("Put an editable copy in your folder and play it; edits you save show at once")
                                        .clicked()
                                    {
                                        copy = Some(name);
                                    }
                                }
                            });
                        }
                        Err(e) => {
                            ui.strong(entry.file_name());
                            ui.colored_label(egui::Color32::from_rgb(255, 110, 100), e.to_string());
                        }
                    });
                }
            });
        });
    picker.open = open;
    if refresh {
        picker.refresh();
    }
    if let (Some(name), Some(dir)) = (copy, library::user_scenario_dir()) {
        match library::copy_to_user(name, &dir)
            .map_err(|e| e.to_string())
            .and_then(|p| {
                scenario_check::load(&p)
                    .map(|s| (p, s))
                    .map_err(|e| e.to_string())
            }) {
            Ok((path, s)) => {
                notices.write(Notice::new(
                    format!(
                        "Copied to {} — edit and save it to see changes",
                        path.display()
                    ),
                    8.0,
                ));
                chosen = Some((Some(path), s));
                picker.refresh();
            }
            Err(e) => {
                notices.write(Notice::new(format!("Cannot copy: {e}"), 6.0));
            }
        }
    }
    if let Some((path, scenario)) = chosen {
        match c.starter.start(scenario, path) {
            Ok(()) => picker.open = false,
            Err(e) => {
                notices.write(Notice::new(format!("Cannot start it: {e}"), 6.0));
            }
        }
    }
}
