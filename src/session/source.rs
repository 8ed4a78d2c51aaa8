//! The scenario of the run in the window: which one it is, the file it came from (watched for
//! edits, so saving it in any editor restarts the run with it), and starting one.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::notice::Notice;
use crate::biology::kinetics::Kinetics;
use crate::learn::scenario_check;
use crate::scenario::Scenario;
use crate::sim::{Model, RestartRequest, SimSetup, Start};

/// Seconds between two looks at the scenario file.
const POLL_SECONDS: f64 = 0.5;

/// The scenario being played.
#[derive(Resource, Clone, Debug)]
pub struct CurrentScenario(pub Scenario);

/// The scenario file the run came from, watched for edits.
#[derive(Resource, Clone, Debug)]
pub struct ScenarioSource {
    /// The file, when there is one on disk.
    pub path: Option<PathBuf>,
    /// The kinetic table the scenario's overrides apply to.
    pub base_kinetics: Kinetics,
    /// The file's modification time when last read.
    modified: Option<SystemTime>,
    last_poll: Option<f64>,
    /// The last bad edit's error, shown until the file is fixed.
    pub error: Option<String>,
}

impl ScenarioSource {
    pub fn new(path: Option<PathBuf>, base_kinetics: Kinetics) -> Self {
        let modified = path.as_deref().and_then(modified_time);
        Self {
            path,
            base_kinetics,
            modified,
            last_poll: None,
            error: None,
        }
    }

    /// Starts watching `path` (or nothing) from now on.
    pub fn watch(&mut self, path: Option<PathBuf>) {
        self.modified = path.as_deref().and_then(modified_time);
        self.path = path;
        self.error = None;
    }
}

pub fn modified_time(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// What starting a scenario changes: the current scenario, the watched file and the run.
#[derive(SystemParam)]
pub struct ScenarioStarter<'w> {
    pub current: ResMut<'w, CurrentScenario>,
    pub source: ResMut<'w, ScenarioSource>,
    pub restart: ResMut<'w, RestartRequest>,
}

impl ScenarioStarter<'_> {
    /// Starts `scenario` from day 0 on the player's base table, watching `path` for edits.
    /// Nothing changes when its overrides do not fit the table (the error says why).
    pub fn start(&mut self, scenario: Scenario, path: Option<PathBuf>) -> Result<(), String> {
        let setup = scenario.setup_on(&self.source.base_kinetics)?;
        self.source.watch(path);
        self.begin(scenario, Start::Fresh(setup));
        Ok(())
    }

    /// Makes `scenario` current and starts the run at `start`.
    pub fn begin(&mut self, scenario: Scenario, start: Start) {
        self.current.0 = scenario;
        self.restart.0 = Some(start);
    }

    /// Starts the current scenario over with `setup` (Reset, another patient).
    pub fn restart(&mut self, setup: SimSetup) {
        self.restart.0 = Some(Start::Fresh(setup));
    }
}

/// [`ScenarioStarter::start`] from a system that holds the whole world.
pub fn start_scenario_in(
    world: &mut World,
    scenario: Scenario,
    path: Option<PathBuf>,
) -> Result<(), String> {
    let mut state = bevy::ecs::system::SystemState::<ScenarioStarter>::new(world);
    let result = match state.get_mut(world) {
        Ok(mut starter) => starter.start(scenario, path),
        Err(e) => Err(format!("the game is not ready to start a scenario: {e}")),
    };
    state.apply(world);
    result
}

/// Looks at the scenario file every half second; a good edit restarts the run with it, a bad
/// one is shown and the last good scenario keeps running.
pub fn reload_edited_scenario(
    time: Res<Time<Real>>,
    model: Res<Model>,
    mut starter: ScenarioStarter,
    mut notices: MessageWriter<Notice>,
) {
    let now = time.elapsed_secs_f64();
    let source = &mut starter.source;
    if source.last_poll.is_some_and(|t| now - t < POLL_SECONDS) {
        return;
    }
    source.last_poll = Some(now);
    let Some(path) = source.path.clone() else {
        return;
    };
    let modified = modified_time(&path);
    if modified == source.modified {
        return;
    }
    source.modified = modified;
    let edited = scenario_check::load(&path)
        .map_err(|e| e.to_string())
        .and_then(|s| {
            let setup = s
                .setup_on(&source.base_kinetics)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((s, setup))
        });
    match edited {
        Ok((scenario, setup)) => {
            starter.source.error = None;
            if scenario == starter.current.0 && setup.kinetics == model.setup.kinetics {
                return;
            }
            notices.write(Notice::new(
                format!("Reloaded {} — restarted at day 0", path.display()),
                5.0,
            ));
            starter.begin(scenario, Start::Fresh(setup));
        }
        Err(e) => {
            notices.write(Notice::new(
                "The scenario file has an error; the last good version keeps running",
                5.0,
            ));
            starter.source.error = Some(e);
        }
    }
}
