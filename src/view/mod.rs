//! The 3D marrow window: the screens and frame phases every window layer builds on
//! ([`screen`]), what cells and structures look like ([`cell_looks`], [`appearance`]), the
//! camera, picking a cell, the animations that make it look alive ([`life`]), a scenario's
//! display hints, notices and screenshots.

use bevy::prelude::*;

pub mod appearance;
pub mod blood_flow;
pub mod bone;
pub mod camera;
pub mod cell_looks;
pub mod cutaway;
pub mod display_hints;
pub mod fibrosis;
pub mod glide;
pub mod life;
pub mod picking;
pub mod screen;
pub mod screenshot;
pub mod selection;
pub mod settings;
pub mod toast;

pub use screen::{GuiSet, Screen};

/// Default simulation pace in the window: simulated hours per real second.
pub const DEFAULT_HOURS_PER_SECOND: f64 = 3.0;

pub struct ViewPlugin;

impl Plugin for ViewPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            screen::plugin,
            toast::plugin,
            settings::plugin,
            selection::plugin,
            appearance::plugin,
            blood_flow::plugin,
            cell_looks::plugin,
            camera::plugin,
            cutaway::plugin,
            picking::plugin,
            display_hints::plugin,
            fibrosis::plugin,
            glide::plugin,
            life::LifePlugin,
            screenshot::plugin,
        ));
    }
}
