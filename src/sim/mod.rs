//! The ECS simulation. Runs in `FixedUpdate`, needs no window or GPU.
//!
//! One plugin per domain: [`marrow::MarrowPlugin`] (geometry and seeding),
//! [`cells::CellsPlugin`] (stem cells, maturation, division, apoptosis),
//! [`motion::MotionPlugin`] (chemotaxis, egress, platelet shedding),
//! [`conditions::ConditionsPlugin`] (the timeline of conditions, crowding, malignant clones),
//! [`body::BodyPlugin`] (circulation and hormones), [`census::CensusPlugin`] (daily records)
//! and [`mechanics::MechanicsPlugin`] (cells pushing each other, bone, vessel and fat).

use std::sync::Arc;

use bevy::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::biology::kinetics::Kinetics;
use crate::biology::production::{self, SteadyState};
use crate::biology::reference::Sex;
use crate::scenario::Scenario;

pub mod body;
pub mod cells;
pub mod census;
pub mod conditions;
pub mod marrow;
pub mod mechanics;
pub mod motion;
pub mod save;

pub use mechanics::{PHYSICS_DT, PhysicsStep, PhysicsTimes, physics_step_dt};

/// What a simulation starts from.
#[derive(Clone, Debug)]
pub struct SimSetup {
    pub kinetics: Kinetics,
    pub scenario: Scenario,
    pub seed: u64,
}

impl SimSetup {
    /// The run of `scenario` on `kinetics` with the scenario's overrides applied; an override
    /// that does not fit `kinetics` is named in the error.
    pub fn try_new(kinetics: Kinetics, scenario: Scenario) -> Result<Self, String> {
        let kinetics = scenario.kinetics(&kinetics)?;
        let seed = scenario.seed;
        Ok(Self {
            kinetics,
            scenario,
            seed,
        })
    }

    /// As [`SimSetup::try_new`]; an override that does not fit is logged and left out (a
    /// scenario that has passed validation always fits the bundled table).
    pub fn new(kinetics: Kinetics, scenario: Scenario) -> Self {
        match Self::try_new(kinetics.clone(), scenario.clone()) {
            Ok(setup) => setup,
            Err(e) => {
                error!("{e}; running without the scenario's overrides");
                let seed = scenario.seed;
                Self {
                    kinetics,
                    scenario,
                    seed,
                }
            }
        }
    }

    pub fn healthy_adult() -> Self {
        Self::new(Kinetics::bundled(), Scenario::healthy_adult())
    }
}

/// The model's fixed inputs for this run.
#[derive(Resource, Clone)]
pub struct Model {
    /// What this run was started from (kinetics before patient adjustments).
    pub setup: SimSetup,
    pub k: Arc<Kinetics>,
    pub scenario: Scenario,
    pub erythroid_drive: f64,
    pub steady: Arc<SteadyState>,
    /// Real nucleated marrow cells of the lineages each hormone drives, at steady state.
    pub driven_mass: [f64; 3],
}

impl Model {
    pub fn new(setup: &SimSetup) -> Self {
        let mut k = setup.kinetics.clone();
        let erythroid_drive = match setup.scenario.patient.sex {
            Sex::Male => 1.0,
            Sex::Female => k.body.female_erythroid_drive,
        };
        // A woman's EPO defends a lower haemoglobin, in step with her lower erythroid drive.
        k.hormones.epo.set_point *= erythroid_drive;
        let steady = production::steady_state(&k, erythroid_drive);
        let mut driven_mass = [0.0; 3];
        for (l, ls) in k.lineages.iter().zip(&steady.lineages) {
            if let Some(h) = l.hormone {
                for (s, n) in l.stages.iter().zip(&ls.stage_agents) {
                    if s.nucleated {
                        driven_mass[h.index()] += n * l.cells_per_agent;
                    }
                }
            }
        }
        Self {
            setup: setup.clone(),
            k: Arc::new(k),
            scenario: setup.scenario.clone(),
            erythroid_drive,
            steady: Arc::new(steady),
            driven_mass,
        }
    }

    /// Stem-cell output of the patient before any condition, `day` days into the run: less
    /// with age, and before birth only the marrow's share of all production.
    pub fn baseline_output(&self, day: f64) -> f64 {
        let p = &self.k.conditions;
        let patient = &self.scenario.patient;
        match patient.gestation_at(day) {
            Some(week) => p.fetal.marrow_share(week),
            None => p.aging_output(patient.age_years),
        }
    }
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
#[derive(Resource, Clone, Copy, Debug, Default)]
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
#[derive(Resource, Clone, Copy, Debug, Default)]
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
    /// A cell squeezed through the sinusoid wall into the blood.
    Left {
        at: Vec3,
        radius: f32,
        lineage: u16,
        stage: u16,
    },
}

/// Order of the simulation inside one fixed tick; all before the physics step.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum SimSet {
    Clock,
    Conditions,
    Body,
    Cells,
    Motion,
    Census,
}

/// Adds the whole simulation, physics included, to an app (all in `FixedUpdate`).
pub struct SimPlugin {
    pub setup: SimSetup,
}

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        insert_run_state(app.world_mut(), &self.setup);
        app.init_resource::<RestartRequest>()
            .add_message::<CellEvent>()
            // Nearly every cell moves each physics step, so tracking which transform trees stayed
            // still costs more than it saves (6 % of a tick at 1,000 agents); cells have no
            // parents, so propagation without it is a plain copy.
            .insert_resource(bevy::transform::StaticTransformOptimizations::Disabled)
            .configure_sets(
                FixedUpdate,
                (
                    SimSet::Clock,
                    SimSet::Conditions,
                    SimSet::Body,
                    SimSet::Cells,
                    SimSet::Motion,
                    SimSet::Census,
                )
                    .chain(),
            )
            .add_systems(FixedUpdate, advance_clock.in_set(SimSet::Clock))
            .add_systems(PreUpdate, (apply_restart, finish_warmup).chain())
            .add_plugins((
                marrow::MarrowPlugin,
                conditions::ConditionsPlugin,
                body::BodyPlugin,
                cells::CellsPlugin,
                motion::MotionPlugin,
                census::CensusPlugin,
                mechanics::MechanicsPlugin,
            ));
    }
}

/// The state of one run: model, clock, generator, counters, body and records.
fn insert_run_state(world: &mut World, setup: &SimSetup) {
    let model = Model::new(setup);
    let tick_hours = model.k.tick_hours as f64;
    let ticks_per_day = (24.0 / tick_hours).round() as i64;
    world.insert_resource(SimClock {
        tick: -(model.k.warmup_days as f64 * ticks_per_day as f64).round() as i64,
        tick_hours,
        ticks_per_day,
    });
    world.insert_resource(SimRng(ChaCha8Rng::seed_from_u64(setup.seed)));
    world.insert_resource(body::Body::at_steady_state(&model));
    world.insert_resource(conditions::Timeline::new(&setup.scenario.events));
    world.insert_resource(conditions::ConditionState::default());
    world.insert_resource(model);
    world.insert_resource(Population::default());
    world.insert_resource(Flows::default());
    world.insert_resource(census::Census::default());
}

/// Set to start the simulation over (Reset, or new patient conditions) on the next frame.
#[derive(Resource, Default)]
pub struct RestartRequest(pub Option<SimSetup>);

fn apply_restart(world: &mut World) {
    if let Some(setup) = world.resource_mut::<RestartRequest>().0.take() {
        restart(world, setup);
    }
}

/// Throws away every cell and structure and starts a new run from `setup`, exactly as a
/// fresh app would (same seed and setup give the same run).
pub fn restart(world: &mut World, setup: SimSetup) {
    let mut doomed = world.query_filtered::<Entity, Or<(With<cells::Cell>, With<cells::Hsc>, With<marrow::Structure>)>>();
    let doomed: Vec<Entity> = doomed.iter(world).collect();
    for e in doomed {
        world.despawn(e);
    }
    insert_run_state(world, &setup);
    marrow::seed_window(world);
}

fn advance_clock(mut clock: ResMut<SimClock>) {
    clock.tick += 1;
}

/// Runs the warm-up ticks at once, on the first frame after seeding.
fn finish_warmup(world: &mut World) {
    let left = -world.resource::<SimClock>().tick;
    run_ticks(world, left.max(0) as u32);
}

/// Runs `n` simulation ticks now, whatever the frame clock says (warm-up, the Step button).
pub fn run_ticks(world: &mut World, n: u32) {
    for _ in 0..n {
        world.run_schedule(FixedUpdate);
    }
}
