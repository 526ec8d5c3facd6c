package io.shipwatch.diagnostics.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which patterns' log signals hold for a line in one pass: a literal automaton over the
 * line names the few signals whose required literals occur, and only their regexes run. A line
 * with none of the literals (the vast majority) costs one table walk and no regex.
 * Not thread-safe (it reuses a scratch buffer); each analysis has its own.
 */
public final class LogMatcher {
    private final List<SignalRef> signals;
    private final LiteralAutomaton automaton;
    private final int[][] signalsByLiteral;
    private final int[] stamp;
    private final int[] candidates;
    private final LiteralAutomaton.IntConsumer collect = this::collect;
    private int generation;
    private int found;

    /** A log signal and the pattern it belongs to. */
    public record SignalRef(int pattern, int signal, Signal definition) {
    }

    /** Receives each (pattern, signal) that holds for a line. */
    @FunctionalInterface
    public interface Hit {
        void matched(SignalRef ref);
    }

    LogMatcher(List<FailurePattern> patterns) {
        signals = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        List<List<Integer>> byLiteral = new ArrayList<>();
        for (int p = 0; p < patterns.size(); p++) {
            List<Signal> ss = patterns.get(p).signals();
            for (int s = 0; s < ss.size(); s++) {
                Signal signal = ss.get(s);
                if (signal.type() != Signal.Type.LOG) {
                    continue;
                }
                int ref = signals.size();
                signals.add(new SignalRef(p, s, signal));
                for (String literal : signal.literals()) {
                    int id = literals.indexOf(literal);
                    if (id < 0) {
                        id = literals.size();
                        literals.add(literal);
                        byLiteral.add(new ArrayList<>());
                    }
                    byLiteral.get(id).add(ref);
                }
            }
        }
        automaton = new LiteralAutomaton(literals);
        signalsByLiteral = byLiteral.stream().map(l -> l.stream().distinct().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        stamp = new int[signals.size()];
        candidates = new int[signals.size()];
    }

    /** Reports every log signal whose regex finds a match in the line. */
    public void match(String line, Hit hit) {
        if (++generation == Integer.MAX_VALUE) {
            java.util.Arrays.fill(stamp, 0);
            generation = 1;
        }
        found = 0;
        automaton.scan(line, collect);
        for (int i = 0; i < found; i++) {
            SignalRef ref = signals.get(candidates[i]);
            if (ref.definition().regex().matcher(line).find()) {
                hit.matched(ref);
            }
        }
    }

    private void collect(int literal) {
        for (int ref : signalsByLiteral[literal]) {
            if (stamp[ref] != generation) {
                stamp[ref] = generation;
                candidates[found++] = ref;
            }
        }
    }

    /** The baseline the prefilter is measured against: every log regex on the line. */
    public void matchNaive(String line, Hit hit) {
        for (SignalRef ref : signals) {
            if (ref.definition().regex().matcher(line).find()) {
                hit.matched(ref);
            }
        }
    }

    public int signalCount() {
        return signals.size();
    }
}
