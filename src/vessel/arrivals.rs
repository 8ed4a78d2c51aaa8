//! Cells that left the marrow enter the lumen where they crossed the wall: white cells as
//! pooled balls of their own size, young red cells by bringing a red cell in at that place.

use std::collections::VecDeque;

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::VesselSet;
use super::lumen::{FlowKind, Flowing, Lumen, entry_point};
use crate::sim::geometry::MarrowGeometry;
use crate::sim::{CellEvent, Model};

/// At most this many arrivals wait for the next step (older ones are dropped: a fast
/// simulation sends more cells than the drawn vessel can show).
const WAITING: usize = 32;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(super::VesselStep, admit_arrivals.in_set(VesselSet::Feed));
}

/// A cell that crossed the wall since the last vessel step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrival {
    /// The marrow cell that left (despawned by now).
    pub cell: Entity,
    pub at: Vec3,
    pub radius: f32,
    pub lineage: u16,
    pub stage: u16,
    /// A red cell (no nucleus).
    pub red: bool,
}

#[derive(Resource, Default, Debug)]
pub struct Arrivals(pub VecDeque<Arrival>);

/// Keeps the cells that left this frame until the vessel steps (the messages last a frame; a
/// paused or slow flow steps less often).
pub fn collect_arrivals(
    mut events: MessageReader<CellEvent>,
    model: Res<Model>,
    mut arrivals: ResMut<Arrivals>,
) {
    for event in events.read() {
        if let CellEvent::Left {
            cell,
            at,
            radius,
            lineage,
            stage,
        } = *event
        {
            let red = model
                .k
                .lineages
                .get(lineage as usize)
                .and_then(|l| l.stages.get(stage as usize))
                .is_some_and(|s| !s.nucleated);
            arrivals.0.push_back(Arrival {
                cell,
                at,
                radius,
                lineage,
                stage,
                red,
            });
            if arrivals.0.len() > WAITING {
                arrivals.0.pop_front();
            }
        }
    }
}

/// Each waiting arrival takes a body: a parked white cell (or, when all are flowing, the one
/// furthest downstream), or the red cell furthest downstream, brought to where it crossed.
fn admit_arrivals(
    g: Res<MarrowGeometry>,
    mut arrivals: ResMut<Arrivals>,
    lumen: Option<Res<Lumen>>,
    mut bodies: Query<(&mut Flowing, &mut Transform, &mut Velocity)>,
) {
    let Some(lumen) = lumen else { return };
    while let Some(a) = arrivals.0.pop_front() {
        let pool = if a.red { &lumen.red } else { &lumen.white };
        let state = |e: &Entity| {
            bodies
                .get(*e)
                .ok()
                .map(|(f, t, _)| (*e, f.in_lumen, t.translation.x))
        };
        let parked = (!a.red)
            .then(|| pool.iter().filter_map(state).find(|s| !s.1))
            .flatten();
        let downstream = || {
            pool.iter()
                .filter_map(state)
                .filter(|s| s.1)
                .max_by(|a, b| a.2.total_cmp(&b.2))
        };
        let Some((e, ..)) = parked.or_else(downstream) else {
            continue;
        };
        let Ok((mut f, mut t, mut v)) = bodies.get_mut(e) else {
            continue;
        };
        let radius = if a.red { t.scale.x } else { a.radius };
        f.in_lumen = true;
        f.came_from = Some(a.cell);
        if !a.red {
            f.kind = FlowKind::WhiteCell {
                lineage: a.lineage,
                stage: a.stage,
            };
        }
        t.translation = entry_point(&g, a.at, radius);
        t.scale = Vec3::splat(radius);
        *v = Velocity::zero();
    }
}
