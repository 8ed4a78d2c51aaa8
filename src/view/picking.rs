//! Which cell the player points at and which one is selected: a ray from the pointer against
//! every cell's sphere and, through rapier's ray cast, the bodies flowing in the sinusoid; a
//! click to select, Esc to let go; `--inspect` (or a scenario's
//! `follow`) selecting a lineage's most mature cell; the shell drawn round the selection.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;

use super::camera::OrbitCamera;
use super::screen::{GuiSet, Screen};
use super::selection::{Hovered, PendingInspect, Selection};
use super::settings::LineageFilter;
use crate::biology::cell::{CellState, Phase};
use crate::biology::kinetics::{PROPLATELET, STEM_CELL};
use crate::sim::agents::{Cell, Hsc};
use crate::sim::{Model, SimClock};
use crate::vessel::proplatelets::Proplatelets;
use crate::vessel::{Arrivals, Flowing};
use bevy_rapier3d::prelude::{QueryFilter, ReadRapierContext};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_selection_marker)
        .add_systems(OnExit(Screen::Playing), forget_hover)
        .add_systems(
            Update,
            (
                (deselect_on_escape, hover_cells, select_clicked_cell)
                    .chain()
                    .in_set(GuiSet::Input),
                (select_requested_lineage, drop_vanished_selection)
                    .chain()
                    .in_set(GuiSet::Select),
                place_selection_marker.in_set(GuiSet::Present),
            ),
        );
}

/// The translucent shell drawn around the selected cell.
#[derive(Component)]
struct SelectionMarker;

fn spawn_selection_marker(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    commands.spawn((
        SelectionMarker,
        Mesh3d(meshes.add(Sphere::new(1.0).mesh().ico(2).expect("small icosphere"))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgba(1.0, 1.0, 0.6, 0.25),
            emissive: LinearRgba::rgb(0.8, 0.8, 0.3),
            alpha_mode: AlphaMode::Blend,
            unlit: true,
            ..default()
        })),
        Transform::default(),
        Visibility::Hidden,
    ));
}

/// Nearest cell hit by a ray, by exact ray–sphere tests against each cell's radius.
pub fn pick_cell<'a>(
    ray: Ray3d,
    cells: impl Iterator<Item = (Entity, &'a Transform, bool)>,
) -> Option<Entity> {
    nearest_cell_hit(ray, cells).map(|(_, e)| e)
}

/// The nearest cell a ray hits and how far along the ray.
fn nearest_cell_hit<'a>(
    ray: Ray3d,
    cells: impl Iterator<Item = (Entity, &'a Transform, bool)>,
) -> Option<(f32, Entity)> {
    let mut best: Option<(f32, Entity)> = None;
    for (entity, t, visible) in cells {
        if !visible {
            continue;
        }
        let r = t.scale.x;
        let oc = ray.origin - t.translation;
        let b = oc.dot(*ray.direction);
        let c = oc.length_squared() - r * r;
        let disc = b * b - c;
        if disc < 0.0 {
            continue;
        }
        let hit = -b - disc.sqrt();
        if hit > 0.0 && best.is_none_or(|(d, _)| hit < d) {
            best = Some((hit, entity));
        }
    }
    best
}

/// The nearest body flowing in the sinusoid a ray hits (rapier's ray cast against the bodies'
/// colliders; the wall is fixed and not picked), and how far along the ray.
fn nearest_flowing_hit(ray: Ray3d, vessel: &ReadRapierContext) -> Option<(f32, Entity)> {
    let context = vessel.single().ok()?;
    let filter = QueryFilter::only_dynamic();
    context
        .cast_ray(ray.origin, *ray.direction, 5000.0, true, filter)
        .map(|(e, toi)| (toi, e))
}

/// Escape lets go of the selection (when egui does not have the keyboard).
fn deselect_on_escape(
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    mut selection: ResMut<Selection>,
    mut orbit: ResMut<OrbitCamera>,
) {
    if keys.just_pressed(KeyCode::Escape) && !egui_input.wants_any_keyboard_input() {
        selection.0 = None;
        orbit.follow = false;
    }
}

/// The cell under the pointer, unless the pointer is over a panel.
fn hover_cells(
    windows: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform), With<Camera3d>>,
    egui_input: Res<EguiWantsInput>,
    filter: Res<LineageFilter>,
    cells: Query<(Entity, &Transform, &Cell, &Visibility)>,
    stem_cells: Query<(Entity, &Transform), With<Hsc>>,
    vessel: ReadRapierContext,
    flowing: Query<&Flowing>,
    mut hovered: ResMut<Hovered>,
) {
    let (Ok(window), Ok((camera, cam_transform))) = (windows.single(), cameras.single()) else {
        return;
    };
    let hit = match window.cursor_position() {
        Some(pos) if !egui_input.wants_any_pointer_input() => camera
            .viewport_to_world(cam_transform, pos)
            .ok()
            .and_then(|ray| {
                let tissue = nearest_cell_hit(
                    ray,
                    cells
                        .iter()
                        // Neither a hidden lineage nor a cell cut away in front of the vessel
                        // stands in the way of what is drawn behind it.
                        .map(|(e, t, c, v)| {
                            let shown = *v != Visibility::Hidden;
                            (e, t, shown && !filter.is_hidden(c.0.lineage as usize))
                        })
                        .chain(stem_cells.iter().map(|(e, t)| (e, t, true))),
                );
                let blood = nearest_flowing_hit(ray, &vessel)
                    .filter(|(_, e)| flowing.get(*e).is_ok_and(|f| f.in_lumen));
                [tissue, blood]
                    .into_iter()
                    .flatten()
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, e)| e)
            }),
        _ => None,
    };
    if hovered.0 != hit {
        hovered.0 = hit;
    }
}

/// A click (press and release without dragging) selects the hovered cell, or clears the
/// selection on empty space.
fn select_clicked_cell(
    windows: Query<&Window, With<PrimaryWindow>>,
    buttons: Res<ButtonInput<MouseButton>>,
    egui_input: Res<EguiWantsInput>,
    hovered: Res<Hovered>,
    mut press_at: Local<Option<Vec2>>,
    mut selection: ResMut<Selection>,
    mut orbit: ResMut<OrbitCamera>,
) {
    let cursor = windows.single().ok().and_then(|w| w.cursor_position());
    let over_ui = egui_input.wants_any_pointer_input();
    if buttons.just_pressed(MouseButton::Left) && !over_ui {
        *press_at = cursor;
    }
    if buttons.just_released(MouseButton::Left) {
        let was_click = matches!((*press_at, cursor), (Some(a), Some(b)) if a.distance(b) < 5.0);
        if was_click && !over_ui {
            selection.0 = hovered.0;
            if hovered.0.is_none() {
                orbit.follow = false;
            }
        }
        *press_at = None;
    }
}

/// Behind a menu screen nothing is under the pointer.
fn forget_hover(mut hovered: ResMut<Hovered>) {
    hovered.0 = None;
}

/// `--inspect LINEAGE`: once the marrow is seeded, select that lineage's most mature cell and
/// follow it with the camera, close up. `--inspect proplatelet` waits for a megakaryocyte
/// whose proplatelet has two buds or more in the lumen and follows it closer still.
fn select_requested_lineage(
    mut request: ResMut<PendingInspect>,
    model: Res<Model>,
    clock: Res<SimClock>,
    cells: Query<(Entity, &Cell)>,
    stem_cells: Query<Entity, With<Hsc>>,
    proplatelets: Option<Res<Proplatelets>>,
    mut selection: ResMut<Selection>,
    mut orbit: ResMut<OrbitCamera>,
) {
    let Some(name) = request.0.clone() else {
        return;
    };
    if clock.warming_up() {
        return;
    }
    if name == PROPLATELET {
        let shedding = proplatelets.as_ref().and_then(|p| {
            p.chains
                .iter()
                .filter(|c| c.links.len() >= 2 && cells.contains(c.megakaryocyte))
                .max_by_key(|c| c.links.len())
                .map(|c| c.megakaryocyte)
        });
        if let Some(e) = shedding {
            request.0 = None;
            selection.0 = Some(e);
            orbit.follow = true;
            orbit.distance = 90.0;
        }
        return;
    }
    request.0 = None;
    selection.0 = if name == STEM_CELL {
        stem_cells.iter().next()
    } else if let Some(lineage) = model.k.lineage_index(&name) {
        cells
            .iter()
            .filter(|(_, c)| c.0.lineage as usize == lineage)
            // The most mature cell, one already crawling out to the blood if any is.
            .max_by_key(|(e, c)| (leaving(&c.0), c.0.stage, e.index()))
            .map(|(e, _)| e)
    } else {
        warn!("--inspect {name}: no such lineage");
        return;
    };
    if selection.0.is_some() {
        orbit.follow = true;
        orbit.distance = 260.0;
    }
}

/// A cell that has finished maturing and is crawling to the sinusoid to leave.
fn leaving(c: &CellState) -> bool {
    matches!(c.phase, Phase::Migrating { .. })
}

/// The flowing body the selection last showed: which marrow cell it carried and how far
/// downstream it was (a pooled body is used again for another cell, or re-enters upstream).
#[derive(Clone, Copy, PartialEq)]
struct Riding {
    body: Entity,
    came_from: Option<Entity>,
    x: f32,
}

fn drop_vanished_selection(
    mut selection: ResMut<Selection>,
    mut orbit: ResMut<OrbitCamera>,
    mut riding: Local<Option<Riding>>,
    cells: Query<(), Or<(With<Cell>, With<Hsc>)>>,
    flowing: Query<(Entity, &Flowing, &Transform)>,
    waiting: Option<Res<Arrivals>>,
) {
    let Some(e) = selection.0 else {
        *riding = None;
        return;
    };
    if cells.get(e).is_ok() {
        *riding = None;
        return;
    }
    if let Ok((_, f, t)) = flowing.get(e) {
        let now = Riding {
            body: e,
            came_from: f.came_from,
            x: t.translation.x,
        };
        // Still the same cell on its way downstream.
        let same = riding.is_none_or(|r| {
            r.body != e || (r.came_from == now.came_from && now.x >= r.x - RECYCLED_JUMP_UM)
        });
        if f.in_lumen && same {
            *riding = Some(now);
            return;
        }
        selection.0 = None;
        orbit.follow = false;
        *riding = None;
        return;
    }
    if waiting.is_some_and(|w| w.0.iter().any(|a| a.cell == e)) {
        return;
    }
    // A cell that squeezed into the blood goes on as the body that carries it away.
    let carried = flowing
        .iter()
        .find(|(_, f, _)| f.in_lumen && f.came_from == Some(e));
    selection.0 = carried.map(|(body, ..)| body);
    *riding = carried.map(|(body, f, t)| Riding {
        body,
        came_from: f.came_from,
        x: t.translation.x,
    });
    if carried.is_none() {
        orbit.follow = false;
    }
}

/// A flowing body that moved this far upstream in one frame was recycled to the inlet.
const RECYCLED_JUMP_UM: f32 = 50.0;

fn place_selection_marker(
    selection: Res<Selection>,
    // Where the cell is drawn (a gliding cell lags the simulation's position a little).
    cells: Query<
        &GlobalTransform,
        (
            Or<(With<Cell>, With<Hsc>, With<Flowing>)>,
            Without<SelectionMarker>,
        ),
    >,
    mut marker: Query<(&mut Transform, &mut Visibility), With<SelectionMarker>>,
) {
    let Ok((mut t, mut vis)) = marker.single_mut() else {
        return;
    };
    match selection.0.and_then(|e| cells.get(e).ok()) {
        Some(cell) => {
            let (scale, _, at) = cell.to_scale_rotation_translation();
            t.translation = at;
            t.scale = Vec3::splat(scale.x * 1.6 + 1.0);
            *vis = Visibility::Inherited;
        }
        None => *vis = Visibility::Hidden,
    }
}
