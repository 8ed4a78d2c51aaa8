//! Extremes at a reduced size (a marrow of about 250 agents with a tight entity cap, half a
//! year): no NaN or infinity, no panic, never more agents than the cap. `marrow stress` runs
//! the same cases at full size for a whole year.

use marrow::biology::kinetics::Kinetics;
use marrow::stress::{self, Case};

const AGENTS: usize = 250;
const CAP: usize = 380;
const DAYS: u32 = 180;

fn check(cases: impl Iterator<Item = Case>) {
    let mut failures = Vec::new();
    for c in cases {
        let o = stress::run_case(&c, DAYS, Some(AGENTS), Some(CAP), 1);
        assert_eq!(o.days, DAYS as u64, "{} ran to its end", o.name);
        if !o.ok() {
            failures.push(format!("{o:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_condition_at_its_weakest_keeps_numbers_finite_and_agents_under_the_cap() {
    check(
        stress::cases()
            .into_iter()
            .filter(|c| c.name.ends_with("-min")),
    );
}

#[test]
fn every_condition_at_its_strongest_keeps_numbers_finite_and_agents_under_the_cap() {
    check(
        stress::cases()
            .into_iter()
            .filter(|c| c.name.ends_with("-max") && !c.name.starts_with("all")),
    );
}

#[test]
fn all_conditions_at_once_keep_numbers_finite_and_agents_under_the_cap() {
    check(
        stress::cases()
            .into_iter()
            .filter(|c| c.name.starts_with("all-")),
    );
}

#[test]
fn a_clone_pressing_on_the_cap_is_held_at_it() {
    let aml = stress::cases()
        .into_iter()
        .find(|c| c.name == "Aml-max")
        .expect("case");
    let o = stress::run_case(&aml, 60, Some(AGENTS), Some(300), 1);
    assert!(o.ok(), "{o:?}");
    assert_eq!(
        o.peak_agents, 300,
        "the clone fills the marrow up to the cap, not past it"
    );
}

#[test]
fn a_large_marrow_is_deterministic() {
    let k = marrow::bench::scaled_kinetics(&Kinetics::bundled(), 4000);
    let run = || {
        let setup = marrow::sim::SimSetup::healthy(k.clone(), 7);
        marrow::sim::census::to_csv(&marrow::sim::run_headless(setup, 1))
    };
    let a = run();
    assert_eq!(a, run());
    let agents: f64 = a
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').nth(14))
        .and_then(|v| v.parse().ok())
        .expect("agents column");
    assert!((3000.0..5500.0).contains(&agents), "{agents} agents");
}

/// After a few days of crawling, dividing and pushing, every cell is still inside the window,
/// clear of bone and the sinusoid, and cells press into each other and into fat or stroma by
/// no more than a small share of their size.
#[test]
fn cells_stay_in_marrow_space_and_do_not_pile_into_each_other() {
    use bevy::prelude::*;
    use marrow::sim::agents::Velocity;
    use marrow::sim::geometry::MarrowGeometry;
    let mut app = marrow::sim::headless_app(crate::healthy());
    marrow::sim::run_days(&mut app, 5, |_| {});
    let g = app.world().resource::<MarrowGeometry>().clone();
    let hsc = app.world().resource::<marrow::sim::Model>().k.hsc.clone();
    let mut q = app
        .world_mut()
        .query_filtered::<&Transform, With<Velocity>>();
    let balls: Vec<(Vec3, f32)> = q
        .iter(app.world())
        .map(|t| (t.translation, t.scale.x))
        .collect();
    assert!(balls.len() > 1500, "{} cells", balls.len());
    let eps = 1e-3;
    for &(p, r) in &balls {
        assert!(p.is_finite());
        assert!(
            p.x.abs() <= g.half_x - r + eps && p.z.abs() <= g.half - r + eps,
            "{p}"
        );
        assert!(
            p.y >= g.bone_top + r - eps && p.y <= g.half - r + eps,
            "{p}"
        );
        assert!(g.vessel_gap(p, r) >= -eps, "{p} is in the sinusoid");
    }
    // Overlap as a share of the smaller radius, over every pair of touching balls. (Rapier,
    // which moved the cells until 2026-11-26, left a mean of 0.17, 10 % of the touching pairs
    // over half a radius and the worst at 2.0 in this same check.)
    let (mut touching, mut deep, mut sum, mut worst) = (0usize, 0usize, 0.0f32, 0.0f32);
    let mut add = |overlap: f32, r: f32| {
        if overlap > 0.0 {
            touching += 1;
            deep += usize::from(overlap / r > 0.5);
            sum += overlap / r;
            worst = worst.max(overlap / r);
        }
    };
    for (i, &(p, r)) in balls.iter().enumerate() {
        for &(q, s) in &balls[i + 1..] {
            add(r + s - p.distance(q), r.min(s));
        }
        for (_, b) in g.fixed_balls(&hsc) {
            add(r + b.radius - p.distance(b.center), r.min(b.radius));
        }
    }
    let mean = sum / touching.max(1) as f32;
    eprintln!(
        "{touching} touching pairs: mean overlap {mean:.3}, {deep} over half a radius, worst {worst:.2}"
    );
    assert!(
        touching > 1000,
        "{touching} touching pairs: a packed marrow"
    );
    assert!(mean < 0.12, "mean overlap {mean} of a radius");
    assert!(
        deep * 20 < touching,
        "{deep} of {touching} pairs overlap by over half a radius"
    );
    assert!(worst < 2.0, "worst overlap {worst} of a radius");
}
