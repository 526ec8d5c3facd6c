package io.shipwatch.diagnostics.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches evidence against the library as it arrives, one pass per item, and keeps per pattern
 * only which signals held and a bounded set of supporting evidence, so memory does not grow
 * with the evidence. {@link #accept} returns the findings that have just become confident (to
 * stream at once); {@link #rank} gives the final root causes with symptoms merged into the
 * cause that explains them. Not thread-safe: a session feeds it from one thread at a time.
 */
public final class Analysis {
    /** A finding at or above this confidence is "confident": it is streamed and can be a top-1 root cause. */
    public static final double CONFIDENT = 0.5;
    /** Findings below this are left out of the report. */
    public static final double REPORTED = 0.2;
    public static final int MAX_EVIDENCE_PER_FINDING = 20;
    public static final int MAX_ROOT_CAUSES = 20;
    /** Share of the remaining doubt removed when a second collector corroborates a finding. */
    static final double CORROBORATION = 0.3;

    private final boolean naive;
    private final List<FailurePattern> patterns;
    private final LogMatcher matcher;
    private final PatternState[] states;
    private final EvidenceFingerprint fingerprint = new EvidenceFingerprint();
    private final List<PatternState> touched = new ArrayList<>();
    private final List<Finding> fresh = new ArrayList<>();
    private Evidence lastTermination;
    private Evidence current;
    private final LogMatcher.Hit onLogHit = ref -> record(ref.pattern(), ref.signal(), current);
    private long evidenceCount;

    public Analysis(PatternLibrary library) {
        this(library, false);
    }

    /** The baseline the benchmark compares with: every log regex of the library on every line, no prefilter. */
    public static Analysis naive(PatternLibrary library) {
        return new Analysis(library, true);
    }

    private Analysis(PatternLibrary library, boolean naive) {
        this.naive = naive;
        this.patterns = library.patterns();
        this.matcher = library.newMatcher();
        this.states = new PatternState[patterns.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new PatternState(i, patterns.get(i));
        }
    }

    /** Matches one piece of evidence; returns the findings that became confident because of it. */
    public List<Finding> accept(Evidence e) {
        evidenceCount++;
        fingerprint.add(e);
        current = e;
        touched.clear();
        if (e.kind() == EvidenceKind.LOG_LINE && naive) {
            matcher.matchNaive(e.text(), onLogHit);
        } else if (e.kind() == EvidenceKind.LOG_LINE) {
            matcher.match(e.text(), onLogHit);
        } else {
            if (e.kind() == EvidenceKind.CONTAINER_STATE && e.hasExitCode()) {
                lastTermination = e;
            }
            for (int p = 0; p < patterns.size(); p++) {
                List<Signal> signals = patterns.get(p).signals();
                for (int s = 0; s < signals.size(); s++) {
                    if (signals.get(s).matchesNonLog(e)) {
                        record(p, s, e);
                    }
                }
            }
        }
        if (touched.isEmpty()) {
            return List.of();
        }
        fresh.clear();
        for (PatternState st : touched) {
            if (!st.streamed && st.confidence() >= CONFIDENT) {
                st.streamed = true;
                fresh.add(st.toFinding(List.of()));
            }
        }
        return fresh.isEmpty() ? List.of() : List.copyOf(fresh);
    }

    private void record(int pattern, int signal, Evidence e) {
        PatternState st = states[pattern];
        if (st.add(signal, e) && !touched.contains(st)) {
            touched.add(st);
        }
    }

    /** The root causes: confidence-ranked, symptoms merged into the top confident cause, at most 20. */
    public List<Finding> rank() {
        List<PatternState> candidates = new ArrayList<>();
        for (PatternState st : states) {
            if (st.hasPositive() && st.confidence() >= REPORTED) {
                candidates.add(st);
            }
        }
        candidates.sort(Comparator.comparingDouble(PatternState::confidence).reversed()
                .thenComparing(st -> st.pattern.symptom())
                .thenComparing(st -> st.pattern.severity(), Comparator.reverseOrder())
                .thenComparingInt(st -> st.index));
        Map<PatternState, List<PatternState>> merges = new HashMap<>();
        Set<PatternState> merged = new HashSet<>();
        PatternState cause = candidates.stream()
                .filter(st -> !st.pattern.symptom() && st.confidence() >= CONFIDENT).findFirst().orElse(null);
        if (cause != null) {
            // A confident cause explains every symptom (the crash loop, the generic exit code).
            merges.put(cause, candidates.stream().filter(st -> st.pattern.symptom()).toList());
        } else {
            // No cause: a confident symptom that explains others (exit code → crash loop) absorbs them.
            for (PatternState st : candidates) {
                if (st.confidence() >= CONFIDENT && !merged.contains(st) && !st.pattern.explains().isEmpty()) {
                    List<PatternState> explained = candidates.stream()
                            .filter(o -> o != st && !merged.contains(o) && st.pattern.explains().contains(o.pattern.id()))
                            .toList();
                    merges.put(st, explained);
                    merged.addAll(explained);
                }
            }
        }
        merges.values().forEach(merged::addAll);
        List<Finding> out = new ArrayList<>();
        for (PatternState st : candidates) {
            if (merged.contains(st)) {
                continue;
            }
            out.add(st.toFinding(merges.getOrDefault(st, List.of())));
            if (out.size() == MAX_ROOT_CAUSES) {
                break;
            }
        }
        return out;
    }

    public long evidenceCount() {
        return evidenceCount;
    }

    /** The fingerprint of everything accepted so far. */
    public String fingerprint() {
        return fingerprint.value();
    }

    /** What one pattern has seen so far. */
    private final class PatternState {
        final int index;
        final FailurePattern pattern;
        final Evidence[] firstBySignal;
        final List<Evidence> evidence = new ArrayList<>();
        final Set<String> collectors = new LinkedHashSet<>();
        boolean streamed;

        PatternState(int index, FailurePattern pattern) {
            this.index = index;
            this.pattern = pattern;
            this.firstBySignal = new Evidence[pattern.signals().size()];
        }

        /** Records a signal; returns true when this is the first time it held (the confidence may change). */
        boolean add(int signal, Evidence e) {
            boolean first = firstBySignal[signal] == null;
            if (first) {
                firstBySignal[signal] = e;
            }
            if (!pattern.signals().get(signal).counter()) {
                collectors.add(e.collector());
                // One item can hold several signals (OOMKilled and exit 137): it is listed once.
                if (evidence.size() < MAX_EVIDENCE_PER_FINDING && !evidence.contains(e)) {
                    evidence.add(e);
                }
            }
            return first;
        }

        boolean hasPositive() {
            for (int s = 0; s < firstBySignal.length; s++) {
                if (firstBySignal[s] != null && !pattern.signals().get(s).counter()) {
                    return true;
                }
            }
            return false;
        }

        double confidence() {
            double doubt = 1;
            double counter = 1;
            for (int s = 0; s < firstBySignal.length; s++) {
                if (firstBySignal[s] == null) {
                    continue;
                }
                double w = pattern.signals().get(s).weight();
                if (w > 0) {
                    doubt *= 1 - w;
                } else {
                    counter *= 1 + w;
                }
            }
            if (doubt == 1) {
                return 0;
            }
            if (collectors.size() > 1) {
                doubt *= 1 - CORROBORATION;
            }
            return Math.round((1 - doubt) * counter * 1000) / 1000.0;
        }

        /** The strongest positive evidence: the first evidence of the highest-weight signal that held. */
        Evidence strongest() {
            Evidence best = null;
            double bestWeight = 0;
            for (int s = 0; s < firstBySignal.length; s++) {
                double w = pattern.signals().get(s).weight();
                if (firstBySignal[s] != null && w > bestWeight) {
                    best = firstBySignal[s];
                    bestWeight = w;
                }
            }
            return best;
        }

        Finding toFinding(List<PatternState> symptoms) {
            List<Evidence> all = new ArrayList<>(evidence);
            Set<String> from = new LinkedHashSet<>(collectors);
            List<String> mergedIds = new ArrayList<>();
            for (PatternState symptom : symptoms) {
                mergedIds.add(symptom.pattern.id());
                from.addAll(symptom.collectors);
                for (Evidence e : symptom.evidence) {
                    if (all.size() < MAX_EVIDENCE_PER_FINDING && !all.contains(e)) {
                        all.add(e);
                    }
                }
            }
            return new Finding(pattern.id(), pattern.title(), pattern.severity(), confidence(), summary(symptoms),
                    all, pattern.recommendations(), List.copyOf(from), mergedIds);
        }

        private String summary(List<PatternState> symptoms) {
            StringBuilder s = new StringBuilder(pattern.meaning());
            Evidence strongest = strongest();
            if (strongest != null) {
                s.append(" Strongest evidence: ").append(Excerpts.cut(strongest.describe())).append('.');
            }
            if (pattern.symptom() && symptoms.isEmpty() && lastTermination != null && strongest != lastTermination) {
                s.append(" Last termination: ").append(Excerpts.cut(lastTermination.describe())).append('.');
            }
            if (!symptoms.isEmpty()) {
                s.append(" Explains: ").append(String.join(", ", symptoms.stream().map(x -> x.pattern.title()).toList()))
                        .append('.');
            }
            if (collectors.size() > 1) {
                s.append(" Corroborated by ").append(String.join(", ", collectors)).append('.');
            }
            return s.toString();
        }
    }
}
