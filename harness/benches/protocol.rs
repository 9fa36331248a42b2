//! Criterion benchmarks of the protocol round, at the sizes it is meant to handle:
//! RandomAssign of l = 100,000 pseudonyms in under 20 ms, and a full round (partition, assign,
//! execute, BLS sign/aggregate/verify, record, pay) with n = 10,000 contracts, m = 100 and
//! l = 10,000 in under 2 s. Setup (keys, chain, instance) stays off the clock.
//!
//! Run: `cargo bench -p fairshard-harness --bench protocol`.

use criterion::{Criterion, criterion_group, criterion_main};
use fairshard_harness::protocol::assign::{Variant, assign};
use fairshard_harness::protocol::chain::PK_LEN;
use fairshard_harness::protocol::randomness::hmac_sha256;
use fairshard_harness::protocol::{Beacon, Population, PopulationConfig, Protocol, RoundConfig, RoundRobin};
use fairshard_harness::{Instance, RunSpec, Target, Task};
use std::hint::black_box;

fn assign_100k(c: &mut Criterion) {
    let l = 100_000;
    // Distinct 48-byte keys (AES cost does not depend on whether they are curve points).
    let keys: Vec<[u8; PK_LEN]> = (0..l as u64)
        .map(|i| {
            let h = hmac_sha256(b"bench", &[&i.to_be_bytes()]);
            let mut k = [0u8; PK_LEN];
            k[..32].copy_from_slice(&h);
            k[32..].copy_from_slice(&h[..16]);
            k
        })
        .collect();
    let pool: Vec<u32> = (0..l as u32).collect();
    let key = Beacon([7; 32]).cipher_key();
    let mut group = c.benchmark_group("assign");
    for variant in Variant::ALL {
        group.bench_function(format!("{variant}/l=100000/m=100"), |b| {
            b.iter(|| assign(variant, 100, black_box(&key), black_box(&pool), black_box(&keys)).unwrap())
        });
    }
    group.finish();
}

fn full_round(c: &mut Criterion) {
    let (n, m, l) = (10_000u64, 100, 10_000);
    let tasks = (0..n)
        .map(|j| {
            Task::new(
                21_000 + (j * 7919) % 200_000,
                20_000_000_000 + (j * 104_729) % 30_000_000_000,
            )
        })
        .collect();
    let inst = Instance::new("bench", tasks).unwrap();
    let cfg = PopulationConfig::new(1000, 0.25, 300);
    let pop = Population::new(&cfg, 1).unwrap();
    let spec = RunSpec::new(m, Target::Workload);
    let mut group = c.benchmark_group("round");
    group.sample_size(10);
    for variant in Variant::ALL {
        let mut proto = Protocol::new(pop.clone(), RoundConfig::new(m, l, variant), 2).unwrap();
        group.bench_function(format!("{variant}/n=10000/m=100/l=10000"), |b| {
            b.iter(|| proto.run_round(&inst, &RoundRobin, &spec).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, assign_100k, full_round);
criterion_main!(benches);
