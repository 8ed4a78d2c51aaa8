//! Reading and writing the game's own RON files (progress, saves, codex): errors with their
//! place, and writes that never leave half a file.

use std::path::Path;

/// Parses RON text; a syntax or type error comes back as (line, column, message), 1-based.
pub fn parse_ron<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (usize, usize, String)> {
    crate::biology::kinetics::ron_options()
        .from_str(text)
        .map_err(|e| {
            (
                e.span.start.line.max(1),
                e.span.start.col.max(1),
                e.code.to_string(),
            )
        })
}

/// Writes `value` as pretty RON beside `path` and renames it into place (creating the folder),
/// so a failed write never clobbers the previous file. `what` names the file in errors.
pub fn write_ron<T: serde::Serialize>(path: &Path, value: &T, what: &str) -> Result<(), String> {
    let text = ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default())
        .map_err(|e| format!("{}: cannot encode the {what}: {e}", path.display()))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("ron.partial");
    std::fs::write(&tmp, text).map_err(|e| format!("{}: cannot write: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}
