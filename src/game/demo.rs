//! Demonstration mode for teachers: large text, the side clutter hidden, number keys that jump
//! between the bundled scenarios, and labels on the cells.

use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::runs::{Start, request_start};
use crate::learn::names::cell_name;
use crate::scenario::Scenario;
use crate::scenario::bundled::BUNDLED;
use crate::sim::Model;
use crate::sim::agents::{Cell, Hsc};
use crate::ui::{FreeViewport, PanelLayout};
use crate::view::settings::LineageFilter;
use crate::view::{GuiSet, Screen};

/// Extra UI zoom in demonstration mode (on top of the player's own scale).
pub const DEMO_ZOOM: f32 = 1.5;

/// Labels drawn per lineage.
const LABELS_PER_LINEAGE: usize = 1;

/// Cells per lineage considered for a label (the nearest to the camera).
const CANDIDATES: usize = 12;

#[derive(Resource, Debug, Default)]
pub struct Demo {
    pub on: bool,
    /// Name labels over a few cells of each lineage (L).
    pub labels: bool,
    /// Side panels hidden (H).
    pub panels_hidden: bool,
}

impl Demo {
    pub fn new(on: bool) -> Self {
        Self {
            on,
            labels: on,
            panels_hidden: false,
        }
    }

    /// Whether the panels that are not needed in class are hidden.
    pub fn hides_clutter(&self) -> bool {
        self.on
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            demo_hotkeys.in_set(GuiSet::Input),
            lay_out_panels
                .run_if(resource_changed::<Demo>)
                .in_set(GuiSet::Present),
        ),
    )
    .add_systems(
        EguiPrimaryContextPass,
        (draw_cell_labels, draw_demo_hint).run_if(in_state(Screen::Playing)),
    );
}

/// Demonstration mode hides the panels' clutter, and all of them on H.
fn lay_out_panels(demo: Res<Demo>, mut layout: ResMut<PanelLayout>) {
    let want = PanelLayout {
        clutter_hidden: demo.hides_clutter(),
        all_hidden: demo.panels_hidden,
    };
    if *layout != want {
        *layout = want;
    }
}

const DIGITS: [KeyCode; 9] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
    KeyCode::Digit6,
    KeyCode::Digit7,
    KeyCode::Digit8,
    KeyCode::Digit9,
];

/// F9 toggles demonstration mode; L labels; in demonstration mode H hides the panels and
/// 1–9 start the bundled scenarios in the picker's order.
fn demo_hotkeys(
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    mut demo: ResMut<Demo>,
    mut commands: Commands,
) {
    if egui_input.wants_any_keyboard_input() {
        return;
    }
    if keys.just_pressed(KeyCode::F9) {
        demo.on = !demo.on;
        demo.labels = demo.on;
        demo.panels_hidden = false;
    }
    if keys.just_pressed(KeyCode::KeyL) {
        demo.labels = !demo.labels;
    }
    if !demo.on {
        return;
    }
    if keys.just_pressed(KeyCode::KeyH) {
        demo.panels_hidden = !demo.panels_hidden;
    }
    for (i, key) in DIGITS.iter().enumerate() {
        if keys.just_pressed(*key) {
            if let Some((name, text)) = BUNDLED.get(i) {
                if let Ok(s) = Scenario::parse(name, text) {
                    request_start(&mut commands, Start::FreePlay(Some(s)));
                }
            }
        }
    }
}

/// Names over a few cells of each shown lineage: the cells nearest the camera, spread so that
/// no two labels overlap.
fn draw_cell_labels(
    mut contexts: EguiContexts,
    demo: Res<Demo>,
    model: Res<Model>,
    filter: Res<LineageFilter>,
    camera: Query<(&Camera, &GlobalTransform), With<Camera3d>>,
    cells: Query<(&Cell, &GlobalTransform)>,
    stems: Query<&GlobalTransform, With<Hsc>>,
    free: Res<FreeViewport>,
) -> Result {
    if !demo.labels {
        return Ok(());
    }
    let Ok((cam, cam_at)) = camera.single() else {
        return Ok(());
    };
    let eye = cam_at.translation();
    let n = model.k.lineages.len();
    // Per lineage, the few cells nearest the camera (the ones least hidden by others).
    let mut nearest: Vec<Vec<(f32, Vec3, u16)>> = vec![Vec::new(); n];
    for (Cell(state), at) in &cells {
        let l = state.lineage as usize;
        if filter.is_hidden(l) {
            continue;
        }
        let p = at.translation();
        let d = p.distance_squared(eye);
        let list = &mut nearest[l];
        if list.len() < CANDIDATES || d < list.last().map_or(f32::MAX, |x| x.0) {
            list.push((d, p, state.stage));
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
            list.truncate(CANDIDATES);
        }
    }
    let mut wanted: Vec<(Vec<Vec3>, Vec<String>)> = nearest
        .iter()
        .enumerate()
        .map(|(l, list)| {
            (
                list.iter().map(|c| c.1).collect(),
                list.iter()
                    .map(|c| cell_name(&model.k, l as u16, c.2, " · "))
                    .collect(),
            )
        })
        .collect();
    let mut stem: Vec<Vec3> = stems.iter().map(|t| t.translation()).collect();
    stem.sort_by(|a, b| a.distance_squared(eye).total_cmp(&b.distance_squared(eye)));
    stem.truncate(CANDIDATES);
    let stem_names = vec!["Stem cell".to_string(); stem.len()];
    wanted.push((stem, stem_names));

    let ctx = contexts.ctx_mut()?;
    let zoom = ctx.zoom_factor();
    let area = free.0.unwrap_or_else(|| ctx.content_rect());
    let font = egui::TextStyle::Body.resolve(&ctx.global_style());
    let mut placed: Vec<egui::Rect> = Vec::new();
    for (group, (points, names)) in wanted.iter().enumerate() {
        let mut shown = 0;
        for (i, (p, name)) in points.iter().zip(names).enumerate() {
            if shown == LABELS_PER_LINEAGE {
                break;
            }
            let Ok(px) = cam.world_to_viewport(cam_at, *p) else {
                continue;
            };
            let at = egui::pos2(px.x / zoom + 8.0, px.y / zoom - 8.0);
            let width = ctx.fonts_mut(|f| {
                f.layout_no_wrap(name.clone(), font.clone(), egui::Color32::WHITE)
                    .size()
                    .x
            });
            let rect =
                egui::Rect::from_min_size(at, egui::vec2(width + 8.0, font.size + 4.0)).expand(2.0);
            if placed.iter().any(|r| r.intersects(rect)) || !area.contains_rect(rect) {
                continue;
            }
            placed.push(rect);
            shown += 1;
            egui::Area::new(egui::Id::new(("cell_label", group, i)))
                .fixed_pos(at)
                .interactable(false)
                .order(egui::Order::Background)
                .show(ctx, |ui| {
                    egui::Frame::new()
                        .fill(egui::Color32::from_rgba_unmultiplied(0, 0, 0, 150))
                        .inner_margin(egui::Margin::symmetric(4, 1))
                        .corner_radius(3.0)
                        .show(ui, |ui| {
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(name).color(egui::Color32::WHITE),
                                )
                                .wrap_mode(egui::TextWrapMode::Extend),
                            );
                        });
                });
        }
    }
    Ok(())
}

/// The hotkeys, in a corner, while demonstration mode is on.
fn draw_demo_hint(mut contexts: EguiContexts, demo: Res<Demo>) -> Result {
    if !demo.on {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    egui::Area::new(egui::Id::new("demo_hint"))
        .anchor(egui::Align2::LEFT_BOTTOM, egui::vec2(10.0, -10.0))
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label("🎓 Demonstration · 1–9 scenarios · L labels · H panels · F9 leave");
            });
        });
    Ok(())
}
