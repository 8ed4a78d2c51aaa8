//! The blood in the sinusoid as a rapier world (bevy_rapier3d, as published): the vessel wall a
//! fixed collider, red cells rigid discs tumbling in a Poiseuille flow, the white cells and
//! platelets that leave the marrow carried downstream, and megakaryocytes' proplatelets as
//! chains of buds on rope joints that the flow stretches until they break into platelets.
//!
//! Drawing only: it reads the model (the layout, the haematocrit, the cells that leave, the
//! shedding megakaryocytes) and never writes to it, so the blood counts are the same with or
//! without it. It needs no window: its world steps in its own schedule ([`VesselStep`]), a
//! fixed 1/60 s of game time per step, run from `Update` as game time passes (none while
//! paused, whatever the simulation's speed) or a fixed number of times per update headless.
//! Every body is pooled: none is despawned while the world lives, so no collider handle is
//! ever freed and reused (docs/performance.md).

pub mod arrivals;
pub mod flow;
pub mod lumen;
pub mod params;
pub mod proplatelets;

use bevy::ecs::schedule::ScheduleLabel;
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

pub use arrivals::Arrivals;
pub use lumen::{FlowKind, Flowing, Lumen};
pub use params::VesselParams;
pub use proplatelets::Proplatelets;

/// One step of the vessel's world: 1/`steps_per_second` s of game time.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct VesselStep;

/// The phases of a vessel step; rapier's own (`PhysicsSet`) run between `Steer` and `Tidy`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VesselSet {
    /// The wall and the pools placed for the marrow's layout.
    Layout,
    /// Cells that left the marrow enter, red cells follow the haematocrit, proplatelets grow.
    Feed,
    /// Every body's velocity drawn toward the local flow.
    Steer,
    /// Bodies leaving downstream recycled; over-stretched links broken.
    Tidy,
}

/// How the vessel's world is stepped.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub enum VesselDrive {
    /// As game time passes (the window): none while paused.
    GameTime,
    /// This many steps each app update, whatever the clock (headless runs and tests).
    PerUpdate(u32),
    /// One step every this many app updates (long headless runs: `marrow soak`).
    EveryNthUpdate(u32),
}

/// Steps taken, and the game time not yet stepped.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct VesselClock {
    pub steps: u64,
    updates: u64,
    owed_s: f32,
}

pub struct VesselPlugin {
    pub drive: VesselDrive,
}

impl Plugin for VesselPlugin {
    fn build(&self, app: &mut App) {
        let params = VesselParams::bundled();
        app.init_schedule(VesselStep)
            .insert_resource(self.drive)
            .insert_resource(TimestepMode::Fixed {
                dt: params.dt(),
                substeps: 1,
            })
            .insert_resource(params.clone())
            .init_resource::<VesselClock>()
            .init_resource::<Arrivals>()
            .init_resource::<Proplatelets>()
            .add_plugins(
                RapierPhysicsPlugin::<NoUserData>::default()
                    .with_custom_initialization(
                        RapierContextInitialization::InitializeDefaultRapierContext {
                            integration_parameters:
                                bevy_rapier3d::rapier::dynamics::IntegrationParameters {
                                    num_solver_iterations: params.solver_iterations,
                                    // Nothing is fast enough to tunnel: a step moves a body 1 µm.
                                    max_ccd_substeps: 0,
                                    ..default()
                                },
                            rapier_configuration: RapierConfiguration {
                                gravity: Vec3::ZERO,
                                ..RapierConfiguration::new(1.0)
                            },
                        },
                    )
                    .in_schedule(VesselStep),
            )
            .configure_sets(
                VesselStep,
                (
                    VesselSet::Layout,
                    VesselSet::Feed,
                    VesselSet::Steer,
                    PhysicsSet::SyncBackend,
                    PhysicsSet::StepSimulation,
                    PhysicsSet::Writeback,
                    VesselSet::Tidy,
                )
                    .chain(),
            )
            .add_systems(
                Update,
                (
                    arrivals::collect_arrivals,
                    proplatelets::despawn_retired_joints,
                    advance_vessel,
                )
                    .chain(),
            )
            .add_plugins((
                lumen::plugin,
                arrivals::plugin,
                flow::plugin,
                proplatelets::plugin,
            ));
    }
}

/// Runs as many vessel steps as the drive asks for this update.
pub fn advance_vessel(world: &mut World) {
    let dt = world.resource::<VesselParams>().dt();
    let max = world.resource::<VesselParams>().max_steps_per_frame;
    let steps = match *world.resource::<VesselDrive>() {
        VesselDrive::PerUpdate(n) => n,
        VesselDrive::EveryNthUpdate(n) => {
            let mut clock = world.resource_mut::<VesselClock>();
            clock.updates += 1;
            u32::from(clock.updates % u64::from(n.max(1)) == 0)
        }
        VesselDrive::GameTime => {
            let passed = world.resource::<Time<Virtual>>().delta_secs();
            let mut clock = world.resource_mut::<VesselClock>();
            clock.owed_s += passed;
            let due = (clock.owed_s / dt).floor() as u32;
            clock.owed_s -= due as f32 * dt;
            // A slow frame slows the flow rather than piling up steps.
            clock.owed_s = clock.owed_s.min(dt);
            due.min(max)
        }
    };
    step_vessel(world, steps);
}

/// Runs `steps` vessel steps now.
pub fn step_vessel(world: &mut World, steps: u32) {
    for _ in 0..steps {
        world.run_schedule(VesselStep);
        world.resource_mut::<VesselClock>().steps += 1;
    }
}
