//! Saved games: save → load → run gives exactly the run that was never interrupted.

use marrow::biology::conditions::{ConditionEvent, ConditionKind};
use marrow::sim::SimClock;
use marrow::sim::SimSetup;
use marrow::sim::census::{Census, to_csv};
use marrow::sim::conditions::Timeline;
use marrow::sim::save::{SaveFile, resume_headless, save};

/// A healthy run in which the player starts an infection on day 2.
fn played(days_before_save: u64) -> bevy::app::App {
    let mut app = marrow::headless_app(SimSetup::healthy_adult());
    marrow::run_days(&mut app, 2, |_| {});
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
    marrow::run_days(&mut app, days_before_save, |_| {});
    app
}

fn csv(app: &bevy::app::App) -> String {
    to_csv(&app.world().resource::<Census>().rows)
}

#[test]
fn save_then_load_then_run_gives_the_uninterrupted_csv() {
    let mut uninterrupted = played(8);
    let expected = csv(&uninterrupted);

    let mut first = played(4);
    let path = crate::temp_path("day4.save.ron");
    save(first.world_mut(), None).write(&path).unwrap();
    drop(first);

    let loaded = SaveFile::read(&path).unwrap();
    assert_eq!(loaded.actions.len(), 1, "the infection the player started");
    assert!(loaded.state.agents.len() > 500);
    let (mut resumed, checked) = resume_headless(&loaded);
    checked.expect("the replayed state is the saved state");
    marrow::run_days(&mut resumed, 8, |_| {});
    assert_eq!(csv(&resumed), expected);
    // Both runs also end in the same state, agent for agent.
    let a = marrow::sim::save::snapshot(resumed.world_mut());
    let b = marrow::sim::save::snapshot(uninterrupted.world_mut());
    assert_eq!(a, b);
}

#[test]
fn a_damaged_save_is_reported_at_its_line_and_never_loaded() {
    let mut app = played(3);
    let path = crate::temp_path("damaged.save.ron");
    save(app.world_mut(), None).write(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let cut = text.len() / 2;
    std::fs::write(&path, &text[..cut]).unwrap();
    let e = SaveFile::read(&path).unwrap_err();
    assert!(e.starts_with(&format!("{}:", path.display())), "{e}");
    assert!(e.contains("not a Marrow save"), "{e}");
    std::fs::write(&path, b"\xff\xfe garbage").unwrap();
    assert!(SaveFile::read(&path).is_err());
    let missing = crate::temp_path("no-such.save.ron");
    assert!(
        SaveFile::read(&missing)
            .unwrap_err()
            .contains("cannot read")
    );
}

#[test]
fn a_save_replayed_by_another_model_is_flagged() {
    let mut app = played(3);
    let mut saved = save(app.world_mut(), None);
    // Another model: stem cells divide a little faster than when the save was made.
    saved.kinetics.hsc.cycle_hours *= 0.9;
    let (_, checked) = resume_headless(&saved);
    let e = checked.unwrap_err();
    assert!(e.contains("another version of the model"), "{e}");
}
