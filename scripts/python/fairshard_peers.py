#!/usr/bin/env python3
"""fairshard's adapter for the peers' Python partition methods (protocol fairshard-external/1).

Usage: fairshard_peers.py METHOD, with one JSON request on standard input (see
`fairshard solvers --help`); prints one JSON answer. METHOD is one of the keys of METHODS:
prtpy's greedy, Karmarkar-Karp, complete Karmarkar-Karp, complete greedy, multifit and
sequential number partitioning (prtpy 0.8.3), and numberpartitioning's greedy,
Karmarkar-Karp, complete greedy and complete Karmarkar-Karp (numberpartitioning 0.0.2).

The methods are one-dimensional: they partition the workloads (target `workload`) or the
profits, workload x rate (target `profit`); they know no caps. prtpy minimises the
difference between the largest and the smallest sum (its MinimizeDifference objective), the
numberpartitioning package the largest sum; neither is fairshard's max/min ratio, so no
answer claims optimality. The anytime methods stop themselves at the time limit (less a
margin for start-up and output) with their best partition so far.
"""

import json
import sys
import time

START = time.monotonic()
# Seconds kept back from the time limit for writing the answer and exiting.
MARGIN = 0.05


def deadline(limit):
    return None if limit is None else START + max(0.0, limit - MARGIN)


def indices_of(parts, n):
    """Each item's part, from parts given as lists of item indices."""
    assignment = [None] * n
    for k, part in enumerate(parts):
        for j in part:
            assignment[j] = k
    if any(a is None for a in assignment):
        raise RuntimeError("the method left items unassigned")
    return assignment


def prtpy_method(name):
    def run(values, m, limit):
        import prtpy
        from prtpy import objectives as obj
        from prtpy import outputtypes as out

        algorithms = {
            "greedy": prtpy.partitioning.greedy,
            "kk": prtpy.partitioning.karmarkar_karp,
            "ckk": prtpy.partitioning.complete_karmarkar_karp,
            "cg": prtpy.partitioning.complete_greedy,
            "multifit": prtpy.partitioning.multifit,
            "snp": prtpy.partitioning.sequential_number_partitioning,
        }
        items = {j: v for j, v in enumerate(values)}
        kwargs = {}
        if name == "cg":
            kwargs["objective"] = obj.MinimizeDifference
            if limit is not None:
                kwargs["time_limit"] = max(0.0, deadline(limit) - time.monotonic())
        parts = prtpy.partition(
            algorithm=algorithms[name], numbins=m, items=items, outputtype=out.Partition, **kwargs
        )
        return indices_of(parts, len(values)), "complete" if name in ("ckk", "cg", "snp") else None

    return run


def np_method(name):
    def run(values, m, limit):
        import numberpartitioning as npart

        if name in ("greedy", "kk"):
            f = npart.greedy if name == "greedy" else npart.karmarkar_karp
            result = f(values, num_parts=m, return_indices=True)
            return indices_of(result.partition, len(values)), None
        gen = (npart.complete_greedy if name == "cg" else npart.complete_karmarkar_karp)(
            values, num_parts=m, return_indices=True
        )
        end = deadline(limit)
        best, finished = None, True
        for result in gen:
            if best is None or max(result.sizes) < max(best.sizes):
                best = result
            if end is not None and time.monotonic() >= end:
                finished = False
                break
        return indices_of(best.partition, len(values)), "complete" if finished else "stopped"

    return run


METHODS = {
    "prtpy-greedy": prtpy_method("greedy"),
    "prtpy-kk": prtpy_method("kk"),
    "prtpy-ckk": prtpy_method("ckk"),
    "prtpy-cg": prtpy_method("cg"),
    "prtpy-multifit": prtpy_method("multifit"),
    "prtpy-snp": prtpy_method("snp"),
    "np-greedy": np_method("greedy"),
    "np-kk": np_method("kk"),
    "np-cg": np_method("cg"),
    "np-ckk": np_method("ckk"),
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in METHODS:
        sys.exit("usage: fairshard_peers.py METHOD, one of " + ", ".join(METHODS))
    req = json.load(sys.stdin)
    if req.get("protocol") != "fairshard-external/1":
        sys.exit("unknown protocol %r; expected fairshard-external/1" % req.get("protocol"))
    target, m = req["target"], req["m"]
    if target == "workload":
        values = list(req["workloads"])
    elif target == "profit":
        values = [w * r for w, r in zip(req["workloads"], req["rates"])]
    else:
        sys.exit("target %r: these methods partition one quantity (workload or profit)" % target)
    assignment, how = METHODS[sys.argv[1]](values, m, req.get("time_limit"))
    message = sys.argv[1] + (" (search %s)" % how if how else "")
    print(json.dumps({"assignment": assignment, "status": "feasible", "message": message}))


if __name__ == "__main__":
    main()
