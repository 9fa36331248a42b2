//! Exact combinatorial search for one quantity, above the heuristics (which give it its
//! starts) and below the hybrid ILP driver (which starts from it).
//!
//! - [`complete`]: `heur/complete`, the complete anytime method (KK, two-way repartitions, a
//!   descent, then an exact search); proves optima without any MIP.
//! - [`bnb`]: branch and bound over tasks.
//! - [`classes`]: exact search over value classes, for instances with few distinct values.
//! - [`npart`]: complete anytime multiway number partitioning (bin completion with windows
//!   and iterative weakening), for many distinct values: up to 64 numbers with its full proof
//!   path, up to 128 by a lazy search.
//!
//! Invariant: a search reports [`Ending::Finished`] only when its incumbent is proven optimal
//! (for its quantity, within the cap it was given).

pub mod bnb;
pub mod classes;
pub mod complete;
pub mod npart;

use crate::entry::Entry;

/// How an exact search ended (the branch and bound, the value-class search).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The search space was exhausted (or the bound met): the incumbent is optimal.
    Finished,
    /// The deadline or the node budget stopped it.
    Stopped,
}

/// The exact searches' registry entries.
pub fn entries() -> &'static [Entry] {
    &[Entry {
        id: complete::ID,
        summary: "complete anytime: KK, exact two-way repartitions (CKK), then value classes, subset-sum search with iterative weakening, or branch and bound; proves optimality",
        feature: None,
        make: Some(|| Box::new(complete::Complete::default())),
    }]
}
