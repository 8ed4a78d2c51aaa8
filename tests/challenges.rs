//! Challenge objectives judged by the simulation: scripted runs that meet and that miss them.

use marrow::biology::conditions::{ConditionEvent, ConditionKind};
use marrow::biology::kinetics::Kinetics;
use marrow::learn::challenges::{self, Challenge};
use marrow::scenario::objectives::{PlayerLog, Status};
use marrow::sim::census::Census;
use marrow::sim::conditions::Timeline;
use marrow::sim::{SimClock, headless_app};

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
    let setup = c.scenario.setup_on(&Kinetics::bundled()).expect("valid");
    let mut app = headless_app(setup);
    let mut plan = plan.to_vec();
    plan.sort_by(|a, b| a.start_day.total_cmp(&b.start_day));
    let days = c.scenario.days as u64;
    let mut next = 0;
    loop {
        let clock = *app.world().resource::<SimClock>();
        while next < plan.len() && clock.days() >= plan[next].start_day as f64 {
            let mut ev = plan[next];
            ev.start_day = clock.days() as f32;
            app.world_mut()
                .resource_mut::<Timeline>()
                .push(clock.tick, ev);
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

fn gcsf(start_day: f32) -> ConditionEvent {
    ConditionEvent {
        condition: ConditionKind::GcsfTherapy,
        start_day,
        end_day: Some(start_day + 10.0),
        duration_days: None,
        strength: 1.0,
    }
}

#[test]
fn chemotherapy_without_gcsf_misses_the_neutrophil_goal_and_timed_gcsf_meets_it() {
    let c = challenge("05_chemo_gcsf.ron");
    let anc = c
        .scenario
        .objectives
        .iter()
        .position(|o| o.measure == "anc_e3_ul")
        .expect("a neutrophil goal");
    let given = c
        .scenario
        .objectives
        .iter()
        .position(|o| o.measure == "given:GcsfTherapy")
        .expect("a treatment goal");

    let nothing = play(&c, &[], &[]);
    assert!(
        matches!(nothing[anc], Status::Failed(day, v) if (5..=35).contains(&day) && v < 0.5),
        "doing nothing lets neutrophils fall below 0.5 on more than two days by the second nadir: {:?}",
        nothing[anc]
    );
    assert!(!met(&nothing[given]));
    assert_eq!(challenges::outcome(&nothing, 0).stars, 0);

    // The panel's default course (10 days at full dose) from day 3 of each cycle.
    let treated = play(&c, &[gcsf(3.0), gcsf(24.0), gcsf(45.0)], &[]);
    assert!(
        met(&treated[anc]),
        "timed G-CSF holds neutrophils up: {:?}",
        treated[anc]
    );
    assert!(met(&treated[given]));
    assert_eq!(challenges::outcome(&treated, 2).stars, 3);
}

#[test]
fn finding_the_cells_meets_the_first_challenge_and_not_looking_misses_it() {
    let c = challenge("01_meet_the_marrow.ron");
    let found = play(
        &c,
        &[],
        &[
            (0.5, "stem_cell", "stem_cell"),
            (1.0, "erythroid", "reticulocyte"),
            (2.0, "megakaryocyte", "megakaryoblast"),
            (3.5, "neutrophil", "band neutrophil"),
        ],
    );
    assert!(found.iter().all(met), "{found:?}");
    assert_eq!(challenges::outcome(&found, 0).stars, 3);

    let idle = play(&c, &[], &[(1.0, "erythroid", "CFU-E")]);
    let missed = idle.iter().filter(|s| !met(s)).count();
    assert_eq!(missed, 4, "the four cells not found: {idle:?}");
    assert!(idle.iter().any(met), "the blood goal is still met");
    assert_eq!(challenges::outcome(&idle, 0).stars, 0);
}

#[test]
fn watching_the_bleed_heal_meets_every_goal_and_bleeding_again_fails_one() {
    let c = challenge("03_blood_loss.ron");
    let watched = play(&c, &[], &[]);
    assert!(watched.iter().all(met), "{watched:?}");
    assert_eq!(challenges::outcome(&watched, 0).stars, 3);

    let again = ConditionEvent {
        condition: ConditionKind::BloodLoss,
        start_day: 5.0,
        end_day: None,
        duration_days: None,
        strength: 0.1,
    };
    let statuses = play(&c, &[again], &[]);
    let given = c
        .scenario
        .objectives
        .iter()
        .position(|o| o.measure == "given:BloodLoss")
        .expect("a do-no-harm goal");
    assert!(
        matches!(statuses[given], Status::Failed(5, v) if v == 1.0),
        "{:?}",
        statuses[given]
    );
}

#[test]
fn spotting_the_clone_in_time_meets_every_goal_of_the_leukaemia_challenge() {
    let c = challenge("06_spot_leukaemia.ron");
    let spotted = play(&c, &[], &[(10.0, "aml_blast", "leukemic myeloblast")]);
    assert!(spotted.iter().all(met), "{spotted:?}");
    // Too late: blasts are past 20 % by the end of the search.
    let late = play(&c, &[], &[(40.0, "aml_blast", "leukemic myeloblast")]);
    assert!(!met(&late[0]), "{late:?}");
}

/// The goals that only ask the player to watch must be met by a player who watches: the
/// simulation has to show what each challenge's text promises.
#[test]
fn every_goal_that_only_asks_to_watch_is_met_by_watching() {
    for file in [
        "04_infection.ron",
        "07_spleen_takes_over.ron",
        "08_aging_marrow.ron",
        "09_before_birth.ron",
    ] {
        let c = challenge(file);
        let idle = play(&c, &[], &[]);
        for (o, s) in c.scenario.objectives.iter().zip(&idle) {
            let watching =
                !(o.measure.starts_with("inspected:") || o.measure.starts_with("given:"));
            assert!(!watching || met(s), "{file}: {} → {s:?}", o.goal);
        }
    }
}
