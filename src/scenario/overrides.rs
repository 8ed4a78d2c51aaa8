//! Scenario overrides: any numeric parameter of the kinetic table, set by its dotted name.
//!
//! A name walks the table as it is written in `assets/kinetics.ron`: fields by name, lists of
//! named things (lineages, stages, products) by their `name`, other lists by position from 0,
//! and through an enum such as `survival: Lifespan(days: 120)` without naming its variant:
//! `"lineages.erythroid.stages.CFU-E.hours"`, `"products.rbc.survival.days"`,
//! `"window.fat_by_age.3.1"`, `"max_agents"`.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};

use super::ron_errors::{DUPLICATE_KEY, suggest};
use crate::biology::kinetics::Kinetics;

/// Why one override could not be applied.
#[derive(Clone, Debug, PartialEq)]
pub struct OverrideError {
    /// The override's name, as written in the scenario.
    pub key: String,
    pub message: String,
}

/// Reads a scenario's `overrides`, refusing a name given twice (a plain map would keep
/// only the last value without a word).
pub fn unique<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, f64>, D::Error> {
    struct Unique;
    impl<'de> serde::de::Visitor<'de> for Unique {
        type Value = BTreeMap<String, f64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of parameter names to numbers")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "{DUPLICATE_KEY}{key:?} is set twice; give each parameter once"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique)
}

/// `base` with every override set. The whole table is checked once all are set (so values
/// that only make sense together, like a higher stress threshold with a higher saturation,
/// pass);
/// when it fails, the error names the first override after which the table fails.
pub fn apply(
    base: &Kinetics,
    overrides: &BTreeMap<String, f64>,
) -> Result<Kinetics, OverrideError> {
    if overrides.is_empty() {
        return Ok(base.clone());
    }
    let start = serde_json::to_value(base).map_err(|e| OverrideError {
        key: String::new(),
        message: format!("the kinetic table cannot be edited: {e}"),
    })?;
    let mut tree = start.clone();
    for (key, &value) in overrides {
        let fail = |message: String| OverrideError {
            key: key.clone(),
            message,
        };
        if !value.is_finite() {
            return Err(fail(format!("{value} is not a finite number")));
        }
        set(&mut tree, key, value).map_err(fail)?;
    }
    if let Ok(whole) = serde_json::from_value::<Kinetics>(tree) {
        if whole.check().is_ok() {
            return Ok(whole);
        }
    }
    let mut tree = start;
    let mut last = None;
    for (key, &value) in overrides {
        let fail = |message: String| OverrideError {
            key: key.clone(),
            message,
        };
        set(&mut tree, key, value).map_err(fail)?;
        let partial: Kinetics = serde_json::from_value(tree.clone())
            .map_err(|e| fail(format!("does not fit the kinetic table: {e}")))?;
        if let Err((field, message)) = partial.check() {
            last = Some(fail(format!("{field} {message}")));
            break;
        }
    }
    Err(last.unwrap_or_else(|| OverrideError {
        key: String::new(),
        message: "the overrides together do not pass the table's checks".into(),
    }))
}

/// Every name an override may use, for documentation and suggestions.
pub fn all_names(k: &Kinetics) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(tree) = serde_json::to_value(k) {
        collect(&tree, String::new(), &mut out);
        // An unset optional parameter is listed only if it takes a number (not, say, a
        // lineage's hormone, which is a name).
        out.retain(|name| {
            let mut copy = tree.clone();
            let mut node = &mut copy;
            for seg in name.split('.') {
                match step(node, seg, "") {
                    Ok(n) => node = n,
                    Err(_) => return false,
                }
            }
            if !node.is_null() {
                return true;
            }
            *node = Value::from(0.5);
            serde_json::from_value::<Kinetics>(copy).is_ok()
        });
    }
    out
}

/// Every name with its value in `k` (`None` for an optional parameter left unset).
pub fn all_values(k: &Kinetics) -> Vec<(String, Option<f64>)> {
    let Ok(tree) = serde_json::to_value(k) else {
        return Vec::new();
    };
    all_names(k)
        .into_iter()
        .map(|name| {
            let mut node = &tree;
            for seg in name.split('.') {
                node = match node {
                    Value::Object(map) => map
                        .get(seg)
                        .or_else(|| enum_payload(map).and_then(|v| v.get(seg)))
                        .unwrap_or(&Value::Null),
                    Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .find(|(i, v)| item_name(v).map_or(i.to_string() == seg, |n| n == seg))
                        .map_or(&Value::Null, |(_, v)| v),
                    _ => &Value::Null,
                };
            }
            // A value that came from an f32 field reads as the number written in the table.
            let v = node.as_f64().map(|x| {
                let narrow = x as f32;
                if narrow as f64 == x {
                    narrow.to_string().parse().unwrap_or(x)
                } else {
                    x
                }
            });
            (name, v)
        })
        .collect()
}

fn collect(node: &Value, prefix: String, out: &mut Vec<String>) {
    let join = |s: &str| {
        if prefix.is_empty() {
            s.to_string()
        } else {
            format!("{prefix}.{s}")
        }
    };
    match node {
        Value::Object(map) => {
            if let Some(inner) = enum_payload(map) {
                return collect(inner, prefix, out);
            }
            for (k, v) in map {
                collect(v, join(k), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let label = item_name(item).map_or(i.to_string(), str::to_string);
                collect(item, join(&label), out);
            }
        }
        Value::Number(_) | Value::Null if !prefix.is_empty() => out.push(prefix),
        _ => {}
    }
}

/// The `name` of a list entry, if it has one.
fn item_name(item: &Value) -> Option<&str> {
    item.get("name").and_then(Value::as_str)
}

/// The payload of an externally tagged enum such as `{"Lifespan": {"days": 120}}`.
fn enum_payload(map: &Map<String, Value>) -> Option<&Value> {
    let mut it = map.iter();
    match (it.next(), it.next()) {
        (Some((k, v)), None) if k.starts_with(|c: char| c.is_ascii_uppercase()) => Some(v),
        _ => None,
    }
}

fn set(tree: &mut Value, key: &str, value: f64) -> Result<(), String> {
    if key.trim().is_empty() {
        return Err(
            "an override needs a parameter name, e.g. \"lineages.erythroid.stages.CFU-E.hours\""
                .into(),
        );
    }
    let mut node = tree;
    let mut walked = String::new();
    for seg in key.split('.') {
        node = step(node, seg, &walked)?;
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(seg);
    }
    match node {
        Value::Number(n) if n.is_u64() || n.is_i64() => {
            if value.fract() != 0.0 || value < 0.0 || value > u32::MAX as f64 {
                return Err(format!("{value} must be a whole number >= 0"));
            }
            *node = Value::Number(Number::from(value as u64));
        }
        Value::Number(_) | Value::Null => {
            *node = Value::Number(
                Number::from_f64(value).ok_or_else(|| format!("{value} is not a finite number"))?,
            );
        }
        Value::Bool(_) => {
            return Err("is a yes/no switch; only numeric parameters can be overridden".into());
        }
        Value::String(_) => {
            return Err("is a name or text; only numeric parameters can be overridden".into());
        }
        Value::Object(map) => {
            let names: Vec<&str> = map.keys().map(String::as_str).collect();
            return Err(format!(
                "is a group of parameters, not a number; name one of: {}",
                names.join(", ")
            ));
        }
        Value::Array(items) => {
            return Err(format!(
                "is a list, not a number; add one of: {}",
                entry_labels(items).join(", ")
            ));
        }
    }
    Ok(())
}

fn entry_labels(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| item_name(v).map_or(i.to_string(), str::to_string))
        .collect()
}

/// One step of a name: a field, a named list entry, a list index, through enums.
fn step<'a>(node: &'a mut Value, seg: &str, walked: &str) -> Result<&'a mut Value, String> {
    let place = if walked.is_empty() {
        "the kinetic table".to_string()
    } else {
        format!("`{walked}`")
    };
    match node {
        Value::Object(map) => {
            if map.contains_key(seg) {
                return Ok(map.get_mut(seg).expect("just checked"));
            }
            if enum_payload(map).is_some() {
                let inner = map.values_mut().next().expect("one entry");
                return step(inner, seg, walked);
            }
            let known: Vec<&str> = map.keys().map(String::as_str).collect();
            Err(unknown(seg, &place, &known))
        }
        Value::Array(items) => {
            let labels = entry_labels(items);
            let at = labels
                .iter()
                .position(|l| l == seg)
                .or_else(|| seg.parse::<usize>().ok().filter(|&i| i < items.len()));
            match at {
                Some(i) => Ok(&mut items[i]),
                None => {
                    let known: Vec<&str> = labels.iter().map(String::as_str).collect();
                    Err(unknown(seg, &place, &known))
                }
            }
        }
        _ => Err(format!("{place} is a single value and has no `{seg}`")),
    }
}

fn unknown(seg: &str, place: &str, known: &[&str]) -> String {
    let hint = suggest(seg, known.iter().copied())
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    format!("{place} has no `{seg}`; {hint}known: {}", known.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(key: &str, v: f64) -> Result<Kinetics, OverrideError> {
        apply(
            &Kinetics::bundled(),
            &BTreeMap::from([(key.to_string(), v)]),
        )
    }

    #[test]
    fn a_stage_duration_is_set_by_names() {
        let k = one("lineages.erythroid.stages.CFU-E.hours", 40.0).unwrap();
        let l = k.lineage_index("erythroid").unwrap();
        assert_eq!(k.lineages[l].stages[0].hours, 40.0);
        let mut rest = k.clone();
        rest.lineages[l].stages[0].hours = Kinetics::bundled().lineages[l].stages[0].hours;
        assert_eq!(rest, Kinetics::bundled(), "nothing else changes");
    }

    #[test]
    fn enums_are_walked_through_and_lists_indexed() {
        let k = one("products.rbc.survival.days", 60.0).unwrap();
        let p = k.product_index("rbc").unwrap();
        assert_eq!(
            k.products[p].survival,
            crate::biology::kinetics::Survival::Lifespan { days: 60.0 }
        );
        let k = one("window.fat_by_age.0.1", 0.5).unwrap();
        assert_eq!(k.window.fat_by_age[0].1, 0.5);
        assert_eq!(one("max_agents", 5000.0).unwrap().max_agents, 5000);
    }

    #[test]
    fn typos_suggest_the_closest_name() {
        let e = one("lineages.erythroid.stages.CFU-F.hours", 1.0).unwrap_err();
        assert!(e.message.contains("did you mean `CFU-E`"), "{}", e.message);
        let e = one("lineages.erythriod.cells_per_agent", 1.0).unwrap_err();
        assert!(
            e.message.contains("did you mean `erythroid`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn out_of_range_and_wrong_kind_values_are_refused() {
        let e = one("lineages.erythroid.stages.CFU-E.death", 1.5).unwrap_err();
        assert!(e.message.contains("fraction"), "{}", e.message);
        let e = one("lineages.erythroid.stages.proerythroblast.divisions", 1.5).unwrap_err();
        assert!(e.message.contains("whole number"), "{}", e.message);
        let e = one("lineages.erythroid", 1.0).unwrap_err();
        assert!(e.message.contains("group of parameters"), "{}", e.message);
        assert!(one("max_agents", f64::NAN).is_err());
    }

    #[test]
    fn overrides_that_only_make_sense_together_are_accepted_together() {
        // Saturation must stay above the threshold: each alone breaks that, both together not.
        let both = BTreeMap::from([
            (
                "conditions.extramedullary.stress_threshold".to_string(),
                50.0,
            ),
            (
                "conditions.extramedullary.stress_saturation".to_string(),
                100.0,
            ),
        ]);
        assert!(one("conditions.extramedullary.stress_threshold", 50.0).is_err());
        let k = apply(&Kinetics::bundled(), &both).unwrap();
        assert_eq!(k.conditions.extramedullary.stress_saturation, 100.0);
        let e = one("window.macrophages", 0.0).unwrap_err();
        assert!(e.message.contains("window.macrophages"), "{}", e.message);
        let e = one("body.blood_volume_ul", 0.0).unwrap_err();
        assert!(e.message.contains("valid range"), "{}", e.message);
        assert!(
            !all_names(&Kinetics::bundled())
                .iter()
                .any(|n| n.ends_with(".hormone"))
        );
    }

    #[test]
    fn every_listed_name_can_be_set_to_its_own_value() {
        let k = Kinetics::bundled();
        let names = all_names(&k);
        assert!(names.len() > 200, "{}", names.len());
        assert!(
            names
                .iter()
                .any(|n| n == "lineages.erythroid.stages.CFU-E.hours")
        );
        let tree = serde_json::to_value(&k).unwrap();
        for name in &names {
            let mut copy = tree.clone();
            let mut node = &mut copy;
            for seg in name.split('.') {
                node = step(node, seg, "").unwrap();
            }
            let Some(v) = node.as_f64() else { continue };
            let same = apply(&k, &BTreeMap::from([(name.clone(), v)]))
                .unwrap_or_else(|e| panic!("{name}: {}", e.message));
            assert_eq!(same, k, "{name}");
        }
    }
}
