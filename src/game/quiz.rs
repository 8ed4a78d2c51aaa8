//! The quiz after a challenge: questions drawn from the codex entries it teaches.

use crate::learn::codex::Codex;

/// Questions asked after a challenge, the player's choices and whether they are checked.
#[derive(Clone, Debug, Default)]
pub struct Quiz {
    /// Question ids.
    pub questions: Vec<String>,
    pub chosen: Vec<Option<usize>>,
    pub checked: bool,
}

/// Questions per quiz.
pub const QUIZ_LENGTH: usize = 3;

impl Quiz {
    pub fn new(codex: &Codex, topics: &[String], seed: u64) -> Self {
        let questions: Vec<String> = codex
            .quiz(topics, QUIZ_LENGTH, seed)
            .into_iter()
            .map(|q| q.id.clone())
            .collect();
        Self {
            chosen: vec![None; questions.len()],
            questions,
            checked: false,
        }
    }

    /// Answers that are right.
    pub fn right(&self, codex: &Codex) -> usize {
        self.questions
            .iter()
            .zip(&self.chosen)
            .filter(|(id, c)| {
                codex
                    .questions
                    .iter()
                    .find(|q| &q.id == *id)
                    .is_some_and(|q| Some(q.answer) == **c)
            })
            .count()
    }
}
