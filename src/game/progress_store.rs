//! The player's progress in the game: read at start-up, written soon after it changes and
//! when the game closes; the settings it holds applied to the panels and the 3D view.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy_egui::EguiContexts;

use super::demo::{DEMO_ZOOM, Demo};
use crate::learn::codex::Codex;
use crate::learn::progress::{self, Progress};
use crate::session::{Notice, library};
use crate::view::settings::ViewSettings;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (apply_settings, save_progress_when_changed))
        .add_systems(Last, save_progress_on_exit);
}

/// The player's progress, where it is kept, and anything wrong with it.
#[derive(Resource, Clone, Debug)]
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

    /// Writes the progress file now; the error, if it could not be written.
    fn write(&mut self) -> Option<String> {
        self.dirty = false;
        let path = self.path.as_ref()?;
        self.progress.save(path).err()
    }
}

/// Applies the UI scale and hands the palette and camera setting to the 3D view.
fn apply_settings(
    store: Res<ProgressStore>,
    demo: Res<Demo>,
    mut contexts: EguiContexts,
    mut view: ResMut<ViewSettings>,
    mut applied: Local<Option<f32>>,
) {
    let s = &store.progress.settings;
    let zoom = s.ui_scale * if demo.on { DEMO_ZOOM } else { 1.0 };
    if *applied != Some(zoom) {
        if let Ok(ctx) = contexts.ctx_mut() {
            ctx.set_zoom_factor(zoom);
            *applied = Some(zoom);
        }
    }
    let want = ViewSettings {
        palette: s.palette,
        invert_camera: s.invert_camera,
    };
    if *view != want {
        *view = want;
    }
}

/// Writes the progress file at most every two seconds, when something changed.
fn save_progress_when_changed(
    mut store: ResMut<ProgressStore>,
    time: Res<Time<Real>>,
    mut last: Local<f64>,
    mut notices: MessageWriter<Notice>,
) {
    let now = time.elapsed_secs_f64();
    if !store.dirty || now - *last < 2.0 {
        return;
    }
    *last = now;
    if let Some(e) = store.write() {
        notices.write(Notice::new(format!("Progress not saved: {e}"), 6.0));
    }
}

/// The game is closing (Quit, or the window closed): what changed is written now.
fn save_progress_on_exit(mut exits: MessageReader<AppExit>, mut store: ResMut<ProgressStore>) {
    if exits.read().next().is_some() && store.dirty {
        if let Some(e) = store.write() {
            error!("progress not saved: {e}");
        }
    }
}
