//! Myelofibrosis in the window: reticulin and collagen strands laid through the marrow space
//! as the model's fibrosis grows. Drawing only: the model's fibrosis takes the stem cells'
//! niches (fewer cells are made), and these strands show where the space has gone.

use bevy::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::biology::conditions::ConditionKind;
use crate::sim::agents::random_direction;
use crate::sim::conditions::ConditionState;
use crate::sim::geometry::MarrowGeometry;

/// Strands drawn when the marrow is as fibrotic as the model allows.
const STRANDS: usize = 160;
/// Straight pieces in one strand, and their length (µm) and thickness (µm).
const PIECES: usize = 7;
const PIECE_UM: f32 = 12.0;
const THICKNESS_UM: f32 = 0.7;
/// Colour of the strands: the pale, glassy look of collagen.
const FIBRE_COLOUR: [f32; 3] = [0.90, 0.86, 0.80];

/// One strand piece; shown once fibrosis passes `threshold` (a share of the most there can be).
#[derive(Component)]
pub struct FibrePiece {
    threshold: f32,
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (lay_out_fibres, show_fibrosis)
            .chain()
            .in_set(super::screen::GuiSet::Present),
    );
}

/// Lays the strands out again whenever a new window is built (a restart or another scenario),
/// hidden until fibrosis reaches them.
fn lay_out_fibres(
    mut commands: Commands,
    g: Option<Res<MarrowGeometry>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    old: Query<Entity, With<FibrePiece>>,
    mut look: Local<Option<(Handle<Mesh>, Handle<StandardMaterial>)>>,
) {
    let Some(g) = g else { return };
    if !g.is_changed() {
        return;
    }
    for e in &old {
        commands.entity(e).despawn();
    }
    let (mesh, material) = look
        .get_or_insert_with(|| {
            (
                meshes.add(Cylinder::new(1.0, 1.0)),
                materials.add(StandardMaterial {
                    base_color: super::cell_looks::srgb(FIBRE_COLOUR),
                    perceptual_roughness: 0.4,
                    ..default()
                }),
            )
        })
        .clone();
    // Drawing only: a generator of its own, so the layout is the same on every run.
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for strand in 0..STRANDS {
        let threshold = (strand as f32 + 0.5) / STRANDS as f32;
        let Some(mut at) = (0..50)
            .map(|_| {
                Vec3::new(
                    rng.random_range(-g.half_x..g.half_x),
                    rng.random_range(g.bone_top..g.half),
                    rng.random_range(-g.half..g.half),
                )
            })
            .find(|p| g.in_marrow_space(*p) && !g.in_fat(*p))
        else {
            continue;
        };
        let mut heading = random_direction(&mut rng);
        for _ in 0..PIECES {
            heading = (heading + 0.6 * random_direction(&mut rng)).normalize_or(Vec3::X);
            let end = at + heading * PIECE_UM;
            if !g.in_marrow_space(end) {
                heading = -heading;
                continue;
            }
            commands.spawn((
                FibrePiece { threshold },
                Mesh3d(mesh.clone()),
                MeshMaterial3d(material.clone()),
                Transform::from_translation((at + end) / 2.0)
                    .with_rotation(Quat::from_rotation_arc(Vec3::Y, heading))
                    .with_scale(Vec3::new(THICKNESS_UM, PIECE_UM, THICKNESS_UM)),
                Visibility::Hidden,
            ));
            at = end;
        }
    }
}

/// Shows as many strands as the marrow's fibrosis calls for.
fn show_fibrosis(
    state: Option<Res<ConditionState>>,
    mut pieces: Query<(&FibrePiece, &mut Visibility)>,
) {
    let Some(state) = state else { return };
    let filled = state.effects.fibrosis as f32 / ConditionKind::Myelofibrosis.max_strength();
    for (piece, mut visibility) in &mut pieces {
        let want = if piece.threshold <= filled {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        visibility.set_if_neq(want);
    }
}
