//! What each solver family lists for the registry: an [`Entry`] per id. It sits below every
//! family, so that each can list its own entries without knowing the registry that
//! gathers them.

use fairshard_harness::Partitioner;

/// Makes a fresh solver.
pub type Maker = fn() -> Box<dyn Partitioner>;

/// One registry entry.
#[derive(Clone, Copy)]
pub struct Entry {
    /// Stable id, e.g. `heur/lpt`.
    pub id: &'static str,
    /// One line for `fairshard solvers`.
    pub summary: &'static str,
    /// The cargo feature (of the `fairshard` package) that compiles it in, if it needs one.
    pub feature: Option<&'static str>,
    /// `None` when compiled out.
    pub make: Option<Maker>,
}

impl Entry {
    /// Is the solver compiled into this binary?
    pub fn available(&self) -> bool {
        self.make.is_some()
    }
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("id", &self.id)
            .field("feature", &self.feature)
            .field("available", &self.available())
            .finish()
    }
}
