//! Tables of (x, y) points that the kinetic data use for curves (fat by age, output by age,
//! iron release by stores…).

/// Piecewise-linear interpolation in a sorted (x, y) table, flat outside it.
pub fn interpolate(table: &[(f32, f32)], x: f32) -> f32 {
    match table {
        [] => 0.0,
        [(_, y)] => *y,
        _ => {
            if x <= table[0].0 {
                return table[0].1;
            }
            for w in table.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                if x <= x1 {
                    let t = if x1 > x0 { (x - x0) / (x1 - x0) } else { 1.0 };
                    return y0 + t * (y1 - y0);
                }
            }
            table[table.len() - 1].1
        }
    }
}
