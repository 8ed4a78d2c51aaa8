//! The learning game's data, without any window: the codex and its quiz questions, the
//! bundled challenges and how a run is scored, the player's saved progress, names of cells for
//! people, and scenarios checked against the codex.

pub mod challenges;
pub mod codex;
pub mod names;
pub mod palette;
pub mod progress;
pub mod scenario_check;
