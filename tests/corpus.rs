//! A corpus of malformed scenario files (`tests/corpus/*.ron`): each must be rejected with
//! the exact line, column and message listed for it in `tests/corpus/expected.txt`
//! (`FILE<TAB>LINE:COL: message`, the message as `marrow validate` prints it after
//! `file:line:col: `).

use std::collections::BTreeMap;
use std::path::Path;

use marrow::scenario::Scenario;

const DIR: &str = "tests/corpus";

fn bad(row: usize) -> ! {
    panic!("expected.txt:{}: not `FILE<TAB>LINE:COL: message`", row + 1)
}

/// The manifest: file name -> (line, col, message).
fn manifest() -> BTreeMap<String, (usize, usize, String)> {
    let text = std::fs::read_to_string(Path::new(DIR).join("expected.txt")).unwrap();
    let mut out = BTreeMap::new();
    for (n, row) in text.lines().enumerate() {
        let (file, rest) = row.split_once('\t').unwrap_or_else(|| bad(n));
        let (place, message) = rest.split_once(": ").unwrap_or_else(|| bad(n));
        let (line, col) = place.split_once(':').unwrap_or_else(|| bad(n));
        let line: usize = line.parse().unwrap_or_else(|_| bad(n));
        let col: usize = col.parse().unwrap_or_else(|_| bad(n));
        let place = (line, col, message.to_string());
        assert!(
            out.insert(file.to_string(), place).is_none(),
            "expected.txt lists {file} twice"
        );
    }
    out
}

#[test]
fn every_malformed_scenario_is_rejected_with_its_exact_place_and_message() {
    let expected = manifest();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(DIR).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            files.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    files.sort();
    assert!(files.len() >= 32, "only {} files in {DIR}", files.len());
    for file in &files {
        assert!(
            expected.contains_key(file),
            "{file} has no line in expected.txt"
        );
    }
    let mut wrong = Vec::new();
    for (file, (line, col, message)) in &expected {
        assert!(
            files.contains(file),
            "expected.txt lists {file}, which is not in {DIR}"
        );
        let path = Path::new(DIR).join(file);
        match Scenario::load(&path) {
            Ok(_) => wrong.push(format!("{file}: accepted")),
            Err(e) => {
                assert_eq!(e.file, path.display().to_string(), "{e}");
                if (e.line, e.col, &e.message) != (*line, *col, message) {
                    wrong.push(format!(
                        "{file}:\n  expected {line}:{col}: {message}\n       got {}:{}: {}",
                        e.line, e.col, e.message
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_binary_file_really_holds_bytes_that_are_not_utf8() {
    let bytes = std::fs::read(Path::new(DIR).join("41_binary_garbage.ron")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    assert!(bytes.windows(3).any(|w| w == [0xff, 0xfe, 0x00]));
}
