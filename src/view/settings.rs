//! What the player has chosen about how the marrow is shown: the palette and camera
//! handedness (kept in their progress file by the game), and the lineages they hid.

use bevy::prelude::*;

use crate::learn::progress::Palette;

/// The player's settings that the 3D view reads (the game keeps them in the progress file).
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct ViewSettings {
    pub palette: Palette,
    pub invert_camera: bool,
}

/// Lineages the player has hidden (index = lineage), and whether the tissue between the camera
/// and the sinusoid is cut away (on unless the player turns it off).
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub struct LineageFilter {
    pub hidden: Vec<bool>,
    pub cut_away: bool,
}

impl LineageFilter {
    pub fn is_hidden(&self, lineage: usize) -> bool {
        self.hidden.get(lineage).copied().unwrap_or(false)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ViewSettings>()
        .init_resource::<LineageFilter>();
}
