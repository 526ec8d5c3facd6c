package io.shipwatch.diagnostics.domain;

/** Cuts text shown to clients to a bounded length. */
public final class Excerpts {
    public static final int MAX = 512;

    private Excerpts() {
    }

    public static String cut(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX - 1) + "…";
    }
}
