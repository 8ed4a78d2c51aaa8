//! The learning game around the simulation: its screens (title, challenge select, playing,
//! results, codex, settings, the pause menu), challenges judged day by day and scored, the
//! codex and its quiz, the guided tour, demonstration mode for teachers, and the player's
//! saved progress. Each screen is a file that registers its own systems.

use bevy::prelude::*;

use crate::learn::challenges;
use crate::view::Screen;

mod challenge_run;
mod challenge_select;
mod codex_view;
mod demo;
mod menus;
mod pause_menu;
mod progress_store;
mod quiz;
mod results;
mod runs;
mod settings;
mod title;
mod tutorial;

pub use codex_view::CodexWindow;
pub use demo::Demo;
pub use progress_store::ProgressStore;
pub use runs::{ChallengeRun, Challenges, Finished, GameStart, Start, request_start};
use runs::{pause_time, start_challenge_in};
pub use tutorial::Tutorial;

/// The game: how it starts, and the player's progress as read at start-up.
pub struct GamePlugin {
    pub start: GameStart,
    pub progress: ProgressStore,
}

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        let start = self.start.clone();
        app.insert_resource(self.progress.clone())
            .insert_resource(Challenges(challenges::bundled()))
            .init_resource::<ChallengeRun>()
            .insert_resource(Demo::new(start.demo))
            .insert_resource(Tutorial::default())
            .add_systems(Startup, move |world: &mut World| {
                if let Some(i) = start.challenge {
                    start_challenge_in(world, i);
                }
            })
            .add_systems(OnExit(Screen::Playing), pause_time)
            .add_systems(OnEnter(Screen::Title), pause_time)
            .add_plugins((
                progress_store::plugin,
                challenge_run::plugin,
                title::plugin,
                challenge_select::plugin,
                settings::plugin,
                pause_menu::plugin,
                results::plugin,
                codex_view::plugin,
                tutorial::plugin,
                demo::plugin,
            ));
    }
}
