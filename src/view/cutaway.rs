//! Which cells and structures are shown: none of a lineage the player hid, and (unless the
//! player turns it off with C or in the legend) none of the tissue between the camera and the
//! sinusoid, so that the vessel, the cells at its wall and the blood in it can be seen from
//! wherever the camera is. Cells and fat beside and behind the vessel stay. The selected cell
//! is never cut; while the camera follows it, the blood between the camera and it is not
//! drawn either. Bodies of the vessel's world are shown only while they are in the lumen.

use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;

use super::camera::OrbitCamera;
use super::screen::GuiSet;
use super::selection::Selection;
use super::settings::LineageFilter;
use crate::sim::agents::Cell;
use crate::sim::geometry::{MarrowGeometry, Structure};
use crate::vessel::Flowing;

/// Tissue closer than this (µm) to the vessel's outline on screen is cut away when it lies in
/// front of it.
const CUT_MARGIN_UM: f32 = 30.0;
/// Blood closer than this (µm, beyond its own radius) to the line from the camera to a
/// followed cell is not drawn, except within this distance of the cell itself.
const SIGHT_LINE_UM: f32 = 4.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, toggle_cutaway_with_key.in_set(GuiSet::Input))
        .add_systems(
            Update,
            (show_cells, show_structures, show_flowing_bodies)
                .after(super::blood_flow::BloodLooks)
                .in_set(GuiSet::Present),
        );
}

/// The camera's viewing direction.
#[derive(Clone, Copy)]
struct Eye {
    forward: Vec3,
}

/// Whether a ball at `p` of `radius` hides the sinusoid from `eye`: in front of the vessel's
/// axis by more than the vessel's radius, and within the vessel's outline (plus a margin) as
/// seen from the camera.
fn hides_vessel(g: &MarrowGeometry, eye: Eye, p: Vec3, radius: f32) -> bool {
    let axis = Vec3::new(p.x, g.vessel_y, g.vessel_z);
    let f = eye.forward;
    let in_front = (axis - p).dot(f);
    if in_front < g.vessel_radius + 1.0 {
        return false;
    }
    // Across the screen, perpendicular to the vessel as the camera sees it.
    let along = (Vec3::X - f * Vec3::X.dot(f)).normalize_or(Vec3::Y);
    let d = p - axis;
    let across = d - f * d.dot(f) - along * d.dot(along);
    across.length() < g.vessel_radius + CUT_MARGIN_UM + radius
}

/// Whether a ball at `p` of `radius` lies on the line of sight from `eye` to `target` (and not
/// at the target itself).
fn blocks_sight(eye: Vec3, target: Vec3, p: Vec3, radius: f32) -> bool {
    let line = target - eye;
    let length = line.length();
    if length < 1.0 {
        return false;
    }
    let dir = line / length;
    let along = (p - eye).dot(dir);
    if along <= 0.0 || along > length - SIGHT_LINE_UM - radius {
        return false;
    }
    (p - eye - dir * along).length() < radius + SIGHT_LINE_UM
}

fn visibility(shown: bool) -> Visibility {
    if shown {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    }
}

fn eye(camera: &Query<&GlobalTransform, With<Camera3d>>) -> Option<Eye> {
    camera.single().ok().map(|t| Eye {
        forward: *t.forward(),
    })
}

fn show_cells(
    g: Res<MarrowGeometry>,
    filter: Res<LineageFilter>,
    selection: Res<Selection>,
    camera: Query<&GlobalTransform, With<Camera3d>>,
    mut cells: Query<(Entity, &GlobalTransform, &Cell, &mut Visibility)>,
) {
    let eye = eye(&camera).filter(|_| filter.cut_away);
    for (e, t, cell, mut vis) in &mut cells {
        let (scale, _, at) = t.to_scale_rotation_translation();
        let cut = selection.0 != Some(e) && eye.is_some_and(|e| hides_vessel(&g, e, at, scale.x));
        let want = visibility(!cut && !filter.is_hidden(cell.0.lineage as usize));
        if *vis != want {
            *vis = want;
        }
    }
}

/// Fat, stroma and macrophages in front of the vessel are cut away too (never the bone, the
/// walls or the vessel itself).
fn show_structures(
    g: Res<MarrowGeometry>,
    filter: Res<LineageFilter>,
    camera: Query<&GlobalTransform, With<Camera3d>>,
    mut parts: Query<(&Transform, &Structure, &mut Visibility), Without<Cell>>,
) {
    let eye = eye(&camera).filter(|_| filter.cut_away);
    for (t, kind, mut vis) in &mut parts {
        if !matches!(
            kind,
            Structure::Adipocyte | Structure::Stroma | Structure::Macrophage | Structure::Niche
        ) {
            continue;
        }
        let cut = eye.is_some_and(|e| hides_vessel(&g, e, t.translation, t.scale.x));
        let want = visibility(!cut);
        if *vis != want {
            *vis = want;
        }
    }
}

/// Blood is drawn while in the lumen, unless the camera follows a selection it would hide.
fn show_flowing_bodies(
    selection: Res<Selection>,
    orbit: Res<OrbitCamera>,
    camera: Query<&GlobalTransform, With<Camera3d>>,
    targets: Query<&GlobalTransform>,
    mut bodies: Query<(Entity, &Flowing, &GlobalTransform, &mut Visibility)>,
) {
    let sight = selection
        .0
        .filter(|_| orbit.follow)
        .and_then(|s| Some((camera.single().ok()?.translation(), targets.get(s).ok()?)))
        .map(|(eye, t)| (eye, t.translation()));
    for (e, f, t, mut vis) in &mut bodies {
        let (scale, _, at) = t.to_scale_rotation_translation();
        let blocks = selection.0 != Some(e)
            && sight
                .is_some_and(|(eye, target)| blocks_sight(eye, target, at, scale.max_element()));
        let want = visibility(f.in_lumen && !blocks);
        if *vis != want {
            *vis = want;
        }
    }
}

fn toggle_cutaway_with_key(
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    mut filter: ResMut<LineageFilter>,
) {
    if keys.just_pressed(KeyCode::KeyC) && !egui_input.wants_any_keyboard_input() {
        filter.cut_away = !filter.cut_away;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry() -> MarrowGeometry {
        MarrowGeometry {
            half: 110.0,
            half_x: 110.0,
            vessel_radius: 15.0,
            ..Default::default()
        }
    }

    #[test]
    fn only_what_lies_between_the_camera_and_the_vessel_is_cut() {
        let g = geometry();
        // Looking down -z at the vessel (along x through the origin).
        let eye = Eye {
            forward: Vec3::NEG_Z,
        };
        assert!(hides_vessel(&g, eye, Vec3::new(30.0, 5.0, 60.0), 4.0));
        // Behind the vessel, above it on screen, or on its wall: kept.
        assert!(!hides_vessel(&g, eye, Vec3::new(30.0, 5.0, -60.0), 4.0));
        assert!(!hides_vessel(&g, eye, Vec3::new(30.0, 80.0, 60.0), 4.0));
        assert!(!hides_vessel(&g, eye, Vec3::new(30.0, 0.0, 15.5), 4.0));
    }

    #[test]
    fn blood_on_the_line_to_a_followed_cell_is_not_drawn() {
        let (eye, target) = (Vec3::new(0.0, 0.0, 90.0), Vec3::ZERO);
        assert!(blocks_sight(eye, target, Vec3::new(1.0, 0.0, 40.0), 3.0));
        // Beside the line, behind the camera, behind or at the target: drawn.
        assert!(!blocks_sight(eye, target, Vec3::new(12.0, 0.0, 40.0), 3.0));
        assert!(!blocks_sight(eye, target, Vec3::new(0.0, 0.0, 95.0), 3.0));
        assert!(!blocks_sight(eye, target, Vec3::new(0.0, 0.0, -5.0), 3.0));
        assert!(!blocks_sight(eye, target, Vec3::new(0.0, 0.0, 2.0), 3.0));
    }
}
