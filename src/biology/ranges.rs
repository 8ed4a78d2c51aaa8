//! Range checks the kinetic data pass on load: a value within its range, a table's points in
//! order; a problem comes back as (field path, message).

/// A problem: the field's path and what is wrong with it.
pub type Problem = (String, String);

/// `value` of `field` must lie in `lo..=hi` (`unit` is shown after the range).
pub fn within(
    field: impl Into<String>,
    value: f64,
    lo: f64,
    hi: f64,
    unit: &str,
) -> Result<(), Problem> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        return Ok(());
    }
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    Err((
        field.into(),
        format!(
            "{} is outside the valid range {}..={}{unit}",
            number(value),
            number(lo),
            number(hi)
        ),
    ))
}

/// A number as a message shows it: plain, or in exponent form when very large or small.
pub fn number(v: f64) -> String {
    if v.is_finite() && v != 0.0 && !(1e-4..1e9).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

pub fn problem(field: impl Into<String>, message: impl Into<String>) -> Result<(), Problem> {
    Err((field.into(), message.into()))
}

/// Every (x, y) of a table within its ranges and x increasing.
pub fn table(
    field: &str,
    pairs: &[(f32, f32)],
    x: (f64, f64, &str),
    y: (f64, f64, &str),
) -> Result<(), Problem> {
    if pairs.is_empty() {
        return problem(field, "needs at least one pair");
    }
    for (i, (a, b)) in pairs.iter().enumerate() {
        within(format!("{field}[{i}].0"), *a as f64, x.0, x.1, x.2)?;
        within(format!("{field}[{i}].1"), *b as f64, y.0, y.1, y.2)?;
    }
    if let Some(i) = pairs.windows(2).position(|w| w[1].0 <= w[0].0) {
        return problem(
            format!("{field}[{}].0", i + 1),
            format!("{} must be larger than the one before it", pairs[i + 1].0),
        );
    }
    Ok(())
}
