package io.shipwatch.diagnostics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The labelled corpus against the default library: top-1 accuracy, coverage, and each case on its own. */
class CorpusTest {
    private static final PatternLibrary LIBRARY = PatternLibrary.loadDefault();
    private static final List<Corpus.Case> CASES = Corpus.load();

    static String topOne(List<Finding> ranked) {
        return ranked.isEmpty() || ranked.get(0).confidence() < Analysis.CONFIDENT ? Corpus.NONE : ranked.get(0).patternId();
    }

    static List<Finding> analyse(Corpus.Case c) {
        Analysis analysis = new Analysis(LIBRARY);
        c.evidence().forEach(analysis::accept);
        return analysis.rank();
    }

    @Test
    void topOneAccuracy_isAtLeast90Percent() {
        List<String> misses = new ArrayList<>();
        for (Corpus.Case c : CASES) {
            String got = topOne(analyse(c));
            if (!got.equals(c.expect())) {
                misses.add(c.id() + ": expected " + c.expect() + ", got " + got);
            }
        }
        double accuracy = 1.0 - (double) misses.size() / CASES.size();
        System.out.printf("corpus top-1 accuracy: %.1f %% (%d of %d cases)%n", accuracy * 100,
                CASES.size() - misses.size(), CASES.size());
        misses.forEach(m -> System.out.println("  miss " + m));
        assertThat(accuracy).as("top-1 accuracy; misses: %s", misses).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void corpus_hasSixtyCasesTwoPerPatternAndHardNegatives() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(60);
        Map<String, Integer> perPattern = new HashMap<>();
        for (Corpus.Case c : CASES) {
            Stream.concat(Stream.of(c.expect()), c.reported().stream()).distinct()
                    .forEach(id -> perPattern.merge(id, 1, Integer::sum));
        }
        for (FailurePattern p : LIBRARY.patterns()) {
            assertThat(perPattern.getOrDefault(p.id(), 0)).as("cases for %s", p.id()).isGreaterThanOrEqualTo(2);
        }
        assertThat(perPattern.getOrDefault(Corpus.NONE, 0)).as("hard negatives").isGreaterThanOrEqualTo(5);
        assertThat(perPattern.keySet()).as("every expected id is a pattern or none")
                .allMatch(id -> id.equals(Corpus.NONE) || LIBRARY.patterns().stream().anyMatch(p -> p.id().equals(id)));
    }

    static Stream<Corpus.Case> cases() {
        return CASES.stream();
    }

    /** Each case on its own, so a regression names the case; ambiguous signals must still be reported. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void case_reportsItsAmbiguousSignals(Corpus.Case c) {
        List<Finding> ranked = analyse(c);
        for (String id : c.reported()) {
            assertThat(ranked).as("report of %s", c.id()).anyMatch(f -> f.patternId().equals(id));
        }
        if (c.expect().equals(Corpus.NONE)) {
            assertThat(ranked).as("no confident finding for %s", c.id()).allMatch(f -> f.confidence() < Analysis.CONFIDENT);
        }
    }
}
