//! Challenge objectives judged by the simulation: scripted runs that meet and that miss them.

use marrow::biology::conditions::{ConditionEvent, ConditionKind};
use marrow::biology::kinetics::Kinetics;
use marrow::learn::challenges::{self, Challenge};
use marrow::scenario::objectives::{PlayerLog, Status};
use marrow::sim::census::Census;
use marrow::sim::conditions::Timeline;
use marrow::sim::{SimClock, SimSetup};

fn challenge(file: &str) -> Challenge {
    challenges::bundled()
        .into_iter()
        .find(|c| c.file == file)
        .unwrap_or_else(|| panic!("no challenge {file}"))
}

/// Runs a challenge to its end headless; `plan` holds conditions a player starts from the
/// panel (each at its start day), `inspect` the cells a player clicks (day, lineage, stage).
/// Returns each objective's final status.
fn play(c: &Challenge, plan: &[ConditionEvent], inspect: &[(f32, &str, &str)]) -> Vec<Status> {
    let setup = SimSetup::try_new(Kinetics::bundled(), c.scenario.clone()).expect("valid");
    let mut app = marrow::headless_app(setup);
    let mut plan = plan.to_vec();
    plan.sort_by(|a, b| a.start_day.total_cmp(&b.start_day));
    let days = c.scenario.days as u64;
    let mut next = 0;
    loop {
        let clock = *app.world().resource::<SimClock>();
        while next < plan.len() && clock.days() >= plan[next].start_day as f64 {
            let mut ev = plan[next];
            ev.start_day = clock.days() as f32;
            app.world_mut().resource_mut::<Timeline>().push(clock.tick, ev);
            next += 1;
        }
        if clock.day() >= days {
            break;
        }
        app.update();
    }
    let world = app.world();
    let mut log = PlayerLog::default();
    log.take_given(world.resource::<Timeline>());
    for (day, lineage, stage) in inspect {
        log.inspect(*day, lineage, stage);
    }
    let rows = &world.resource::<Census>().rows;
    let now = world.resource::<SimClock>().days();
    c.scenario
        .objectives
        .iter()
        .map(|o| o.status(rows, c.scenario.days, &log, now))
        .collect()
}

fn met(s: &Status) -> bool {
    matches!(s, Status::Met(_))
}
