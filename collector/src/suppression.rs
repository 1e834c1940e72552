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
//!    more is put on a *rectangle* of four hidden non-zero cells — two answers × two columns (a
//!    column may be the total) — along which one can be moved from corner to corner without
//!    changing any published number or total, and without making a count negative or larger
//!    than its wijk's number of records. Such a move gives a second table that fits everything
//!    published, so the hidden count cannot be derived: the cheapest such rectangle (fewest
//!    extra records hidden, a total over all wijken counting double) is chosen. A table where
//!    no rectangle exists is hidden whole.
//! 3. **Linked tables** (an area × outcome table beside the areas table): per area, its
//!    outcomes × wijk and its row of the areas table are one table whose last row (the margin)
//!    is the sum of the others. Protected cell by cell, each on its own, the margin could give
//!    away a count the outcome table hid, and the other way round (the test
//!    `protecting_each_table_on_its_own_leaks_what_the_linked_rule_keeps` shows one). So rule 2
//!    runs on the linked table as a whole: a rectangle may run through the margin row, whose
//!    corners move *with* the answer below them (see [`protect_linked`]).
//!
//! Rectangles never touch the records per wijk, so every table can be protected on its own
//! while the records line links them (rule 1 is what protects that line). A linked table's
//! outcome rows count records that name the area, so they are bounded by (not a sum of) the
//! outcome table's counts: every move stays within those bounds.

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

/// One area's counts by outcome and wijk, linked to the area's row of the areas table: the
/// areas table says per wijk how many records name the area, and that is the sum over the
/// outcomes here (every fit check has one outcome). Published side by side, the two are one
/// table with a margin row, and are protected as one (see [`protect_linked`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedTable {
    /// `counts[outcome][wijk column]`: records with that outcome that name the area.
    pub counts: Vec<Vec<u64>>,
    /// `upper[outcome][wijk column]`: records with that outcome in that wijk (whether or not
    /// they name the area): no alternative table may count more.
    pub upper: Vec<Vec<u64>>,
    /// Per wijk column: its number of records (an upper bound of the margin).
    pub column_records: Vec<u64>,
    /// Per wijk column: hidden as a whole by rule 1.
    pub column_hidden: Vec<bool>,
}

/// What may be published of a `LinkedTable`: its rows with their totals, and the margin row
/// (the area's row of the areas table) with its total. `None` is hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedPublished {
    pub counts: Vec<Vec<Option<u64>>>,
    pub totals: Vec<Option<u64>>,
    pub margin: Vec<Option<u64>>,
    pub margin_total: Option<u64>,
}

/// A cell of the table extended with the total column (`col == cols`) and, for a linked table,
/// the margin row.
type Cell = (usize, usize);
/// The corners of a rectangle, each with its move (+1 or -1) when the first goes up by one.
type Corners = [(Cell, i8); 4];

/// A table with its totals over all wijken (the last column) and, when linked, its margin row
/// (the sum of the other rows, the last row).
struct Grid {
    values: Vec<Vec<u64>>,
    /// No table that fits what is known can have more in a cell than this.
    upper: Vec<Vec<u64>>,
    /// Wijk columns; column index `cols` is the total over them.
    cols: usize,
    /// The row that is the sum of the others, if any.
    margin: Option<usize>,
    hidden: Vec<Vec<bool>>,
}

impl Grid {
    fn value(&self, (r, c): Cell) -> u64 {
        self.values[r][c]
    }

    fn upper(&self, (r, c): Cell) -> u64 {
        self.upper[r][c]
    }

    /// The rectangle of `(r, c)` with `(r2, c2)` and how each corner moves when `(r, c)` goes up
    /// by one, so that every row total, every column sum and the margin stay what they are.
    fn rectangle(&self, (r, c): Cell, (r2, c2): Cell) -> Corners {
        // In a row, two wijk cells move in opposite directions; a wijk cell and the row total
        // move together. In a column, two answers move in opposite directions; an answer and
        // the margin (their sum) move together.
        let along_row = if c == self.cols || c2 == self.cols { 1 } else { -1 };
        let along_col = if Some(r) == self.margin || Some(r2) == self.margin { 1 } else { -1 };
        [((r, c), 1), ((r, c2), along_row), ((r2, c2), along_row * along_col), ((r2, c), along_col)]
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
        (0..self.values.len())
            .filter(move |&r2| r2 != r)
            .flat_map(move |r2| (0..=self.cols).filter(move |&c2| c2 != c).map(move |c2| (r2, c2)))
    }

    /// What hiding a cell costs the reader: its count, twice for a total over all wijken (the
    /// municipality-wide figure per answer is the one most looked at) and twice for the margin
    /// (the areas table, read more than any one outcome).
    fn cost(&self, cell: Cell) -> u64 {
        let weight = 1 + u64::from(cell.1 == self.cols) + u64::from(Some(cell.0) == self.margin);
        self.value(cell) * weight
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

    /// Hides every count below `min` and every cell of a hidden wijk, then puts every hidden
    /// count of one or more on a movable rectangle of hidden cells; hides everything when some
    /// count has none.
    fn protect(mut self, min: u64, column_hidden: &[bool]) -> Vec<Vec<Option<u64>>> {
        let rows = self.values.len();
        let cols = self.cols;
        self.hidden = (0..rows)
            .map(|r| (0..=cols).map(|c| self.values[r][c] < min || (c < cols && column_hidden[c])).collect())
            .collect();
        let mut covered = vec![vec![false; cols + 1]; rows];
        loop {
            let next = (0..rows)
                .flat_map(|r| (0..=cols).map(move |c| (r, c)))
                .find(|&(r, c)| self.hidden[r][c] && !covered[r][c] && self.value((r, c)) > 0);
            let Some(cell) = next else { break };
            match self.cheapest(cell) {
                Some((_, corners)) => {
                    for ((r, c), _) in corners {
                        self.hidden[r][c] = true;
                        covered[r][c] = true;
                    }
                }
                None => {
                    // Too small a table to hide anything in: publish none of it.
                    self.hidden.iter_mut().for_each(|row| row.fill(true));
                    break;
                }
            }
        }
        (0..rows).map(|r| (0..=cols).map(|c| (!self.hidden[r][c]).then_some(self.values[r][c])).collect()).collect()
    }
}

/// Each row with its total over the wijk columns appended.
fn with_totals(rows: &[Vec<u64>]) -> Vec<Vec<u64>> {
    rows.iter().map(|row| row.iter().copied().chain([row.iter().sum()]).collect()).collect()
}

/// Rule 2 on one question's table.
pub fn protect_table(table: &AnswerTable, min: u64) -> Published {
    let cols = table.column_records.len();
    let all_records: u64 = table.column_records.iter().sum();
    let upper_row: Vec<u64> = table.column_records.iter().copied().chain([all_records]).collect();
    let grid = Grid {
        values: with_totals(&table.counts),
        upper: vec![upper_row; table.counts.len()],
        cols,
        margin: None,
        hidden: Vec::new(),
    };
    let shown = grid.protect(min, &table.column_hidden);
    Published {
        counts: shown.iter().map(|row| row[..cols].to_vec()).collect(),
        totals: shown.iter().map(|row| row[cols]).collect(),
    }
}

/// Rule 2 on an area's outcome table and its row of the areas table together (rule 3 in
/// `collector/README.md`): the rectangles run through both, so that what one of them hides the
/// other cannot give away. A count of the areas table is the sum of its column here, so when
/// it goes up by one an outcome's count in the same wijk goes up too: the margin row is a row
/// whose rectangles move *with* the others. Every move keeps the records per wijk, the outcome
/// of every record, and every published number as they are (it moves which records name the
/// area), so two whole registers fit what is published.
pub fn protect_linked(table: &LinkedTable, min: u64) -> LinkedPublished {
    let cols = table.column_records.len();
    let outcomes = table.counts.len();
    let margin: Vec<u64> = (0..cols).map(|c| table.counts.iter().map(|row| row[c]).sum()).collect();
    let mut values = with_totals(&table.counts);
    values.extend(with_totals(std::slice::from_ref(&margin)));
    let mut upper = with_totals(&table.upper);
    upper.extend(with_totals(std::slice::from_ref(&table.column_records)));
    let grid = Grid { values, upper, cols, margin: Some(outcomes), hidden: Vec::new() };
    let shown = grid.protect(min, &table.column_hidden);
    LinkedPublished {
        counts: shown[..outcomes].iter().map(|row| row[..cols].to_vec()).collect(),
        totals: shown[..outcomes].iter().map(|row| row[cols]).collect(),
        margin: shown[outcomes][..cols].to_vec(),
        margin_total: shown[outcomes][cols],
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

    // ---- Linked tables (rule 3) ----

    use crate::attack::solve;

    /// The linked table as the reader sees it: `(rows + 1) × (cols + 1)` cells (the last row the
    /// margin, the last column the total), what is published of them, and its equations.
    struct LinkedView {
        rows: usize,
        cols: usize,
        /// Every cell's true value.
        truth: Vec<u64>,
        known: Vec<Option<u64>>,
        equations: Vec<Vec<(usize, i128)>>,
    }

    fn linked_view(
        t: &LinkedTable,
        inner: &[Vec<Option<u64>>],
        totals: &[Option<u64>],
        margin: &[Option<u64>],
        margin_total: Option<u64>,
    ) -> LinkedView {
        let rows = t.counts.len();
        let cols = t.column_records.len();
        let w = cols + 1;
        let at = |r: usize, c: usize| r * w + c;
        let mut truth = vec![0; (rows + 1) * w];
        let mut known = vec![None; (rows + 1) * w];
        for r in 0..rows {
            for c in 0..cols {
                truth[at(r, c)] = t.counts[r][c];
                truth[at(r, cols)] += t.counts[r][c];
                truth[at(rows, c)] += t.counts[r][c];
                truth[at(rows, cols)] += t.counts[r][c];
                known[at(r, c)] = inner[r][c];
            }
            known[at(r, cols)] = totals[r];
        }
        for c in 0..cols {
            known[at(rows, c)] = margin[c];
        }
        known[at(rows, cols)] = margin_total;
        let mut equations = Vec::new();
        for r in 0..=rows {
            let mut eq: Vec<(usize, i128)> = (0..cols).map(|c| (at(r, c), 1)).collect();
            eq.push((at(r, cols), -1));
            equations.push(eq);
        }
        for c in 0..=cols {
            let mut eq: Vec<(usize, i128)> = (0..rows).map(|r| (at(r, c), 1)).collect();
            eq.push((at(rows, c), -1));
            equations.push(eq);
        }
        LinkedView { rows, cols, truth, known, equations }
    }

    fn view_of(t: &LinkedTable, p: &LinkedPublished) -> LinkedView {
        linked_view(t, &p.counts, &p.totals, &p.margin, p.margin_total)
    }

    /// The hidden counts of one or more the equations give away (a reader who knows every zero
    /// fills those in first when `know_zeros`).
    fn recovered(v: &LinkedView, know_zeros: bool) -> Vec<(usize, u64)> {
        let mut known = v.known.clone();
        if know_zeros {
            for (k, t) in known.iter_mut().zip(&v.truth) {
                if *t == 0 {
                    *k = Some(0);
                }
            }
        }
        let found = solve(known.len(), &v.equations, &known);
        for &(cell, value) in &found {
            assert_eq!(value, v.truth[cell], "the equations hold for the real table");
        }
        found.into_iter().filter(|&(cell, value)| value > 0 && v.known[cell].is_none()).collect()
    }

    /// Exhaustive: every hidden count of one or more and below `min` (an outcome count, a count
    /// of the areas table, or a total) takes at least two values among the tables that fit all
    /// that is published and every bound a reader could know (the outcome counts, the records
    /// per wijk). With `know_zeros` the reader also knows which hidden counts are zero.
    fn linked_ambiguous(t: &LinkedTable, v: &LinkedView, min: u64, know_zeros: bool) {
        let (rows, cols) = (v.rows, v.cols);
        let w = cols + 1;
        let unknown: Vec<(usize, usize)> = (0..cols)
            .flat_map(|c| (0..rows).map(move |r| (r, c)))
            .filter(|&(r, c)| v.known[r * w + c].is_none() && !(know_zeros && t.counts[r][c] == 0))
            .collect();
        let mut grid: Vec<Vec<u64>> =
            (0..rows).map(|r| (0..cols).map(|c| v.known[r * w + c].unwrap_or(0)).collect()).collect();
        let mut seen = vec![BTreeSet::new(); v.truth.len()];
        fn go(
            i: usize,
            unknown: &[(usize, usize)],
            t: &LinkedTable,
            v: &LinkedView,
            grid: &mut Vec<Vec<u64>>,
            seen: &mut Vec<BTreeSet<u64>>,
        ) {
            let (rows, cols) = (v.rows, v.cols);
            let w = cols + 1;
            let row_sum = |g: &Vec<Vec<u64>>, r: usize| g[r].iter().sum::<u64>();
            let col_sum = |g: &Vec<Vec<u64>>, c: usize| (0..rows).map(|r| g[r][c]).sum::<u64>();
            if i == unknown.len() {
                let fits = (0..rows).all(|r| v.known[r * w + cols].is_none_or(|s| row_sum(grid, r) == s))
                    && (0..cols).all(|c| {
                        v.known[rows * w + c].is_none_or(|s| col_sum(grid, c) == s)
                            && col_sum(grid, c) <= t.column_records[c]
                    })
                    && v.known[rows * w + cols].is_none_or(|s| (0..rows).map(|r| row_sum(grid, r)).sum::<u64>() == s);
                if fits {
                    for r in 0..rows {
                        for c in 0..cols {
                            seen[r * w + c].insert(grid[r][c]);
                        }
                        seen[r * w + cols].insert(row_sum(grid, r));
                    }
                    for c in 0..cols {
                        seen[rows * w + c].insert(col_sum(grid, c));
                    }
                    seen[rows * w + cols].insert((0..rows).map(|r| row_sum(grid, r)).sum());
                }
                return;
            }
            let (r, c) = unknown[i];
            let last_in_column = unknown.get(i + 1).is_none_or(|&(_, c2)| c2 != c);
            let rest = |g: &Vec<Vec<u64>>| (0..rows).filter(|&r2| r2 != r).map(|r2| g[r2][c]).sum::<u64>();
            let row_ok = |g: &Vec<Vec<u64>>| v.known[r * w + cols].is_none_or(|s| row_sum(g, r) <= s);
            match v.known[rows * w + c] {
                Some(m) if last_in_column => {
                    // The published margin fixes the last hidden count of its column.
                    let rest = rest(grid);
                    if rest <= m && m - rest <= t.upper[r][c] {
                        grid[r][c] = m - rest;
                        if row_ok(grid) {
                            go(i + 1, unknown, t, v, grid, seen);
                        }
                    }
                }
                _ => {
                    for value in 0..=t.upper[r][c] {
                        grid[r][c] = value;
                        if !row_ok(grid) || rest(grid) + value > t.column_records[c] {
                            break;
                        }
                        go(i + 1, unknown, t, v, grid, seen);
                    }
                }
            }
            grid[r][c] = 0;
        }
        go(0, &unknown, t, v, &mut grid, &mut seen);
        for (cell, values) in seen.iter().enumerate() {
            let truth = v.truth[cell];
            assert!(values.contains(&truth), "the real table must fit (cell {cell})");
            let fixed_zero = know_zeros && truth == 0;
            if v.known[cell].is_none() && truth > 0 && truth < min && !fixed_zero {
                assert!(values.len() >= 2, "cell {cell} = {truth} is derivable\n{t:?}\n{values:?}");
            }
        }
    }

    fn linked(counts: Vec<Vec<u64>>, slack: u64) -> LinkedTable {
        let cols = counts[0].len();
        let upper: Vec<Vec<u64>> = counts.iter().map(|row| row.iter().map(|v| v + slack).collect()).collect();
        let column_records = (0..cols).map(|c| upper.iter().map(|row| row[c]).sum()).collect();
        LinkedTable { counts, upper, column_records, column_hidden: vec![false; cols] }
    }

    fn assert_linked_never_shows_small(p: &LinkedPublished, min: u64) {
        let shown = p.counts.iter().flatten().chain(&p.totals).chain(&p.margin).chain([&p.margin_total]);
        for v in shown.flatten() {
            assert!(*v >= min, "{p:?}");
        }
    }

    /// Outcomes × wijken of one area (housing, say), with its row of the areas table beside it.
    /// Protected each on its own, the areas table hides Oost's 4 and the outcome table hides
    /// the counts it is made of; but the outcome table's totals and Noord's published areas
    /// count add up to it: 21 + 15 + 0 (hidden per outcome) − 32 (Noord minus its published
    /// 18) = 4. The linked rule keeps it hidden.
    #[test]
    fn protecting_each_table_on_its_own_leaks_what_the_linked_rule_keeps() {
        let min = 10;
        let outcomes = vec![vec![20, 1, 30], vec![12, 3, 25], vec![18, 0, 11]];
        let t = linked(outcomes.clone(), 2);
        // Each on its own: the outcome table with its wijk sums as known column records; the
        // areas table with another area beside housing, named in Oost only (so Oost's 4 is
        // protected through the totals over all wijken).
        let margin: Vec<u64> = (0..3).map(|c| outcomes.iter().map(|row| row[c]).sum()).collect();
        let alone = protect_table(
            &AnswerTable { counts: outcomes.clone(), column_records: margin.clone(), column_hidden: vec![false; 3] },
            min,
        );
        let areas = AnswerTable {
            counts: vec![margin.clone(), vec![0, 12, 0]],
            column_records: t.column_records.clone(),
            column_hidden: vec![false; 3],
        };
        let areas = protect_table(&areas, min);
        let naive = linked_view(&t, &alone.counts, &alone.totals, &areas.counts[0], areas.totals[0]);
        assert_eq!(naive.known[3 * 4 + 1], None, "the areas table hides Oost's 4");
        let leaked = recovered(&naive, false);
        assert!(leaked.iter().any(|&(cell, value)| cell == 3 * 4 + 1 && value == 4), "{leaked:?}");

        let p = protect_linked(&t, min);
        assert_linked_never_shows_small(&p, min);
        let v = view_of(&t, &p);
        assert_eq!(recovered(&v, false), vec![], "{p:?}");
        assert_eq!(recovered(&v, true), vec![], "{p:?}");
        linked_ambiguous(&t, &v, min, false);
        linked_ambiguous(&t, &v, min, true);
    }

    /// A count of the areas table can only be hidden along with counts of the outcome table
    /// (and the other way round): a rectangle through the margin row.
    #[test]
    fn a_small_count_of_the_areas_table_is_protected_with_the_outcomes() {
        let min = 5;
        // Zuid: 1 + 2 = 3 records name the area; every outcome count there is small too.
        let t = linked(vec![vec![6, 9, 1], vec![7, 5, 2], vec![8, 6, 0]], 1);
        let p = protect_linked(&t, min);
        assert_eq!(p.margin[2], None);
        assert_linked_never_shows_small(&p, min);
        let v = view_of(&t, &p);
        assert_eq!(recovered(&v, true), vec![]);
        linked_ambiguous(&t, &v, min, true);
    }

    #[test]
    fn random_linked_tables_never_give_a_hidden_count_away() {
        let mut rng = Lcg(11);
        // Tables with a hidden small count beside published ones: the cases that test something.
        let mut telling = 0;
        for _ in 0..300 {
            let rows = 2 + rng.below(2) as usize;
            let cols = 2 + rng.below(2) as usize;
            let min = 3 + rng.below(2);
            let counts: Vec<Vec<u64>> = (0..rows).map(|_| (0..cols).map(|_| rng.below(6)).collect()).collect();
            let mut t = linked(counts, rng.below(3));
            t.column_hidden = protect_line(&t.column_records, min).hidden;
            let p = protect_linked(&t, min);
            assert_linked_never_shows_small(&p, min);
            let v = view_of(&t, &p);
            for know_zeros in [false, true] {
                for (cell, value) in recovered(&v, know_zeros) {
                    assert!(value >= min, "derived cell {cell} = {value}\n{t:?}\n{p:?}");
                }
            }
            linked_ambiguous(&t, &v, min, true);
            if v.known.iter().any(Option::is_some) {
                linked_ambiguous(&t, &v, min, false);
                let small_hidden = v.known.iter().zip(&v.truth).any(|(k, &t)| k.is_none() && t > 0 && t < min);
                telling += usize::from(small_hidden);
            }
        }
        assert!(telling >= 150, "only {telling} tables hid a small count beside published ones");
    }
}
