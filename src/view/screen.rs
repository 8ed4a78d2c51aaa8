//! The screens of the game as a Bevy state, and the phases of a frame in the window
//! (`GuiSet`). Every window layer builds on these: the view, the panels and the game.

use bevy::prelude::*;

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

/// The phases of a frame in `Update`, in order: the player's input to the marrow (only
/// while playing: behind a menu screen the mouse and keys belong to the menu), what is
/// selected, then how everything is drawn.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuiSet {
    Input,
    Select,
    Present,
}

pub(super) fn plugin(app: &mut App) {
    app.configure_sets(
        Update,
        (GuiSet::Input, GuiSet::Select, GuiSet::Present).chain(),
    )
    .configure_sets(Update, GuiSet::Input.run_if(in_state(Screen::Playing)));
}
