//! Saved games: save → load → run gives exactly the run that was never interrupted, at once;
//! a damaged or edited save is refused with its place; a save of the first format still loads.

use std::path::Path;

use marrow::biology::conditions::{ConditionEvent, ConditionKind};
use marrow::scenario::Scenario;
use marrow::session::saves::{Loaded, SaveFile, resume_headless};
use marrow::sim::census::{Census, to_csv};
use marrow::sim::conditions::Timeline;
use marrow::sim::snapshot::capture;
use marrow::sim::{SimClock, headless_app, run_days};

use crate::{healthy, scratch};

/// A healthy run in which the player starts an infection on day 2.
fn played(days_before_save: u64) -> bevy::app::App {
    let mut app = headless_app(healthy());
    run_days(&mut app, 2, |_| {});
    let tick = app.world().resource::<SimClock>().tick;
    app.world_mut().resource_mut::<Timeline>().push(
        tick,
        ConditionEvent {
            condition: ConditionKind::Infection,
            start_day: 2.0,
            end_day: None,
            duration_days: Some(3.0),
            strength: 0.6,
        },
    );
    run_days(&mut app, days_before_save, |_| {});
    app
}

fn csv(app: &bevy::app::App) -> String {
    to_csv(&app.world().resource::<Census>().rows)
}

fn current(loaded: Loaded) -> SaveFile {
    match loaded {
        Loaded::Current(save) => *save,
        Loaded::Legacy(_) => panic!("read as a first-format save"),
    }
}

#[test]
fn save_then_load_then_run_gives_the_uninterrupted_run() {
    let mut uninterrupted = played(8);
    let expected = csv(&uninterrupted);

    let mut first = played(4);
    let dir = scratch();
    let path = dir.path().join("day4.save.ron");
    SaveFile::of(first.world_mut(), &Scenario::healthy_adult(), None)
        .write(&path)
        .unwrap();
    let saved_tick = first.world().resource::<SimClock>().tick;
    drop(first);

    let loaded = SaveFile::read(&path).unwrap();
    let save = current(loaded.clone());
    assert_eq!(
        save.state.timeline.journal.len(),
        1,
        "the infection the player started"
    );
    assert!(save.state.cells.len() > 500);
    let (mut resumed, checked) = resume_headless(&loaded);
    checked.unwrap();
    // Restored at once, nothing replayed: the app starts at the saved tick and the frame after
    // its first runs the saved run's next tick.
    resumed.update();
    assert_eq!(resumed.world().resource::<SimClock>().tick, saved_tick);
    resumed.update();
    assert_eq!(resumed.world().resource::<SimClock>().tick, saved_tick + 1);
    run_days(&mut resumed, 8, |_| {});
    assert_eq!(csv(&resumed), expected);
    // Both runs also end in the same state, agent for agent.
    assert_eq!(
        capture(resumed.world_mut()),
        capture(uninterrupted.world_mut())
    );
}

#[test]
fn a_damaged_save_is_reported_at_its_line_and_never_loaded() {
    let mut app = played(3);
    let dir = scratch();
    let path = dir.path().join("damaged.save.ron");
    SaveFile::of(app.world_mut(), &Scenario::healthy_adult(), None)
        .write(&path)
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let cut = text.len() / 2;
    std::fs::write(&path, &text[..cut]).unwrap();
    let e = SaveFile::read(&path).unwrap_err();
    assert!(e.starts_with(&format!("{}:", path.display())), "{e}");
    assert!(e.contains("not a Marrow save"), "{e}");
    std::fs::write(&path, b"\xff\xfe garbage").unwrap();
    assert!(SaveFile::read(&path).is_err());
    let missing = dir.path().join("no-such.save.ron");
    assert!(
        SaveFile::read(&missing)
            .unwrap_err()
            .contains("cannot read")
    );
}

#[test]
fn an_edited_save_that_would_break_the_run_is_refused_naming_the_field() {
    let mut app = played(3);
    let good = SaveFile::of(app.world_mut(), &Scenario::healthy_adult(), None);
    let dir = scratch();
    let path = dir.path().join("edited.save.ron");
    let cases: Vec<(&str, Box<dyn Fn(&mut SaveFile)>)> = vec![
        (
            "cell.lineage",
            Box::new(|s| s.state.cells[0].cell.lineage = 999),
        ),
        (
            "cell.stage",
            Box::new(|s| s.state.cells[0].cell.stage = 999),
        ),
        (
            "not finite",
            Box::new(|s| s.state.cells[3].position[1] = f32::NAN),
        ),
        (
            "population.agents",
            Box::new(|s| s.state.population.agents += 1),
        ),
        (
            "state.body",
            Box::new(|s| {
                s.state.body.circulation.pools.pop();
            }),
        ),
        ("kinetics.", Box::new(|s| s.kinetics.tick_hours = 7.0)),
        ("rng_words", Box::new(|s| s.state.rng_words = "many".into())),
        ("save format 9", Box::new(|s| s.format = 9)),
    ];
    for (says, edit) in cases {
        let mut save = good.clone();
        edit(&mut save);
        save.write(&path).unwrap();
        let e = SaveFile::read(&path).expect_err(says);
        assert!(e.contains(says), "{says}: {e}");
    }
}

/// `tests/fixtures/first_format.save.ron` was written by `marrow run --scenario
/// tests/fixtures/small_marrow.ron --days 3 --save-state` before saves held the whole state.
#[test]
fn a_save_of_the_first_format_is_replayed_and_continues_as_the_run_would() {
    let loaded = SaveFile::read(Path::new("tests/fixtures/first_format.save.ron")).unwrap();
    let Loaded::Legacy(save) = &loaded else {
        panic!("a first-format save");
    };
    assert_eq!(loaded.day(), 3);
    let (mut resumed, checked) = resume_headless(&loaded);
    // Since the fixture was written the model has changed (the reticulocyte maturation shift,
    // then infection's early release, which draws from the random generator): the replay says
    // it was made by another version of the model and goes on as this model runs the saved
    // scenario.
    let e = checked.unwrap_err();
    assert!(e.contains("another version of the model"), "{e}");
    run_days(&mut resumed, 5, |_| {});
    let scenario =
        marrow::learn::scenario_check::load(Path::new("tests/fixtures/small_marrow.ron")).unwrap();
    // The save keeps the kinetic table it was made with, and the replay runs on it: the run
    // goes on as a fresh run of the saved scenario on that table would.
    let (saved, now) = (save.setup(), scenario.setup());
    assert_eq!(
        (&saved.patient, &saved.events, saved.seed),
        (&now.patient, &now.events, now.seed)
    );
    let mut fresh = headless_app(saved);
    run_days(&mut fresh, 5, |_| {});
    assert_eq!(csv(&resumed), csv(&fresh));
}
