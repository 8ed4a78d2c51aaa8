//! Scenarios in the game: the picker (bundled and the player's own), hot reload of the
//! running scenario's file with its errors shown in the window, and saved games.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use bevy::prelude::*;
use bevy_egui::egui;

use crate::biology::kinetics::Kinetics;
use crate::scenario::library::{self, Entry, Source};
use crate::scenario::{Scenario, objectives};
use crate::sim::census::Census;
use crate::sim::save::{self, Replay, SaveFile};
use crate::sim::{Model, RestartRequest, SimClock, SimSetup};
use crate::view::Toast;

/// Seconds between two looks at the scenario file.
const POLL_SECONDS: f64 = 0.5;

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

fn modified_time(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The scenario picker window.
#[derive(Resource, Default)]
pub struct Picker {
    pub open: bool,
    entries: Vec<Entry>,
}

impl Picker {
    fn refresh(&mut self) {
        self.entries = library::bundled();
        if let Some(dir) = library::user_scenario_dir() {
            self.entries.extend(library::user_entries(&dir));
        }
    }
}

/// The saved-games window.
#[derive(Resource, Default)]
pub struct SaveBrowser {
    pub open: bool,
    saves: Vec<(PathBuf, String)>,
}

impl SaveBrowser {
    fn refresh(&mut self) {
        self.saves.clear();
        let Some(dir) = library::save_dir() else {
            return;
        };
        let Ok(read) = std::fs::read_dir(&dir) else {
            return;
        };
        let mut found: Vec<(SystemTime, PathBuf)> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".save.ron"))
            .map(|p| (modified_time(&p).unwrap_or(SystemTime::UNIX_EPOCH), p))
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0));
        for (_, p) in found {
            let label = p
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            self.saves.push((p, label));
        }
    }
}

/// Save or load requested from the panel, done with the whole world on the next frame.
#[derive(Resource, Default)]
pub struct GameFileRequest {
    pub save: bool,
    pub load: Option<PathBuf>,
}

/// A saved game being rebuilt, a slice each frame.
#[derive(Resource, Default)]
pub struct ActiveReplay(pub Option<Replay>);

/// Milliseconds of each frame given to rebuilding a loaded game.
const REPLAY_BUDGET_MS: u128 = 60;

/// Looks at the scenario file every half second; a good edit restarts the run with it, a bad
/// one is shown and the last good scenario keeps running.
pub fn reload_edited_scenario(
    time: Res<Time<Real>>,
    model: Res<Model>,
    mut source: ResMut<ScenarioSource>,
    mut restart: ResMut<RestartRequest>,
    mut toast: ResMut<Toast>,
) {
    let now = time.elapsed_secs_f64();
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
    match Scenario::load(&path)
        .map_err(|e| e.to_string())
        .and_then(|s| {
            SimSetup::try_new(source.base_kinetics.clone(), s)
                .map_err(|e| format!("{}: {e}", path.display()))
        }) {
        Ok(setup) => {
            source.error = None;
            if setup.scenario == model.setup.scenario && setup.kinetics == model.setup.kinetics {
                return;
            }
            *toast = Toast {
                text: format!("Reloaded {} — restarted at day 0", path.display()),
                until_secs: now + 5.0,
            };
            restart.0 = Some(setup);
        }
        Err(e) => {
            *toast = Toast {
                text: "The scenario file has an error; the last good version keeps running".into(),
                until_secs: now + 5.0,
            };
            source.error = Some(e);
        }
    }
}

/// Saves or loads a game when the panel asked for it.
pub fn save_or_load_game(world: &mut World) {
    let request = std::mem::take(&mut *world.resource_mut::<GameFileRequest>());
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    let say = |world: &mut World, text: String| {
        *world.resource_mut::<Toast>() = Toast {
            text,
            until_secs: now + 6.0,
        };
    };
    if request.save {
        let text = match save_path(world) {
            Some(path) => {
                let source = world.resource::<ScenarioSource>().path.clone();
                match save::save(world, source.as_deref()).write(&path) {
                    Ok(()) => format!("Saved {}", path.display()),
                    Err(e) => format!("Cannot save: {e}"),
                }
            }
            None => "Cannot save: no data folder (set MARROW_DATA_DIR)".into(),
        };
        say(world, text);
    }
    if let Some(path) = request.load {
        match SaveFile::read(&path) {
            Ok(file) => {
                let watch = file
                    .scenario_path
                    .as_ref()
                    .map(PathBuf::from)
                    .filter(|p| p.is_file());
                world.resource_mut::<ScenarioSource>().watch(watch);
                crate::sim::restart(world, file.setup());
                world.resource_mut::<Time<Virtual>>().pause();
                world.resource_mut::<ActiveReplay>().0 = Some(Replay::new(file));
            }
            Err(e) => say(world, format!("Cannot load: {e}")),
        }
    }
}

/// `<data dir>/saves/<scenario>-day<N>.save.ron`, numbered if taken.
fn save_path(world: &World) -> Option<PathBuf> {
    let dir = library::save_dir()?;
    let model = world.resource::<Model>();
    let day = world.resource::<SimClock>().day();
    let stem: String = world
        .resource::<ScenarioSource>()
        .path
        .as_ref()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| model.scenario.title.clone())
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

/// Rebuilds a loaded game a slice at a time, then checks it against the save.
pub fn continue_replay(world: &mut World) {
    let Some(mut replay) = world.resource_mut::<ActiveReplay>().0.take() else {
        return;
    };
    let started = std::time::Instant::now();
    let mut done = false;
    while !done && started.elapsed().as_millis() < REPLAY_BUDGET_MS {
        done = save::advance_replay(world, &mut replay, 24);
    }
    if !done {
        world.resource_mut::<ActiveReplay>().0 = Some(replay);
        return;
    }
    let day = world.resource::<SimClock>().day();
    let text = match save::verify(world, &replay.save.state) {
        Ok(()) => format!("Loaded the saved game at day {day} — paused; press Play to go on"),
        Err(e) => format!("Loaded at day {day}, but {e}"),
    };
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    *world.resource_mut::<Toast>() = Toast {
        text,
        until_secs: now + 8.0,
    };
}

/// Progress of a load in words, while one runs.
pub fn replay_progress(replay: &ActiveReplay, clock: &SimClock) -> Option<String> {
    let r = replay.0.as_ref()?;
    let target = r.save.state.tick as f64 / clock.ticks_per_day as f64;
    Some(format!(
        "Loading saved game: rebuilding day {:.0} of {:.0}…",
        clock.days().max(0.0),
        target
    ))
}

/// The red bar naming a bad edit of the scenario file.
pub fn error_bar(ui: &mut egui::Ui, source: &mut ScenarioSource) {
    let Some(error) = source.error.clone() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            egui::Color32::from_rgb(255, 110, 100),
            "⚠ Scenario file error:",
        );
        ui.label(
            egui::RichText::new(error)
                .monospace()
                .color(egui::Color32::from_rgb(255, 190, 180)),
        );
    });
    ui.horizontal(|ui| {
        ui.weak(
            "The last good version keeps running. Fix the file and save it; the game reloads it.",
        );
        if ui.small_button("Hide").clicked() {
            source.error = None;
        }
    });
}

/// The scenario picker window.
pub fn picker_window(
    ctx: &egui::Context,
    picker: &mut Picker,
    source: &mut ScenarioSource,
    restart: &mut RestartRequest,
    toast: &mut Toast,
    now: f64,
) {
    if !picker.open {
        return;
    }
    if picker.entries.is_empty() {
        picker.refresh();
    }
    let mut open = picker.open;
    let mut chosen: Option<(Option<PathBuf>, Scenario)> = None;
    let mut copy: Option<&'static str> = None;
    let mut refresh = false;
    egui::Window::new("Scenarios")
        .open(&mut open)
        .default_width(520.0)
        .default_height(600.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            let dir = library::user_scenario_dir();
            ui.horizontal_wrapped(|ui| {
                ui.label("Your scenarios folder:");
                match &dir {
                    Some(d) => {
                        ui.monospace(d.display().to_string());
                    }
                    None => {
                        ui.weak("none (set MARROW_DATA_DIR)");
                    }
                }
                if ui.button("⟳ Refresh").on_hover_text("Read the folders again").clicked() {
                    refresh = true;
                }
            });
            ui.weak("Copy a bundled scenario to make your own, edit it in any text editor, and save: the game reloads it. The format is in docs/scenarios.md.");
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                let mut heading = None;
                for entry in &picker.entries {
                    let group = match entry.source {
                        Source::Bundled(_) => "Bundled",
                        Source::User(_) => "Yours",
                    };
                    if heading != Some(group) {
                        heading = Some(group);
                        ui.add_space(4.0);
                        ui.heading(group);
                    }
                    ui.group(|ui| match &entry.scenario {
                        Ok(s) => {
                            ui.horizontal(|ui| {
                                ui.strong(&s.title);
                                ui.weak(format!("· {} · {} days · {}", s.patient.describe(), s.days, entry.file_name()));
                            });
                            if !s.description.is_empty() {
                                ui.label(&s.description);
                            }
                            for goal in &s.learning_goals {
                                ui.label(format!("• {goal}"));
                            }
                            ui.horizontal(|ui| {
                                if ui.button("▶ Play").on_hover_text("Start this scenario from day 0").clicked() {
                                    chosen = Some((entry.path(), s.clone()));
                                }
                                if let (Source::Bundled(name), Some(_)) = (&entry.source, &dir) {
                                    if ui
                                        .button("Copy to my scenarios")
                                        .on_hover_text("Put an editable copy in your folder and play it; edits you save show at once")
                                        .clicked()
                                    {
                                        copy = Some(name);
                                    }
                                }
                            });
                        }
                        Err(e) => {
                            ui.strong(entry.file_name());
                            ui.colored_label(egui::Color32::from_rgb(255, 110, 100), e.to_string());
                        }
                    });
                }
            });
        });
    picker.open = open;
    if refresh {
        picker.refresh();
    }
    if let (Some(name), Some(dir)) = (copy, library::user_scenario_dir()) {
        match library::copy_to_user(name, &dir)
            .map_err(|e| e.to_string())
            .and_then(|p| {
                Scenario::load(&p)
                    .map(|s| (p, s))
                    .map_err(|e| e.to_string())
            }) {
            Ok((path, s)) => {
                *toast = Toast {
                    text: format!(
                        "Copied to {} — edit and save it to see changes",
                        path.display()
                    ),
                    until_secs: now + 8.0,
                };
                chosen = Some((Some(path), s));
                picker.refresh();
            }
            Err(e) => {
                *toast = Toast {
                    text: format!("Cannot copy: {e}"),
                    until_secs: now + 6.0,
                }
            }
        }
    }
    if let Some((path, scenario)) = chosen {
        match SimSetup::try_new(source.base_kinetics.clone(), scenario) {
            Ok(setup) => {
                source.watch(path);
                restart.0 = Some(setup);
                picker.open = false;
            }
            Err(e) => {
                *toast = Toast {
                    text: format!("Cannot start it: {e}"),
                    until_secs: now + 6.0,
                }
            }
        }
    }
}

/// The saved-games window.
pub fn saves_window(ctx: &egui::Context, browser: &mut SaveBrowser, request: &mut GameFileRequest) {
    if !browser.open {
        return;
    }
    let mut open = browser.open;
    egui::Window::new("Saved games")
        .open(&mut open)
        .default_width(420.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            match library::save_dir() {
                Some(d) => ui.weak(format!("In {}", d.display())),
                None => ui.weak("No data folder (set MARROW_DATA_DIR)"),
            };
            if browser.saves.is_empty() {
                ui.label("No saved games yet. Use 💾 Save during a run.");
            }
            egui::ScrollArea::vertical()
                .max_height(400.0)
                .show(ui, |ui| {
                    for (path, label) in &browser.saves {
                        ui.horizontal(|ui| {
                            if ui
                                .button("Load")
                                .on_hover_text("Rebuild this run exactly as it was and pause there")
                                .clicked()
                            {
                                request.load = Some(path.clone());
                            }
                            ui.label(label);
                        });
                    }
                });
        });
    if request.load.is_some() {
        open = false;
    }
    browser.open = open;
}

/// Opens the saved-games window with a fresh list.
pub fn open_saves(browser: &mut SaveBrowser) {
    browser.refresh();
    browser.open = true;
}

/// The scenario's objectives with where each stands.
pub fn objectives_section(
    ui: &mut egui::Ui,
    model: &Model,
    census: &Census,
    log: &objectives::PlayerLog,
    now: f64,
) {
    let goals = &model.scenario.objectives;
    if goals.is_empty() {
        return;
    }
    ui.strong("Objectives").on_hover_text(
        "Set by the scenario; blood counts are checked once a simulated day, your actions at once",
    );
    for o in goals {
        let (icon, colour, note) = match o.status(&census.rows, model.scenario.days, log, now) {
            objectives::Status::Pending => ("…", egui::Color32::LIGHT_GRAY, String::new()),
            objectives::Status::Met(day) => (
                "✔",
                egui::Color32::from_rgb(120, 220, 120),
                format!(" (met, day {day})"),
            ),
            objectives::Status::Failed(day, v) => (
                "✖",
                egui::Color32::from_rgb(255, 110, 100),
                if v.is_finite() {
                    format!(" (missed on day {day}: {v:.2})")
                } else {
                    format!(" (missed by day {day})")
                },
            ),
        };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(colour, icon);
            ui.label(format!("{}{note}", o.goal))
                .on_hover_text(o.rule_text(model.scenario.days));
        });
    }
}
