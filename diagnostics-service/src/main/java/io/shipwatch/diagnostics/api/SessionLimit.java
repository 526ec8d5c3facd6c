package io.shipwatch.diagnostics.api;

import io.micronaut.context.annotation.Value;
import io.shipwatch.platform.errors.ServiceException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * At most {@code max-sessions} diagnosis sessions (RunDiagnostics and AnalyzeLogs together) per
 * instance; one more is RESOURCE_EXHAUSTED with RetryInfo, so clients back off instead of piling
 * memory onto a busy replica.
 */
@Singleton
public class SessionLimit {
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final int max;
    private final Semaphore permits;

    public SessionLimit(@Value("${shipwatch.diagnostics.max-sessions:50}") int max) {
        this.max = max;
        this.permits = new Semaphore(max);
    }

    /** Takes a session slot; close the permit when the session ends. */
    public Permit acquire() {
        if (!permits.tryAcquire()) {
            throw ServiceException.exhausted("TOO_MANY_SESSIONS",
                    "at most " + max + " diagnosis sessions may run on this instance; retry after "
                            + RETRY_AFTER.toSeconds() + "s", RETRY_AFTER);
        }
        return new Permit(permits);
    }

    /** One session slot; closing it twice releases it once. */
    public static final class Permit implements AutoCloseable {
        private final Semaphore permits;
        private boolean released;

        private Permit(Semaphore permits) {
            this.permits = permits;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                permits.release();
            }
        }
    }
}
