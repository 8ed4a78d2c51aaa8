//! A scenario's display hints (camera, pace, the cell to follow), applied when it starts:
//! picked, reloaded after an edit or loaded from a save. A Reset of the same scenario leaves
//! the player's view as it is.

use bevy::prelude::*;

use super::camera::{OrbitCamera, aim_camera};
use super::selection::PendingInspect;
use crate::scenario::DisplayHints;
use crate::session::CurrentScenario;
use crate::sim::Model;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        apply_display_hints
            .run_if(resource_changed::<CurrentScenario>)
            .in_set(super::screen::GuiSet::Select),
    );
}

/// Applies `hints` to the camera, the pace and the selection.
pub fn apply(
    hints: &DisplayHints,
    orbit: &mut OrbitCamera,
    fixed: &mut Time<Fixed>,
    inspect: &mut PendingInspect,
    tick_hours: f64,
) {
    if let Some(c) = hints.camera {
        aim_camera(orbit, c);
    }
    if let Some(speed) = hints.speed_hours_per_second {
        fixed.set_timestep_hz(speed / tick_hours);
    }
    if let Some(name) = &hints.follow {
        inspect.0 = Some(name.clone());
    }
}

fn apply_display_hints(
    current: Res<CurrentScenario>,
    model: Res<Model>,
    mut last: Local<Option<DisplayHints>>,
    mut orbit: ResMut<OrbitCamera>,
    mut fixed: ResMut<Time<Fixed>>,
    mut inspect: ResMut<PendingInspect>,
) {
    let hints = &current.0.display;
    let Some(previous) = last.as_ref() else {
        // The first scenario's hints were applied when the window was built.
        *last = Some(hints.clone());
        return;
    };
    if previous == hints {
        return;
    }
    *last = Some(hints.clone());
    apply(
        hints,
        &mut orbit,
        &mut fixed,
        &mut inspect,
        model.k.tick_hours as f64,
    );
}
