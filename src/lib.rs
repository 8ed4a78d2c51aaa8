//! Marrow: a 3D simulation game of hematopoiesis.
//!
//! [`biology`] holds the pure model (data and math), [`sim`] the ECS simulation that runs with
//! or without a window, [`scenario`] the scenario files. With the `gui` feature, [`view`] and
//! [`ui`] draw the marrow window and its panels.

use bevy::app::{TaskPoolOptions, TaskPoolPlugin};
use bevy::ecs::schedule::{Schedules, SingleThreadedExecutor};
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;

pub mod bench;
pub mod biology;
pub mod files;
pub mod learn;
pub mod scenario;
pub mod sim;
pub mod stress;

#[cfg(feature = "gui")]
pub mod game;
#[cfg(feature = "gui")]
pub mod ui;
#[cfg(feature = "gui")]
pub mod view;

use sim::census::{Census, DayRow};
use sim::{SimClock, SimPlugin, SimSetup};

/// An app with the simulation and no window, renderer or GPU. Each `update()` runs one tick.
pub fn headless_app(setup: SimSetup) -> App {
    let mut app = App::new();
    app.add_plugins((
        // One thread for everything: the schedules run single-threaded (below), and a parallel
        // query over a few thousand entities spends more waking idle workers than it saves.
        TaskPoolPlugin {
            task_pool_options: TaskPoolOptions::with_num_threads(1),
        },
        bevy::time::TimePlugin,
        TransformPlugin,
    ))
    .insert_resource(TimeUpdateStrategy::FixedTimesteps(1))
    .add_plugins(SimPlugin { setup });
    app.finish();
    app.cleanup();
    // One tick is a few hundred microseconds of work split over many small systems: waking
    // worker threads for each costs more than it saves, so headless runs keep Bevy's systems
    // on one thread, the cells' mechanics included.
    for (_, schedule) in app.world_mut().resource_mut::<Schedules>().iter_mut() {
        schedule.set_executor(SingleThreadedExecutor::new());
    }
    app
}

/// Runs a headless app until `days` whole days are recorded; `progress` hears each day.
pub fn run_days(app: &mut App, days: u64, mut progress: impl FnMut(&DayRow)) {
    let mut reported = app.world().resource::<Census>().rows.len();
    loop {
        let clock = *app.world().resource::<SimClock>();
        if clock.day() >= days {
            break;
        }
        app.update();
        let rows = &app.world().resource::<Census>().rows;
        while reported < rows.len() {
            progress(&rows[reported]);
            reported += 1;
        }
    }
}

/// Runs a scenario headless and returns its daily rows.
pub fn run_headless(setup: SimSetup, days: u64) -> Vec<DayRow> {
    let mut app = headless_app(setup);
    run_days(&mut app, days, |_| {});
    app.world().resource::<Census>().rows.clone()
}
