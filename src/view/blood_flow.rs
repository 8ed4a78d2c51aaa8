//! The blood in the sinusoid as drawn: each body of the vessel's rapier world
//! ([`crate::vessel`]) gets the look of what it is (a red disc, a white cell of its lineage and
//! stage, a small platelet disc) and is shown only while it is in the lumen.

use bevy::prelude::*;

use super::cell_looks::CellLook;
use crate::sim::Model;
use crate::vessel::{FlowKind, Flowing};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (dress_flowing_bodies, restyle_flowing_bodies)
            .chain()
            .in_set(super::screen::GuiSet::Present),
    );
}

/// The mesh and material of a body of `kind`.
fn look_of(
    look: &CellLook,
    model: &Model,
    kind: FlowKind,
) -> (Handle<Mesh>, Handle<StandardMaterial>) {
    match kind {
        FlowKind::RedCell => (look.disc.clone(), look.red_cell.clone()),
        FlowKind::WhiteCell { lineage, stage } => {
            let material = look
                .stages
                .get(lineage as usize)
                .and_then(|s| s.get(stage as usize))
                .cloned()
                .unwrap_or_else(|| look.hsc.clone());
            (look.mesh_for(model, lineage, stage), material)
        }
        FlowKind::Platelet | FlowKind::Bud => (look.disc.clone(), look.platelet.clone()),
    }
}

fn visibility(f: &Flowing) -> Visibility {
    if f.in_lumen {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    }
}

fn dress_flowing_bodies(
    mut commands: Commands,
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    added: Query<(Entity, &Flowing), Added<Flowing>>,
) {
    let Some(look) = look else { return };
    for (e, f) in &added {
        let (mesh, material) = look_of(&look, &model, f.kind);
        commands
            .entity(e)
            .insert((Mesh3d(mesh), MeshMaterial3d(material), visibility(f)));
    }
}

/// A body that entered or left the lumen, or became something else (a white cell of another
/// lineage, a bud set free as a platelet), is shown or hidden and re-dressed.
fn restyle_flowing_bodies(
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    mut bodies: Query<
        (
            &Flowing,
            &mut Mesh3d,
            &mut MeshMaterial3d<StandardMaterial>,
            &mut Visibility,
        ),
        Changed<Flowing>,
    >,
) {
    let Some(look) = look else { return };
    for (f, mut mesh, mut material, mut vis) in &mut bodies {
        let (want_mesh, want_material) = look_of(&look, &model, f.kind);
        if mesh.0 != want_mesh {
            mesh.0 = want_mesh;
        }
        if material.0 != want_material {
            material.0 = want_material;
        }
        let want = visibility(f);
        if *vis != want {
            *vis = want;
        }
    }
}
