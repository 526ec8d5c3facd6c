package io.shipwatch.diagnostics.domain;

/** The collectors a session runs, in priority order (cheap, decisive evidence first). */
public enum CollectorKind {
    CONTAINER_STATE("container-state", 0, Depth.BASIC),
    EVENTS("events", 1, Depth.BASIC),
    LOGS("logs", 2, Depth.BASIC),
    RESOURCES("resources", 3, Depth.COMPREHENSIVE),
    ENDPOINTS("endpoints", 4, Depth.COMPREHENSIVE),
    NETWORK("network", 5, Depth.COMPREHENSIVE);

    private final String id;
    private final int priority;
    private final Depth depth;

    CollectorKind(String id, int priority, Depth depth) {
        this.id = id;
        this.priority = priority;
        this.depth = depth;
    }

    public String id() {
        return id;
    }

    public int priority() {
        return priority;
    }

    /** Whether a session of the given depth runs this collector. */
    public boolean runsAt(Depth sessionDepth) {
        return depth == Depth.BASIC || sessionDepth == Depth.COMPREHENSIVE;
    }
}
