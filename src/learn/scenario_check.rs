//! Scenarios as the game and the command line read them: every check of
//! [`Scenario::parse`], and the codex entries a scenario names must exist.

use std::path::Path;

use crate::scenario::ron_errors::{
    Seg, line_col, locate_line_col, read_limited, suggest, utf8_text,
};
use crate::scenario::{Scenario, ScenarioError};

use super::codex::Codex;

/// Reads and checks a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let (name, bytes) = read_limited(path)?;
    parse_bytes(&name, &bytes)
}

/// Checks raw bytes: UTF-8 text, then [`parse`].
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Scenario, ScenarioError> {
    parse(file, utf8_text(file, bytes)?)
}

/// Parses and validates scenario text, its codex ids included.
pub fn parse(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
    let scenario = Scenario::parse(file, text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_codex(&scenario, file, text)?;
    Ok(scenario)
}

/// Each of the scenario's `codex` ids names an entry of the bundled codex; an unknown one is
/// reported at its place in `text`, with the closest id.
pub fn check_codex(scenario: &Scenario, file: &str, text: &str) -> Result<(), ScenarioError> {
    let codex = Codex::bundled();
    let Some(id) = scenario.codex.iter().find(|id| codex.entry(id).is_none()) else {
        return Ok(());
    };
    let hint = suggest(id, codex.entries.iter().map(|e| e.id.as_str()))
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    let (line, col) = text
        .find(&format!("{id:?}"))
        .map(|at| line_col(text, at))
        .unwrap_or_else(|| locate_line_col(text, &[Seg::Field("codex")]));
    Err(ScenarioError {
        file: file.into(),
        line,
        col,
        message: format!(
            "codex: unknown entry {id:?}; {hint}ids look like `kind:erythroid`, `stage:CFU-E`, `condition:Chemotherapy`, `concept:epo`"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_codex_id_is_found_with_the_closest_one() {
        let text = "(\n  title: \"x\",\n  codex: [\"condition:Chemotherapy\", \"concept:ep\"],\n)";
        let e = parse("t.ron", text).unwrap_err();
        assert_eq!((e.line, e.col), (3, 37), "{e}");
        assert!(e.message.contains("did you mean `concept:epo`?"), "{e}");
        assert!(
            Scenario::parse("t.ron", text).is_ok(),
            "the scenario itself is valid"
        );
    }
}
