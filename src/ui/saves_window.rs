//! The saved-games window: the saves in the player's folder, newest first, to load.

use bevy::prelude::*;
use bevy_egui::egui;

use crate::session::GameFileRequest;
use crate::session::library;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SaveBrowser>();
}

use super::panel_state::SaveBrowser;

/// The saved-games window.
pub(super) fn saves_window(
    ctx: &egui::Context,
    browser: &mut SaveBrowser,
    request: &mut GameFileRequest,
) {
    if !browser.open {
        return;
    }
    let mut open = browser.open;
    egui::Window::new("Saved games")
        .open(&mut open)
        .default_width(420.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            match library::save_dir() {
                Some(d) => ui.weak(format!("In {}", d.display())),
                None => ui.weak("No data folder (set MARROW_DATA_DIR)"),
            };
            if browser.saves.is_empty() {
                ui.label("No saved games yet. Use 💾 Save during a run.");
            }
            egui::ScrollArea::vertical()
                .max_height(400.0)
                .show(ui, |ui| {
                    for (path, label) in &browser.saves {
                        ui.horizontal(|ui| {
                            if ui
                                .button("Load")
                                .on_hover_text("Rebuild this run exactly as it was and pause there")
                                .clicked()
                            {
                                request.load = Some(path.clone());
                            }
                            ui.label(label);
                        });
                    }
                });
        });
    if request.load.is_some() {
        open = false;
    }
    browser.open = open;
}

/// Opens the saved-games window with a fresh list.
pub fn open_saves(browser: &mut SaveBrowser) {
    browser.refresh();
    browser.open = true;
}
