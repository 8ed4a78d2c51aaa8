//! What every system of a run shares: the phases of a fixed tick, the clock, the seeded
//! generator, the count of live agents, today's cell traffic and the cell events for whoever
//! draws them.

use bevy::prelude::*;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Order of the simulation inside one fixed tick; the mechanics
/// (`mechanics::MechanicsSet`) follow the census.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum SimSet {
    Clock,
    Conditions,
    Body,
    Cells,
    Motion,
    Census,
}

/// Simulated time. Ticks before zero are the warm-up: the marrow runs while the body is held
/// at its steady state, so cells in transit and island positions settle before day 0.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct SimClock {
    pub tick: i64,
    pub tick_hours: f64,
    pub ticks_per_day: i64,
}

impl SimClock {
    /// Simulated hours since day 0 (negative during the warm-up).
    pub fn hours(&self) -> f64 {
        self.tick as f64 * self.tick_hours
    }
    pub fn days(&self) -> f64 {
        self.hours() / 24.0
    }
    /// Whole days completed.
    pub fn day(&self) -> u64 {
        (self.tick.max(0) / self.ticks_per_day) as u64
    }
    /// True on the tick that completes a day.
    pub fn is_day_end(&self) -> bool {
        self.tick > 0 && self.tick % self.ticks_per_day == 0
    }
    pub fn warming_up(&self) -> bool {
        self.tick <= 0
    }
}

/// The single seeded random generator every simulation system draws from, in a fixed order.
#[derive(Resource)]
pub struct SimRng(pub ChaCha8Rng);

/// Live agents, kept current by the systems that spawn and despawn them.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Population {
    pub agents: usize,
    /// Set once the entity cap is reached.
    pub cap_reached: bool,
    /// Divisions and commitments refused because of the cap.
    pub suppressed: u64,
}

impl Population {
    /// Despawns an agent and takes it off the count.
    pub fn remove(&mut self, commands: &mut Commands, entity: Entity) {
        commands.entity(entity).despawn();
        self.agents -= 1;
    }

    /// Reserves room for one more agent; false (and counted) when at the cap.
    pub fn try_add(&mut self, cap: usize) -> bool {
        if self.agents >= cap {
            if !self.cap_reached {
                warn!(
                    "entity cap reached: {cap} live agents; further divisions are suppressed until cells leave or die"
                );
            }
            self.cap_reached = true;
            self.suppressed += 1;
            false
        } else {
            self.agents += 1;
            true
        }
    }
}

/// Today's cell traffic, reset by the census at each day's end.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flows {
    pub commitments: u64,
    pub divisions: u64,
    pub deaths: u64,
    pub egressed: u64,
    /// Cells that left by the egress timeout rather than by reaching the wall.
    pub timed_out: u64,
}

/// Something that happened to a cell this tick, for whoever draws it (the headless run ignores
/// these; they are cleared every frame).
#[derive(Message, Clone, Copy, Debug)]
pub enum CellEvent {
    /// A cell divided; `daughter` is the new cell.
    Divided { mother: Entity, daughter: Entity },
    /// A cell died by apoptosis at `at`.
    Died {
        at: Vec3,
        radius: f32,
        lineage: u16,
        stage: u16,
    },
    /// A cell squeezed through the sinusoid wall into the blood (`cell` is gone from the
    /// world after this tick).
    Left {
        cell: Entity,
        at: Vec3,
        radius: f32,
        lineage: u16,
        stage: u16,
    },
}
