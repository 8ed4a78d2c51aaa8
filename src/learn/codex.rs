//! The codex: an entry for every cell kind, stage and condition, plus the ideas behind them,
//! and the quiz questions drawn from it. Data in `assets/codex.ron`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::biology::conditions::ConditionKind;
use crate::biology::kinetics::Kinetics;

/// The bundled codex text.
pub const BUNDLED: &str = include_str!("../../assets/codex.ron");

/// What an entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// A cell lineage (`kind:<lineage>`), or the stem cells.
    Kind,
    /// One stage of a lineage (`stage:<stage>`).
    Stage,
    /// A condition (`condition:<Condition>`).
    Condition,
    /// An idea behind the model (`concept:<slug>`).
    Concept,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Kind,
        Category::Stage,
        Category::Condition,
        Category::Concept,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Kind => "Cell kinds",
            Category::Stage => "Stages",
            Category::Condition => "Conditions",
            Category::Concept => "Ideas",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub category: Category,
    /// One sentence, for tooltips and the locked list.
    pub summary: String,
    pub text: String,
    #[serde(default)]
    pub see_also: Vec<String>,
    /// Entries whose unlocking unlocks this one too.
    #[serde(default)]
    pub unlocked_by: Vec<String>,
    /// Open before the player has met anything.
    #[serde(default)]
    pub from_start: bool,
}

/// A multiple-choice question about one entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// The entry it draws on.
    pub entry: String,
    pub question: String,
    pub choices: Vec<String>,
    /// Index of the right choice.
    pub answer: usize,
    /// Why the right answer is right, shown after answering.
    pub feedback: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codex {
    pub entries: Vec<Entry>,
    pub questions: Vec<Question>,
}

/// The id of a lineage's entry.
pub fn kind_id(lineage: &str) -> String {
    format!("kind:{lineage}")
}

/// The id of a stage's entry.
pub fn stage_id(stage: &str) -> String {
    format!("stage:{stage}")
}

/// The id of a condition's entry.
pub fn condition_id(kind: ConditionKind) -> String {
    format!("condition:{}", kind.name())
}

impl Codex {
    /// The bundled codex (checked by the tests).
    pub fn bundled() -> &'static Codex {
        static CODEX: OnceLock<Codex> = OnceLock::new();
        CODEX.get_or_init(|| {
            Codex::parse(BUNDLED).unwrap_or_else(|e| panic!("assets/codex.ron: {e}"))
        })
    }

    /// Reads codex text, with `line:col` for a syntax or type error.
    pub fn parse(text: &str) -> Result<Codex, String> {
        crate::files::parse_ron(text).map_err(|(line, col, e)| format!("{line}:{col}: {e}"))
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Every problem: missing entries for the model's cells and conditions, dangling
    /// references, duplicate ids, bad questions.
    pub fn problems(&self, k: &Kinetics) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for e in &self.entries {
            if !seen.insert(e.id.as_str()) {
                out.push(format!("entry {} appears twice", e.id));
            }
            if e.title.trim().is_empty() || e.summary.trim().is_empty() || e.text.trim().is_empty()
            {
                out.push(format!(
                    "entry {} has an empty title, summary or text",
                    e.id
                ));
            }
        }
        let mut required = vec![kind_id(crate::biology::kinetics::STEM_CELL)];
        for l in &k.lineages {
            required.push(kind_id(&l.name));
            required.extend(l.stages.iter().map(|s| stage_id(&s.name)));
        }
        required.extend(ConditionKind::ALL.into_iter().map(condition_id));
        for id in required {
            if self.entry(&id).is_none() {
                out.push(format!("no entry {id}"));
            }
        }
        for e in &self.entries {
            for r in e.see_also.iter().chain(&e.unlocked_by) {
                if self.entry(r).is_none() {
                    out.push(format!("entry {} refers to unknown {r}", e.id));
                }
            }
        }
        let mut qids = BTreeSet::new();
        for q in &self.questions {
            if !qids.insert(q.id.as_str()) {
                out.push(format!("question {} appears twice", q.id));
            }
            if self.entry(&q.entry).is_none() {
                out.push(format!("question {} draws on unknown {}", q.id, q.entry));
            }
            if q.choices.len() < 2 || q.answer >= q.choices.len() {
                out.push(format!("question {} has no valid answer", q.id));
            }
        }
        out
    }

    /// The ids opened from the start.
    pub fn starting_ids(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(|e| e.from_start)
            .map(|e| e.id.as_str())
    }

    /// Adds `id` to `unlocked` with every entry it unlocks in turn; returns the newly opened
    /// entries' titles (empty when nothing new).
    pub fn unlock(&self, id: &str, unlocked: &mut BTreeSet<String>) -> Vec<String> {
        let mut opened = Vec::new();
        let mut queue = vec![id.to_string()];
        while let Some(id) = queue.pop() {
            let Some(entry) = self.entry(&id) else {
                continue;
            };
            if unlocked.insert(id.clone()) {
                opened.push(entry.title.clone());
                queue.extend(
                    self.entries
                        .iter()
                        .filter(|e| e.unlocked_by.contains(&id))
                        .map(|e| e.id.clone()),
                );
            }
        }
        opened
    }

    /// Up to `n` questions on these entries, a different choice for each `seed`.
    pub fn quiz(&self, entries: &[String], n: usize, seed: u64) -> Vec<&Question> {
        let mut pool: Vec<&Question> = self
            .questions
            .iter()
            .filter(|q| entries.contains(&q.entry))
            .collect();
        // A small deterministic shuffle (splitmix64), so a retry asks other questions.
        let mut state = seed ^ 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        for i in (1..pool.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            pool.swap(i, j);
        }
        // One question per entry first, so a quiz covers the challenge's topics.
        let mut picked: Vec<&Question> = Vec::new();
        for q in &pool {
            if picked.len() < n && !picked.iter().any(|p| p.entry == q.entry) {
                picked.push(q);
            }
        }
        for q in &pool {
            if picked.len() < n && !picked.iter().any(|p| p.id == q.id) {
                picked.push(q);
            }
        }
        picked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_codex_covers_every_cell_stage_and_condition() {
        let codex = Codex::bundled();
        let problems = codex.problems(&Kinetics::bundled());
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(codex.questions.len() >= 40);
        assert!(codex.starting_ids().count() >= 2);
    }

    #[test]
    fn unlocking_a_stage_opens_the_ideas_it_leads_to() {
        let codex = Codex::bundled();
        let mut open = BTreeSet::new();
        let opened = codex.unlock("stage:CFU-E", &mut open);
        assert!(open.contains("stage:CFU-E"));
        assert!(!opened.is_empty());
        assert!(
            codex.unlock("stage:CFU-E", &mut open).is_empty(),
            "only once"
        );
        assert!(codex.unlock("no such entry", &mut open).is_empty());
    }

    #[test]
    fn a_quiz_covers_its_entries_and_changes_with_the_seed() {
        let codex = Codex::bundled();
        let topics = vec![
            condition_id(ConditionKind::Chemotherapy),
            "concept:anc".to_string(),
            "concept:gcsf".to_string(),
        ];
        let a = codex.quiz(&topics, 3, 1);
        assert_eq!(a.len(), 3);
        let entries: BTreeSet<_> = a.iter().map(|q| q.entry.as_str()).collect();
        assert_eq!(entries.len(), 3, "one per topic");
        let differs = (2..20).any(|s| {
            codex
                .quiz(&topics, 3, s)
                .iter()
                .map(|q| &q.id)
                .collect::<Vec<_>>()
                != a.iter().map(|q| &q.id).collect::<Vec<_>>()
        });
        assert!(differs);
        assert!(codex.quiz(&[], 3, 1).is_empty());
    }

    #[test]
    fn a_broken_codex_is_reported_with_its_place() {
        let e = Codex::parse("(entries: [ (id: 3) ], questions: [])").unwrap_err();
        assert!(e.starts_with("1:"), "{e}");
    }
}
