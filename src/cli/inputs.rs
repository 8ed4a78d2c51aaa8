//! What the commands share: their result, and reading a scenario or a kinetic table.

use std::path::Path;

use marrow::biology::kinetics::Kinetics;
use marrow::learn::scenario_check;
use marrow::scenario::kinetics_file::load_kinetics;
use marrow::scenario::{Scenario, ScenarioError};

/// What a command returns: an error is printed and exits with code 2.
pub type CliResult = Result<(), Box<dyn std::error::Error>>;

/// The scenario in `path` (checked, its codex ids too), or the bundled healthy adult.
pub fn load_scenario(path: Option<&Path>) -> Result<Scenario, ScenarioError> {
    match path {
        Some(p) => scenario_check::load(p),
        None => Ok(Scenario::healthy_adult()),
    }
}

/// The kinetic table in `path`, or the bundled one.
pub fn load_table(path: Option<&Path>) -> Result<Kinetics, ScenarioError> {
    match path {
        Some(p) => load_kinetics(p),
        None => Ok(Kinetics::bundled()),
    }
}
