#!/usr/bin/env python3
"""CPU used by each thread group of a process over an interval, from /proc (Linux).

Usage: bench/thread-cpu.py PID SECONDS   (e.g. the server JVM's pid during bench/run-status-bench.sh)
Threads are grouped by name with digits folded (io-executor-thread-N), so a pool shows as one line.
"""
import collections
import os
import re
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(pid):
    """Thread id -> (name, user ticks, system ticks)."""
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        threads[tid] = (name, int(fields[11]), int(fields[12]))
    return threads


def main():
    pid, seconds = sys.argv[1], float(sys.argv[2])
    before = snapshot(pid)
    time.sleep(seconds)
    after = snapshot(pid)
    groups = collections.defaultdict(lambda: [0, 0])
    for tid, (name, user, system) in after.items():
        if tid in before:
            group = groups[re.sub(r"\d+", "N", name)]
            group[0] += user - before[tid][1]
            group[1] += system - before[tid][2]
    cores = lambda ticks: ticks / TICKS / seconds
    total_user = sum(u for u, _ in groups.values())
    total = total_user + sum(s for _, s in groups.values())
    print(f"total {cores(total):.2f} cores (user {cores(total_user):.2f})")
    for name, (user, system) in sorted(groups.items(), key=lambda g: -sum(g[1]))[:12]:
        print(f"{cores(user + system):6.2f} cores  user {cores(user):5.2f} sys {cores(system):5.2f}  {name}")


if __name__ == "__main__":
    main()
