package io.shipwatch.metrics.store;

import io.shipwatch.metrics.domain.MetricsQuery;
import java.util.List;

/**
 * Encoded answers by query. An answer is stored with the consumer checkpoint it was read at and
 * is refused when an invalidation at a later position has happened since, so an answer read
 * before a batch committed can never outlive that batch's invalidation.
 */
public interface AnswerCache {
    byte[] get(MetricsQuery query);

    void put(MetricsQuery query, byte[] answer, long readAtPosition);

    /** Drops exactly the answers that read one of these rows' changed sections. */
    void invalidate(List<ChangedRow> rows, long position);

    /** Drops every answer (after a rebuild swapped the tables). */
    void clear(long position);
}
