package io.shipwatch.audit.store;

import io.shipwatch.audit.domain.ChainAnchor;

/** The chain's two anchors: the last appended entry (head) and the last entry retention removed (base). */
public record ChainState(ChainAnchor head, ChainAnchor base) {
}
