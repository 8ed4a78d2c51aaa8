//! What the panels read and keep between frames, shared by the panel files: the run as they
//! show it, what they change, and the panels' own state (the layout, the step and patient
//! edits waiting, the picker's and the save browser's lists).

use std::path::PathBuf;
use std::time::SystemTime;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;

use super::conditions::ConditionDrafts;
use super::plots::PlotHistory;
use crate::biology::reference::Sex;
use crate::session::library::{self, Entry};
use crate::session::source::modified_time;
use crate::session::{GameFileRequest, LegacyReplay, Notice, ScenarioStarter};
use crate::sim::body::Body;
use crate::sim::census::Census;
use crate::sim::conditions::Timeline;
use crate::sim::{Model, Population, SimClock, SimSetup};
use crate::view::settings::{LineageFilter, ViewSettings};
use crate::view::toast::Toast;

/// What the panels leave out: the game's demonstration mode hides the clutter (left panel,
/// file buttons) and, on request, every panel.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct PanelLayout {
    pub clutter_hidden: bool,
    pub all_hidden: bool,
}

/// The part of the window the panels leave for the marrow (egui points), once drawn.
#[derive(Resource, Default, Clone, Copy, Debug)]
pub struct FreeViewport(pub Option<egui::Rect>);

/// The Menu button was pressed: the game opens its pause menu.
#[derive(Message, Clone, Copy, Debug)]
pub struct OpenMenu;

/// What the player did in this run, as the objectives judge it (the game notes it).
#[derive(Resource, Default, Debug)]
pub struct PlayerActions(pub crate::scenario::objectives::PlayerLog);

/// The run as the panels show it.
#[derive(SystemParam)]
pub struct RunView<'w> {
    pub model: Res<'w, Model>,
    pub clock: Res<'w, SimClock>,
    pub body: Res<'w, Body>,
    pub pop: Res<'w, Population>,
    pub census: Res<'w, Census>,
    pub history: Res<'w, PlotHistory>,
    pub actions: Res<'w, PlayerActions>,
}

/// What the panels change.
#[derive(SystemParam)]
pub struct Controls<'w> {
    pub starter: ScenarioStarter<'w>,
    pub virtual_time: ResMut<'w, Time<Virtual>>,
    pub fixed: ResMut<'w, Time<Fixed>>,
    pub steps: ResMut<'w, StepRequest>,
    pub pending: ResMut<'w, PendingConditions>,
    pub timeline: ResMut<'w, Timeline>,
    pub drafts: ResMut<'w, ConditionDrafts>,
    pub filter: ResMut<'w, LineageFilter>,
    pub files: ResMut<'w, GameFileRequest>,
    pub picker: ResMut<'w, Picker>,
    pub saves: ResMut<'w, SaveBrowser>,
}

/// The window's own state the panels read or report to.
#[derive(SystemParam)]
pub struct Surroundings<'w> {
    pub layout: Res<'w, PanelLayout>,
    pub settings: Res<'w, ViewSettings>,
    pub toast: Res<'w, Toast>,
    pub time_real: Res<'w, Time<Real>>,
    pub legacy: Res<'w, LegacyReplay>,
    pub free: ResMut<'w, FreeViewport>,
    pub notices: MessageWriter<'w, Notice>,
    pub menu: MessageWriter<'w, OpenMenu>,
}

/// Ticks to run at once on the next frame (the Step button).
#[derive(Resource, Default)]
pub struct StepRequest(pub u32);

/// Patient conditions being edited; applied by restarting the run.
#[derive(Resource, Default, Clone, Debug)]
pub struct PendingConditions {
    pub age_years: Option<f32>,
    pub sex: Option<Sex>,
    /// `Some(None)`: born; `Some(Some(w))`: unborn at `w` weeks.
    pub gestation: Option<Option<f32>>,
}

impl PendingConditions {
    pub fn changed(&self) -> bool {
        self.age_years.is_some() || self.sex.is_some() || self.gestation.is_some()
    }

    /// Moves the edits into `setup`'s patient.
    pub fn apply_to(&mut self, setup: &mut SimSetup) {
        let patient = &mut setup.patient;
        if let Some(age) = self.age_years.take() {
            patient.age_years = age;
        }
        if let Some(sex) = self.sex.take() {
            patient.sex = sex;
        }
        if let Some(g) = self.gestation.take() {
            patient.gestation_weeks = g;
        }
    }
}

/// The scenario picker window.
#[derive(Resource, Default)]
pub struct Picker {
    pub open: bool,
    pub entries: Vec<Entry>,
}

impl Picker {
    pub fn refresh(&mut self) {
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
    pub saves: Vec<(PathBuf, String)>,
}

impl SaveBrowser {
    pub fn refresh(&mut self) {
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
