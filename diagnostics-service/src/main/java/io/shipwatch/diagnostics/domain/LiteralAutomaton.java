package io.shipwatch.diagnostics.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

/**
 * Aho–Corasick automaton over ASCII literals, matched ignoring case. It is compiled into a full
 * transition table (state × 128 characters), so scanning a line is one array lookup per
 * character whatever the number of literals. Characters outside ASCII never occur in a literal
 * and reset to the root.
 */
final class LiteralAutomaton {
    private static final int ALPHABET = 128;

    private final int[] delta;
    private final int[][] outputs;

    LiteralAutomaton(List<String> literals) {
        List<int[]> trie = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        trie.add(newRow());
        out.add(new ArrayList<>());
        for (int id = 0; id < literals.size(); id++) {
            String literal = literals.get(id);
            if (literal.isEmpty()) {
                throw new IllegalArgumentException("empty literal");
            }
            int state = 0;
            for (int i = 0; i < literal.length(); i++) {
                int c = charClass(literal.charAt(i));
                if (c < 0) {
                    throw new IllegalArgumentException("literal is not ASCII: " + literal);
                }
                if (trie.get(state)[c] < 0) {
                    trie.get(state)[c] = trie.size();
                    trie.add(newRow());
                    out.add(new ArrayList<>());
                }
                state = trie.get(state)[c];
            }
            out.get(state).add(id);
        }
        int states = trie.size();
        delta = new int[states * ALPHABET];
        int[] fail = new int[states];
        Queue<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < ALPHABET; c++) {
            int next = trie.get(0)[c];
            delta[c] = Math.max(next, 0);
            if (next > 0) {
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.remove();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < ALPHABET; c++) {
                int next = trie.get(s)[c];
                if (next > 0) {
                    fail[next] = delta[fail[s] * ALPHABET + c];
                    delta[s * ALPHABET + c] = next;
                    queue.add(next);
                } else {
                    delta[s * ALPHABET + c] = delta[fail[s] * ALPHABET + c];
                }
            }
        }
        outputs = new int[states][];
        for (int s = 0; s < states; s++) {
            outputs[s] = out.get(s).isEmpty() ? null : out.get(s).stream().distinct().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Calls hit with the id of every literal occurring in text (possibly more than once per id). */
    void scan(CharSequence text, IntConsumer hit) {
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            int c = charClass(text.charAt(i));
            state = c < 0 ? 0 : delta[state * ALPHABET + c];
            int[] found = outputs[state];
            if (found != null) {
                for (int id : found) {
                    hit.accept(id);
                }
            }
        }
    }

    /** Whether any literal occurs in text. */
    boolean containsAny(CharSequence text) {
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            int c = charClass(text.charAt(i));
            state = c < 0 ? 0 : delta[state * ALPHABET + c];
            if (outputs[state] != null) {
                return true;
            }
        }
        return false;
    }

    /** Receives literal ids; an int consumer without boxing. */
    @FunctionalInterface
    interface IntConsumer {
        void accept(int id);
    }

    private static int charClass(char ch) {
        if (ch >= ALPHABET) {
            return -1;
        }
        return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
    }

    private static int[] newRow() {
        int[] row = new int[ALPHABET];
        Arrays.fill(row, -1);
        return row;
    }
}
