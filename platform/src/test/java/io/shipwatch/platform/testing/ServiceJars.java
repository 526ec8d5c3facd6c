package io.shipwatch.platform.testing;

import java.nio.file.Path;

/**
 * Where the shaded jars of peer services are, for {@link ServiceProcess}. A module that needs a
 * peer declares it as a test dependency (for reactor order only, kept off the test classpath)
 * and passes the jar's path to surefire as a system property.
 */
public final class ServiceJars {
    private ServiceJars() {
    }

    /** status-service's jar, from the {@code shipwatch.status.jar} system property. */
    public static Path status() {
        return of("shipwatch.status.jar");
    }

    public static Path of(String property) {
        String path = System.getProperty(property);
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; see ServiceJars");
        }
        return Path.of(path);
    }
}
