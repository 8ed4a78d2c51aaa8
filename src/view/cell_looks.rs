//! What the cells and the window's fixed parts look like: shared meshes (sphere, biconcave
//! disc, a dividing doublet, the lobed megakaryocyte) and one material per stage, given to
//! each new entity.

use bevy::prelude::*;

use super::settings::LineageFilter;
use crate::biology::kinetics::Fate;
use crate::sim::Model;
use crate::sim::agents::{Cell, Hsc};
use crate::sim::geometry::{MarrowGeometry, Structure};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, build_cell_look).add_systems(
        Update,
        (dress_structures, dress_cells).in_set(super::screen::GuiSet::Present),
    );
}

/// Shared meshes and materials: one material per (lineage, stage), plus a dimmed twin used
/// when another lineage is highlighted. Thousands of cells, few draw states.
#[derive(Resource)]
pub struct CellLook {
    pub sphere: Handle<Mesh>,
    /// A biconcave disc: red cells once they have lost their nucleus, and platelets.
    pub disc: Handle<Mesh>,
    /// Two lobes: a cell in the middle of dividing.
    pub peanut: Handle<Mesh>,
    /// A large lobed cell: the polyploid megakaryocyte.
    pub lobed: Handle<Mesh>,
    pub stages: Vec<Vec<Handle<StandardMaterial>>>,
    pub dimmed: Vec<Vec<Handle<StandardMaterial>>>,
    pub hsc: Handle<StandardMaterial>,
    pub red_cell: Handle<StandardMaterial>,
    pub platelet: Handle<StandardMaterial>,
}

impl CellLook {
    /// What a drawn-only copy of a cell needs: its stage's shape, a material, where and how big.
    pub fn shape(
        &self,
        model: &Model,
        lineage: u16,
        stage: u16,
        at: Vec3,
        radius: f32,
        material: Handle<StandardMaterial>,
    ) -> impl Bundle {
        (
            Mesh3d(self.mesh_for(model, lineage, stage)),
            MeshMaterial3d(material),
            Transform::from_translation(at).with_scale(Vec3::splat(radius)),
        )
    }

    /// The shape of a stage: a disc without a nucleus, lobed for the platelet-shedding stage,
    /// a sphere otherwise.
    pub fn mesh_for(&self, model: &Model, lineage: u16, stage: u16) -> Handle<Mesh> {
        let l = &model.k.lineages[lineage as usize];
        let s = &l.stages[stage as usize];
        if !s.nucleated {
            self.disc.clone()
        } else if matches!(l.fate, Fate::Shed { .. }) && stage as usize + 1 == l.stages.len() {
            self.lobed.clone()
        } else {
            self.sphere.clone()
        }
    }
}

/// A biconcave disc of radius 1: a flattened sphere pinched at its centre.
fn biconcave_disc() -> Mesh {
    let mut mesh = Sphere::new(1.0)
        .mesh()
        .uv(24, 12)
        .scaled_by(Vec3::new(1.0, 0.42, 1.0));
    if let Some(bevy::mesh::VertexAttributeValues::Float32x3(positions)) =
        mesh.attribute_mut(Mesh::ATTRIBUTE_POSITION)
    {
        for p in positions.iter_mut() {
            let r2 = p[0] * p[0] + p[2] * p[2];
            p[1] *= 0.35 + 0.65 * r2.min(1.0);
        }
    }
    mesh.compute_smooth_normals();
    mesh
}

/// Spheres merged into one mesh (each centre, radius), for lobed shapes.
fn lobes(parts: &[(Vec3, f32)]) -> Mesh {
    let mut mesh = Sphere::new(parts[0].1)
        .mesh()
        .ico(2)
        .expect("small icosphere")
        .translated_by(parts[0].0);
    for &(c, r) in &parts[1..] {
        let lobe = Sphere::new(r)
            .mesh()
            .ico(2)
            .expect("small icosphere")
            .translated_by(c);
        mesh.merge(&lobe).expect("same vertex layout");
    }
    mesh
}

/// sRGB colour (0..1) of each structure, shared by the 3D view and the legend.
pub fn structure_colour(kind: Structure) -> [f32; 3] {
    match kind {
        Structure::Bone => [0.93, 0.88, 0.74],
        Structure::Vessel => [0.75, 0.08, 0.10],
        Structure::Niche => [0.30, 0.58, 0.52],
        Structure::Macrophage => [0.52, 0.34, 0.22],
        Structure::Stroma | Structure::Wall => [0.55, 0.55, 0.50],
        Structure::Adipocyte => [0.99, 0.95, 0.72],
    }
}

pub fn srgb(c: [f32; 3]) -> Color {
    Color::srgb(c[0], c[1], c[2])
}

pub(super) fn build_cell_look(
    mut commands: Commands,
    model: Res<Model>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    // While one lineage is highlighted the others become faint unlit ghosts, so the
    // highlighted cells (and the sinusoid) show through the crowd around them.
    let dimmed = model
        .k
        .lineages
        .iter()
        .map(|l| {
            l.stages
                .iter()
                .map(|st| {
                    materials.add(StandardMaterial {
                        base_color: srgb(st.color).with_alpha(0.06),
                        alpha_mode: AlphaMode::Blend,
                        unlit: true,
                        ..default()
                    })
                })
                .collect()
        })
        .collect();
    let mut mat = |c: [f32; 3], alpha: f32| {
        materials.add(StandardMaterial {
            base_color: srgb(c).with_alpha(alpha),
            alpha_mode: if alpha < 1.0 {
                AlphaMode::Blend
            } else {
                AlphaMode::Opaque
            },
            perceptual_roughness: 0.6,
            ..default()
        })
    };
    let stages = model
        .k
        .lineages
        .iter()
        .map(|l| l.stages.iter().map(|s| mat(s.color, 1.0)).collect())
        .collect();
    let hsc = mat(model.k.hsc.color, 1.0);
    let red_cell = mat([0.80, 0.10, 0.12], 1.0);
    let platelet = mat([0.95, 0.75, 0.95], 1.0);
    let sphere = meshes.add(Sphere::new(1.0).mesh().ico(2).expect("small icosphere"));
    let disc = meshes.add(biconcave_disc());
    let peanut = meshes.add(lobes(&[(Vec3::X * 0.45, 0.72), (Vec3::NEG_X * 0.45, 0.72)]));
    let lobed = meshes.add(lobes(&[
        (Vec3::ZERO, 0.8),
        (Vec3::new(0.45, 0.3, 0.0), 0.55),
        (Vec3::new(-0.4, 0.25, 0.3), 0.55),
        (Vec3::new(0.0, -0.35, -0.45), 0.5),
        (Vec3::new(-0.3, -0.3, -0.2), 0.5),
    ]));
    commands.insert_resource(LineageFilter {
        hidden: vec![false; model.k.lineages.len()],
        cut_away: true,
    });
    commands.insert_resource(CellLook {
        sphere,
        disc,
        peanut,
        lobed,
        stages,
        dimmed,
        hsc,
        red_cell,
        platelet,
    });
}

/// Meshes and materials for the window's structures: one material per kind, shared by all
/// its entities (and kept across restarts).
fn dress_structures(
    mut commands: Commands,
    g: Res<MarrowGeometry>,
    look: Option<Res<CellLook>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut by_kind: Local<std::collections::HashMap<Structure, Handle<StandardMaterial>>>,
    added: Query<(Entity, &Structure), Added<Structure>>,
) {
    let Some(look) = look else { return };
    for (entity, &kind) in &added {
        let (mesh, alpha) = match kind {
            Structure::Wall => continue,
            Structure::Bone => {
                // The bone's entity sits at the middle of its slab.
                let half_height = (g.bone_top + g.half) / 2.0;
                let mesh =
                    super::bone::trabecular_bone(g.half_x, g.half, -half_height, half_height);
                (meshes.add(mesh), 1.0)
            }
            Structure::Vessel => (
                meshes.add(Cylinder::new(g.vessel_radius, 2.0 * g.half_x)),
                0.45,
            ),
            Structure::Adipocyte => (look.sphere.clone(), 0.28),
            Structure::Niche | Structure::Macrophage | Structure::Stroma => {
                (look.sphere.clone(), 1.0)
            }
        };
        let material = by_kind
            .entry(kind)
            .or_insert_with(|| {
                materials.add(StandardMaterial {
                    base_color: srgb(structure_colour(kind)).with_alpha(alpha),
                    alpha_mode: if alpha < 1.0 {
                        AlphaMode::Blend
                    } else {
                        AlphaMode::Opaque
                    },
                    perceptual_roughness: 0.8,
                    ..default()
                })
            })
            .clone();
        commands
            .entity(entity)
            .insert((Mesh3d(mesh), MeshMaterial3d(material)));
    }
}

fn dress_cells(
    mut commands: Commands,
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    cells: Query<(Entity, &Cell), Added<Cell>>,
    stem_cells: Query<Entity, Added<Hsc>>,
) {
    let Some(look) = look else { return };
    for (entity, Cell(state)) in &cells {
        let material = look.stages[state.lineage as usize][state.stage as usize].clone();
        let mesh = look.mesh_for(&model, state.lineage, state.stage);
        commands
            .entity(entity)
            .insert((Mesh3d(mesh), MeshMaterial3d(material)));
    }
    for entity in &stem_cells {
        commands.entity(entity).insert((
            Mesh3d(look.sphere.clone()),
            MeshMaterial3d(look.hsc.clone()),
        ));
    }
}
