#!/usr/bin/env python3
"""Reference scores for NabScorerTest, computed with NAB's own sweeper (not with Handoff's scorer).

usage: scripts/nab-reference.py NAB_CHECKOUT
  NAB_CHECKOUT: a clone of github.com/numenta/NAB at commit ea702d7 (the commit of src/test/resources/nab).
Scores the three synthetic detectors of NabScorerTest (late, periodic, ramp) on the 41 files of
src/test/resources/nab with nab/sweeper.py (calcSweepScore, calcScoreByThreshold; best threshold over the
corpus, as nab/optimizer.py finds it) and normalises as nab/runner.py does (null detector: 0.5 everywhere).
Needs only Python 3's standard library (sweeper.py imports math and logging).
"""
import datetime
import json
import os
import sys

nab = sys.argv[1]
sys.path.insert(0, os.path.join(nab, "nab"))
from sweeper import Sweeper  # noqa: E402  (NAB's file, imported from the checkout given)

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "nab")
windows = json.load(open(os.path.join(here, "labels", "combined_windows.json")))
PROFILES = {"standard": (1.0, 0.11, 1.0), "reward_low_FP_rate": (1.0, 0.22, 1.0), "reward_low_FN_rate": (1.0, 0.11, 2.0)}


def parse(t):
    return datetime.datetime.strptime(t.split(".")[0], "%Y-%m-%d %H:%M:%S")


files = []
for key in sorted(windows):
    rows = open(os.path.join(here, "data", key)).read().split("\n")[1:]
    stamps = [parse(r.split(",")[0]) for r in rows if r]
    files.append((key, stamps, [(parse(a), parse(b)) for a, b in windows[key]]))


def first_or_last(end):
    def detector(key, stamps, limits):
        edges = {(b if end else a) for a, b in limits}
        return [1.0 if t in edges else 0.0 for t in stamps]
    return detector


DETECTORS = {
    "late": first_or_last(True),
    "periodic": lambda key, stamps, limits: [1.0 if i % 250 == 0 else 0.0 for i in range(len(stamps))],
    "ramp": lambda key, stamps, limits: [(i % 100) / 100.0 for i in range(len(stamps))],
    "null": lambda key, stamps, limits: [0.5] * len(stamps),
}


def best(detector, profile):
    tp, fp, fn = PROFILES[profile]
    sweeper = Sweeper(probationPercent=0.15, costMatrix={"tpWeight": tp, "fpWeight": fp, "fnWeight": fn})
    points = []
    for key, stamps, limits in files:
        points += sweeper.calcSweepScore(stamps, detector(key, stamps, limits), limits, key)
    return max(sweeper.calcScoreByThreshold(points), key=lambda s: s.score)


windows_total = sum(len(limits) for _, _, limits in files)
for name in ("late", "periodic", "ramp"):
    for profile in PROFILES:
        raw = best(DETECTORS[name], profile)
        null = best(DETECTORS["null"], profile).score
        perfect = PROFILES[profile][0] * windows_total
        print(f"{name:9} {profile:19} threshold {raw.threshold:5} raw {raw.score:9.4f} normalised {100 * (raw.score - null) / (perfect - null):8.4f}")
