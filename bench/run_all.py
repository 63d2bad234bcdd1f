"""Every benchmark, one after another, with the load average before each (`make bench`).

    python bench/run_all.py [--only NAME,NAME] [--quick] [--list]

Each script prints its own figures and ratios against a baseline measured in the same run; this
only runs them in turn, with the load average of the machine before each (other work on the
same cores changes absolute figures, not the ratios), and says at the end which ones failed.
`--quick` shortens the long ones to check that everything still runs, not to record figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# (name, script and arguments, the same with --quick)
BENCHMARKS = [
    ("http", ["http_bench.py"], ["http_bench.py", "--duration", "3", "--items", "100"]),
    ("pages", ["page_costs.py"], ["page_costs.py", "--rounds", "5"]),
    (
        "journal-data",
        ["make_journal_data.py", "--entries", "10000"],
        ["make_journal_data.py", "--entries", "1000"],
    ),
    (
        "journal-search",
        ["journal_search.py", "--entries", "10000"],
        ["journal_search.py", "--entries", "1000", "--rounds", "3"],
    ),
    ("guide-player", ["guide_player.py"], ["guide_player.py", "--past", "100", "--rounds", "2"]),
    (
        "facilitator-home",
        ["facilitator_home.py"],
        ["facilitator_home.py", "--clients", "10", "--rounds", "20"],
    ),
    (
        "live-sockets",
        ["live_sockets.py", "--layer", "memory"],
        ["live_sockets.py", "--layer", "memory", "--rooms", "10", "--messages", "5"],
    ),
    (
        "screener",
        ["safety_screener.py"],
        ["safety_screener.py", "--texts", "500", "--seconds", "1"],
    ),
    ("screener-heldout", ["screener_heldout.py"], ["screener_heldout.py"]),
    ("screener-blind", ["screener_blind.py"], ["screener_blind.py"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", help="comma-separated names (see --list)")
    parser.add_argument("--quick", action="store_true", help="short runs, to check they work")
    parser.add_argument("--list", action="store_true", help="print the names and stop")
    options = parser.parse_args()
    if options.list:
        for name, command, _quick in BENCHMARKS:
            print(f"{name:18} {' '.join(command)}")
        return
    wanted = set(options.only.split(",")) if options.only else None
    unknown = (wanted or set()) - {name for name, _command, _quick in BENCHMARKS}
    if unknown:
        raise SystemExit(f"no benchmark called {', '.join(sorted(unknown))} (see --list)")
    failed = []
    for name, command, quick in BENCHMARKS:
        if wanted and name not in wanted:
            continue
        arguments = quick if options.quick else command
        load = os.getloadavg()
        print(f"\n=== {name}: {' '.join(arguments)}", flush=True)
        print(f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min)")
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(BENCH / arguments[0]), *arguments[1:]])
        print(f"=== {name}: exit {result.returncode} after {time.monotonic() - started:.0f} s")
        if result.returncode:
            failed.append(name)
    if failed:
        raise SystemExit(f"\nfailed: {', '.join(failed)}")
    print("\nall benchmarks ran")


if __name__ == "__main__":
    main()
