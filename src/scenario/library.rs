//! Where scenarios come from: the bundled ones (compiled in) and the player's own folder.

use std::path::{Path, PathBuf};

use super::{Scenario, ScenarioError};

/// The bundled scenarios: (file name, text). Compiled in, so the game finds them from any
/// directory.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "healthy_adult.ron",
        include_str!("../../assets/scenarios/healthy_adult.ron"),
    ),
    (
        "aging_80.ron",
        include_str!("../../assets/scenarios/aging_80.ron"),
    ),
    (
        "blood_loss.ron",
        include_str!("../../assets/scenarios/blood_loss.ron"),
    ),
    (
        "infection.ron",
        include_str!("../../assets/scenarios/infection.ron"),
    ),
    (
        "chemo_single_dose.ron",
        include_str!("../../assets/scenarios/chemo_single_dose.ron"),
    ),
    (
        "chemo_cycles.ron",
        include_str!("../../assets/scenarios/chemo_cycles.ron"),
    ),
    ("aml.ron", include_str!("../../assets/scenarios/aml.ron")),
    (
        "lymphoma.ron",
        include_str!("../../assets/scenarios/lymphoma.ron"),
    ),
    (
        "myeloma.ron",
        include_str!("../../assets/scenarios/myeloma.ron"),
    ),
    (
        "marrow_failure.ron",
        include_str!("../../assets/scenarios/marrow_failure.ron"),
    ),
    (
        "fetal_development.ron",
        include_str!("../../assets/scenarios/fetal_development.ron"),
    ),
];

/// Environment variable that moves the player's data folder (scenarios, saves).
pub const DATA_DIR_ENV: &str = "MARROW_DATA_DIR";

/// The player's data folder: `$MARROW_DATA_DIR`, else the OS data folder —
/// `$XDG_DATA_HOME/marrow` or `~/.local/share/marrow` on Linux,
/// `~/Library/Application Support/marrow` on macOS, `%APPDATA%\marrow` on Windows.
pub fn data_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = env(DATA_DIR_ENV) {
        return Some(d);
    }
    if cfg!(windows) {
        return env("APPDATA").map(|d| d.join("marrow"));
    }
    if cfg!(target_os = "macos") {
        return env("HOME").map(|h| h.join("Library/Application Support/marrow"));
    }
    env("XDG_DATA_HOME")
        .or_else(|| env("HOME").map(|h| h.join(".local/share")))
        .map(|d| d.join("marrow"))
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
            scenario: Scenario::parse(name, text),
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
            scenario: Scenario::load(&p),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_scenario_is_listed_and_valid() {
        let on_disk = std::fs::read_dir("assets/scenarios").unwrap().count();
        assert_eq!(
            BUNDLED.len(),
            on_disk,
            "assets/scenarios and BUNDLED differ"
        );
        for e in bundled() {
            e.scenario.unwrap_or_else(|err| panic!("{err}"));
        }
    }
}
