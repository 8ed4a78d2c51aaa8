//! The game's runs: how the game starts, the challenge being played and how it ended, and
//! starting a challenge or free play from any screen.

use bevy::prelude::*;

use super::quiz::Quiz;
use crate::learn::challenges::{Challenge, Outcome};
use crate::scenario::Scenario;
use crate::scenario::objectives::Status;
use crate::session::{Notice, source};
use crate::ui::PlayerActions;
use crate::view::Screen;

/// How the game starts (from the command line).
#[derive(Resource, Clone, Debug, Default)]
pub struct GameStart {
    pub screen: Screen,
    /// A bundled challenge to start at once (its index).
    pub challenge: Option<usize>,
    pub demo: bool,
}

/// The challenge being played and how it ended.
#[derive(Resource, Default, Debug)]
pub struct ChallengeRun {
    /// Index into [`challenges::BUNDLED`], when a challenge is being played.
    pub challenge: Option<usize>,
    pub finished: Option<Finished>,
    /// Where Back goes from the codex and settings screens.
    pub back_to: Option<Screen>,
    /// The pause menu is open.
    pub menu_open: bool,
}

/// A challenge run that reached its last day, already recorded in the progress.
#[derive(Clone, Debug)]
pub struct Finished {
    pub challenge: usize,
    pub statuses: Vec<Status>,
    pub outcome: Outcome,
    pub quiz: Quiz,
}

/// The bundled challenges, parsed once.
#[derive(Resource)]
pub struct Challenges(pub Vec<Challenge>);

/// Starts bundled challenge `index` from day 0 and shows it.
pub fn start_challenge_in(world: &mut World, index: usize) {
    let scenario = world.resource::<Challenges>().0[index].scenario.clone();
    start_run(world, scenario, Some(index));
}

/// Starts `scenario` from day 0 (as challenge `challenge`, if it is one), with a fresh record
/// of the player's actions, time running and the playing screen; a scenario that does not fit
/// the table is a notice.
fn start_run(world: &mut World, scenario: Scenario, challenge: Option<usize>) {
    if let Err(e) = source::start_scenario_in(world, scenario, None) {
        world.write_message(Notice::new(format!("Cannot start it: {e}"), 6.0));
        return;
    }
    let mut run = world.resource_mut::<ChallengeRun>();
    run.challenge = challenge;
    run.finished = None;
    run.menu_open = false;
    world.resource_mut::<PlayerActions>().0 = Default::default();
    world.resource_mut::<Time<Virtual>>().unpause();
    NextState::set_if_neq(
        &mut *world.resource_mut::<NextState<Screen>>(),
        Screen::Playing,
    );
}

/// A request from a screen to start something, carried out with the whole world.
#[derive(Clone, Debug)]
pub enum Start {
    Challenge(usize),
    /// Free play of a scenario (the bundled healthy adult when `None`).
    FreePlay(Option<Scenario>),
}

/// Carries out a [`Start`] on the next command flush.
pub fn request_start(commands: &mut Commands, start: Start) {
    commands.queue(move |world: &mut World| match start {
        Start::Challenge(i) => start_challenge_in(world, i),
        Start::FreePlay(scenario) => start_run(
            world,
            scenario.unwrap_or_else(Scenario::healthy_adult),
            None,
        ),
    });
}

pub(super) fn pause_time(mut time: ResMut<Time<Virtual>>) {
    time.pause();
}
