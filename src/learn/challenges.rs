//! The bundled challenges (scenario files with objectives, in `assets/challenges/`) and how a
//! finished run is scored.

use crate::scenario::Scenario;
use crate::scenario::objectives::Status;

use super::scenario_check;

macro_rules! challenge {
    ($file:literal) => {
        (
            $file,
            include_str!(concat!("../../assets/challenges/", $file)),
        )
    };
}

/// The challenges in the order they are offered: (file name, text).
pub const BUNDLED: &[(&str, &str)] = &[
    challenge!("01_meet_the_marrow.ron"),
    challenge!("02_lineage_hunt.ron"),
    challenge!("03_blood_loss.ron"),
    challenge!("04_infection.ron"),
    challenge!("05_chemo_gcsf.ron"),
    challenge!("06_spot_leukaemia.ron"),
    challenge!("07_spleen_takes_over.ron"),
    challenge!("08_aging_marrow.ron"),
    challenge!("09_before_birth.ron"),
];

/// A bundled challenge, parsed.
#[derive(Clone, Debug)]
pub struct Challenge {
    pub file: &'static str,
    pub scenario: Scenario,
}

/// Every bundled challenge (checked by the tests).
pub fn bundled() -> Vec<Challenge> {
    BUNDLED
        .iter()
        .map(|(file, text)| Challenge {
            file,
            scenario: scenario_check::parse(file, text)
                .unwrap_or_else(|e| panic!("bundled challenge: {e}")),
        })
        .collect()
}

/// How a finished challenge went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub met: usize,
    pub total: usize,
    /// 0 to 3.
    pub stars: u8,
    /// 100 per objective met, 50 per quiz answer right.
    pub score: u32,
}

/// Scores the objectives' final statuses (anything still pending counts as missed) and the
/// quiz. Stars: 3 for every objective met, 2 for two thirds, 1 for a third, else none.
pub fn outcome(statuses: &[Status], quiz_right: usize) -> Outcome {
    let met = statuses
        .iter()
        .filter(|s| matches!(s, Status::Met(_)))
        .count();
    let total = statuses.len();
    let stars = if total == 0 || met == total {
        3
    } else if 3 * met >= 2 * total {
        2
    } else if 3 * met >= total {
        1
    } else {
        0
    };
    Outcome {
        met,
        total,
        stars,
        score: 100 * met as u32 + 50 * quiz_right as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::codex::Codex;

    #[test]
    fn every_challenge_is_valid_and_teaches_something() {
        let all = bundled();
        assert!(all.len() >= 8);
        let codex = Codex::bundled();
        for c in &all {
            let s = &c.scenario;
            assert!(!s.objectives.is_empty(), "{}: no objectives", c.file);
            assert!(!s.debrief.trim().is_empty(), "{}: no debrief", c.file);
            assert!(
                !s.learning_goals.is_empty(),
                "{}: no learning goals",
                c.file
            );
            assert!(
                codex.quiz(&s.codex, 3, 0).len() >= 2,
                "{}: too few quiz questions for {:?}",
                c.file,
                s.codex
            );
            for o in &s.objectives {
                assert!(
                    !o.why.trim().is_empty(),
                    "{}: `{}` has no why",
                    c.file,
                    o.goal
                );
            }
        }
    }

    #[test]
    fn stars_follow_the_share_of_objectives_met() {
        let met = Status::Met(3);
        let miss = Status::Failed(4, 0.1);
        assert_eq!(outcome(&[met, met, met], 2).stars, 3);
        assert_eq!(outcome(&[met, met, met], 2).score, 400);
        assert_eq!(outcome(&[met, met, miss], 0).stars, 2);
        assert_eq!(outcome(&[met, miss, miss], 0).stars, 1);
        assert_eq!(outcome(&[miss, miss, miss], 3).stars, 0);
        assert_eq!(
            outcome(&[met, Status::Pending], 0).stars,
            1,
            "pending is missed"
        );
    }
}
