//! A tournament tree (segment tree) over m slots: the winner of all slots in O(1), a slot's
//! update in O(log m) (less when the slot stops winning early), and a root-to-leaf descent.
//! Serves multifit's first fit (largest free space) and the vector LPT's least loaded
//! subsets, in O(m) memory.

/// A complete binary tree whose inner nodes hold the winner (`pick`) of their two children.
#[derive(Clone, Debug)]
pub struct Tournament<T, F> {
    size: usize,
    nodes: Vec<T>,
    pick: F,
}

impl<T: Copy + PartialEq, F: Fn(T, T) -> T> Tournament<T, F> {
    /// A tree over `leaves`; unused leaves (up to the next power of two) hold `pad`, which
    /// must lose to every real value.
    pub fn new(leaves: &[T], pad: T, pick: F) -> Self {
        let size = leaves.len().next_power_of_two().max(1);
        let mut nodes = vec![pad; 2 * size];
        nodes[size..size + leaves.len()].copy_from_slice(leaves);
        for v in (1..size).rev() {
            nodes[v] = pick(nodes[2 * v], nodes[2 * v + 1]);
        }
        Self { size, nodes, pick }
    }

    /// The winner of all slots.
    pub fn winner(&self) -> T {
        self.nodes[1]
    }

    /// Slot `i`'s value.
    pub fn get(&self, i: usize) -> T {
        self.nodes[self.size + i]
    }

    /// Sets slot `i` and replays its matches towards the root, stopping at the first match
    /// whose winner is unchanged (nothing above it changes either).
    pub fn set(&mut self, i: usize, value: T) {
        let mut v = i + self.size;
        self.nodes[v] = value;
        while v > 1 {
            v /= 2;
            let winner = (self.pick)(self.nodes[2 * v], self.nodes[2 * v + 1]);
            if winner == self.nodes[v] {
                break;
            }
            self.nodes[v] = winner;
        }
    }

    /// Walks from the root to a slot, going left whenever `left(value of the left child)`;
    /// returns the slot.
    pub fn descend(&self, left: impl Fn(T) -> bool) -> usize {
        let mut v = 1;
        while v < self.size {
            v = if left(self.nodes[2 * v]) { 2 * v } else { 2 * v + 1 };
        }
        v - self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winner_and_first_fit() {
        let mut t = Tournament::new(&[3u32, 9, 4], 0, |a: u32, b| a.max(b));
        assert_eq!(t.winner(), 9);
        // First slot with value >= 4: slot 1 (9); after lowering it, slot 2.
        assert_eq!(t.descend(|v| v >= 4), 1);
        t.set(1, 2);
        assert_eq!((t.winner(), t.get(1)), (4, 2));
        assert_eq!(t.descend(|v| v >= 4), 2);
    }
}
