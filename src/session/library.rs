//! Where scenarios and saves live: the bundled scenarios (compiled in), the player's data
//! folder with their own scenarios and saved games.

use std::path::{Path, PathBuf};

use crate::learn::scenario_check;
use crate::scenario::bundled::BUNDLED;
use crate::scenario::{Scenario, ScenarioError};

/// Environment variable that moves the player's data folder (scenarios, saves).
pub const DATA_DIR_ENV: &str = "MARROW_DATA_DIR";

/// The player's data folder: `$MARROW_DATA_DIR`, else the OS data folder (`dirs::data_dir`)
/// with `marrow` in it — `$XDG_DATA_HOME/marrow` or `~/.local/share/marrow` on Linux,
/// `~/Library/Application Support/marrow` on macOS, `%APPDATA%\marrow` on Windows.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::data_dir().map(|d| d.join("marrow")))
}

/// The player's own scenarios: `<data dir>/scenarios`.
pub fn user_scenario_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("scenarios"))
}

/// Saved games: `<data dir>/saves`.
pub fn save_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("saves"))
}

/// Where a scenario in the list comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Bundled(&'static str),
    User(PathBuf),
}

/// One scenario in the picker: valid, or its error.
#[derive(Clone, Debug)]
pub struct Entry {
    pub source: Source,
    pub scenario: Result<Scenario, ScenarioError>,
}

impl Entry {
    /// The file on disk to watch for edits: the user's file, or the bundled one's source file
    /// when the game runs from the project folder.
    pub fn path(&self) -> Option<PathBuf> {
        match &self.source {
            Source::User(p) => Some(p.clone()),
            Source::Bundled(name) => {
                let p = Path::new("assets/scenarios").join(name);
                p.is_file().then_some(p)
            }
        }
    }

    pub fn file_name(&self) -> String {
        match &self.source {
            Source::Bundled(name) => name.to_string(),
            Source::User(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }
}

/// The bundled scenarios.
pub fn bundled() -> Vec<Entry> {
    BUNDLED
        .iter()
        .map(|&(name, text)| Entry {
            source: Source::Bundled(name),
            scenario: scenario_check::parse(name, text),
        })
        .collect()
}

/// Every `.ron` file in `dir`, by name; none if the folder does not exist.
pub fn user_entries(dir: &Path) -> Vec<Entry> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ron") && p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Entry {
            scenario: scenario_check::load(&p),
            source: Source::User(p),
        })
        .collect()
}

/// Copies bundled scenario `name` into the player's folder (creating it) under a file name
/// that is not taken yet, and returns the new file.
pub fn copy_to_user(name: &str, dir: &Path) -> std::io::Result<PathBuf> {
    let text = BUNDLED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such bundled scenario")
        })?;
    std::fs::create_dir_all(dir)?;
    let stem = name.trim_end_matches(".ron");
    let mut n = 1;
    loop {
        let candidate = dir.join(if n == 1 {
            format!("my_{stem}.ron")
        } else {
            format!("my_{stem}_{n}.ron")
        });
        if !candidate.exists() {
            std::fs::write(&candidate, text)?;
            return Ok(candidate);
        }
        n += 1;
    }
}
