//! Marrow: a 3D simulation game of hematopoiesis.
//!
//! The modules import one way, each only from those before it:
//! [`biology`] (the pure model: data and math) ← [`sim`] (the ECS simulation, with or
//! without a window) ← [`vessel`] (the drawn sinusoid's blood as a rapier world, reading the
//! simulation and never writing to it) ← [`scenario`] (scenario files) ← [`learn`] (codex, challenges,
//! progress) ← [`session`] (a run in the game: its scenario, saves, notices) ← [`bench`] and
//! [`stress`] (measuring tools) and, with the `gui` feature, [`view`] (the 3D window) ←
//! [`ui`] (its panels) ← [`game`] (screens, tour, results) ← [`app`] (the windowed app).

pub mod bench;
pub mod biology;
pub mod files;
pub mod learn;
pub mod scenario;
pub mod session;
pub mod sim;
pub mod stress;
pub mod vessel;

#[cfg(feature = "gui")]
pub mod app;
#[cfg(feature = "gui")]
pub mod game;
#[cfg(feature = "gui")]
pub mod ui;
#[cfg(feature = "gui")]
pub mod view;
