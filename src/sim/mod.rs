//! The ECS simulation. Runs in `FixedUpdate`, needs no window or GPU.
//!
//! One plugin per domain, assembled by [`SimPlugin`], which also starts the first run
//! ([`lifecycle`]: the window laid out and seeded by [`marrow`], or a saved state restored by
//! [`snapshot`]): [`conditions::ConditionsPlugin`] (the timeline of conditions, crowding, malignant
//! clones), [`body::BodyPlugin`] (circulation and hormones), [`cells::CellsPlugin`] (stem
//! cells, maturation, division, apoptosis, and the resident lymphocytes and plasma cells of
//! [`residents`]), [`motion::MotionPlugin`] (chemotaxis, egress,
//! platelet shedding), [`census::CensusPlugin`] (daily records) and
//! [`mechanics::MechanicsPlugin`] (cells pushing each other, bone, vessel and fat).
//!
//! The files import one way: [`setup`] and [`run`] (what every system shares) ← [`geometry`]
//! (the layout as pure geometry) ← [`agents`] (components and spawning) ← the domains ←
//! [`snapshot`] ← [`lifecycle`] ← [`plugin`] ← [`headless`].

pub mod agents;
pub mod body;
pub mod cells;
pub mod census;
pub mod conditions;
pub mod geometry;
pub mod headless;
pub mod lifecycle;
pub mod marrow;
pub mod mechanics;
pub mod motion;
pub mod plugin;
pub mod residents;
pub mod run;
pub mod setup;
pub mod snapshot;

pub use headless::{headless_app, headless_app_from, headless_app_with, run_days, run_headless};
pub use lifecycle::{RestartRequest, Start, restart, run_ticks};
pub use plugin::SimPlugin;
pub use run::{CellEvent, Flows, Population, SimClock, SimRng, SimSet};
pub use setup::{Model, SimSetup};
