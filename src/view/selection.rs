//! Which cell is selected and which is under the pointer, and a lineage waiting to be
//! selected once the marrow is seeded.

use bevy::prelude::*;

/// The picked cell, if any.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct Selection(pub Option<Entity>);

/// The cell under the mouse pointer, if any.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct Hovered(pub Option<Entity>);

/// A lineage (or `stem_cell`, or `proplatelet`) whose most mature cell is to be selected and
/// followed once the marrow is seeded (`--inspect`, a scenario's `follow`).
#[derive(Resource, Default, Clone, Debug)]
pub struct PendingInspect(pub Option<String>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Selection>()
        .init_resource::<Hovered>()
        .init_resource::<PendingInspect>();
}
