//! The reader's strongest attack from equations alone, for the tests: every published number
//! and every sum it is part of (a row total, a column sum, a margin) is an equation, and any
//! linear combination of them may pin down a hidden count, not only a line with one unknown.

/// An exact fraction, for solving the published equations without rounding.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Frac(i128, i128);

impl Frac {
    fn new(n: i128, d: i128) -> Frac {
        fn gcd(a: i128, b: i128) -> i128 {
            if b == 0 {
                a.abs().max(1)
            } else {
                gcd(b, a % b)
            }
        }
        let g = gcd(n, d) * d.signum();
        Frac(n / g, d / g)
    }
    fn is_zero(self) -> bool {
        self.0 == 0
    }
    fn sub(self, o: Frac) -> Frac {
        Frac::new(self.0 * o.1 - o.0 * self.1, self.1 * o.1)
    }
    fn mul(self, o: Frac) -> Frac {
        Frac::new(self.0 * o.0, self.1 * o.1)
    }
    fn div(self, o: Frac) -> Frac {
        Frac::new(self.0 * o.1, self.1 * o.0)
    }
}

/// The strongest attack from the equations alone: every linear combination of them, not
/// only the lines with one unknown. `equations` are lists of `(variable, coefficient)` that
/// sum to zero; `known[v]` is what the reader knows of variable `v`. Returns every unknown
/// variable the equations pin down, with its value (Gauss–Jordan over exact fractions).
pub fn solve(n: usize, equations: &[Vec<(usize, i128)>], known: &[Option<u64>]) -> Vec<(usize, u64)> {
    let unknown: Vec<usize> = (0..n).filter(|&v| known[v].is_none()).collect();
    let col_of = |v: usize| unknown.iter().position(|&u| u == v);
    let mut rows: Vec<(Vec<Frac>, Frac)> = equations
        .iter()
        .map(|eq| {
            let mut coef = vec![Frac(0, 1); unknown.len()];
            let mut rhs = Frac(0, 1);
            for &(v, a) in eq {
                match (col_of(v), known[v]) {
                    (Some(c), _) => coef[c] = Frac::new(coef[c].0 + a * coef[c].1, coef[c].1),
                    (None, Some(k)) => rhs = rhs.sub(Frac(a * k as i128, 1)),
                    (None, None) => unreachable!(),
                }
            }
            (coef, rhs)
        })
        .collect();
    let mut pivots = Vec::new();
    let mut row = 0;
    for col in 0..unknown.len() {
        let Some(p) = (row..rows.len()).find(|&r| !rows[r].0[col].is_zero()) else { continue };
        rows.swap(row, p);
        let lead = rows[row].0[col];
        let (coef, rhs) = rows[row].clone();
        let coef: Vec<Frac> = coef.iter().map(|&x| x.div(lead)).collect();
        let rhs = rhs.div(lead);
        rows[row] = (coef.clone(), rhs);
        for (r, (other, other_rhs)) in rows.iter_mut().enumerate() {
            if r != row && !other[col].is_zero() {
                let f = other[col];
                for (x, y) in other.iter_mut().zip(&coef) {
                    *x = x.sub(f.mul(*y));
                }
                *other_rhs = other_rhs.sub(f.mul(rhs));
            }
        }
        pivots.push((row, col));
        row += 1;
    }
    pivots
        .into_iter()
        .filter(|&(r, col)| rows[r].0.iter().enumerate().all(|(c, x)| c == col || x.is_zero()))
        .map(|(r, col)| {
            let v = rows[r].1;
            assert_eq!(v.1, 1, "a count is a whole number");
            (unknown[col], v.0 as u64)
        })
        .collect()
}
