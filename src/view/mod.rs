//! The 3D marrow window: meshes and materials per cell kind, lights, an orbit camera, screenshots.

use std::path::PathBuf;

use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_egui::input::EguiWantsInput;

use crate::sim::cells::{Cell, Hsc};
use crate::sim::marrow::{MarrowGeometry, Structure};
use crate::sim::{Model, SimPlugin, SimSetup};

/// Default simulation pace in the window: simulated hours per real second.
pub const DEFAULT_HOURS_PER_SECOND: f64 = 3.0;

/// `--screenshot PATH --frames N`: render N frames, save the window to PATH, exit.
#[derive(Resource, Clone, Debug)]
pub struct ScreenshotRequest {
    pub path: PathBuf,
    pub frames: u32,
}

/// The game window with the simulation, the 3D view and the egui panels.
pub fn windowed_app(setup: SimSetup, shot: Option<ScreenshotRequest>) -> App {
    let tick_hours = setup.kinetics.tick_hours as f64;
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Marrow — how bone marrow makes blood".into(),
            resolution: (1280, 800).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(bevy_egui::EguiPlugin::default())
    .insert_resource(Time::<Fixed>::from_hz(
        DEFAULT_HOURS_PER_SECOND / tick_hours,
    ))
    .add_plugins(SimPlugin { setup })
    .add_plugins((ViewPlugin, crate::ui::UiPlugin));
    if let Some(shot) = shot {
        app.insert_resource(shot)
            .add_systems(Update, screenshot_then_exit);
    }
    app
}

/// Shared meshes and one material per (lineage, stage): thousands of cells, few draw states.
#[derive(Resource)]
pub struct CellLook {
    pub sphere: Handle<Mesh>,
    pub stages: Vec<Vec<Handle<StandardMaterial>>>,
    pub hsc: Handle<StandardMaterial>,
}

/// Orbit camera state, around the centre of the window.
#[derive(Resource, Clone, Copy, Debug)]
pub struct OrbitCamera {
    pub yaw: f32,
    pub pitch: f32,
    pub distance: f32,
}

impl Default for OrbitCamera {
    fn default() -> Self {
        Self {
            yaw: 0.6,
            pitch: 0.35,
            distance: 420.0,
        }
    }
}

pub struct ViewPlugin;

impl Plugin for ViewPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<OrbitCamera>()
            .insert_resource(ClearColor(Color::srgb(0.06, 0.05, 0.07)))
            .add_systems(Startup, (set_up_camera_and_lights, build_cell_look))
            .add_systems(
                Update,
                (dress_structures, dress_cells, restyle_cells, orbit_camera),
            );
    }
}

fn srgb(c: [f32; 3]) -> Color {
    Color::srgb(c[0], c[1], c[2])
}

fn build_cell_look(
    mut commands: Commands,
    model: Res<Model>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let mut mat = |c: [f32; 3]| {
        materials.add(StandardMaterial {
            base_color: srgb(c),
            perceptual_roughness: 0.6,
            ..default()
        })
    };
    let stages = model
        .k
        .lineages
        .iter()
        .map(|l| l.stages.iter().map(|s| mat(s.color)).collect())
        .collect();
    let hsc = mat(model.k.hsc.color);
    let sphere = meshes.add(Sphere::new(1.0).mesh().ico(2).expect("small icosphere"));
    commands.insert_resource(CellLook {
        sphere,
        stages,
        hsc,
    });
}

fn set_up_camera_and_lights(mut commands: Commands, orbit: Res<OrbitCamera>) {
    commands.spawn((
        Camera3d::default(),
        Tonemapping::KhronosPbrNeutral,
        orbit_transform(&orbit),
    ));
    commands.spawn((
        DirectionalLight {
            illuminance: 9000.0,
            shadow_maps_enabled: false,
            ..default()
        },
        Transform::from_xyz(200.0, 400.0, 250.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    commands.insert_resource(GlobalAmbientLight {
        color: Color::WHITE,
        brightness: 600.0,
        ..default()
    });
}

fn orbit_transform(o: &OrbitCamera) -> Transform {
    let eye = Vec3::new(
        o.yaw.sin() * o.pitch.cos(),
        o.pitch.sin(),
        o.yaw.cos() * o.pitch.cos(),
    ) * o.distance;
    Transform::from_translation(eye).looking_at(Vec3::ZERO, Vec3::Y)
}

/// Drag with the left mouse button to orbit, scroll to zoom; arrow keys orbit, +/- zoom,
/// Home resets. Input that egui is using never reaches the camera.
fn orbit_camera(
    mut orbit: ResMut<OrbitCamera>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    buttons: Res<ButtonInput<MouseButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    time: Res<Time>,
    mut camera: Query<&mut Transform, With<Camera3d>>,
) {
    let mut o = *orbit;
    if !egui_input.wants_any_pointer_input() {
        if buttons.pressed(MouseButton::Left) {
            o.yaw -= motion.delta.x * 0.005;
            o.pitch += motion.delta.y * 0.005;
        }
        o.distance *= (1.0 - scroll.delta.y * 0.08).clamp(0.5, 1.5);
    }
    if !egui_input.wants_any_keyboard_input() {
        let dt = time.delta_secs();
        let axis =
            |a: KeyCode, b: KeyCode| keys.pressed(a) as i32 as f32 - keys.pressed(b) as i32 as f32;
        o.yaw += axis(KeyCode::ArrowLeft, KeyCode::ArrowRight) * dt * 1.2;
        o.pitch += axis(KeyCode::ArrowUp, KeyCode::ArrowDown) * dt * 1.0;
        o.distance *= 1.0 + axis(KeyCode::Minus, KeyCode::Equal) * dt;
        if keys.just_pressed(KeyCode::Home) {
            o = OrbitCamera::default();
        }
    }
    o.pitch = o.pitch.clamp(-1.5, 1.5);
    o.distance = o.distance.clamp(60.0, 1200.0);
    if o.yaw != orbit.yaw || o.pitch != orbit.pitch || o.distance != orbit.distance {
        *orbit = o;
        for mut t in &mut camera {
            *t = orbit_transform(&o);
        }
    }
}

fn dress_structures(
    mut commands: Commands,
    g: Res<MarrowGeometry>,
    look: Option<Res<CellLook>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    added: Query<(Entity, &Structure), Added<Structure>>,
) {
    let Some(look) = look else { return };
    let mut mat = |c: Color, alpha: f32| {
        materials.add(StandardMaterial {
            base_color: c.with_alpha(alpha),
            alpha_mode: if alpha < 1.0 {
                AlphaMode::Blend
            } else {
                AlphaMode::Opaque
            },
            perceptual_roughness: 0.8,
            ..default()
        })
    };
    for (entity, kind) in &added {
        let (mesh, material) = match kind {
            Structure::Wall => continue,
            Structure::Bone => (
                meshes.add(Cuboid::new(2.0 * g.half, g.bone_top + g.half, 2.0 * g.half)),
                mat(Color::srgb(0.93, 0.88, 0.74), 1.0),
            ),
            Structure::Vessel => (
                meshes.add(Cylinder::new(g.vessel_radius, 2.0 * g.half)),
                mat(Color::srgb(0.75, 0.08, 0.10), 0.35),
            ),
            Structure::Niche => (look.sphere.clone(), mat(Color::srgb(0.30, 0.58, 0.52), 1.0)),
            Structure::Macrophage => (look.sphere.clone(), mat(Color::srgb(0.52, 0.34, 0.22), 1.0)),
            Structure::Stroma => (look.sphere.clone(), mat(Color::srgb(0.55, 0.55, 0.50), 1.0)),
            Structure::Adipocyte => (
                look.sphere.clone(),
                mat(Color::srgb(0.99, 0.95, 0.72), 0.55),
            ),
        };
        commands
            .entity(entity)
            .insert((Mesh3d(mesh), MeshMaterial3d(material)));
    }
}

fn dress_cells(
    mut commands: Commands,
    look: Option<Res<CellLook>>,
    cells: Query<(Entity, &Cell), Added<Cell>>,
    stem_cells: Query<Entity, Added<Hsc>>,
) {
    let Some(look) = look else { return };
    for (entity, Cell(state)) in &cells {
        let material = look.stages[state.lineage as usize][state.stage as usize].clone();
        commands
            .entity(entity)
            .insert((Mesh3d(look.sphere.clone()), MeshMaterial3d(material)));
    }
    for entity in &stem_cells {
        commands.entity(entity).insert((
            Mesh3d(look.sphere.clone()),
            MeshMaterial3d(look.hsc.clone()),
        ));
    }
}

fn restyle_cells(
    look: Option<Res<CellLook>>,
    mut cells: Query<(&Cell, &mut MeshMaterial3d<StandardMaterial>), Changed<Cell>>,
) {
    let Some(look) = look else { return };
    for (Cell(state), mut material) in &mut cells {
        let want = &look.stages[state.lineage as usize][state.stage as usize];
        if material.0 != *want {
            material.0 = want.clone();
        }
    }
}

fn screenshot_then_exit(
    mut commands: Commands,
    request: Res<ScreenshotRequest>,
    mut frame: Local<u32>,
    mut exit: MessageWriter<AppExit>,
) {
    *frame += 1;
    if *frame == request.frames {
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(request.path.clone()));
    }
    if *frame > request.frames && request.path.exists() {
        exit.write(AppExit::Success);
    }
    if *frame > request.frames + 600 {
        error!("screenshot was not written to {}", request.path.display());
        exit.write(AppExit::error());
    }
}
