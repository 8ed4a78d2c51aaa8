//! The orbit camera: turned, panned and zoomed by mouse and keys while playing, following the
//! selected cell when asked, always kept in reach of the marrow; and the lights.

use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::input::mouse::AccumulatedMouseScroll;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;

use super::screen::GuiSet;
use super::selection::Selection;
use super::settings::ViewSettings;
use crate::scenario::CameraHint;
use crate::sim::agents::{Cell, Hsc};
use crate::sim::geometry::MarrowGeometry;
use crate::vessel::Flowing;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<OrbitCamera>()
        .insert_resource(ClearColor(BACKGROUND))
        .add_systems(Startup, set_up_camera_and_lights)
        .add_systems(
            Update,
            (
                (turn_camera_with_mouse, move_camera_with_keys)
                    .chain()
                    .in_set(GuiSet::Input),
                (follow_selected_cell, place_camera, fade_with_depth)
                    .chain()
                    .in_set(GuiSet::Present),
            ),
        );
}

/// The window's background, and the colour far things fade into.
const BACKGROUND: Color = Color::srgb(0.06, 0.05, 0.07);
/// How much of a far thing's colour the depth fade replaces at most.
const FADE_AT_MOST: f32 = 0.7;

/// Orbit camera: around `target`, which follows the selected cell when `follow` is on.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct OrbitCamera {
    pub yaw: f32,
    pub pitch: f32,
    pub distance: f32,
    pub target: Vec3,
    pub follow: bool,
    /// The target is the middle of the sinusoid (until the player pans or follows a cell).
    pub frame_vessel: bool,
}

impl Default for OrbitCamera {
    fn default() -> Self {
        Self {
            yaw: 0.6,
            pitch: 0.35,
            distance: 300.0,
            target: Vec3::ZERO,
            follow: false,
            frame_vessel: true,
        }
    }
}

/// Points the orbit camera as a scenario's hint says.
pub fn aim_camera(orbit: &mut OrbitCamera, c: CameraHint) {
    orbit.yaw = c.yaw_deg.to_radians();
    orbit.pitch = c.pitch_deg.to_radians();
    orbit.distance = c.distance_um;
    orbit.target = Vec3::ZERO;
    orbit.follow = false;
    orbit.frame_vessel = true;
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
        // Depth: what lies behind the point looked at fades toward the background (a per-pixel
        // blend, as cheap on a CPU rasteriser as on a GPU).
        DistanceFog {
            color: BACKGROUND.with_alpha(FADE_AT_MOST),
            ..default()
        },
    ));
    // Cells shading one another and the bone give the crowd its depth where a GPU draws the
    // shadow maps; a CPU rasteriser would spend a second pass on every cell, so not there.
    if !software {
        info!("graphics card: cells cast shadows");
    }
    commands.spawn((
        DirectionalLight {
            illuminance: 9000.0,
            shadow_maps_enabled: !software,
            ..default()
        },
        // Distances are µm: the whole window (up to a millimetre and a half across) in two
        // cascades rather than the default's metre-scale ones.
        bevy::light::CascadeShadowConfigBuilder {
            num_cascades: 2,
            first_cascade_far_bound: 450.0,
            maximum_distance: 1800.0,
            ..default()
        }
        .build(),
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

/// -1 when the player inverted the camera's vertical turn.
fn vertical_sign(settings: &ViewSettings) -> f32 {
    if settings.invert_camera { -1.0 } else { 1.0 }
}

/// The camera's right and up directions on the ground plane, for panning.
fn pan_axes(o: &OrbitCamera) -> (Vec3, Vec3) {
    (Vec3::new(o.yaw.cos(), 0.0, -o.yaw.sin()), Vec3::Y)
}

/// Left-drag orbits, right- or middle-drag pans, the wheel zooms. Drag deltas come from the
/// cursor position rather than raw device motion, which some platforms (remote desktops,
/// virtual X servers) never report. Input egui is using never reaches the camera.
fn turn_camera_with_mouse(
    mut orbit: ResMut<OrbitCamera>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut last_cursor: Local<Option<Vec2>>,
    scroll: Res<AccumulatedMouseScroll>,
    buttons: Res<ButtonInput<MouseButton>>,
    egui_input: Res<EguiWantsInput>,
    settings: Res<ViewSettings>,
) {
    let cursor = windows.single().ok().and_then(|w| w.cursor_position());
    let delta = match (cursor, *last_cursor) {
        (Some(now), Some(before)) => now - before,
        _ => Vec2::ZERO,
    };
    *last_cursor = cursor;
    if egui_input.wants_any_pointer_input() {
        return;
    }
    let mut o = *orbit;
    let (right, up) = pan_axes(&o);
    if buttons.pressed(MouseButton::Left) {
        o.yaw -= delta.x * 0.005;
        o.pitch += delta.y * 0.005 * vertical_sign(&settings);
    }
    if buttons.pressed(MouseButton::Right) || buttons.pressed(MouseButton::Middle) {
        o.target += (-right * delta.x + up * delta.y) * o.distance * 0.0015;
        o.follow = false;
        o.frame_vessel = false;
    }
    o.distance *= (1.0 - scroll.delta.y * 0.08).clamp(0.5, 1.5);
    if *orbit != o {
        *orbit = o;
    }
}

/// Arrow keys orbit, W/A/S/D pan, +/- zoom, Home resets, F toggles following the selected
/// cell; never while egui has the keyboard.
fn move_camera_with_keys(
    mut orbit: ResMut<OrbitCamera>,
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    time: Res<Time<Real>>,
    selection: Res<Selection>,
    settings: Res<ViewSettings>,
) {
    if egui_input.wants_any_keyboard_input() {
        return;
    }
    let mut o = *orbit;
    let (right, up) = pan_axes(&o);
    let dt = time.delta_secs();
    let axis =
        |a: KeyCode, b: KeyCode| keys.pressed(a) as i32 as f32 - keys.pressed(b) as i32 as f32;
    o.yaw += axis(KeyCode::ArrowLeft, KeyCode::ArrowRight) * dt * 1.2;
    o.pitch += axis(KeyCode::ArrowUp, KeyCode::ArrowDown) * dt * vertical_sign(&settings);
    o.distance *= 1.0 + axis(KeyCode::Minus, KeyCode::Equal) * dt;
    let pan = right * axis(KeyCode::KeyD, KeyCode::KeyA) + up * axis(KeyCode::KeyW, KeyCode::KeyS);
    if pan != Vec3::ZERO {
        o.target += pan * o.distance * dt * 0.5;
        o.follow = false;
        o.frame_vessel = false;
    }
    if keys.just_pressed(KeyCode::KeyF) && selection.0.is_some() {
        o.follow = !o.follow;
    }
    if keys.just_pressed(KeyCode::Home) {
        o = OrbitCamera::default();
    }
    if *orbit != o {
        *orbit = o;
    }
}

/// The depth fade starts at the point looked at and is full two window-depths behind it, so
/// zooming in or out keeps the near side clear and the far side dimmer.
fn fade_with_depth(
    orbit: Res<OrbitCamera>,
    g: Res<MarrowGeometry>,
    mut fog: Query<&mut DistanceFog>,
) {
    if !orbit.is_changed() && !g.is_changed() {
        return;
    }
    let start = orbit.distance;
    let end = start + 4.0 * g.half.max(10.0);
    for mut f in &mut fog {
        f.falloff = FogFalloff::Linear { start, end };
    }
}

/// While following, the camera's target glides to the selected cell.
fn follow_selected_cell(
    mut orbit: ResMut<OrbitCamera>,
    time: Res<Time<Real>>,
    selection: Res<Selection>,
    cells: Query<&GlobalTransform, Or<(With<Cell>, With<Hsc>, With<Flowing>)>>,
) {
    if !orbit.follow {
        return;
    }
    if let Some(t) = selection.0.and_then(|e| cells.get(e).ok()) {
        let target = orbit
            .target
            .lerp(t.translation(), (time.delta_secs() * 4.0).min(1.0));
        orbit.target = target;
    }
}

/// Keeps the view in reach of the marrow (its target within the window's box and half a
/// window around it, whatever the window's size) and moves the camera there.
fn place_camera(
    mut orbit: ResMut<OrbitCamera>,
    g: Res<MarrowGeometry>,
    mut camera: Query<&mut Transform, With<Camera3d>>,
) {
    let mut o = *orbit;
    if o.frame_vessel && !o.follow {
        o.target = Vec3::new(0.0, g.vessel_y, g.vessel_z);
    }
    o.pitch = o.pitch.clamp(-1.5, 1.5);
    o.distance = o.distance.clamp(25.0, 1200.0);
    let reach = Vec3::new(g.half_x, g.half, g.half) + Vec3::splat(g.half.max(1.0));
    o.target = o.target.clamp(-reach, reach);
    if *orbit != o {
        *orbit = o;
    }
    let want = orbit_transform(&o);
    for mut t in &mut camera {
        if *t != want {
            *t = want;
        }
    }
}
