//! The 3D marrow window: meshes and materials per cell kind, lights, an orbit camera, picking,
//! highlighting and screenshots.

use std::path::PathBuf;

use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::input::mouse::AccumulatedMouseScroll;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;

use crate::biology::kinetics::Fate;
use crate::sim::cells::{Cell, Hsc};
use crate::sim::marrow::{MarrowGeometry, Structure};
use crate::sim::{Model, SimClock, SimPlugin, SimSetup};

mod life;

pub use life::Pinch;

/// `--inspect` name that selects a stem cell rather than a lineage.
pub use crate::scenario::STEM_CELL;

/// Default simulation pace in the window: simulated hours per real second.
pub const DEFAULT_HOURS_PER_SECOND: f64 = 3.0;

/// `--screenshot PATH --frames N`: render N frames, save the window to PATH, exit.
#[derive(Resource, Clone, Debug)]
pub struct ScreenshotRequest {
    pub path: PathBuf,
    pub frames: u32,
}

/// How the window starts: pace, and a lineage whose most mature cell is selected at once
/// (both default to the scenario's display hints); the scenario file to watch for edits and
/// the kinetic table its overrides apply to.
#[derive(Resource, Clone, Debug, Default)]
pub struct StartOptions {
    pub hours_per_second: Option<f64>,
    pub inspect: Option<String>,
    pub scenario_path: Option<PathBuf>,
    pub base_kinetics: Option<crate::biology::kinetics::Kinetics>,
}

/// Points the orbit camera as a scenario's hint says.
pub fn aim_camera(orbit: &mut OrbitCamera, c: crate::scenario::CameraHint) {
    orbit.yaw = c.yaw_deg.to_radians();
    orbit.pitch = c.pitch_deg.to_radians();
    orbit.distance = c.distance_um;
    orbit.target = Vec3::ZERO;
    orbit.follow = false;
}

/// The game window with the simulation, the 3D view and the egui panels.
pub fn windowed_app(
    setup: SimSetup,
    shot: Option<ScreenshotRequest>,
    start: StartOptions,
    game: crate::game::GameStart,
) -> App {
    let tick_hours = setup.kinetics.tick_hours as f64;
    let hints = setup.scenario.display.clone();
    let mut start = start;
    start.hours_per_second = start.hours_per_second.or(hints.speed_hours_per_second);
    start.inspect = start.inspect.or(hints.follow);
    let pace = start.hours_per_second.unwrap_or(DEFAULT_HOURS_PER_SECOND);
    let mut orbit = OrbitCamera::default();
    if let Some(c) = hints.camera {
        aim_camera(&mut orbit, c);
    }
    let source = crate::ui::scenarios::ScenarioSource::new(
        start.scenario_path.clone(),
        start
            .base_kinetics
            .clone()
            .unwrap_or_else(|| setup.kinetics.clone()),
    );
    let mut app = App::new();
    let window = WindowPlugin {
        primary_window: Some(Window {
            title: "Marrow — how bone marrow makes blood".into(),
            resolution: (1440, 900).into(),
            ..default()
        }),
        ..default()
    };
    // A screenshot run compiles each pipeline before the frame that needs it, so frame N shows
    // the whole scene however busy the machine is (interactively, compiling in the background
    // keeps the window responsive).
    let render = bevy::render::RenderPlugin {
        synchronous_pipeline_compilation: shot.is_some(),
        ..default()
    };
    app.add_plugins(DefaultPlugins.set(window).set(render))
        .add_plugins(bevy_egui::EguiPlugin::default())
        .insert_resource(Time::<Fixed>::from_hz(pace / tick_hours))
        .insert_resource(start)
        .insert_resource(orbit)
        .insert_resource(source)
        .add_plugins(SimPlugin { setup })
        .insert_resource(game)
        .add_plugins((ViewPlugin, crate::ui::UiPlugin, crate::game::GamePlugin));
    if let Some(shot) = shot {
        app.insert_resource(shot)
            .add_systems(Update, screenshot_then_exit);
    }
    app
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

/// A random unit vector.
pub(crate) fn random_unit(rng: &mut impl rand::Rng) -> Vec3 {
    crate::sim::cells::random_direction(rng)
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

/// Orbit camera: around `target`, which follows the selected cell when `follow` is on.
#[derive(Resource, Clone, Copy, Debug)]
pub struct OrbitCamera {
    pub yaw: f32,
    pub pitch: f32,
    pub distance: f32,
    pub target: Vec3,
    pub follow: bool,
}

impl Default for OrbitCamera {
    fn default() -> Self {
        Self {
            yaw: 0.6,
            pitch: 0.35,
            distance: 430.0,
            target: Vec3::ZERO,
            follow: false,
        }
    }
}

/// The picked cell, if any.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct Selection(pub Option<Entity>);

/// The cell under the mouse pointer, if any.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct Hovered(pub Option<Entity>);

/// Lineages the player has hidden (index = lineage).
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub struct LineageFilter {
    pub hidden: Vec<bool>,
}

impl LineageFilter {
    pub fn is_hidden(&self, lineage: usize) -> bool {
        self.hidden.get(lineage).copied().unwrap_or(false)
    }
}

/// A note shown briefly in the panel (e.g. where a screenshot went).
#[derive(Resource, Default, Clone, Debug)]
pub struct Toast {
    pub text: String,
    pub until_secs: f64,
}

/// The translucent shell drawn around the selected cell.
#[derive(Component)]
struct SelectionMarker;

pub struct ViewPlugin;

impl Plugin for ViewPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<OrbitCamera>()
            .init_resource::<Selection>()
            .init_resource::<Hovered>()
            .init_resource::<LineageFilter>()
            .init_resource::<Toast>()
            .add_plugins(life::LifePlugin)
            .insert_resource(ClearColor(Color::srgb(0.06, 0.05, 0.07)))
            .add_systems(Startup, (set_up_camera_and_lights, build_cell_look))
            .add_systems(
                Update,
                (
                    dress_structures,
                    dress_cells,
                    pick_cells,
                    select_requested_lineage,
                    drop_vanished_selection,
                    style_cells,
                    orbit_camera,
                    place_selection_marker,
                    save_screenshot_on_f12,
                    recolour_cells_for_palette,
                )
                    .chain(),
            );
    }
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

fn srgb(c: [f32; 3]) -> Color {
    Color::srgb(c[0], c[1], c[2])
}

fn build_cell_look(
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
    commands.spawn((
        SelectionMarker,
        Mesh3d(sphere.clone()),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgba(1.0, 1.0, 0.6, 0.25),
            emissive: LinearRgba::rgb(0.8, 0.8, 0.3),
            alpha_mode: AlphaMode::Blend,
            unlit: true,
            ..default()
        })),
        Transform::default(),
        Visibility::Hidden,
    ));
    commands.insert_resource(LineageFilter {
        hidden: vec![false; model.k.lineages.len()],
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

fn set_up_camera_and_lights(
    mut commands: Commands,
    orbit: Res<OrbitCamera>,
    adapter: Option<Res<bevy::render::renderer::RenderAdapterInfo>>,
) {
    // Multisampling is nearly free on a GPU but multiplies the cost of every pixel on a CPU
    // rasteriser (a machine without a graphics card), so it is off there. Chosen before the
    // camera exists: changing it later recompiles every pipeline and blanks the view a while.
    let software = adapter
        .as_ref()
        .is_some_and(|a| format!("{:?}", a.device_type) == "Cpu");
    if let Some(a) = adapter.filter(|_| software) {
        info!("software renderer ({}): multisampling off", a.name);
    }
    let msaa = if software {
        bevy::render::view::Msaa::Off
    } else {
        bevy::render::view::Msaa::Sample4
    };
    commands.spawn((
        Camera3d::default(),
        Tonemapping::KhronosPbrNeutral,
        msaa,
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
    let dir = Vec3::new(
        o.yaw.sin() * o.pitch.cos(),
        o.pitch.sin(),
        o.yaw.cos() * o.pitch.cos(),
    );
    Transform::from_translation(o.target + dir * o.distance).looking_at(o.target, Vec3::Y)
}

/// Left-drag orbits, right- or middle-drag pans, the wheel zooms; arrow keys orbit, W/A/S/D pan,
/// +/- zoom, Home resets, F toggles following the selected cell. Input that egui is using never
/// reaches the camera.
#[allow(clippy::too_many_arguments)]
fn orbit_camera(
    mut orbit: ResMut<OrbitCamera>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut last_cursor: Local<Option<Vec2>>,
    scroll: Res<AccumulatedMouseScroll>,
    buttons: Res<ButtonInput<MouseButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    time: Res<Time<Real>>,
    selection: Res<Selection>,
    cells: Query<&Transform, (Or<(With<Cell>, With<Hsc>)>, Without<Camera3d>)>,
    mut camera: Query<&mut Transform, With<Camera3d>>,
    settings: Option<Res<crate::game::ViewSettings>>,
) {
    let invert = if settings.as_ref().is_some_and(|s| s.invert_camera) {
        -1.0
    } else {
        1.0
    };
    // Behind a menu screen the pointer and keys belong to the menu.
    let menu = settings.is_some_and(|s| s.menu_screen);
    let mut o = *orbit;
    let right = Vec3::new(o.yaw.cos(), 0.0, -o.yaw.sin());
    let up = Vec3::Y;
    let pan_scale = o.distance * 0.0015;
    // Drag deltas come from the cursor position rather than raw device motion, which some
    // platforms (remote desktops, virtual X servers) never report.
    let cursor = windows.single().ok().and_then(|w| w.cursor_position());
    let delta = match (cursor, *last_cursor) {
        (Some(now), Some(before)) => now - before,
        _ => Vec2::ZERO,
    };
    *last_cursor = cursor;
    if !menu && !egui_input.wants_any_pointer_input() {
        if buttons.pressed(MouseButton::Left) {
            o.yaw -= delta.x * 0.005;
            o.pitch += delta.y * 0.005 * invert;
        }
        if buttons.pressed(MouseButton::Right) || buttons.pressed(MouseButton::Middle) {
            o.target += (-right * delta.x + up * delta.y) * pan_scale;
            o.follow = false;
        }
        o.distance *= (1.0 - scroll.delta.y * 0.08).clamp(0.5, 1.5);
    }
    if !menu && !egui_input.wants_any_keyboard_input() {
        let dt = time.delta_secs();
        let axis =
            |a: KeyCode, b: KeyCode| keys.pressed(a) as i32 as f32 - keys.pressed(b) as i32 as f32;
        o.yaw += axis(KeyCode::ArrowLeft, KeyCode::ArrowRight) * dt * 1.2;
        o.pitch += axis(KeyCode::ArrowUp, KeyCode::ArrowDown) * dt * invert;
        o.distance *= 1.0 + axis(KeyCode::Minus, KeyCode::Equal) * dt;
        let pan =
            right * axis(KeyCode::KeyD, KeyCode::KeyA) + up * axis(KeyCode::KeyW, KeyCode::KeyS);
        if pan != Vec3::ZERO {
            o.target += pan * o.distance * dt * 0.5;
            o.follow = false;
        }
        if keys.just_pressed(KeyCode::KeyF) && selection.0.is_some() {
            o.follow = !o.follow;
        }
        if keys.just_pressed(KeyCode::Home) {
            o = OrbitCamera::default();
        }
    }
    if o.follow {
        if let Some(t) = selection.0.and_then(|e| cells.get(e).ok()) {
            o.target = o
                .target
                .lerp(t.translation, (time.delta_secs() * 4.0).min(1.0));
        }
    }
    o.pitch = o.pitch.clamp(-1.5, 1.5);
    o.distance = o.distance.clamp(25.0, 1200.0);
    o.target = o.target.clamp(Vec3::splat(-300.0), Vec3::splat(300.0));
    *orbit = o;
    for mut t in &mut camera {
        let want = orbit_transform(&o);
        if *t != want {
            *t = want;
        }
    }
}

/// Nearest cell hit by a ray, by exact ray–sphere tests against each cell's radius.
pub fn pick_cell<'a>(
    ray: Ray3d,
    cells: impl Iterator<Item = (Entity, &'a Transform, bool)>,
) -> Option<Entity> {
    let mut best: Option<(f32, Entity)> = None;
    for (entity, t, visible) in cells {
        if !visible {
            continue;
        }
        let r = t.scale.x;
        let oc = ray.origin - t.translation;
        let b = oc.dot(*ray.direction);
        let c = oc.length_squared() - r * r;
        let disc = b * b - c;
        if disc < 0.0 {
            continue;
        }
        let hit = -b - disc.sqrt();
        if hit > 0.0 && best.is_none_or(|(d, _)| hit < d) {
            best = Some((hit, entity));
        }
    }
    best.map(|(_, e)| e)
}

/// Hover finds the cell under the pointer; a click (press and release without dragging)
/// selects it, or clears the selection on empty space. Escape clears it too.
#[allow(clippy::too_many_arguments)]
fn pick_cells(
    windows: Query<&Window, With<PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform), With<Camera3d>>,
    buttons: Res<ButtonInput<MouseButton>>,
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    filter: Res<LineageFilter>,
    cells: Query<(Entity, &Transform, &Cell)>,
    stem_cells: Query<(Entity, &Transform), With<Hsc>>,
    mut press_at: Local<Option<Vec2>>,
    mut hovered: ResMut<Hovered>,
    mut selection: ResMut<Selection>,
    mut orbit: ResMut<OrbitCamera>,
    settings: Option<Res<crate::game::ViewSettings>>,
) {
    if settings.is_some_and(|s| s.menu_screen) {
        if hovered.0.is_some() {
            hovered.0 = None;
        }
        return;
    }
    if keys.just_pressed(KeyCode::Escape) && !egui_input.wants_any_keyboard_input() {
        selection.0 = None;
        orbit.follow = false;
    }
    let (Ok(window), Ok((camera, cam_transform))) = (windows.single(), cameras.single()) else {
        return;
    };
    let cursor = window.cursor_position();
    let over_ui = egui_input.wants_any_pointer_input();
    let hit = match (cursor, over_ui) {
        (Some(pos), false) => camera
            .viewport_to_world(cam_transform, pos)
            .ok()
            .and_then(|ray| {
                pick_cell(
                    ray,
                    cells
                        .iter()
                        .map(|(e, t, c)| (e, t, !filter.is_hidden(c.0.lineage as usize)))
                        .chain(stem_cells.iter().map(|(e, t)| (e, t, true))),
                )
            }),
        _ => None,
    };
    if hovered.0 != hit {
        hovered.0 = hit;
    }
    if buttons.just_pressed(MouseButton::Left) && !over_ui {
        *press_at = cursor;
    }
    if buttons.just_released(MouseButton::Left) {
        let was_click = matches!((*press_at, cursor), (Some(a), Some(b)) if a.distance(b) < 5.0);
        if was_click && !over_ui {
            selection.0 = hit;
            if hit.is_none() {
                orbit.follow = false;
            }
        }
        *press_at = None;
    }
}

/// `--inspect LINEAGE`: once the marrow is seeded, select that lineage's most mature cell and
/// follow it with the camera, close up.
fn select_requested_lineage(
    mut start: ResMut<StartOptions>,
    model: Res<Model>,
    clock: Res<SimClock>,
    cells: Query<(Entity, &Cell)>,
    stem_cells: Query<Entity, With<Hsc>>,
    mut selection: ResMut<Selection>,
    mut orbit: ResMut<OrbitCamera>,
) {
    let Some(name) = start.inspect.clone() else {
        return;
    };
    if clock.warming_up() {
        return;
    }
    start.inspect = None;
    selection.0 = if name == STEM_CELL {
        stem_cells.iter().next()
    } else if let Some(lineage) = model.k.lineage_index(&name) {
        cells
            .iter()
            .filter(|(_, c)| c.0.lineage as usize == lineage)
            .max_by(|(a, ca), (b, cb)| (ca.0.stage, a.index()).cmp(&(cb.0.stage, b.index())))
            .map(|(e, _)| e)
    } else {
        warn!("--inspect {name}: no such lineage");
        return;
    };
    if selection.0.is_some() {
        orbit.follow = true;
        orbit.distance = 260.0;
    }
}

fn drop_vanished_selection(
    mut selection: ResMut<Selection>,
    mut orbit: ResMut<OrbitCamera>,
    cells: Query<(), Or<(With<Cell>, With<Hsc>)>>,
) {
    if let Some(e) = selection.0 {
        if cells.get(e).is_err() {
            selection.0 = None;
            orbit.follow = false;
        }
    }
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
            Structure::Bone => (
                meshes.add(Cuboid::new(
                    2.0 * g.half_x,
                    g.bone_top + g.half,
                    2.0 * g.half,
                )),
                1.0,
            ),
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

/// Material by stage; other lineages dimmed while a cell is selected; hidden lineages hidden.
fn style_cells(
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    selection: Res<Selection>,
    filter: Res<LineageFilter>,
    mut cells: Query<(
        Ref<Cell>,
        &mut MeshMaterial3d<StandardMaterial>,
        &mut Mesh3d,
        &mut Visibility,
        Has<Pinch>,
    )>,
) {
    let Some(look) = look else { return };
    let selected_lineage = selection
        .0
        .and_then(|e| cells.get(e).ok())
        .map(|(c, ..)| c.0.lineage);
    let restyle_all = selection.is_changed() || filter.is_changed();
    for (cell, mut material, mut mesh, mut visibility, pinching) in &mut cells {
        if !restyle_all && !cell.is_changed() {
            continue;
        }
        let (l, s) = (cell.0.lineage as usize, cell.0.stage as usize);
        let dim = selected_lineage.is_some_and(|sel| sel as usize != l);
        let want = if dim {
            &look.dimmed[l][s]
        } else {
            &look.stages[l][s]
        };
        if material.0 != *want {
            material.0 = want.clone();
        }
        if !pinching {
            let shape = look.mesh_for(&model, cell.0.lineage, cell.0.stage);
            if mesh.0 != shape {
                mesh.0 = shape;
            }
        }
        let vis = if filter.is_hidden(l) {
            Visibility::Hidden
        } else {
            Visibility::Inherited
        };
        if *visibility != vis {
            *visibility = vis;
        }
    }
}

/// Repaints every cell material when the player picks another palette.
fn recolour_cells_for_palette(
    settings: Option<Res<crate::game::ViewSettings>>,
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut shown: Local<crate::learn::progress::Palette>,
) {
    let (Some(settings), Some(look)) = (settings, look) else {
        return;
    };
    if settings.palette == *shown {
        return;
    }
    *shown = settings.palette;
    let k = &model.k;
    for (l, stages) in look.stages.iter().enumerate() {
        for (st, handle) in stages.iter().enumerate() {
            if st >= k.lineages.get(l).map_or(0, |x| x.stages.len()) {
                continue;
            }
            let c = crate::learn::palette::stage_colour(k, settings.palette, l, st);
            if let Some(mut m) = materials.get_mut(handle) {
                m.base_color = srgb(c);
            }
            if let Some(mut m) = materials.get_mut(&look.dimmed[l][st]) {
                m.base_color = srgb(c).with_alpha(0.06);
            }
        }
    }
    if let Some(mut m) = materials.get_mut(&look.hsc) {
        m.base_color = srgb(crate::learn::palette::stem_colour(k, settings.palette));
    }
}

fn place_selection_marker(
    selection: Res<Selection>,
    cells: Query<&Transform, (Or<(With<Cell>, With<Hsc>)>, Without<SelectionMarker>)>,
    mut marker: Query<(&mut Transform, &mut Visibility), With<SelectionMarker>>,
) {
    let Ok((mut t, mut vis)) = marker.single_mut() else {
        return;
    };
    match selection.0.and_then(|e| cells.get(e).ok()) {
        Some(cell) => {
            t.translation = cell.translation;
            t.scale = Vec3::splat(cell.scale.x * 1.6 + 1.0);
            *vis = Visibility::Inherited;
        }
        None => *vis = Visibility::Hidden,
    }
}

/// F12 saves the window to `screenshots/marrow-day<D>-<n>.png` in the working directory.
fn save_screenshot_on_f12(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    clock: Res<SimClock>,
    time: Res<Time<Real>>,
    mut toast: ResMut<Toast>,
    mut count: Local<u32>,
) {
    if !keys.just_pressed(KeyCode::F12) {
        return;
    }
    let dir = PathBuf::from("screenshots");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        *toast = Toast {
            text: format!("Cannot save screenshot: {e}"),
            until_secs: time.elapsed_secs_f64() + 5.0,
        };
        return;
    }
    *count += 1;
    let path = dir.join(format!("marrow-day{}-{}.png", clock.day(), *count));
    *toast = Toast {
        text: format!("Saved {}", path.display()),
        until_secs: time.elapsed_secs_f64() + 4.0,
    };
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path));
}

fn screenshot_then_exit(
    mut commands: Commands,
    request: Res<ScreenshotRequest>,
    time: Res<Time<Real>>,
    cells: Query<(), With<Cell>>,
    mut frame: Local<u32>,
    mut frame_ms: Local<Vec<f32>>,
    mut exit: MessageWriter<AppExit>,
) {
    *frame += 1;
    // Frame times after the first few (start-up and shader compilation) until the shot.
    if *frame > 5 && *frame <= request.frames {
        frame_ms.push(time.delta_secs() * 1000.0);
    }
    if *frame == request.frames && !frame_ms.is_empty() {
        let mut sorted = frame_ms.clone();
        sorted.sort_by(f32::total_cmp);
        let mean = sorted.iter().sum::<f32>() / sorted.len() as f32;
        let p95 = sorted[((sorted.len() as f32 * 0.95) as usize).min(sorted.len() - 1)];
        eprintln!(
            "frame time over {} frames with {} cells: mean {mean:.1} ms, p95 {p95:.1} ms",
            sorted.len(),
            cells.iter().count()
        );
    }
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
