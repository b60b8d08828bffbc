//! A tiny deterministic random number generator (SplitMix64) for seeded data.
//!
//! Hand-written on purpose: `--seed N` must give the same data for the same N forever, and
//! `rand`'s generators and distributions change their output across versions.

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..upper` (0 when `upper` is 0).
    pub fn below(&mut self, upper: u64) -> u64 {
        if upper == 0 {
            0
        } else {
            self.next_u64() % upper
        }
    }

    pub fn range(&mut self, low: u64, high_inclusive: u64) -> u64 {
        low + self.below(high_inclusive.saturating_sub(low) + 1)
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        (self.next_u64() as f64 / u64::MAX as f64) < probability
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A lowercase hexadecimal string of `length` characters.
    pub fn hex(&mut self, length: usize) -> String {
        let mut out = String::with_capacity(length);
        while out.len() < length {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(length);
        out
    }
}
