//! The player's progress and settings, kept as `progress.ron` in the data folder. A damaged
//! file is moved aside (never deleted) and reported; the game then starts fresh.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Version of the progress format this build writes.
pub const PROGRESS_FORMAT: u32 = 1;

/// The file name inside the data folder.
pub const FILE_NAME: &str = "progress.ron";

/// Colours for the cell lineages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Palette {
    /// The kinetic table's own colours.
    #[default]
    Standard,
    /// Hues told apart with any common colour vision (Okabe and Ito's set).
    ColourBlindSafe,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Size of the panels and text, 0.75 to 2.
    pub ui_scale: f32,
    pub palette: Palette,
    /// Dragging up tilts the camera down, as in flight controls.
    pub invert_camera: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            ui_scale: 1.0,
            palette: Palette::Standard,
            invert_camera: false,
        }
    }
}

/// Smallest and largest UI scale offered.
pub const UI_SCALE_RANGE: (f32, f32) = (0.75, 2.0);

impl Settings {
    /// The settings with any out-of-range number brought back into range.
    pub fn sanitised(mut self) -> Self {
        let (lo, hi) = UI_SCALE_RANGE;
        self.ui_scale = if self.ui_scale.is_finite() {
            self.ui_scale.clamp(lo, hi)
        } else {
            1.0
        };
        self
    }
}

/// The best result of one challenge.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChallengeRecord {
    pub best_stars: u8,
    pub best_score: u32,
    pub attempts: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    pub format: u32,
    pub settings: Settings,
    /// The guided tour has been finished or skipped.
    pub tutorial_done: bool,
    /// By challenge file name.
    pub challenges: BTreeMap<String, ChallengeRecord>,
    /// Codex entries the player has met.
    pub codex: BTreeSet<String>,
    /// Quiz questions answered right at least once.
    pub answered: BTreeSet<String>,
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            format: PROGRESS_FORMAT,
            settings: Settings::default(),
            tutorial_done: false,
            challenges: BTreeMap::new(),
            codex: BTreeSet::new(),
            answered: BTreeSet::new(),
        }
    }
}

/// What loading found.
#[derive(Debug)]
pub struct Loaded {
    pub progress: Progress,
    /// A problem to tell the player about (a damaged file moved aside, an unreadable folder).
    pub warning: Option<String>,
    /// The file was not there: a first run.
    pub first_run: bool,
}

/// The progress file in `data_dir`.
pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

impl Progress {
    /// Reads `path`. A missing file is a first run; a damaged one is renamed to
    /// `progress.ron.damaged-N` (N counting up, nothing overwritten) and reported.
    pub fn load(path: &Path) -> Loaded {
        let name = path.display().to_string();
        let text = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Loaded {
                    progress: Progress::default(),
                    warning: None,
                    first_run: true,
                };
            }
            Err(e) => {
                return Loaded {
                    progress: Progress::default(),
                    warning: Some(format!(
                        "{name}: cannot read ({e}); progress will not be kept this time"
                    )),
                    first_run: false,
                };
            }
        };
        match Self::parse(&text) {
            Ok(p) => Loaded {
                progress: p,
                warning: None,
                first_run: false,
            },
            Err(problem) => {
                let aside = set_aside(path);
                let moved = match &aside {
                    Ok(to) => format!("moved to {}", to.display()),
                    Err(e) => format!("could not be moved aside ({e})"),
                };
                Loaded {
                    progress: Progress::default(),
                    warning: Some(format!(
                        "{name}:{problem}; the damaged file was {moved} and progress starts afresh"
                    )),
                    first_run: false,
                }
            }
        }
    }

    /// Parses progress bytes; the error is `line:col: message`.
    pub fn parse(bytes: &[u8]) -> Result<Progress, String> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| format!("1:1: not text (byte {} is not UTF-8)", e.valid_up_to()))?;
        let p: Progress =
            crate::files::parse_ron(text).map_err(|(line, col, e)| format!("{line}:{col}: {e}"))?;
        if p.format != PROGRESS_FORMAT {
            return Err(format!(
                "1:1: progress format {} is not the format {PROGRESS_FORMAT} this Marrow reads",
                p.format
            ));
        }
        Ok(Progress {
            settings: p.settings.clone().sanitised(),
            ..p
        })
    }

    /// Writes beside `path` and renames, so a crash never leaves half a file.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        crate::files::write_ron(path, self, "progress")
    }

    /// Records a finished challenge; true when it beat the best so far.
    pub fn record(&mut self, challenge: &str, stars: u8, score: u32) -> bool {
        let r = self.challenges.entry(challenge.to_string()).or_default();
        r.attempts += 1;
        let better = stars > r.best_stars || (stars == r.best_stars && score > r.best_score);
        r.best_stars = r.best_stars.max(stars);
        r.best_score = r.best_score.max(score);
        better
    }

    /// Raises the best result of an attempt already recorded (a quiz answered after it).
    pub fn improve(&mut self, challenge: &str, stars: u8, score: u32) {
        let r = self.challenges.entry(challenge.to_string()).or_default();
        r.best_stars = r.best_stars.max(stars);
        r.best_score = r.best_score.max(score);
    }

    /// Stars earned over all challenges.
    pub fn total_stars(&self) -> u32 {
        self.challenges.values().map(|r| r.best_stars as u32).sum()
    }
}

/// Renames a damaged file to the first free `NAME.damaged-N`.
fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    for n in 1..1000 {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".damaged-{n}"));
        let to = PathBuf::from(name);
        if !to.exists() {
            std::fs::rename(path, &to)?;
            return Ok(to);
        }
    }
    Err(std::io::Error::other("too many damaged copies already"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temp dir")
    }

    #[test]
    fn progress_survives_a_save_and_load() {
        let dir = temp_dir();
        let path = path_in(dir.path());
        let first = Progress::load(&path);
        assert!(first.first_run && first.warning.is_none());
        let mut p = first.progress;
        p.tutorial_done = true;
        p.settings.palette = Palette::ColourBlindSafe;
        p.codex.insert("stage:CFU-E".into());
        assert!(p.record("01_first_look.ron", 2, 250));
        assert!(
            !p.record("01_first_look.ron", 1, 100),
            "a worse try keeps the best"
        );
        p.improve("01_first_look.ron", 2, 300);
        assert_eq!(
            p.challenges["01_first_look.ron"].best_score, 300,
            "the quiz adds"
        );
        p.save(&path).unwrap();
        let again = Progress::load(&path);
        assert!(!again.first_run && again.warning.is_none());
        assert_eq!(again.progress, p);
        assert_eq!(again.progress.challenges["01_first_look.ron"].attempts, 2);
        assert_eq!(again.progress.total_stars(), 2);
    }

    #[test]
    fn a_damaged_file_is_reported_and_set_aside_not_lost() {
        let dir = temp_dir();
        let path = path_in(dir.path());
        for (i, junk) in [
            &b"(format: 1, tutorial_done: maybe)"[..],
            &[0xff, 0xfe, 0x00][..],
            b"",
        ]
        .iter()
        .enumerate()
        {
            std::fs::write(&path, junk).unwrap();
            let loaded = Progress::load(&path);
            let warning = loaded.warning.expect("reported");
            assert!(warning.contains("progress.ron:"), "{warning}");
            assert!(warning.contains(&format!("damaged-{}", i + 1)), "{warning}");
            assert_eq!(loaded.progress, Progress::default());
            assert!(!path.exists(), "moved aside");
            let kept =
                std::fs::read(dir.path().join(format!("progress.ron.damaged-{}", i + 1))).unwrap();
            assert_eq!(&kept[..], *junk, "the player's file is kept as it was");
        }
    }

    #[test]
    fn settings_out_of_range_are_brought_back() {
        let p = Progress::parse(b"(format: 1, settings: (ui_scale: 40.0))").unwrap();
        assert_eq!(p.settings.ui_scale, UI_SCALE_RANGE.1);
        let p = Progress::parse(b"(format: 1, settings: (ui_scale: -1.0))").unwrap();
        assert_eq!(p.settings.ui_scale, UI_SCALE_RANGE.0);
        assert!(
            Progress::parse(b"(format: 7)")
                .unwrap_err()
                .contains("format 7")
        );
    }
}
