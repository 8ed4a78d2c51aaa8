//! The learning game around the simulation: screens (title, challenge select, playing,
//! results, codex, settings), challenges with objectives and stars, the codex and its quiz,
//! the guided tour, demonstration mode for teachers, and the player's saved progress.

use std::collections::BTreeSet;
use std::path::PathBuf;

use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::learn::challenges::{self, Challenge, Outcome};
use crate::learn::codex::{self, Codex};
use crate::learn::progress::{self, Palette, Progress};
use crate::scenario::objectives::{PlayerLog, Status};
use crate::scenario::{Scenario, library};
use crate::sim::cells::{Cell, Hsc};
use crate::sim::census::Census;
use crate::sim::conditions::Timeline;
use crate::sim::{Model, RestartRequest, SimClock, SimSetup};
use crate::view::{Selection, Toast};

mod codex_view;
mod demo;
mod results;
mod screens;
mod tutorial;

pub use codex_view::CodexWindow;
pub use demo::Demo;
pub use tutorial::Tutorial;

/// The screens of the game.
#[derive(States, Debug, Clone, Copy, Default, Eq, PartialEq, Hash)]
pub enum Screen {
    #[default]
    Title,
    Challenges,
    Playing,
    Results,
    Codex,
    Settings,
}

impl Screen {
    /// The name `--screen` takes.
    pub fn parse(name: &str) -> Option<Screen> {
        Some(match name {
            "title" => Screen::Title,
            "challenges" => Screen::Challenges,
            "playing" => Screen::Playing,
            "codex" => Screen::Codex,
            "settings" => Screen::Settings,
            _ => return None,
        })
    }

    pub const NAMES: &'static str = "title, challenges, playing, codex, settings";
}

/// How the game starts (from the command line).
#[derive(Resource, Clone, Debug, Default)]
pub struct GameStart {
    pub screen: Screen,
    /// A bundled challenge to start at once (its index).
    pub challenge: Option<usize>,
    pub demo: bool,
}

/// The player's progress, where it is kept, and anything wrong with it.
#[derive(Resource, Debug)]
pub struct ProgressStore {
    pub progress: Progress,
    pub path: Option<PathBuf>,
    pub first_run: bool,
    /// Shown on the title screen until dismissed.
    pub warning: Option<String>,
    dirty: bool,
}

impl ProgressStore {
    /// Reads the progress file in the data folder (see [`library::data_dir`]).
    pub fn load() -> Self {
        let path = library::data_dir().map(|d| progress::path_in(&d));
        let Some(p) = &path else {
            return Self {
                progress: Progress::default(),
                path: None,
                first_run: true,
                warning: Some(
                    "No data folder (set MARROW_DATA_DIR or HOME): progress will not be kept"
                        .into(),
                ),
                dirty: false,
            };
        };
        let loaded = Progress::load(p);
        let mut store = Self {
            progress: loaded.progress,
            path,
            first_run: loaded.first_run,
            warning: loaded.warning,
            dirty: false,
        };
        store.unlock_starting();
        store
    }

    /// Opens the codex entries every player starts with.
    pub fn unlock_starting(&mut self) {
        let codex = Codex::bundled();
        for id in codex.starting_ids() {
            codex.unlock(id, &mut self.progress.codex);
        }
    }

    /// Marks the progress to be written soon.
    pub fn touch(&mut self) {
        self.dirty = true;
    }

    /// Unlocks a codex entry (and what it leads to); returns the titles newly opened.
    pub fn unlock(&mut self, id: &str) -> Vec<String> {
        let opened = Codex::bundled().unlock(id, &mut self.progress.codex);
        if !opened.is_empty() {
            self.dirty = true;
        }
        opened
    }

    fn write(&mut self) -> Option<String> {
        self.dirty = false;
        let path = self.path.as_ref()?;
        self.progress.save(path).err()
    }
}

/// The challenge being played, what the player did, and how it ended.
#[derive(Resource, Default, Debug)]
pub struct Session {
    /// Index into [`challenges::BUNDLED`], when a challenge is being played.
    pub challenge: Option<usize>,
    pub log: PlayerLog,
    pub finished: Option<Finished>,
    /// Where Back goes from the codex and settings screens.
    pub back_to: Option<Screen>,
    /// The pause menu is open.
    pub menu_open: bool,
}

/// A challenge run that reached its last day.
#[derive(Clone, Debug)]
pub struct Finished {
    pub challenge: usize,
    pub statuses: Vec<Status>,
    pub outcome: Outcome,
    pub quiz: results::Quiz,
    /// Recorded in the progress (once, when the quiz is done or skipped).
    pub recorded: bool,
}

/// The bundled challenges, parsed once.
#[derive(Resource)]
pub struct Challenges(pub Vec<Challenge>);

/// Settings the 3D view reads.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct ViewSettings {
    pub palette: Palette,
    pub invert_camera: bool,
    /// A menu screen covers the marrow: the mouse and keys belong to it, not the camera.
    pub menu_screen: bool,
}

pub struct GamePlugin;

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        let start = app
            .world()
            .get_resource::<GameStart>()
            .cloned()
            .unwrap_or_default();
        let store = ProgressStore::load();
        let settings = ViewSettings {
            palette: store.progress.settings.palette,
            invert_camera: store.progress.settings.invert_camera,
            menu_screen: start.screen != Screen::Playing,
        };
        app.insert_resource(store)
            .insert_resource(settings)
            .insert_resource(Challenges(challenges::bundled()))
            .insert_state(start.screen)
            .init_resource::<Session>()
            .init_resource::<CodexWindow>()
            .insert_resource(Demo::new(start.demo))
            .insert_resource(Tutorial::default())
            .add_systems(Startup, move |world: &mut World| {
                if let Some(i) = start.challenge {
                    start_challenge_in(world, i);
                }
            })
            .add_systems(OnExit(Screen::Playing), pause_time)
            .add_systems(OnEnter(Screen::Title), pause_time)
            .add_systems(
                Update,
                (
                    apply_settings,
                    log_inspections,
                    unlock_conditions_on_the_timeline,
                    finish_challenge_on_its_last_day,
                    toggle_pause_menu,
                    drift_camera_on_menus,
                    save_progress_when_changed,
                )
                    .chain(),
            )
            .add_plugins((tutorial::TutorialPlugin, demo::DemoPlugin))
            .add_systems(
                EguiPrimaryContextPass,
                (
                    screens::draw_title.run_if(in_state(Screen::Title)),
                    screens::draw_challenge_select.run_if(in_state(Screen::Challenges)),
                    screens::draw_settings.run_if(in_state(Screen::Settings)),
                    codex_view::draw_codex_screen.run_if(in_state(Screen::Codex)),
                    results::draw_results.run_if(in_state(Screen::Results)),
                    screens::draw_pause_menu.run_if(in_state(Screen::Playing)),
                    codex_view::draw_codex_window.run_if(in_state(Screen::Playing)),
                ),
            );
    }
}

/// Starts bundled challenge `index` from day 0 and shows it.
pub fn start_challenge_in(world: &mut World, index: usize) {
    let scenario = world.resource::<Challenges>().0[index].scenario.clone();
    start_run(world, scenario, Some(index));
}

/// Starts `scenario` from day 0 (as challenge `challenge`, if it is one), with a fresh session,
/// time running and the playing screen; a scenario that does not fit the table is a toast.
fn start_run(world: &mut World, scenario: Scenario, challenge: Option<usize>) {
    let base = world
        .resource::<crate::ui::scenarios::ScenarioSource>()
        .base_kinetics
        .clone();
    let setup = match SimSetup::try_new(base, scenario) {
        Ok(setup) => setup,
        Err(e) => {
            let now = world.resource::<Time<Real>>().elapsed_secs_f64();
            *world.resource_mut::<Toast>() = Toast {
                text: format!("Cannot start it: {e}"),
                until_secs: now + 6.0,
            };
            return;
        }
    };
    world
        .resource_mut::<crate::ui::scenarios::ScenarioSource>()
        .watch(None);
    world.resource_mut::<RestartRequest>().0 = Some(setup);
    let mut session = world.resource_mut::<Session>();
    session.challenge = challenge;
    session.log = PlayerLog::default();
    session.finished = None;
    session.menu_open = false;
    world.resource_mut::<Time<Virtual>>().unpause();
    NextState::set_if_neq(
        &mut *world.resource_mut::<NextState<Screen>>(),
        Screen::Playing,
    );
}

/// A request from a screen to start something, carried out with the whole world.
#[derive(Clone, Debug)]
pub enum Start {
    Challenge(usize),
    /// Free play of a scenario (the bundled healthy adult when `None`).
    FreePlay(Option<Scenario>),
}

/// Carries out a [`Start`] on the next command flush.
pub fn request_start(commands: &mut Commands, start: Start) {
    commands.queue(move |world: &mut World| match start {
        Start::Challenge(i) => start_challenge_in(world, i),
        Start::FreePlay(scenario) => start_run(
            world,
            scenario.unwrap_or_else(Scenario::healthy_adult),
            None,
        ),
    });
}

fn pause_time(mut time: ResMut<Time<Virtual>>) {
    time.pause();
}

/// Applies the UI scale and hands the palette and camera setting to the 3D view.
fn apply_settings(
    store: Res<ProgressStore>,
    demo: Res<Demo>,
    mut contexts: EguiContexts,
    mut view: ResMut<ViewSettings>,
    mut applied: Local<Option<f32>>,
    state: Res<State<Screen>>,
) {
    let s = &store.progress.settings;
    let zoom = s.ui_scale * if demo.on { demo::DEMO_ZOOM } else { 1.0 };
    if *applied != Some(zoom) {
        if let Ok(ctx) = contexts.ctx_mut() {
            ctx.set_zoom_factor(zoom);
            *applied = Some(zoom);
        }
    }
    let want = ViewSettings {
        palette: s.palette,
        invert_camera: s.invert_camera,
        menu_screen: *state.get() != Screen::Playing,
    };
    if *view != want {
        *view = want;
    }
}

/// The codex entries of a selected cell: its lineage's and its stage's.
pub fn cell_entries(model: &Model, lineage: u16, stage: u16) -> [String; 2] {
    let l = &model.k.lineages[lineage as usize];
    [
        codex::kind_id(&l.name),
        codex::stage_id(&l.stages[stage as usize].name),
    ]
}

/// Notes each cell the player inspects (for objectives) and unlocks its codex entries.
fn log_inspections(
    selection: Res<Selection>,
    model: Res<Model>,
    clock: Res<SimClock>,
    cells: Query<&Cell>,
    stems: Query<(), With<Hsc>>,
    mut session: ResMut<Session>,
    mut store: ResMut<ProgressStore>,
    mut toast: ResMut<Toast>,
    time: Res<Time<Real>>,
) {
    if !selection.is_changed() {
        return;
    }
    let Some(e) = selection.0 else {
        return;
    };
    let day = clock.days() as f32;
    let ids: Vec<String> = if let Ok(Cell(state)) = cells.get(e) {
        let l = &model.k.lineages[state.lineage as usize];
        session
            .log
            .inspect(day, &l.name, &l.stages[state.stage as usize].name);
        cell_entries(&model, state.lineage, state.stage).to_vec()
    } else if stems.get(e).is_ok() {
        let stem = crate::scenario::STEM_CELL;
        session.log.inspect(day, stem, stem);
        vec![codex::kind_id(stem)]
    } else {
        return;
    };
    let opened: Vec<String> = ids.iter().flat_map(|id| store.unlock(id)).collect();
    announce(&opened, &mut toast, time.elapsed_secs_f64());
}

/// A toast naming newly unlocked codex entries.
pub fn announce(opened: &[String], toast: &mut Toast, now: f64) {
    if opened.is_empty() {
        return;
    }
    *toast = Toast {
        text: format!("📖 New in the codex: {}", opened.join(", ")),
        until_secs: now + 6.0,
    };
}

/// Conditions the patient has had unlock their codex entries once they begin.
fn unlock_conditions_on_the_timeline(
    timeline: Res<Timeline>,
    clock: Res<SimClock>,
    mut session: ResMut<Session>,
    mut store: ResMut<ProgressStore>,
    mut toast: ResMut<Toast>,
    time: Res<Time<Real>>,
    mut seen: Local<BTreeSet<String>>,
) {
    if timeline.is_changed() {
        session.log.take_given(&timeline);
    }
    let day = clock.days() as f32;
    for entry in &timeline.entries {
        if entry.event.start_day <= day {
            let id = codex::condition_id(entry.event.condition);
            if seen.insert(id.clone()) {
                let opened = store.unlock(&id);
                announce(&opened, &mut toast, time.elapsed_secs_f64());
            }
        }
    }
}

/// Judges every objective of the current challenge now.
pub fn judge(model: &Model, census: &Census, log: &PlayerLog, clock: &SimClock) -> Vec<Status> {
    model
        .scenario
        .objectives
        .iter()
        .map(|o| o.status(&census.rows, model.scenario.days, log, clock.days()))
        .collect()
}

/// When a challenge's run reaches its last day: stop time, score it and show the results.
#[allow(clippy::too_many_arguments)]
fn finish_challenge_on_its_last_day(
    model: Res<Model>,
    census: Res<Census>,
    clock: Res<SimClock>,
    challenges: Res<Challenges>,
    mut session: ResMut<Session>,
    mut next: ResMut<NextState<Screen>>,
    state: Res<State<Screen>>,
    mut store: ResMut<ProgressStore>,
) {
    let Some(index) = session.challenge else {
        return;
    };
    if *state.get() != Screen::Playing
        || session.finished.is_some()
        || clock.day() < model.scenario.days as u64
        || model.scenario.title != challenges.0[index].scenario.title
    {
        return;
    }
    let statuses: Vec<Status> = judge(&model, &census, &session.log, &clock)
        .into_iter()
        .map(|s| match s {
            Status::Pending => Status::Failed(clock.day(), f64::NAN),
            s => s,
        })
        .collect();
    let outcome = challenges::outcome(&statuses, 0);
    let quiz = results::Quiz::new(
        Codex::bundled(),
        &model.scenario.codex,
        store
            .progress
            .challenges
            .get(challenges.0[index].file)
            .map_or(0, |r| r.attempts) as u64
            + index as u64 * 1000,
    );
    for id in &model.scenario.codex {
        store.unlock(id);
    }
    session.finished = Some(Finished {
        challenge: index,
        statuses,
        outcome,
        quiz,
        recorded: false,
    });
    next.set(Screen::Results);
}

/// Esc with nothing selected (or the Menu button) opens the pause menu.
fn toggle_pause_menu(
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    selection: Res<Selection>,
    state: Res<State<Screen>>,
    mut session: ResMut<Session>,
    mut had_selection: Local<bool>,
    mut time: ResMut<Time<Virtual>>,
) {
    let selected_before = *had_selection;
    *had_selection = selection.0.is_some();
    if *state.get() != Screen::Playing || egui_input.wants_any_keyboard_input() {
        return;
    }
    if keys.just_pressed(KeyCode::Escape) && !selected_before {
        session.menu_open = !session.menu_open;
        if session.menu_open {
            time.pause();
        }
    }
}

/// The marrow turns slowly behind the menus.
fn drift_camera_on_menus(
    state: Res<State<Screen>>,
    time: Res<Time<Real>>,
    mut orbit: ResMut<crate::view::OrbitCamera>,
) {
    if matches!(state.get(), Screen::Title | Screen::Challenges) {
        orbit.yaw += time.delta_secs() * 0.06;
    }
}

/// Writes the progress file at most every two seconds, when something changed.
fn save_progress_when_changed(
    mut store: ResMut<ProgressStore>,
    time: Res<Time<Real>>,
    mut last: Local<f64>,
    mut toast: ResMut<Toast>,
) {
    let now = time.elapsed_secs_f64();
    if !store.dirty || now - *last < 2.0 {
        return;
    }
    *last = now;
    if let Some(e) = store.write() {
        *toast = Toast {
            text: format!("Progress not saved: {e}"),
            until_secs: now + 6.0,
        };
    }
}

/// Stars as text: ★★☆.
pub fn stars_text(stars: u8) -> String {
    (0..3).map(|i| if i < stars { '★' } else { '☆' }).collect()
}

/// A large heading for the menu screens.
pub fn screen_title(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).size(30.0).strong());
}

/// A translucent full-window frame for menu screens, the marrow showing faintly behind.
pub fn menu_frame(alpha: u8) -> egui::Frame {
    egui::Frame::new()
        .fill(egui::Color32::from_rgba_unmultiplied(14, 10, 18, alpha))
        .inner_margin(egui::Margin::same(24))
}

/// A Ui covering the whole window, for panels.
pub fn root_ui(ctx: &egui::Context, id: &'static str) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        id.into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// A full-window area for a menu screen.
pub fn menu_screen(contexts: &mut EguiContexts, add: impl FnOnce(&mut egui::Ui)) -> Result {
    menu_screen_with(contexts, 244, add)
}

/// A menu screen whose background lets `255 - alpha` of the marrow through.
pub fn menu_screen_with(
    contexts: &mut EguiContexts,
    alpha: u8,
    add: impl FnOnce(&mut egui::Ui),
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "menu_screen");
    egui::CentralPanel::default_margins()
        .frame(menu_frame(alpha))
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, add);
        });
    Ok(())
}
