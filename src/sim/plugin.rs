//! The simulation assembled: every domain's plugin, the order of a fixed tick, and the start
//! of the first run.

use bevy::prelude::*;

use super::geometry::MarrowGeometry;
use super::lifecycle::{
    InitialStart, RestartRequest, Start, apply_restart, begin_first_run, finish_warmup,
    insert_run_state,
};
use super::run::{CellEvent, SimClock, SimSet};
use super::{body, cells, census, conditions, mechanics, motion};

/// Adds the whole simulation, physics included, to an app (all in `FixedUpdate`), starting
/// with `start`.
pub struct SimPlugin {
    pub start: Start,
}

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        insert_run_state(app.world_mut(), self.start.setup());
        app.insert_resource(InitialStart(Some(self.start.clone())))
            .init_resource::<RestartRequest>()
            .init_resource::<MarrowGeometry>()
            .add_message::<CellEvent>()
            // Nearly every cell moves each physics step, so tracking which transform trees stayed
            // still costs more than it saves (6 % of a tick at 1,000 agents); cells have no
            // parents, so propagation without it is a plain copy.
            .insert_resource(bevy::transform::StaticTransformOptimizations::Disabled)
            .configure_sets(
                FixedUpdate,
                (
                    SimSet::Clock,
                    SimSet::Conditions,
                    SimSet::Body,
                    SimSet::Cells,
                    SimSet::Motion,
                    SimSet::Census,
                )
                    .chain(),
            )
            .add_systems(Startup, begin_first_run)
            .add_systems(FixedUpdate, advance_clock.in_set(SimSet::Clock))
            .add_systems(PreUpdate, (apply_restart, finish_warmup).chain())
            .add_plugins((
                conditions::ConditionsPlugin,
                body::BodyPlugin,
                cells::CellsPlugin,
                motion::MotionPlugin,
                census::CensusPlugin,
                mechanics::MechanicsPlugin,
            ));
    }
}

fn advance_clock(mut clock: ResMut<SimClock>) {
    clock.tick += 1;
}
