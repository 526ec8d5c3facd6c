package io.shipwatch.metrics.store;

import io.shipwatch.metrics.domain.DayRange;
import io.shipwatch.metrics.domain.MetricsQuery;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;

/**
 * Redis names for cached answers. Service and environment are base64url-encoded (any text is a
 * valid name), "*" stands for all; the key of an answer decodes back into its query, which is
 * how an invalidation tells from an index member whether the answer read a changed row.
 */
final class QueryKeys {
    static final String PREFIX = "shipwatch:metrics:";
    static final String INVALIDATED = PREFIX + "invalidated";
    static final String CHANNEL = PREFIX + "invalidations";
    private static final String ALL = "*";

    private QueryKeys() {
    }

    static String answer(MetricsQuery q) {
        return PREFIX + "a:" + name(q.service()) + "." + name(q.environment()) + "." + (q.productionOnly() ? 1 : 0) + "."
                + q.range().start() + "." + q.range().end() + "." + (q.bucket() == null ? "-" : q.bucket().name());
    }

    static MetricsQuery query(String answerKey) {
        String[] p = answerKey.substring((PREFIX + "a:").length()).split("\\.");
        return new MetricsQuery(unname(p[0]), unname(p[1]), p[2].equals("1"),
                new DayRange(LocalDate.parse(p[3]), LocalDate.parse(p[4])), p[5].equals("-") ? null : DayRange.Bucket.valueOf(p[5]));
    }

    /** The index set listing the cached answers of one filter. */
    static String index(String service, String environment) {
        return PREFIX + "i:" + name(service) + "." + name(environment);
    }

    /** The four index sets whose answers may read a row of this service and environment. */
    static List<String> indexesReading(String service, String environment) {
        return List.of(index(service, environment), index(service, null), index(null, environment), index(null, null));
    }

    static String name(String value) {
        return value == null ? ALL : Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    static String unname(String name) {
        return name.equals(ALL) ? null : new String(Base64.getUrlDecoder().decode(name), StandardCharsets.UTF_8);
    }
}
