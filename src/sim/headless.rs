//! The simulation without a window, renderer or GPU: the command line's runs, the bench and
//! the tests.

use bevy::app::{TaskPoolOptions, TaskPoolPlugin};
use bevy::ecs::schedule::{Schedules, SingleThreadedExecutor};
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;

use super::census::{Census, DayRow};
use super::lifecycle::Start;
use super::plugin::SimPlugin;
use super::run::SimClock;
use super::setup::SimSetup;

/// An app with the simulation of `start` and no window. Each `update()` runs one tick.
pub fn headless_app_from(start: Start) -> App {
    headless_app_with(start, |_| {})
}

/// A headless app of `start` with more plugins (`add`, before the app is finished), such as
/// the drawn vessel's world.
pub fn headless_app_with(start: Start, add: impl FnOnce(&mut App)) -> App {
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
    .add_plugins(SimPlugin { start });
    add(&mut app);
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

/// A headless app of `setup` from day 0.
pub fn headless_app(setup: SimSetup) -> App {
    headless_app_from(Start::Fresh(setup))
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

/// Runs `setup` headless for `days` days and returns its daily rows.
pub fn run_headless(setup: SimSetup, days: u64) -> Vec<DayRow> {
    let mut app = headless_app(setup);
    run_days(&mut app, days, |_| {});
    app.world().resource::<Census>().rows.clone()
}
