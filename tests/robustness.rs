//! Extremes at a reduced size (a marrow of about 250 agents with a tight entity cap, half a
//! year): no NaN or infinity, no panic, never more agents than the cap. `marrow stress` runs
//! the same cases at full size for a whole year.

use marrow::biology::kinetics::Kinetics;
use marrow::stress::{self, Case};

const AGENTS: usize = 250;
const CAP: usize = 380;
const DAYS: u32 = 180;

fn check(cases: impl Iterator<Item = Case>) {
    let mut failures = Vec::new();
    for c in cases {
        let o = stress::run_case(&c, DAYS, Some(AGENTS), Some(CAP), 1);
        assert_eq!(o.days, DAYS as u64, "{} ran to its end", o.name);
        if !o.ok() {
            failures.push(format!("{o:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_condition_at_its_weakest_keeps_numbers_finite_and_agents_under_the_cap() {
    check(
        stress::cases()
            .into_iter()
            .filter(|c| c.name.ends_with("-min")),
    );
}

#[test]
fn every_condition_at_its_strongest_keeps_numbers_finite_and_agents_under_the_cap() {
    check(
        stress::cases()
            .into_iter()
            .filter(|c| c.name.ends_with("-max") && !c.name.starts_with("all")),
    );
}

#[test]
fn all_conditions_at_once_keep_numbers_finite_and_agents_under_the_cap() {
    check(
        stress::cases()
            .into_iter()
            .filter(|c| c.name.starts_with("all-")),
    );
}

#[test]
fn a_clone_pressing_on_the_cap_is_held_at_it() {
    let aml = stress::cases()
        .into_iter()
        .find(|c| c.name == "Aml-max")
        .expect("case");
    let o = stress::run_case(&aml, 60, Some(AGENTS), Some(300), 1);
    assert!(o.ok(), "{o:?}");
    assert_eq!(
        o.peak_agents, 300,
        "the clone fills the marrow up to the cap, not past it"
    );
}

#[test]
fn a_large_marrow_is_deterministic() {
    let k = marrow::bench::scaled_kinetics(&Kinetics::bundled(), 4000);
    let run = || {
        let mut s = marrow::scenario::Scenario::healthy_adult();
        s.days = 1;
        let setup = marrow::sim::SimSetup {
            kinetics: k.clone(),
            scenario: s,
            seed: 7,
        };
        marrow::sim::census::to_csv(&marrow::run_headless(setup, 1))
    };
    let a = run();
    assert_eq!(a, run());
    let agents: f64 = a
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').nth(14))
        .and_then(|v| v.parse().ok())
        .expect("agents column");
    assert!((3000.0..5500.0).contains(&agents), "{agents} agents");
}

/// Rapier's step runs on a pool of one worker per core; its parallel parts must not make the run
/// depend on how many workers there are (docs/performance.md).
#[test]
fn the_run_does_not_depend_on_the_number_of_physics_workers() {
    use bevy_rapier3d::plugin::context::RapierContextSimulation;
    let run = |workers: Option<usize>| {
        let mut app = marrow::headless_app(marrow::sim::SimSetup::healthy_adult());
        // The first frame configures the pool and runs the warm-up.
        app.update();
        if let Some(n) = workers {
            let mut q = app.world_mut().query::<&mut RapierContextSimulation>();
            for mut sim in q.iter_mut(app.world_mut()) {
                sim.pipeline
                    .configure_thread_pool(n)
                    .expect("a thread pool");
            }
        }
        marrow::run_days(&mut app, 3, |_| {});
        let csv = marrow::sim::census::to_csv(
            &app.world().resource::<marrow::sim::census::Census>().rows,
        );
        (csv, marrow::sim::save::snapshot(app.world_mut()))
    };
    let one = run(Some(1));
    assert!(one.0.lines().count() >= 4, "three days recorded");
    assert_eq!(run(Some(3)), one, "three workers against one");
    assert_eq!(run(None), one, "one per core against one");
}

#[test]
fn physics_messages_do_not_pile_up_over_a_long_run() {
    use bevy::ecs::message::Messages;
    use bevy_rapier3d::prelude::MassModifiedEvent;
    let k = marrow::bench::scaled_kinetics(&Kinetics::bundled(), AGENTS);
    let mut s = marrow::scenario::Scenario::healthy_adult();
    s.days = 20;
    let setup = marrow::sim::SimSetup {
        kinetics: k,
        scenario: s,
        seed: 3,
    };
    let mut app = marrow::headless_app(setup);
    marrow::run_days(&mut app, 20, |_| {});
    // Every cell that moves on to a stage of another size changes its collider, and rapier's
    // bridge writes a message for it: thousands over 20 days. Only the last two frames' may
    // still be held.
    let held = app.world().resource::<Messages<MassModifiedEvent>>().len();
    assert!(held < 100, "{held} mass messages still held after 20 days");
}
