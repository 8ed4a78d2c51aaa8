//! Integration tests: one binary (faster to link), one module per topic.

mod challenges;
mod cli;
mod conditions;
mod corpus;
mod headless;
#[cfg(feature = "gui")]
mod modding;
mod robustness;
mod saves;
mod scenarios;
mod visual;

/// A fresh path under the system temp dir for this test process.
pub fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("marrow-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}
