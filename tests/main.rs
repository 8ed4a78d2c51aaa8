//! Integration tests: one binary (faster to link), one module per topic.

mod challenges;
mod cli;
mod conditions;
mod corpus;
mod headless;
mod iron;
mod marrow_diseases;
mod modding;
mod robustness;
mod saves;
mod scenarios;
mod vessel;
#[cfg(feature = "gui")]
mod visual;

/// A scratch folder for one test, removed with everything in it when dropped.
pub fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("marrow-test-")
        .tempdir()
        .expect("a temp dir")
}

/// The bundled healthy adult's run.
pub fn healthy() -> marrow::sim::SimSetup {
    marrow::scenario::Scenario::healthy_adult().setup()
}
