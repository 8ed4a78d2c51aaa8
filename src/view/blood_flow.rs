//! The blood in the sinusoid as drawn: each body of the vessel's rapier world
//! ([`crate::vessel`]) gets the look of what it is (a red disc, a white cell of its lineage and
//! stage, a small platelet disc), and each proplatelet's rope joints are drawn as the thin
//! shaft between its buds, so a proplatelet reads as a string of beads until it breaks.
//! (Which bodies are shown is [`super::cutaway`]'s.)

use bevy::prelude::*;

use super::cell_looks::CellLook;
use crate::sim::Model;
use crate::vessel::proplatelets::Proplatelets;
use crate::vessel::{FlowKind, Flowing};

/// The drawn shaft between two buds, µm thick (a proplatelet's shaft is 1–2 µm across between
/// swellings of 2–4 µm; Junt et al. 2007).
const SHAFT_RADIUS_UM: f32 = 0.7;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            dress_flowing_bodies,
            restyle_flowing_bodies,
            draw_proplatelet_shafts,
        )
            .chain()
            .in_set(BloodLooks)
            .in_set(super::screen::GuiSet::Present),
    );
}

/// The blood's looks are set (before [`super::cutaway`] decides what is shown).
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BloodLooks;

/// One drawn shaft (pooled: as many as the most links seen at once, hidden when unused).
#[derive(Component)]
struct Shaft;

/// Each link of a proplatelet (still on its megakaryocyte, or broken off and not yet apart)
/// drawn as a thin cylinder from its parent to its bud, where they are drawn.
fn draw_proplatelet_shafts(
    mut commands: Commands,
    look: Option<Res<CellLook>>,
    chains: Option<Res<Proplatelets>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut shaft_mesh: Local<Option<Handle<Mesh>>>,
    ends: Query<&GlobalTransform, Without<Shaft>>,
    mut shafts: Query<(&mut Transform, &mut Visibility), With<Shaft>>,
    mut pool: Local<Vec<Entity>>,
) {
    let (Some(look), Some(chains)) = (look, chains) else {
        return;
    };
    let mesh = shaft_mesh
        .get_or_insert_with(|| meshes.add(Cylinder::new(1.0, 1.0)))
        .clone();
    let links = chains
        .chains
        .iter()
        .flat_map(|c| c.links.iter())
        .chain(&chains.loose);
    let mut used = 0;
    for link in links {
        let (Ok(a), Ok(b)) = (ends.get(link.parent), ends.get(link.bud)) else {
            continue;
        };
        let (a, b) = (a.translation(), b.translation());
        let length = a.distance(b);
        if length < 0.1 {
            continue;
        }
        let pose = Transform::from_translation((a + b) / 2.0)
            .with_rotation(Quat::from_rotation_arc(Vec3::Y, (b - a) / length))
            .with_scale(Vec3::new(SHAFT_RADIUS_UM, length, SHAFT_RADIUS_UM));
        if used == pool.len() {
            let e = commands
                .spawn((
                    Shaft,
                    Mesh3d(mesh.clone()),
                    MeshMaterial3d(look.platelet.clone()),
                    pose,
                    Visibility::Inherited,
                    bevy::light::NotShadowReceiver,
                ))
                .id();
            pool.push(e);
        } else if let Ok((mut t, mut vis)) = shafts.get_mut(pool[used]) {
            *t = pose;
            if *vis != Visibility::Inherited {
                *vis = Visibility::Inherited;
            }
        }
        used += 1;
    }
    for &e in &pool[used..] {
        if let Ok((_, mut vis)) = shafts.get_mut(e) {
            if *vis != Visibility::Hidden {
                *vis = Visibility::Hidden;
            }
        }
    }
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

fn dress_flowing_bodies(
    mut commands: Commands,
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    added: Query<(Entity, &Flowing), Added<Flowing>>,
) {
    let Some(look) = look else { return };
    for (e, f) in &added {
        let (mesh, material) = look_of(&look, &model, f.kind);
        commands.entity(e).insert((
            Mesh3d(mesh),
            MeshMaterial3d(material),
            Visibility::Hidden,
            // Where cells cast shadows (a GPU), the tissue above would darken the lumen to
            // a dull red mass; the blood stays lit so the flow reads.
            bevy::light::NotShadowReceiver,
        ));
    }
}

/// A body that became something else (a white cell of another lineage, a bud set free as a
/// platelet) is re-dressed.
fn restyle_flowing_bodies(
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    mut bodies: Query<
        (&Flowing, &mut Mesh3d, &mut MeshMaterial3d<StandardMaterial>),
        Changed<Flowing>,
    >,
) {
    let Some(look) = look else { return };
    for (f, mut mesh, mut material) in &mut bodies {
        let (want_mesh, want_material) = look_of(&look, &model, f.kind);
        if mesh.0 != want_mesh {
            mesh.0 = want_mesh;
        }
        if material.0 != want_material {
            material.0 = want_material;
        }
    }
}
