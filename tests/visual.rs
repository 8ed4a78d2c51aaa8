//! The real game window, rendered on the CPU under a virtual X server: the screenshot must show
//! the marrow's cells in their colours and the panels. Needs `xvfb-run` and a Vulkan driver
//! (Debian: `xvfb mesa-vulkan-drivers`, see README).

use std::process::Command;

/// Decoded RGB pixels of a PNG.
fn read_png(path: &std::path::Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::io::BufReader::new(std::fs::File::open(path).expect("screenshot exists"));
    let mut reader = png::Decoder::new(file).read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected colour type {other:?}"),
    };
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, pixels)
}

#[test]
fn the_game_window_shows_the_marrow_cells_in_their_colours() {
    let dir = crate::scratch();
    let shot = dir.path().join("window.png");
    let output = Command::new("xvfb-run")
        // The game keeps its progress in the data folder: give it a scratch one.
        .env("MARROW_DATA_DIR", dir.path().join("data"))
        .args(["-a", "-s", "-screen 0 1440x900x24"])
        .arg(env!("CARGO_BIN_EXE_marrow"))
        .args(["play", "--frames", "8", "--screenshot"])
        .arg(&shot)
        .output()
        .expect("xvfb-run is installed (apt-get install xvfb mesa-vulkan-drivers)");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the game exited with {:?}:\n{log}",
        output.status
    );
    assert!(!log.contains("panicked"), "{log}");

    let (w, h, px) = read_png(&shot);
    assert_eq!((w, h), (1440, 900));
    let count = |pred: &dyn Fn([u8; 3]) -> bool| {
        px.iter().filter(|p| pred(**p)).count() as f64 / px.len() as f64
    };
    // Not blank: many distinct colours, neither all dark nor all one shade.
    let mut distinct: Vec<[u8; 3]> = px
        .iter()
        .map(|p| [p[0] >> 4, p[1] >> 4, p[2] >> 4])
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(
        distinct.len() > 200,
        "only {} colour bins: blank or flat image",
        distinct.len()
    );
    // Neutrophil-line cells are blue, erythroid cells red, the bone pale cream, the panels dark grey.
    let blue = count(&|[r, g, b]| b > 150 && b as i32 > r as i32 + 40 && b >= g);
    let red = count(&|[r, g, b]| r > 150 && r as i32 > g as i32 + 70 && r as i32 > b as i32 + 60);
    let bone = count(&|[r, g, b]| r > 200 && g > 190 && b > 150 && b < 225 && r > b + 15);
    let panel = count(&|[r, g, b]| (20..60).contains(&r) && r == g && g == b);
    assert!(
        blue > 0.01,
        "neutrophil blue covers only {:.3} % of the window",
        blue * 100.0
    );
    assert!(
        red > 0.0005,
        "erythroid red covers only {:.4} % of the window",
        red * 100.0
    );
    assert!(
        bone > 0.01,
        "bone covers only {:.3} % of the window",
        bone * 100.0
    );
    assert!(
        panel > 0.10,
        "the egui panels cover only {:.3} % of the window",
        panel * 100.0
    );
    eprintln!(
        "window: {} colour bins; blue {:.2} %, red {:.3} %, bone {:.2} %, panels {:.1} %",
        distinct.len(),
        blue * 100.0,
        red * 100.0,
        bone * 100.0,
        panel * 100.0
    );
}

#[test]
fn a_damaged_progress_file_is_set_aside_and_the_title_screen_still_opens() {
    let dir = crate::scratch();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let junk = b"(format: 1, codex: [\"kind:erythroid\", tutorial_done: yes\x00\xff";
    std::fs::write(data.join("progress.ron"), junk).unwrap();
    let shot = dir.path().join("title.png");
    let output = Command::new("xvfb-run")
        .env("MARROW_DATA_DIR", &data)
        .args(["-a", "-s", "-screen 0 1440x900x24"])
        .arg(env!("CARGO_BIN_EXE_marrow"))
        .args(["play", "--screen", "title", "--frames", "3", "--screenshot"])
        .arg(&shot)
        .output()
        .expect("xvfb-run is installed");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{log}");
    assert!(!log.contains("panicked"), "{log}");
    let kept = std::fs::read(data.join("progress.ron.damaged-1")).expect("set aside");
    assert_eq!(
        &kept[..],
        &junk[..],
        "the damaged file is kept byte for byte"
    );
    let (w, h, _) = read_png(&shot);
    assert_eq!((w, h), (1440, 900));
}
