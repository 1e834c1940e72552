//! Small-cell protection for the public register.
//!
//! Rule: no count below the threshold `min` (zero included) is ever published, and no hidden
//! count of one or more can be worked out from the published ones and the totals (a hidden
//! zero may be: that nobody gave an answer tells nothing about any one person, and protecting
//! zeros too would hide many more counts):
//!
//! 1. **Records per wijk** (one line per record kind and period, with its total over all
//!    wijken): a wijk with fewer than `min` records is hidden *as a whole* (its column in every
//!    table of that period and kind). When exactly one member of the line is hidden (and it is
//!    not zero), the next smallest wijk is hidden too, so the total never gives it away. Hidden
//!    zeros do not count as protection: an outsider may know that a wijk is empty.
//! 2. **Answers per wijk** (one table per question: answer × wijk, plus the total over all
//!    wijken per answer): every count below `min` is hidden. Then every hidden count of one or
//!    more is put on a
//!    *rectangle* of four hidden non-zero cells — two answers × two columns (a column may be the total)
//!    — along which one can be moved from corner to corner without changing any published
//!    number or total, and without making a count negative or larger than its wijk's number of
//!    records. Such a move gives a second table that fits everything published, so the hidden
//!    count cannot be derived: the cheapest such rectangle (fewest extra records hidden, a
//!    total over all wijken counting double) is chosen. A table where no rectangle exists is hidden whole.
//!
//! Rectangles never touch the records per wijk, so every table can be protected on its own
//! while the records line links them (rule 1 is what protects that line).

/// Which members of a line of counts that add up to a published total stay hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMask {
    pub hidden: Vec<bool>,
    pub total_hidden: bool,
}

/// Rule 1 on one line: `counts` per wijk, the total being their sum.
pub fn protect_line(counts: &[u64], min: u64) -> LineMask {
    let total: u64 = counts.iter().sum();
    let mut hidden: Vec<bool> = counts.iter().map(|&c| c < min).collect();
    let total_hidden = total < min;
    // Hidden zeros do not count: that a wijk is empty may be known (a new or unused wijk), and
    // a known zero protects nothing. With the total shown, one hidden non-zero member is the
    // total minus the others: hide one more, the smallest shown one (never zero: shown counts
    // are at least `min`; total ≥ min > the hidden count, so one is shown).
    let nonzero_hidden = counts.iter().zip(&hidden).filter(|(&c, &h)| h && c > 0).count();
    if nonzero_hidden == 1 && !total_hidden {
        if let Some(i) = (0..counts.len()).filter(|&i| !hidden[i]).min_by_key(|&i| (counts[i], i)) {
            hidden[i] = true;
        }
    }
    LineMask { hidden, total_hidden }
}

/// One question's counts in one period: `counts[answer][wijk column]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerTable {
    pub counts: Vec<Vec<u64>>,
    /// Per wijk column: its number of records (an upper bound of every count in the column
    /// that anyone may know).
    pub column_records: Vec<u64>,
    /// Per wijk column: hidden as a whole by rule 1.
    pub column_hidden: Vec<bool>,
}

/// What may be published of an `AnswerTable`: `None` is hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub counts: Vec<Vec<Option<u64>>>,
    /// Per answer: its total over all wijk columns.
    pub totals: Vec<Option<u64>>,
}

/// A cell of the table extended with the total column (`col == columns`).
type Cell = (usize, usize);
/// The corners of a rectangle, each with its move (+1 or -1) when the first goes up by one.
type Corners = [(Cell, i8); 4];

struct Grid<'a> {
    table: &'a AnswerTable,
    rows: usize,
    /// Wijk columns; column index `cols` is the total over them.
    cols: usize,
    row_totals: Vec<u64>,
    all_records: u64,
    hidden: Vec<Vec<bool>>,
}

impl Grid<'_> {
    fn value(&self, (r, c): Cell) -> u64 {
        if c == self.cols {
            self.row_totals[r]
        } else {
            self.table.counts[r][c]
        }
    }

    fn upper(&self, (_, c): Cell) -> u64 {
        if c == self.cols {
            self.all_records
        } else {
            self.table.column_records[c]
        }
    }

    /// The rectangle of `(r, c)` with `(r2, c2)` and how each corner moves when `(r, c)` goes up
    /// by one: column sums and row totals stay as they are.
    fn rectangle(&self, (r, c): Cell, (r2, c2): Cell) -> Corners {
        // In a row, two wijk cells move in opposite directions; a wijk cell and the row total
        // move together.
        let along_row = if c == self.cols || c2 == self.cols { 1 } else { -1 };
        [((r, c), 1), ((r, c2), along_row), ((r2, c2), -along_row), ((r2, c), -1)]
    }

    /// Whether the corners can all move by one (up or down) and stay within `0..=upper`, and
    /// none is zero: a hidden zero may be known to be zero (an empty wijk, an answer nobody
    /// gives), and a rectangle through a known cell protects nothing.
    fn movable(&self, corners: &Corners) -> bool {
        if corners.iter().any(|&(cell, _)| self.value(cell) == 0) {
            return false;
        }
        let fits = |dir: i8| {
            corners.iter().all(|&(cell, d)| {
                let v = self.value(cell);
                if d * dir > 0 {
                    v < self.upper(cell)
                } else {
                    v > 0
                }
            })
        };
        fits(1) || fits(-1)
    }

    fn partners(&self, (r, c): Cell) -> impl Iterator<Item = Cell> + '_ {
        (0..self.rows)
            .filter(move |&r2| r2 != r)
            .flat_map(move |r2| (0..=self.cols).filter(move |&c2| c2 != c).map(move |c2| (r2, c2)))
    }

    /// What hiding a cell costs the reader: its count, twice for a total over all wijken (the
    /// municipality-wide figure per answer is the one most looked at).
    fn cost(&self, cell: Cell) -> u64 {
        self.value(cell) * if cell.1 == self.cols { 2 } else { 1 }
    }

    /// The cheapest movable rectangle through `cell`: (cost, cells newly hidden).
    fn cheapest(&self, cell: Cell) -> Option<((u64, usize), Corners)> {
        self.partners(cell)
            .map(|p| self.rectangle(cell, p))
            .filter(|corners| self.movable(corners))
            .map(|corners| {
                let new: Vec<Cell> = corners.iter().map(|&(c, _)| c).filter(|&(r, c)| !self.hidden[r][c]).collect();
                ((new.iter().map(|&c| self.cost(c)).sum::<u64>(), new.len()), corners)
            })
            .min_by_key(|(cost, _)| *cost)
    }
}

/// Rule 2 on one question's table.
pub fn protect_table(table: &AnswerTable, min: u64) -> Published {
    let rows = table.counts.len();
    let cols = table.column_records.len();
    let row_totals: Vec<u64> = table.counts.iter().map(|row| row.iter().sum()).collect();
    let mut grid = Grid {
        table,
        rows,
        cols,
        row_totals,
        all_records: table.column_records.iter().sum(),
        hidden: vec![vec![false; cols + 1]; rows],
    };
    for r in 0..rows {
        for c in 0..=cols {
            grid.hidden[r][c] = grid.value((r, c)) < min || (c < cols && table.column_hidden[c]);
        }
    }
    let mut covered = vec![vec![false; cols + 1]; rows];
    'cells: loop {
        let next = (0..rows)
            .flat_map(|r| (0..=cols).map(move |c| (r, c)))
            .find(|&(r, c)| grid.hidden[r][c] && !covered[r][c] && grid.value((r, c)) > 0);
        let Some(cell) = next else { break };
        match grid.cheapest(cell) {
            Some((_, corners)) => {
                for ((r, c), _) in corners {
                    grid.hidden[r][c] = true;
                    covered[r][c] = true;
                }
            }
            None => {
                // Too small a table to hide anything in: publish none of it.
                grid.hidden.iter_mut().for_each(|row| row.fill(true));
                break 'cells;
            }
        }
    }
    let show = |r: usize, c: usize| (!grid.hidden[r][c]).then(|| grid.value((r, c)));
    Published {
        counts: (0..rows).map(|r| (0..cols).map(|c| show(r, c)).collect()).collect(),
        totals: (0..rows).map(|r| show(r, cols)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// A small deterministic generator for random tables (no dependency needed).
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    fn table(counts: Vec<Vec<u64>>) -> AnswerTable {
        let cols = counts[0].len();
        let column_records = (0..cols).map(|c| counts.iter().map(|row| row[c]).sum()).collect();
        AnswerTable { counts, column_records, column_hidden: vec![false; cols] }
    }

    /// What an outsider knows besides the published table: the records of each shown wijk,
    /// and the records of the hidden wijken together (the line total minus the shown ones).
    fn hidden_records(t: &AnswerTable) -> u64 {
        t.column_records.iter().zip(&t.column_hidden).filter(|(_, h)| **h).map(|(n, _)| n).sum()
    }

    fn fits(t: &AnswerTable, p: &Published, candidate: &[Vec<u64>]) -> bool {
        let cols = t.column_records.len();
        let column = |c: usize| candidate.iter().map(|row| row[c]).sum::<u64>();
        (0..cols).filter(|&c| !t.column_hidden[c]).all(|c| column(c) == t.column_records[c])
            && (0..cols).filter(|&c| t.column_hidden[c]).map(column).sum::<u64>() == hidden_records(t)
            && candidate.iter().zip(&p.totals).all(|(row, total)| total.is_none_or(|s| row.iter().sum::<u64>() == s))
            && candidate
                .iter()
                .zip(&p.counts)
                .all(|(row, shown)| row.iter().zip(shown).all(|(v, s)| s.is_none_or(|s| *v == s)))
    }

    /// The attack the rule must withstand: fill in every line (an answer with its total, a
    /// shown wijk with its records, the hidden wijken with theirs) that has exactly one
    /// unknown, over and over. Returns what it derived.
    fn derive_from_totals(t: &AnswerTable, p: &Published) -> Vec<(usize, usize, u64)> {
        derive(t, p, false)
    }

    /// The same attack by someone who also knows which hidden counts are zero (an empty wijk,
    /// an answer nobody in a wijk gives): those are filled in first, and not reported.
    fn derive_knowing_zeros(t: &AnswerTable, p: &Published) -> Vec<(usize, usize, u64)> {
        derive(t, p, true)
    }

    fn derive(t: &AnswerTable, p: &Published, know_zeros: bool) -> Vec<(usize, usize, u64)> {
        let rows = t.counts.len();
        let cols = t.column_records.len();
        let mut lines: Vec<(Vec<(usize, usize)>, u64)> = Vec::new();
        for r in 0..rows {
            if let Some(total) = p.totals[r] {
                lines.push(((0..cols).map(|c| (r, c)).collect(), total));
            }
        }
        for c in (0..cols).filter(|&c| !t.column_hidden[c]) {
            lines.push(((0..rows).map(|r| (r, c)).collect(), t.column_records[c]));
        }
        let hidden_cells = (0..cols).filter(|&c| t.column_hidden[c]).flat_map(|c| (0..rows).map(move |r| (r, c)));
        lines.push((hidden_cells.collect(), hidden_records(t)));
        let mut known: Vec<Vec<Option<u64>>> = p.counts.clone();
        if know_zeros {
            for (r, row) in known.iter_mut().enumerate() {
                for (c, v) in row.iter_mut().enumerate() {
                    if t.counts[r][c] == 0 {
                        *v = Some(0);
                    }
                }
            }
        }
        let mut derived = Vec::new();
        loop {
            let mut progress = false;
            for (cells, sum) in &lines {
                let unknown: Vec<&(usize, usize)> = cells.iter().filter(|&&(r, c)| known[r][c].is_none()).collect();
                if let [&(r, c)] = unknown.as_slice() {
                    let rest: u64 = cells.iter().filter_map(|&(r, c)| known[r][c]).sum();
                    known[r][c] = Some(sum - rest);
                    derived.push((r, c, sum - rest));
                    progress = true;
                }
            }
            if !progress {
                return derived;
            }
        }
    }

    /// Every hidden count of one or more can take at least two values in tables that fit all
    /// that is known: searched exhaustively over all completions of the hidden cells, column by
    /// column (the last hidden cell of a shown column follows from the column's records).
    fn each_hidden_count_is_ambiguous(t: &AnswerTable, p: &Published) {
        ambiguous(t, p, false, u64::MAX)
    }

    /// The same, for someone who knows every hidden zero (they are not searched over), for
    /// every hidden count below `min`.
    fn each_hidden_count_is_ambiguous_knowing_zeros(t: &AnswerTable, p: &Published, min: u64) {
        ambiguous(t, p, true, min)
    }

    fn ambiguous(t: &AnswerTable, p: &Published, know_zeros: bool, min: u64) {
        let rows = t.counts.len();
        let cols = t.column_records.len();
        let unknown: Vec<(usize, usize)> = (0..cols)
            .flat_map(|c| (0..rows).map(move |r| (r, c)))
            .filter(|&(r, c)| p.counts[r][c].is_none() && !(know_zeros && t.counts[r][c] == 0))
            .collect();
        let mut seen: Vec<BTreeSet<u64>> = vec![BTreeSet::new(); unknown.len()];
        let mut candidate: Vec<Vec<u64>> =
            p.counts.iter().map(|row| row.iter().map(|v| v.unwrap_or(0)).collect()).collect();
        search(0, &unknown, t, p, &mut candidate, &mut seen);
        for (k, &(r, c)) in unknown.iter().enumerate() {
            assert!(seen[k].contains(&t.counts[r][c]), "the real table must fit");
            if t.counts[r][c] > 0 && t.counts[r][c] < min {
                assert!(seen[k].len() >= 2, "cell ({r},{c}) = {} is derivable\n{t:?}\n{p:?}", t.counts[r][c]);
            }
        }
    }

    fn search(
        i: usize,
        unknown: &[(usize, usize)],
        t: &AnswerTable,
        p: &Published,
        candidate: &mut Vec<Vec<u64>>,
        seen: &mut Vec<BTreeSet<u64>>,
    ) {
        if i == unknown.len() {
            if fits(t, p, candidate) {
                for (k, &(r, c)) in unknown.iter().enumerate() {
                    seen[k].insert(candidate[r][c]);
                }
            }
            return;
        }
        let (r, c) = unknown[i];
        let row_fits = |candidate: &Vec<Vec<u64>>| p.totals[r].is_none_or(|s| candidate[r].iter().sum::<u64>() <= s);
        let column_rest = |candidate: &Vec<Vec<u64>>| {
            (0..candidate.len()).filter(|&r2| r2 != r).map(|r2| candidate[r2][c]).sum::<u64>()
        };
        let last_of_column = unknown.get(i + 1).is_none_or(|&(_, c2)| c2 != c);
        if last_of_column && !t.column_hidden[c] {
            // The shown column's records fix its last hidden cell.
            let rest = column_rest(candidate);
            if rest <= t.column_records[c] {
                candidate[r][c] = t.column_records[c] - rest;
                if row_fits(candidate) {
                    search(i + 1, unknown, t, p, candidate, seen);
                }
            }
        } else {
            let cap = if t.column_hidden[c] { hidden_records(t) } else { t.column_records[c] };
            for v in 0..=cap {
                candidate[r][c] = v;
                if column_rest(candidate) + v > cap || !row_fits(candidate) {
                    break;
                }
                search(i + 1, unknown, t, p, candidate, seen);
            }
        }
        candidate[r][c] = 0;
    }

    fn assert_never_shows_small(t: &AnswerTable, p: &Published, min: u64) {
        for row in &p.counts {
            assert!(row.iter().flatten().all(|&v| v >= min), "{p:?}");
        }
        assert!(p.totals.iter().flatten().all(|&v| v >= min), "{p:?}");
        for (r, row) in p.counts.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                assert!(v.is_none_or(|v| v == t.counts[r][c]));
            }
        }
    }

    #[test]
    fn a_line_with_one_small_wijk_hides_a_second() {
        assert_eq!(
            protect_line(&[30, 4, 12, 50], 10),
            LineMask { hidden: vec![false, true, true, false], total_hidden: false }
        );
        assert_eq!(protect_line(&[30, 4, 2, 50], 10).hidden, vec![false, true, true, false]);
        assert_eq!(protect_line(&[30, 40], 10), LineMask { hidden: vec![false, false], total_hidden: false });
        // A small total: it and its only wijk are hidden, and nothing else can give them away.
        assert_eq!(protect_line(&[4], 10), LineMask { hidden: vec![true], total_hidden: true });
        // Zero is below the threshold too, so it is hidden; alone it need not be protected.
        assert_eq!(protect_line(&[0, 25, 30], 10).hidden, vec![true, false, false]);
        // A hidden zero beside a hidden 3 protects nothing (the empty wijk may be known): the
        // next smallest wijk is hidden too.
        assert_eq!(protect_line(&[0, 3, 25, 30], 10).hidden, vec![true, true, true, false]);
        assert_eq!(protect_line(&[0, 0, 3, 25, 30], 10).hidden, vec![true, true, true, true, false]);
    }

    /// The attacker who knows which wijken are empty: every hidden zero is filled in, then the
    /// line total gives away a lone hidden non-zero count.
    #[test]
    fn an_attacker_who_knows_the_empty_wijken_learns_nothing_from_the_records_line() {
        for counts in [vec![0, 3, 25, 30], vec![30, 4, 0, 50], vec![0, 0, 1, 12], vec![9, 0, 0, 40, 0]] {
            let mask = protect_line(&counts, 10);
            let total: u64 = counts.iter().sum();
            assert!(!mask.total_hidden);
            let known: u64 = counts.iter().zip(&mask.hidden).filter(|(&c, &h)| !h || c == 0).map(|(c, _)| c).sum();
            let unknown: Vec<u64> =
                counts.iter().zip(&mask.hidden).filter(|(&c, &h)| h && c > 0).map(|(&c, _)| c).collect();
            assert!(unknown.len() != 1, "{counts:?}: the hidden {} is the total {total} minus {known}", total - known);
        }
    }

    /// The same attacker on an answer table: a hidden zero in the rectangle of a small count
    /// leaves that count alone in its row once the zero is known.
    #[test]
    fn an_attacker_who_knows_the_zeros_cannot_derive_a_hidden_count() {
        // Nobody in wijk 1 gave answer 0: today's cheapest rectangle for the 3 runs through
        // that zero (hiding 20 + 12 more), and row 0's total minus the 25 is then 3 + 0.
        let t = table(vec![vec![3, 0, 25], vec![20, 12, 30], vec![15, 14, 22]]);
        let p = protect_table(&t, 10);
        assert_never_shows_small(&t, &p, 10);
        for (r, c, v) in derive_knowing_zeros(&t, &p) {
            assert_eq!(v, 0, "derived ({r},{c}) = {v}\n{p:?}");
        }
        each_hidden_count_is_ambiguous_knowing_zeros(&t, &p, 10);
        // The rectangle of the 3 holds no zero.
        let hidden_nonzero = (0..3).filter(|&r| p.counts[r][0].is_none() && t.counts[r][0] > 0).count();
        assert!(hidden_nonzero >= 2, "{p:?}");
    }

    #[test]
    fn the_total_cannot_give_a_hidden_wijk_away() {
        let counts = [31, 3, 14, 27];
        let mask = protect_line(&counts, 10);
        let total: u64 = counts.iter().sum();
        let shown: u64 = counts.iter().zip(&mask.hidden).filter(|(_, h)| !**h).map(|(c, _)| c).sum();
        assert!(mask.hidden.iter().filter(|h| **h).count() >= 2);
        assert!(total - shown != 3, "the rest of the total is the hidden wijk alone");
    }

    #[test]
    fn one_small_cell_cannot_be_derived_from_row_and_column_totals() {
        // Answers × wijken; 4 in the middle is the only small cell.
        let t = table(vec![vec![20, 15, 30], vec![12, 4, 25], vec![18, 22, 11]]);
        let p = protect_table(&t, 10);
        assert_eq!(p.counts[1][1], None);
        assert_never_shows_small(&t, &p, 10);
        // Row 1 total minus its shown cells, or wijk 1's records minus its shown cells, would be
        // the hidden 4 if it were the only hidden cell of its row or column: it is not.
        assert!(p.counts[1].iter().filter(|v| v.is_none()).count() >= 2 || p.totals[1].is_none());
        assert!(p.counts.iter().filter(|row| row[1].is_none()).count() >= 2);
        assert_eq!(derive_from_totals(&t, &p), vec![]);
        each_hidden_count_is_ambiguous(&t, &p);
    }

    #[test]
    fn complementary_cells_are_the_cheapest() {
        let t = table(vec![vec![20, 15, 30], vec![12, 4, 25], vec![18, 22, 11]]);
        let p = protect_table(&t, 10);
        // The 4 at (1,1) goes with the cheapest rectangle: answers 0–1 and wijken 0–1 hide
        // 12 + 20 + 15 = 47 more records; the next best (answers 1–2, wijken 0–1) 52.
        let hidden: Vec<(usize, usize)> =
            (0..3).flat_map(|r| (0..3).map(move |c| (r, c))).filter(|&(r, c)| p.counts[r][c].is_none()).collect();
        assert_eq!(hidden, vec![(0, 0), (0, 1), (1, 0), (1, 1)]);
        assert_eq!(p.totals, vec![Some(65), Some(41), Some(51)]);
    }

    #[test]
    fn a_small_answer_total_is_hidden_and_protected() {
        // Answer 2 is rare everywhere: its total (7) is small too.
        let t = table(vec![vec![40, 35, 30], vec![25, 30, 28], vec![3, 0, 4]]);
        let p = protect_table(&t, 10);
        assert_eq!(p.totals[2], None);
        assert_never_shows_small(&t, &p, 10);
        for (r, c, v) in derive_from_totals(&t, &p) {
            assert_eq!((r, c, v), (2, 1, 0), "only the zero may be derived");
        }
        each_hidden_count_is_ambiguous(&t, &p);
    }

    #[test]
    fn a_hidden_wijk_column_stays_hidden() {
        let mut t = table(vec![vec![20, 5, 30, 3], vec![12, 2, 25, 4], vec![18, 1, 11, 2]]);
        t.column_hidden = vec![false, true, false, true];
        let p = protect_table(&t, 10);
        for row in &p.counts {
            assert_eq!((row[1], row[3]), (None, None));
        }
        assert_never_shows_small(&t, &p, 10);
        each_hidden_count_is_ambiguous(&t, &p);
    }

    #[test]
    fn a_table_too_small_to_protect_is_hidden_whole() {
        // One answer, one wijk: nothing to move a count along.
        let t = table(vec![vec![4]]);
        let p = protect_table(&t, 10);
        assert_eq!(p, Published { counts: vec![vec![None]], totals: vec![None] });
    }

    #[test]
    fn random_tables_never_give_a_hidden_count_away() {
        let mut rng = Lcg(7);
        for _ in 0..100 {
            let rows = 2 + rng.below(2) as usize;
            let cols = 2 + rng.below(3) as usize;
            let min = 3 + rng.below(2);
            let counts: Vec<Vec<u64>> = (0..rows).map(|_| (0..cols).map(|_| rng.below(7)).collect()).collect();
            let mut t = table(counts);
            // As in the register: wijken with few records are hidden whole first.
            t.column_hidden = protect_line(&t.column_records, min).hidden;
            let p = protect_table(&t, min);
            assert_never_shows_small(&t, &p, min);
            for (r, c, v) in derive_from_totals(&t, &p) {
                assert_eq!(v, 0, "derived ({r},{c}) = {v}\n{t:?}\n{p:?}");
            }
            // Knowing the zeros, a count of at least `min` may follow (it could have been shown).
            for (r, c, v) in derive_knowing_zeros(&t, &p) {
                assert!(v == 0 || v >= min, "knowing the zeros, derived ({r},{c}) = {v}\n{t:?}\n{p:?}");
            }
            // A table hidden whole leaves so many completions that the exhaustive search over
            // them takes minutes; the search knowing the zeros has fewer unknowns.
            if p.counts.iter().flatten().chain(&p.totals).any(Option::is_some) {
                each_hidden_count_is_ambiguous(&t, &p);
            }
            each_hidden_count_is_ambiguous_knowing_zeros(&t, &p, min);
        }
    }
}
