//! Megakaryocytes shed platelets physically: each one shedding at the wall reaches a proplatelet
//! into the lumen, a chain of buds on rope joints that grows from its tip. The flow drags the
//! buds downstream; when a link's tension passes its threshold it breaks, the piece beyond rides
//! away and breaks on into single platelets. How fast buds grow follows the model's own TPO
//! factor; how many platelets reach the blood is the model's alone.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::VesselSet;
use super::lumen::{Anchor, FlowKind, Flowing, Lumen, across, entry_point, park_spot};
use super::params::VesselParams;
use crate::biology::cell::Phase;
use crate::biology::hormones;
use crate::biology::kinetics::Hormone;
use crate::sim::Model;
use crate::sim::agents::Cell;
use crate::sim::body::Body;
use crate::sim::geometry::MarrowGeometry;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        super::VesselStep,
        (follow_shedding_megakaryocytes, grow_buds)
            .chain()
            .in_set(VesselSet::Feed),
    )
    .add_systems(
        super::VesselStep,
        break_stretched_links.in_set(VesselSet::Tidy),
    );
}

/// A rope joint (on an entity of its own, a child of `bud`) tying `bud` to `parent`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    pub joint: Entity,
    pub parent: Entity,
    pub bud: Entity,
    /// The link's tension, smoothed over `tension_smoothing_s` (a knock from a passing red
    /// cell does not snap it; a steady pull does).
    pub pull: f32,
}

/// One proplatelet: its megakaryocyte, its root on the wall, its links from the root out.
#[derive(Clone, Debug)]
pub struct Chain {
    pub megakaryocyte: Entity,
    pub anchor: Entity,
    pub links: Vec<Link>,
    clock: f32,
}

/// The proplatelets reaching into the lumen, the pieces already free, and a tally.
#[derive(Resource, Default, Debug)]
pub struct Proplatelets {
    pub chains: Vec<Chain>,
    /// Links of pieces that broke free and have not yet broken into single platelets.
    pub loose: Vec<Link>,
    /// Joints broken or let go, disabled, despawned before the next frame's steps.
    pub retired: Vec<Entity>,
    /// Links broken by the flow's tension, and buds freed as platelets.
    pub breaks: u64,
    pub freed: u64,
    /// Pieces broken off proplatelets by the flow, and the buds they held.
    pub pieces: u64,
    pub piece_buds: u64,
    /// The largest tension on a link in the last step.
    pub peak_tension: f32,
}

impl Proplatelets {
    /// Forgets every chain (a new layout); their joints are despawned.
    pub fn clear(&mut self, commands: &mut Commands) {
        let joints = self
            .chains
            .iter()
            .flat_map(|c| c.links.iter())
            .chain(&self.loose);
        for link in joints {
            commands.entity(link.joint).try_despawn();
        }
        self.chains.clear();
        self.loose.clear();
    }

    /// Despawns the joints retired in earlier steps (by then rapier has them disabled).
    fn despawn_retired(&mut self, commands: &mut Commands) {
        for joint in self.retired.drain(..) {
            commands.entity(joint).try_despawn();
        }
    }
}

/// Disables a joint now (rapier sees it at the next step) and retires its entity.
fn retire(joint: Entity, joints: &mut Query<&mut ImpulseJoint>, retired: &mut Vec<Entity>) {
    if let Ok(mut j) = joints.get_mut(joint) {
        j.data.as_mut().raw.set_enabled(false);
    }
    retired.push(joint);
}

/// A chain for each megakaryocyte shedding at the wall (up to the limit); a chain whose
/// megakaryocyte is gone lets its buds go as platelets.
fn follow_shedding_megakaryocytes(
    g: Res<MarrowGeometry>,
    p: Res<VesselParams>,
    lumen: Option<Res<Lumen>>,
    mut chains: ResMut<Proplatelets>,
    cells: Query<(Entity, &Cell, &Transform), Without<Anchor>>,
    mut anchors: Query<&mut Transform, With<Anchor>>,
    mut joints: Query<&mut ImpulseJoint>,
    mut bodies: Query<&mut Flowing>,
) {
    let Some(lumen) = lumen else { return };
    let chains = &mut *chains;
    let shedding = |e: Entity| {
        cells
            .get(e)
            .is_ok_and(|(_, c, _)| matches!(c.0.phase, Phase::Shedding { .. }))
    };
    let mut kept = Vec::new();
    for chain in chains.chains.drain(..) {
        if shedding(chain.megakaryocyte) {
            kept.push(chain);
            continue;
        }
        if let Some(root) = chain.links.first() {
            retire(root.joint, &mut joints, &mut chains.retired);
        }
        for link in &chain.links {
            if let Ok(mut f) = bodies.get_mut(link.bud) {
                f.kind = FlowKind::Platelet;
                chains.freed += 1;
            }
        }
        chains.loose.extend(chain.links.iter().skip(1));
        if let Ok(mut t) = anchors.get_mut(chain.anchor) {
            let i = lumen
                .anchors
                .iter()
                .position(|a| *a == chain.anchor)
                .unwrap_or(0);
            t.translation = park_spot(&g, 10_000 + i);
        }
    }
    chains.chains = kept;
    for (e, cell, t) in &cells {
        if chains.chains.len() >= p.proplatelet.max_chains {
            break;
        }
        if !matches!(cell.0.phase, Phase::Shedding { .. })
            || chains.chains.iter().any(|c| c.megakaryocyte == e)
        {
            continue;
        }
        let free = lumen
            .anchors
            .iter()
            .find(|a| !chains.chains.iter().any(|c| c.anchor == **a));
        let Some(&anchor) = free else { break };
        if let Ok(mut at) = anchors.get_mut(anchor) {
            at.translation = entry_point(&g, t.translation, p.proplatelet.bud_radius_um);
        }
        chains.chains.push(Chain {
            megakaryocyte: e,
            anchor,
            links: Vec::new(),
            clock: 0.0,
        });
    }
}

/// Buds grow at each chain's tip, one every `bud_every_s` at normal TPO, sooner as TPO raises
/// the platelets each megakaryocyte sheds.
fn grow_buds(
    mut commands: Commands,
    g: Res<MarrowGeometry>,
    p: Res<VesselParams>,
    model: Res<Model>,
    body: Res<Body>,
    lumen: Option<Res<Lumen>>,
    mut chains: ResMut<Proplatelets>,
    mut bodies: Query<(&mut Flowing, &mut Transform, &mut Velocity), Without<Anchor>>,
    anchors: Query<&Transform, With<Anchor>>,
) {
    let Some(lumen) = lumen else { return };
    let pp = &p.proplatelet;
    let tpo = hormones::shed_factor(&model.k.hormones.tpo, body.hormones.get(Hormone::Tpo));
    for chain in &mut chains.chains {
        chain.clock += p.dt() * tpo as f32;
        if chain.clock < pp.bud_every_s || chain.links.len() >= pp.max_buds {
            continue;
        }
        let Some(&bud) = lumen
            .platelets
            .iter()
            .find(|e| bodies.get(**e).is_ok_and(|(f, ..)| !f.in_lumen))
        else {
            continue;
        };
        chain.clock = 0.0;
        let Ok(root) = anchors.get(chain.anchor).map(|t| t.translation) else {
            continue;
        };
        let position = |e: Entity| bodies.get(e).map(|(_, t, _)| t.translation).ok();
        let tip = chain
            .links
            .last()
            .and_then(|l| position(l.bud))
            .unwrap_or(root);
        let before = match chain.links.len() {
            0 => None,
            1 => Some(root),
            n => position(chain.links[n - 2].bud),
        };
        let inward = {
            let d = -across(&g, root);
            Vec3::new(0.0, d.x, d.y).normalize_or(Vec3::Y)
        };
        let out = before.map_or(inward, |b| (tip - b).normalize_or(inward));
        let parent = chain.links.last().map_or(chain.anchor, |l| l.bud);
        if let Ok((mut f, mut t, mut v)) = bodies.get_mut(bud) {
            f.kind = FlowKind::Bud;
            f.in_lumen = true;
            f.came_from = None;
            t.translation = tip + out * pp.bud_spacing_um;
            t.scale = Vec3::splat(pp.bud_radius_um);
            *v = Velocity::zero();
        }
        let rope = RopeJointBuilder::new(pp.bud_spacing_um)
            .local_anchor1(Vec3::ZERO)
            .local_anchor2(Vec3::ZERO);
        let joint = commands
            .spawn((ImpulseJoint::new(parent, rope), ChildOf(bud)))
            .id();
        chain.links.push(Link {
            joint,
            parent,
            bud,
            pull: 0.0,
        });
    }
}

/// The tension each link carried in the last step; a link past its threshold breaks. A break
/// on a chain frees every bud beyond it (the piece rides away); a piece's links break on until
/// single platelets are left.
fn break_stretched_links(
    p: Res<VesselParams>,
    context: ReadRapierContext,
    handles: Query<&RapierImpulseJointHandle>,
    mut joints: Query<&mut ImpulseJoint>,
    mut chains: ResMut<Proplatelets>,
    mut bodies: Query<&mut Flowing>,
) {
    let Ok(context) = context.single() else {
        return;
    };
    let dt = p.dt();
    let pp = &p.proplatelet;
    let follow = 1.0 - (-dt / pp.tension_smoothing_s.max(dt)).exp();
    let mut peak = 0.0f32;
    let mut feel = |link: &mut Link| {
        let pull = handles
            .get(link.joint)
            .ok()
            .and_then(|h| context.joints.impulse_joints.get(h.0))
            // A rope is a distance limit: its pull is the impulse its limit applied.
            .map_or(0.0, |j| {
                j.data.limits.iter().map(|l| l.impulse.abs()).sum::<f32>() / dt
            });
        link.pull += (pull - link.pull) * follow;
        peak = peak.max(link.pull);
        link.pull
    };
    let chains = &mut *chains;
    let mut broken = Vec::new();
    for chain in &mut chains.chains {
        let mut snap = None;
        for (i, link) in chain.links.iter_mut().enumerate() {
            let limit = if i == 0 {
                pp.root_break_force
            } else {
                pp.link_break_force
            };
            if feel(link) > limit && snap.is_none() {
                snap = Some(i);
            }
        }
        if let Some(i) = snap {
            let piece: Vec<Link> = chain.links.drain(i..).collect();
            broken.push(piece[0].joint);
            for link in &piece {
                if let Ok(mut f) = bodies.get_mut(link.bud) {
                    f.kind = FlowKind::Platelet;
                }
            }
            chains.freed += piece.len() as u64;
            chains.pieces += 1;
            chains.piece_buds += piece.len() as u64;
            chains.loose.extend(piece.into_iter().skip(1));
        }
    }
    let mut snaps = broken.len() as u64;
    let mut loose = std::mem::take(&mut chains.loose);
    loose.retain_mut(|l| {
        let adrift = |e: Entity| bodies.get(e).map_or(true, |f| !f.in_lumen);
        let snapped = feel(l) > pp.link_break_force;
        snaps += u64::from(snapped);
        if snapped || adrift(l.bud) || adrift(l.parent) {
            broken.push(l.joint);
            false
        } else {
            true
        }
    });
    chains.breaks += snaps;
    chains.loose = loose;
    chains.peak_tension = peak;
    for joint in broken {
        retire(joint, &mut joints, &mut chains.retired);
    }
}

/// Before a frame's steps: the joints retired in earlier frames go (rapier has them disabled
/// already; their removal reaches it in `PostUpdate`).
pub fn despawn_retired_joints(mut commands: Commands, mut chains: ResMut<Proplatelets>) {
    chains.despawn_retired(&mut commands);
}
