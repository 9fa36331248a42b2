//! Speed and quality of the native partitioners on seeded log-normal instances
//! (`lognormal:n=N,seed=1`: gas ~ LogNormal(10.8, 1.5) rounded, prices drawn from the real
//! May-2016 prices), at n = 100, m = 5; n = 1,000, m = 10; n = 10,000, m = 50; and
//! n = 1,000,000, m = 1,000.
//!
//! Timing model: one sample is one `prepare` + `solve` of a fresh solver on an instance that
//! was generated once, off the clock (as the harness's `measure` does, minus its re-checks).
//! The quality reached (max - min, gamma - 1, status and certified bound) is printed once per
//! case before it is timed, from the harness's `measure`, so numbers and times come from the
//! same code. Run with `cargo bench -p fairshard-solvers --bench partition`; a filter such as
//! `-- workload/kk` picks cases. The instances can be written as CSV for other tools with
//! `fairshard export -d lognormal:n=10000,seed=1 --out ln10000.csv`; `bash scripts/bench-instances.sh`
//! writes all of them.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use fairshard_harness::{Instance, Partitioner, RunSpec, SolveContext, Target, measure};
use fairshard_solvers::get;
use fairshard_solvers::pareto::{self, Runner, exact};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// (n, m) of the four benchmark sizes.
const SIZES: [(usize, usize); 4] = [(100, 5), (1_000, 10), (10_000, 50), (1_000_000, 1_000)];

fn instance(spec: &str) -> Instance {
    fairshard_datasets::open(spec).expect("benchmark instances are valid specs")
}

/// One line on what `solver` reaches on `inst` under `spec`.
fn report(solver: &dyn Partitioner, inst: &Instance, spec: &RunSpec) {
    let run = measure(solver, inst, spec);
    let f = run.fairness.expect("every benchmarked run returns a partition");
    eprintln!(
        "{:<14} {:<34} m={:<5} {:<8} {:<11} w max-min={:<8} gamma1-1={:.3e} gamma2-1={:.3e} bound={:.3e} solve={:.3?}",
        solver.id(),
        inst.name().split(",mu").next().unwrap_or(""),
        spec.m,
        spec.target.as_str(),
        run.outcome.status.as_str(),
        f.workload.diff,
        f.gamma1().excess(),
        f.gamma2().excess(),
        run.outcome.bound.unwrap_or(f64::NAN),
        run.solve,
    );
}

fn solve_once(solver: &dyn Partitioner, inst: &Instance, spec: &RunSpec) {
    let prepared = solver.prepare(inst, spec).expect("heuristics always prepare");
    let out = prepared
        .solve(&SolveContext::new(Instant::now(), spec))
        .expect("heuristics always solve");
    black_box(out);
}

fn workload(c: &mut Criterion) {
    let mut group = c.benchmark_group("workload");
    for (n, m) in SIZES {
        let inst = instance(&format!("lognormal:n={n},seed=1"));
        let spec = RunSpec::new(m, Target::Workload).with_time_limit(Some(Duration::from_secs(10)));
        group.sample_size(if n >= 1_000_000 { 10 } else { 30 });
        for id in ["heur/lpt", "heur/kk", "heur/complete", "heur/multifit"] {
            if id == "heur/multifit" && n >= 1_000_000 {
                continue; // 24 first-fit passes over a million tasks: seconds, not a case to time
            }
            let solver = get(id).expect("registered");
            report(solver.as_ref(), &inst, &spec);
            group.bench_function(format!("{}/n={n},m={m}", id.trim_start_matches("heur/")), |b| {
                b.iter_batched(
                    || (),
                    |()| solve_once(solver.as_ref(), &inst, &spec),
                    BatchSize::SmallInput,
                )
            });
        }
    }
    group.finish();
}

fn bi_objective(c: &mut Criterion) {
    let mut group = c.benchmark_group("bi");
    // At n = 10^6 seed 1 holds a contract whose profit alone is 2.6 times the average subset
    // profit (the certified bound on gamma2 - 1 is 1.626): seed 2 shows the balanced case.
    let cases = SIZES.iter().map(|&(n, m)| (n, m, 1)).chain([(1_000_000, 1_000, 2)]);
    for (n, m, seed) in cases {
        let inst = instance(&format!("lognormal:n={n},seed={seed}"));
        let spec = RunSpec::new(m, Target::Balanced);
        group.sample_size(10);
        let solver = get("heur/bi-lpt").expect("registered");
        report(solver.as_ref(), &inst, &spec);
        group.bench_function(format!("bi-lpt/n={n},m={m},seed={seed}"), |b| {
            b.iter(|| solve_once(solver.as_ref(), &inst, &spec))
        });
    }
    group.finish();
}

/// The 10-point front at n = 100, m = 5 (gamma1 caps 1.001 to 1.5, as `fairshard front
/// --method exact --solver heur/bi-lpt`: both passes of `pareto::exact::grid`).
fn front(c: &mut Criterion) {
    let mut group = c.benchmark_group("front");
    group.sample_size(10);
    let caps = pareto::grid(1.001, 1.5, 10);
    for spec_name in ["lognormal:n=100,seed=1", "dao100"] {
        let inst = instance(spec_name);
        let runner = Runner::new("heur/bi-lpt", &inst, RunSpec::new(5, Target::Profit)).expect("registered");
        let front = exact::grid(&runner, &caps);
        for p in &front.points {
            eprintln!(
                "front {spec_name} cap {:.4}: gamma1 {:.9} gamma2 {:.9}",
                p.gamma1_cap.unwrap_or(f64::NAN),
                p.gamma1().unwrap_or(f64::NAN),
                p.gamma2().unwrap_or(f64::NAN)
            );
        }
        group.bench_function(format!("bi-lpt-10-points/{spec_name}"), |b| {
            b.iter(|| exact::grid(&runner, &caps))
        });
    }
    group.finish();
}

criterion_group!(benches, workload, bi_objective, front);
criterion_main!(benches);
