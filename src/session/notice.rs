//! Notices: something to tell the player briefly, from any part of the game.

use bevy::prelude::*;

/// Something to tell the player briefly (where a save went, why a file was refused).
#[derive(Message, Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    /// How long it stays on screen.
    pub seconds: f64,
}

impl Notice {
    pub fn new(text: impl Into<String>, seconds: f64) -> Self {
        Self {
            text: text.into(),
            seconds,
        }
    }
}
