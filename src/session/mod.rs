//! A run in the game, without its window: the scenario it plays and the file that scenario
//! came from (watched for edits), saving and loading it, and notices for the player.
//! Where scenarios and saves live is [`library`].

use std::path::PathBuf;

use bevy::prelude::*;

pub mod legacy;
pub mod library;
pub mod notice;
pub mod saves;
pub mod source;

pub use notice::Notice;
use saves::{Loaded, SaveFile};
pub use source::{CurrentScenario, ScenarioSource, ScenarioStarter};

/// Save or load asked for, done with the whole world on the next frame.
#[derive(Resource, Default)]
pub struct GameFileRequest {
    pub save: bool,
    pub load: Option<PathBuf>,
}

/// A first-format save being rebuilt, a slice each frame.
#[derive(Resource, Default)]
pub struct LegacyReplay(pub Option<legacy::Replay>);

/// Milliseconds of each frame given to rebuilding a first-format save.
const REPLAY_BUDGET_MS: u128 = 60;

/// The session's resources and systems. The app inserts [`CurrentScenario`] and
/// [`ScenarioSource`] for the run it starts with.
pub struct SessionPlugin;

impl Plugin for SessionPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<Notice>()
            .init_resource::<GameFileRequest>()
            .init_resource::<LegacyReplay>()
            .add_systems(
                PreUpdate,
                (save_or_load_game, continue_legacy_replay).chain(),
            )
            .add_systems(Update, source::reload_edited_scenario);
    }
}

/// Saves or loads a game when the panel asked for it.
fn save_or_load_game(world: &mut World) {
    let request = std::mem::take(&mut *world.resource_mut::<GameFileRequest>());
    if request.save {
        let text = match save_path(world) {
            Some(path) => {
                let source = world.resource::<ScenarioSource>().path.clone();
                let scenario = world.resource::<CurrentScenario>().0.clone();
                match SaveFile::of(world, &scenario, source.as_deref()).write(&path) {
                    Ok(()) => format!("Saved {}", path.display()),
                    Err(e) => format!("Cannot save: {e}"),
                }
            }
            None => "Cannot save: no data folder (set MARROW_DATA_DIR)".into(),
        };
        world.write_message(Notice::new(text, 6.0));
    }
    if let Some(path) = request.load {
        match SaveFile::read(&path) {
            Ok(loaded) => load(world, loaded),
            Err(e) => {
                world.write_message(Notice::new(format!("Cannot load: {e}"), 6.0));
            }
        }
    }
}

/// Puts a loaded save in place of the current run, paused.
fn load(world: &mut World, loaded: Loaded) {
    let watch = loaded
        .scenario_path()
        .map(PathBuf::from)
        .filter(|p| p.is_file());
    world.resource_mut::<ScenarioSource>().watch(watch);
    world.resource_mut::<CurrentScenario>().0 = loaded.scenario().clone();
    world.resource_mut::<Time<Virtual>>().pause();
    let day = loaded.day();
    match loaded {
        Loaded::Current(save) => {
            crate::sim::restart(world, save.start());
            world.write_message(Notice::new(
                format!("Loaded the saved game at day {day} — paused; press Play to go on"),
                8.0,
            ));
        }
        Loaded::Legacy(save) => {
            crate::sim::restart(world, crate::sim::Start::Fresh(save.setup()));
            world.resource_mut::<LegacyReplay>().0 = Some(legacy::Replay::new(*save));
        }
    }
}

/// `<data dir>/saves/<scenario>-day<N>.save.ron`, numbered if taken.
fn save_path(world: &World) -> Option<PathBuf> {
    let dir = library::save_dir()?;
    let day = world.resource::<crate::sim::SimClock>().day();
    let stem: String = world
        .resource::<ScenarioSource>()
        .path
        .as_ref()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| world.resource::<CurrentScenario>().0.title.clone())
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    (1..)
        .map(|n| {
            dir.join(if n == 1 {
                format!("{stem}-day{day}.save.ron")
            } else {
                format!("{stem}-day{day}-{n}.save.ron")
            })
        })
        .find(|p| !p.exists())
}

/// Rebuilds a first-format save a slice at a time, then checks it against the save.
fn continue_legacy_replay(world: &mut World) {
    let Some(mut replay) = world.resource_mut::<LegacyReplay>().0.take() else {
        return;
    };
    let started = std::time::Instant::now();
    let mut done = false;
    while !done && started.elapsed().as_millis() < REPLAY_BUDGET_MS {
        done = replay.advance(world, 24);
    }
    if !done {
        world.resource_mut::<LegacyReplay>().0 = Some(replay);
        return;
    }
    let day = world.resource::<crate::sim::SimClock>().day();
    let text = match legacy::verify(world, &replay.save.state) {
        Ok(()) => format!("Loaded the saved game at day {day} — paused; press Play to go on"),
        Err(e) => format!("Loaded at day {day}, but {e}"),
    };
    world.write_message(Notice::new(text, 8.0));
}
