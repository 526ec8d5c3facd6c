package io.shipwatch.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The definitions computed the slow, obvious way from complete histories: exact percentiles
 * over sorted lists, no facts, no rows, no sketches. The oracle the rollups are checked against.
 */
final class BruteForce {
    record Answer(long total, long succeeded, long failed, long ended, long cancelled, long inProgress,
                  List<Long> durations, List<Long> leadTimes, List<Long> recoveries, long unrecovered,
                  long prodFailed, long prodFinished, long deployments, TreeSet<LocalDate> deployDays) {
    }

    private BruteForce() {
    }

    static Answer compute(List<History> all, DayRange range, Predicate<History> filter, boolean productionOnly) {
        long total = 0, succeeded = 0, failed = 0, ended = 0, cancelled = 0, inProgress = 0;
        long unrecovered = 0, prodFailed = 0, prodFinished = 0, deployments = 0;
        List<Long> durations = new ArrayList<>(), leadTimes = new ArrayList<>(), recoveries = new ArrayList<>();
        TreeSet<LocalDate> deployDays = new TreeSet<>();
        for (History h : all) {
            LocalDate day = LocalDate.ofInstant(h.createdAt(), ZoneOffset.UTC);
            if (!range.contains(day) || !filter.test(h)) {
                continue;
            }
            DeploymentState last = lastCounted(h);
            Instant started = first(h, s -> s == DeploymentState.IN_PROGRESS);
            Instant rolloutEnd = first(h, DeploymentState::endsRollout);
            Instant success = first(h, s -> s == DeploymentState.SUCCEEDED);
            Instant failure = first(h, DeploymentState::isFailure);
            if (h.production()) {
                if (success != null) {
                    deployments++;
                    deployDays.add(day);
                    if (h.commitTime() != null) {
                        leadTimes.add(Math.max(0, success.toEpochMilli() - h.commitTime().toEpochMilli()));
                    }
                }
                if (last.isFinished()) {
                    prodFinished++;
                }
                if (last.isFailure()) {
                    prodFailed++;
                }
                if (failure != null) {
                    Instant next = nextProductionSuccess(all, h, failure);
                    if (next == null) {
                        unrecovered++;
                    } else {
                        recoveries.add(next.toEpochMilli() - failure.toEpochMilli());
                    }
                }
            }
            if (productionOnly && !h.production()) {
                continue;
            }
            total++;
            succeeded += last == DeploymentState.SUCCEEDED ? 1 : 0;
            failed += last.isFailure() ? 1 : 0;
            ended += last.isEnded() ? 1 : 0;
            cancelled += last == DeploymentState.CANCELLED ? 1 : 0;
            inProgress += last == DeploymentState.IN_PROGRESS ? 1 : 0;
            if (started != null && rolloutEnd != null) {
                durations.add(rolloutEnd.toEpochMilli() - started.toEpochMilli());
            }
        }
        Collections.sort(durations);
        Collections.sort(leadTimes);
        Collections.sort(recoveries);
        return new Answer(total, succeeded, failed, ended, cancelled, inProgress, durations, leadTimes, recoveries,
                unrecovered, prodFailed, prodFinished, deployments, deployDays);
    }

    /** Nearest rank: the value at rank ⌈pct·n/100⌉ of the sorted values. */
    static Long percentile(List<Long> sorted, int pct) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.max(1, Math.ceil(pct * sorted.size() / 100.0));
        return sorted.get(rank - 1);
    }

    private static DeploymentState lastCounted(History h) {
        DeploymentState last = DeploymentState.PENDING;
        for (History.Step s : h.steps()) {
            if (s.state() != DeploymentState.INACTIVE) {
                last = s.state();
            }
        }
        return last;
    }

    private static Instant first(History h, Predicate<DeploymentState> which) {
        return h.steps().stream().filter(s -> which.test(s.state())).map(History.Step::at).findFirst().orElse(null);
    }

    private static Instant nextProductionSuccess(List<History> all, History failed, Instant after) {
        Instant best = null;
        for (History h : all) {
            if (!h.production() || !h.service().equals(failed.service()) || !h.environment().equals(failed.environment())) {
                continue;
            }
            Instant s = first(h, st -> st == DeploymentState.SUCCEEDED);
            if (s != null && s.isAfter(after) && (best == null || s.isBefore(best))) {
                best = s;
            }
        }
        return best;
    }
}
