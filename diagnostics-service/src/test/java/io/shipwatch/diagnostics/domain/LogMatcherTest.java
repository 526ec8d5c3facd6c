package io.shipwatch.diagnostics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogMatcherTest {
    private static final PatternLibrary LIBRARY = PatternLibrary.loadDefault();

    private static Set<String> hits(String line, boolean naive) {
        LogMatcher m = LIBRARY.newMatcher();
        Set<String> out = new HashSet<>();
        LogMatcher.Hit hit = ref -> out.add(ref.pattern() + "/" + ref.signal());
        if (naive) {
            m.matchNaive(line, hit);
        } else {
            m.match(line, hit);
        }
        return out;
    }

    /** The prefilter must never drop a match: every literal list covers its regex, checked on every corpus line. */
    @Test
    void prefilteredMatch_equalsEveryRegexOnEveryLine_forTheWholeCorpus() {
        List<String> lines = new ArrayList<>();
        for (Corpus.Case c : Corpus.load()) {
            c.evidence().stream().filter(e -> e.kind() == EvidenceKind.LOG_LINE).forEach(e -> lines.add(e.text()));
        }
        lines.add("SEGMENTATION FAULT in worker");
        lines.add("Caused by: java.net.UnknownHostException: db");
        int matched = 0;
        for (String line : lines) {
            Set<String> naive = hits(line, true);
            assertThat(hits(line, false)).as(line).isEqualTo(naive);
            matched += naive.isEmpty() ? 0 : 1;
        }
        assertThat(matched).as("lines with at least one match").isGreaterThan(40);
    }

    @Test
    void match_ignoresCaseOfLiterals_andRunsNoRegexForUnrelatedLines() {
        assertThat(hits("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", false))
                .isNotEmpty();
        assertThat(hits("GET /api/cart 200 12ms", false)).isEmpty();
    }

    @Test
    void match_handlesNonAsciiText() {
        assertThat(hits("Fehler: Keine Berechtigung — Permission denied für /data/ü", false)).isNotEmpty();
        assertThat(hits("日本語のログ行", false)).isEmpty();
    }

    @Test
    void automaton_findsOverlappingLiterals() {
        LiteralAutomaton a = new LiteralAutomaton(List.of("he", "she", "hers", "his"));
        List<Integer> found = new ArrayList<>();
        a.scan("uSHErs", found::add);
        assertThat(found).containsExactlyInAnyOrder(1, 0, 2);
    }
}
