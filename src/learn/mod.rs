//! The learning game's data, without any window: the codex and its quiz questions, the
//! bundled challenges and how a run is scored, and the player's saved progress.

pub mod challenges;
pub mod codex;
pub mod palette;
pub mod progress;
