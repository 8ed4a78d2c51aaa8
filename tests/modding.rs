//! Modding in the game: editing the running scenario's file restarts the run with it; a bad
//! edit is shown with its place and the last good scenario keeps running.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use bevy::ecs::message::Messages;
use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;
use marrow::biology::kinetics::Kinetics;
use marrow::learn::scenario_check;
use marrow::session::source::reload_edited_scenario;
use marrow::session::{CurrentScenario, Notice, ScenarioSource};
use marrow::sim::{Model, RestartRequest, SimSetup, Start};

/// Writes `text` and moves the file's modification time on, as a save in an editor does.
fn edit(path: &Path, text: &str, n: u64) {
    std::fs::write(path, text).unwrap();
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000 + n))
        .unwrap();
}

/// Runs the reload system with the real clock `seconds` after start; the run it restarts.
fn poll(world: &mut World, start: Instant, seconds: u64) -> Option<SimSetup> {
    world
        .resource_mut::<Time<Real>>()
        .update_with_instant(start + Duration::from_secs(seconds));
    world.run_system_once(reload_edited_scenario).unwrap();
    match world.resource_mut::<RestartRequest>().0.take() {
        Some(Start::Fresh(setup)) => Some(setup),
        Some(Start::Saved(..)) => panic!("a reload starts afresh"),
        None => None,
    }
}

/// The notices written so far.
fn notices(world: &World) -> Vec<String> {
    world
        .resource::<Messages<Notice>>()
        .iter_current_update_messages()
        .map(|n| n.text.clone())
        .collect()
}

#[test]
fn editing_the_scenario_file_restarts_with_it_and_a_typo_is_shown_not_run() {
    let dir = crate::scratch();
    let path = dir.path().join("my_healthy.ron");
    let good = std::fs::read_to_string("assets/scenarios/healthy_adult.ron").unwrap();
    edit(&path, &good, 0);
    let scenario = scenario_check::load(&path).unwrap();
    let setup = scenario.setup();
    let mut world = World::new();
    let start = Instant::now();
    world.insert_resource(Time::<Real>::new(start));
    world.insert_resource(Model::new(&setup));
    world.insert_resource(CurrentScenario(scenario));
    world.insert_resource(ScenarioSource::new(Some(path.clone()), Kinetics::bundled()));
    world.init_resource::<RestartRequest>();
    world.init_resource::<Messages<Notice>>();

    assert!(poll(&mut world, start, 1).is_none(), "unchanged file");

    // A new user's edit: an older patient.
    let older = good.replace("age_years: 40.0", "age_years: 70.0");
    assert_ne!(older, good);
    edit(&path, &older, 1);
    let restarted = poll(&mut world, start, 2).expect("the edit restarts the run");
    assert_eq!(restarted.patient.age_years, 70.0);
    assert_eq!(
        world.resource::<CurrentScenario>().0.patient.age_years,
        70.0
    );
    assert!(world.resource::<ScenarioSource>().error.is_none());
    world.insert_resource(Model::new(&restarted));

    // A typo: nothing restarts, and the error names the file, line and column.
    let typo = older.replace("seed:", "sede:");
    edit(&path, &typo, 2);
    assert!(
        poll(&mut world, start, 3).is_none(),
        "a bad edit must not restart"
    );
    let error = world
        .resource::<ScenarioSource>()
        .error
        .clone()
        .expect("shown");
    let line = typo.lines().position(|l| l.contains("sede:")).unwrap() + 1;
    let col = typo.lines().nth(line - 1).unwrap().find("sede").unwrap() + 1;
    assert!(
        error.starts_with(&format!("{}:{line}:{col}: ", path.display())),
        "{error}"
    );
    assert!(error.contains("did you mean `seed`?"), "{error}");
    assert!(
        notices(&world)
            .iter()
            .any(|n| n.contains("last good version"))
    );
    assert_eq!(
        world.resource::<CurrentScenario>().0.patient.age_years,
        70.0
    );

    // Polled again within half a second: not read again.
    edit(
        &path,
        &older.replace("age_years: 70.0", "age_years: 75.0"),
        3,
    );
    world
        .resource_mut::<Time<Real>>()
        .update_with_instant(start + Duration::from_millis(3200));
    world.run_system_once(reload_edited_scenario).unwrap();
    assert!(world.resource_mut::<RestartRequest>().0.take().is_none());

    // Fixed: the error goes and the fixed scenario runs.
    let fixed = poll(&mut world, start, 4).expect("the fix restarts the run");
    assert_eq!(fixed.patient.age_years, 75.0);
    assert!(world.resource::<ScenarioSource>().error.is_none());
}

#[test]
fn a_bundled_scenario_copied_to_the_players_folder_is_listed_and_valid() {
    use marrow::session::library;
    let scratch = crate::scratch();
    let dir = scratch.path().join("user-scenarios");
    let copy = library::copy_to_user("blood_loss.ron", &dir).unwrap();
    assert_eq!(copy.file_name().unwrap(), "my_blood_loss.ron");
    let second = library::copy_to_user("blood_loss.ron", &dir).unwrap();
    assert_eq!(second.file_name().unwrap(), "my_blood_loss_2.ron");
    std::fs::write(dir.join("broken.ron"), "(title: \"x\", days: -3)").unwrap();
    std::fs::write(dir.join("notes.txt"), "not a scenario").unwrap();
    let entries = library::user_entries(&dir);
    let names: Vec<String> = entries.iter().map(|e| e.file_name()).collect();
    assert_eq!(
        names,
        ["broken.ron", "my_blood_loss.ron", "my_blood_loss_2.ron"]
    );
    let broken = entries[0].scenario.as_ref().unwrap_err();
    assert_eq!((broken.line, broken.col), (1, 20), "{broken}");
    assert!(entries[1].scenario.is_ok());
    assert_eq!(entries[1].path().as_deref(), Some(copy.as_path()));
}
