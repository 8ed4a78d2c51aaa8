//! The windowed app: the one place that lists the plugins, each domain's own.

use std::path::PathBuf;

use bevy::prelude::*;

use crate::biology::kinetics::Kinetics;
use crate::game::{GamePlugin, GameStart, ProgressStore};
use crate::scenario::Scenario;
use crate::session::{CurrentScenario, ScenarioSource, SessionPlugin};
use crate::sim::{SimPlugin, Start};
use crate::ui::UiPlugin;
use crate::vessel::{VesselDrive, VesselPlugin};
use crate::view::camera::OrbitCamera;
use crate::view::screenshot::ScreenshotRequest;
use crate::view::selection::PendingInspect;
use crate::view::{DEFAULT_HOURS_PER_SECOND, ViewPlugin, display_hints};

/// What the window opens with.
pub struct AppConfig {
    pub scenario: Scenario,
    /// The file the scenario came from, watched for edits.
    pub scenario_path: Option<PathBuf>,
    /// The kinetic table scenarios' overrides apply to.
    pub base_kinetics: Kinetics,
    pub screenshot: Option<ScreenshotRequest>,
    /// Simulated hours per real second at start (else the scenario's hint, else the default).
    pub hours_per_second: Option<f64>,
    /// A lineage whose most mature cell is selected at start (else the scenario's hint).
    pub inspect: Option<String>,
    pub game: GameStart,
}

/// The game window with the simulation, the 3D view, the panels and the game; an error when
/// the scenario's overrides do not fit the table.
pub fn windowed_app(config: AppConfig) -> Result<App, String> {
    let setup = config.scenario.setup_on(&config.base_kinetics)?;
    let tick_hours = setup.kinetics.tick_hours as f64;
    let mut orbit = OrbitCamera::default();
    let mut fixed = Time::<Fixed>::from_hz(DEFAULT_HOURS_PER_SECOND / tick_hours);
    let mut inspect = PendingInspect::default();
    display_hints::apply(
        &config.scenario.display,
        &mut orbit,
        &mut fixed,
        &mut inspect,
        tick_hours,
    );
    if let Some(pace) = config.hours_per_second {
        fixed.set_timestep_hz(pace / tick_hours);
    }
    if config.inspect.is_some() {
        inspect.0 = config.inspect;
    }
    let window = WindowPlugin {
        primary_window: Some(Window {
            title: "Marrow — how bone marrow makes blood".into(),
            resolution: (1440, 900).into(),
            ..default()
        }),
        ..default()
    };
    // A screenshot run compiles each pipeline before the frame that needs it, so frame N shows
    // the whole scene however busy the machine is (interactively, compiling in the background
    // keeps the window responsive).
    let render = bevy::render::RenderPlugin {
        synchronous_pipeline_compilation: config.screenshot.is_some(),
        ..default()
    };
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(window).set(render))
        .add_plugins(bevy_egui::EguiPlugin::default())
        .insert_state(config.game.screen)
        .insert_resource(fixed)
        .insert_resource(orbit)
        .insert_resource(inspect)
        .insert_resource(CurrentScenario(config.scenario))
        .insert_resource(ScenarioSource::new(
            config.scenario_path,
            config.base_kinetics,
        ))
        .add_plugins((
            SimPlugin {
                start: Start::Fresh(setup),
            },
            VesselPlugin {
                drive: VesselDrive::GameTime,
            },
            SessionPlugin,
            ViewPlugin,
            UiPlugin,
            GamePlugin {
                start: config.game,
                progress: ProgressStore::load(),
            },
        ));
    if let Some(shot) = config.screenshot {
        app.insert_resource(shot);
    }
    Ok(app)
}
