//! The codex: a screen of its own, and a window over the run (opened from the inspector).

use std::collections::BTreeSet;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::demo::Demo;
use super::menus::{menu_screen, screen_title};
use super::progress_store::ProgressStore;
use super::runs::ChallengeRun;
use crate::learn::codex::{Category, Codex};
use crate::ui::OpenCodexEntry;
use crate::view::Screen;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CodexWindow>()
        .add_systems(Update, open_requested_entries)
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            (
                draw_codex_screen.run_if(in_state(Screen::Codex)),
                draw_codex_window.run_if(in_state(Screen::Playing)),
            ),
        );
}

/// The inspector's 📖 buttons open the window at their entry.
fn open_requested_entries(
    mut requests: MessageReader<OpenCodexEntry>,
    mut state: ResMut<CodexWindow>,
) {
    if let Some(OpenCodexEntry(id)) = requests.read().last() {
        state.show(id);
    }
}

/// What the codex shows: the chosen entry and the search text. Shared by screen and window.
#[derive(Resource, Default, Debug)]
pub struct CodexWindow {
    /// The window over the run is open.
    pub open: bool,
    pub entry: Option<String>,
    pub search: String,
}

impl CodexWindow {
    /// Opens the window at entry `id`.
    pub fn show(&mut self, id: &str) {
        self.open = true;
        self.entry = Some(id.to_string());
    }
}

/// The list and the chosen entry side by side. Locked entries show as a padlock with a hint;
/// demonstration mode shows everything.
fn browse(
    ui: &mut egui::Ui,
    state: &mut CodexWindow,
    unlocked: &BTreeSet<String>,
    show_all: bool,
    height: f32,
) {
    let codex = Codex::bundled();
    let is_open = |id: &str| show_all || unlocked.contains(id);
    ui.horizontal(|ui| {
        ui.label("🔎");
        ui.add(egui::TextEdit::singleline(&mut state.search).hint_text("Search titles").desired_width(180.0));
        let n = codex.entries.iter().filter(|e| is_open(&e.id)).count();
        ui.weak(format!("{n} of {} entries open", codex.entries.len()))
            .on_hover_text("Entries open as you meet things in the marrow: inspect a cell, see a condition happen, finish a challenge");
    });
    ui.separator();
    let search = state.search.to_lowercase();
    ui.horizontal_top(|ui| {
        egui::ScrollArea::vertical()
            .id_salt("codex_list")
            .max_height(height)
            .min_scrolled_height(height)
            .show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.set_width(250.0);
                    for cat in Category::ALL {
                        let entries: Vec<_> = codex
                            .entries
                            .iter()
                            .filter(|e| e.category == cat)
                            .filter(|e| {
                                search.is_empty()
                                    || (is_open(&e.id) && e.title.to_lowercase().contains(&search))
                            })
                            .collect();
                        if entries.is_empty() {
                            continue;
                        }
                        let open_here = entries.iter().filter(|e| is_open(&e.id)).count();
                        egui::CollapsingHeader::new(format!(
                            "{} ({open_here}/{})",
                            cat.label(),
                            entries.len()
                        ))
                        .id_salt(cat.label())
                        .default_open(open_here > 0 || !search.is_empty())
                        .show(ui, |ui| {
                            for e in entries.iter().filter(|e| is_open(&e.id)) {
                                let chosen = state.entry.as_deref() == Some(e.id.as_str());
                                if ui
                                    .selectable_label(chosen, &e.title)
                                    .on_hover_text(&e.summary)
                                    .clicked()
                                {
                                    state.entry = Some(e.id.clone());
                                }
                            }
                            let locked = entries.len() - open_here;
                            if locked > 0 {
                                ui.weak(format!("🔒 {locked} not met yet"))
                                    .on_hover_text(locked_hint(cat));
                            }
                        });
                    }
                })
            });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("codex_entry")
            .max_height(height)
            .show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.set_max_width(620.0);
                    let chosen = state.entry.as_deref().and_then(|id| codex.entry(id));
                    match chosen {
                        Some(e) if is_open(&e.id) => {
                            ui.label(egui::RichText::new(&e.title).size(24.0).strong());
                            ui.label(egui::RichText::new(&e.summary).italics());
                            ui.add_space(6.0);
                            for para in e.text.split("\n\n") {
                                ui.label(para);
                                ui.add_space(4.0);
                            }
                            if !e.see_also.is_empty() {
                                ui.horizontal_wrapped(|ui| {
                                    ui.label("See also:");
                                    for id in &e.see_also {
                                        let Some(other) = codex.entry(id) else {
                                            continue;
                                        };
                                        if is_open(id) {
                                            if ui.link(&other.title).clicked() {
                                                state.entry = Some(id.clone());
                                            }
                                        } else {
                                            ui.weak("🔒")
                                                .on_hover_text(locked_hint(other.category));
                                        }
                                    }
                                });
                            }
                        }
                        Some(e) => {
                            ui.label(format!("🔒 {}", locked_hint(e.category)));
                        }
                        None => {
                            ui.label("Choose an entry on the left.");
                        }
                    }
                })
            });
    });
}

fn locked_hint(category: Category) -> &'static str {
    match category {
        Category::Kind | Category::Stage => {
            "Not met yet: click a cell of this kind in the marrow to open it"
        }
        Category::Condition => "Not met yet: opens when a patient has this condition",
        Category::Concept => {
            "Not met yet: opens with the cells or conditions it explains, or a challenge about it"
        }
    }
}

fn draw_codex_screen(
    mut contexts: EguiContexts,
    mut state: ResMut<CodexWindow>,
    store: Res<ProgressStore>,
    demo: Res<Demo>,
    session: Res<ChallengeRun>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let height = contexts
        .ctx_mut()
        .map(|c| c.viewport_rect().height())
        .unwrap_or(700.0)
        - 150.0;
    if state.entry.is_none() {
        state.entry = store.progress.codex.iter().next().cloned();
    }
    let back = session.back_to.unwrap_or(Screen::Title);
    menu_screen(&mut contexts, |ui| {
        ui.horizontal(|ui| {
            if ui.button("⬅ Back").clicked() {
                next.set(back);
            }
            screen_title(ui, "Codex");
        });
        browse(
            ui,
            &mut state,
            &store.progress.codex,
            demo.on,
            height.max(200.0),
        );
    })
}

fn draw_codex_window(
    mut contexts: EguiContexts,
    mut state: ResMut<CodexWindow>,
    store: Res<ProgressStore>,
    demo: Res<Demo>,
) -> Result {
    if !state.open {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let mut open = true;
    egui::Window::new("📖 Codex")
        .open(&mut open)
        .default_size([760.0, 480.0])
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            browse(ui, &mut state, &store.progress.codex, demo.on, 420.0);
        });
    state.open = open;
    Ok(())
}
