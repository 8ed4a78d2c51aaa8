//! A whole kinetic table read from a file (`--kinetics FILE`, the format of
//! `assets/kinetics.ron`), checked, with every problem at its line and column.

use std::path::Path;

use super::ScenarioError;
use super::ron_errors::{
    FieldHints, locate_line_col, parse_path, parse_ron, read_limited, utf8_text,
};
use crate::biology::kinetics::Kinetics;

/// Reads and checks a kinetic table.
pub fn load_kinetics(path: &Path) -> Result<Kinetics, ScenarioError> {
    let (name, bytes) = read_limited(path)?;
    let text = utf8_text(&name, &bytes)?;
    parse_kinetics(&name, text)
}

/// Parses and checks kinetic-table text; errors name `file`.
pub fn parse_kinetics(file: &str, text: &str) -> Result<Kinetics, ScenarioError> {
    let k: Kinetics = parse_ron(file, text, &FieldHints::NONE)?;
    k.check().map_err(|(field, message)| {
        let (line, col) = locate_line_col(text, &parse_path(&field));
        ScenarioError {
            file: file.into(),
            line,
            col,
            message: format!("{field}: {message}"),
        }
    })?;
    Ok(k)
}
