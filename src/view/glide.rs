//! Cells glide: the simulation moves a cell once per mechanics step (every
//! `physics_interval_ticks` ticks: twice a second at 1 simulated h/s, once every five seconds
//! at 0.1 h/s), so each cell is drawn on its way from where it was drawn when it last moved to
//! where the simulation put it, over one mechanics step (and so one step behind). Its size
//! glides the same way.
//!
//! The transform stays the simulation's: the drawn pose is written just before Bevy
//! propagates transforms for rendering and the simulation's pose put back just after, so the
//! simulation, saves and everything in `Update` see only the simulation's positions.

use bevy::prelude::*;
use bevy::transform::TransformSystems;

use crate::sim::agents::{Cell, Hsc};
use crate::sim::mechanics::MechanicsSet;
use crate::sim::{Model, SimClock, SimSet};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, start_gliding)
        .add_systems(
            FixedUpdate,
            note_moves
                .after(MechanicsSet::Writeback)
                .after(SimSet::Census),
        )
        .add_systems(
            PostUpdate,
            (
                draw_glided_poses.before(TransformSystems::Propagate),
                restore_sim_poses.after(TransformSystems::Propagate),
            ),
        );
}

/// Where a cell is drawn from and to, and the tick it started gliding.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Glide {
    pub from: Vec3,
    pub to: Vec3,
    pub from_size: f32,
    pub to_size: f32,
    /// The tick (fractional: a frame's time in ticks) the glide began.
    pub since: f64,
}

impl Glide {
    pub fn at_rest(t: &Transform, now: f64) -> Self {
        Self {
            from: t.translation,
            to: t.translation,
            from_size: t.scale.x,
            to_size: t.scale.x,
            since: now,
        }
    }

    /// The drawn position and size `now` (in ticks), gliding over `span` ticks.
    pub fn pose(&self, now: f64, span: f64) -> (Vec3, f32) {
        // At an even pace: a cell crawling steadily glides at its crawling speed.
        let s = (((now - self.since) / span.max(1e-6)).clamp(0.0, 1.0)) as f32;
        (
            self.from.lerp(self.to, s),
            self.from_size + (self.to_size - self.from_size) * s,
        )
    }

    /// The simulation moved the cell to `t` at tick `now`: glide on from where it is drawn.
    pub fn retarget(&mut self, t: &Transform, now: f64, span: f64) {
        let (at, size) = self.pose(now, span);
        *self = Self {
            from: at,
            to: t.translation,
            from_size: size,
            to_size: t.scale.x,
            since: now,
        };
    }
}

/// Ticks a glide lasts: one mechanics step.
pub fn glide_span(model: &Model) -> f64 {
    model.k.physics_interval_ticks.max(1) as f64
}

fn start_gliding(
    mut commands: Commands,
    clock: Res<SimClock>,
    cells: Query<(Entity, &Transform), (Or<(With<Cell>, With<Hsc>)>, Without<Glide>)>,
) {
    for (e, t) in &cells {
        commands
            .entity(e)
            .try_insert(Glide::at_rest(t, clock.tick as f64));
    }
}

/// After each tick: cells the simulation moved (or resized) start a new glide.
fn note_moves(clock: Res<SimClock>, model: Res<Model>, mut cells: Query<(&Transform, &mut Glide)>) {
    let (now, span) = (clock.tick as f64, glide_span(&model));
    for (t, mut g) in &mut cells {
        if t.translation != g.to || t.scale.x != g.to_size {
            g.retarget(t, now, span);
        }
    }
}

/// The frame's time in ticks: the last tick plus the share of the next one already elapsed.
fn frame_ticks(clock: &SimClock, fixed: &Time<Fixed>) -> f64 {
    clock.tick as f64 + fixed.overstep_fraction_f64()
}

fn draw_glided_poses(
    clock: Res<SimClock>,
    model: Res<Model>,
    fixed: Res<Time<Fixed>>,
    mut cells: Query<(&mut Transform, &Glide)>,
) {
    let (now, span) = (frame_ticks(&clock, &fixed), glide_span(&model));
    for (mut t, g) in &mut cells {
        let (at, size) = g.pose(now, span);
        t.translation = at;
        t.scale = Vec3::splat(size);
    }
}

fn restore_sim_poses(mut cells: Query<(&mut Transform, &Glide)>) {
    for (mut t, g) in &mut cells {
        t.translation = g.to;
        t.scale = Vec3::splat(g.to_size);
    }
}
