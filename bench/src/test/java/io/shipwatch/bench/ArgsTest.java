package io.shipwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static StatusLoad.LoadOptions load(String... argv) {
        return StatusLoad.LoadOptions.parse(argv);
    }

    @Test
    void defaultsAndForms() {
        StatusLoad.LoadOptions o = load("--target", "127.0.0.1:50051", "--warmup=3", "--duration", "2s", "--clients", "8");
        assertEquals("127.0.0.1:50051", o.target());
        assertEquals(8, o.clients());
        assertEquals(2, o.channels());
        assertEquals(Duration.ofSeconds(3), o.warmup());
        assertEquals(Duration.ofSeconds(1), load("--target", "h:1", "--duration", "1s").duration());
        assertEquals(Duration.ofMinutes(2), load("--target", "h:1", "--duration", "2m").duration());
        assertEquals(Duration.ofSeconds(5), o.deadline());
        assertNull(o.eventsAfter());
        assertEquals(42L, load("--target", "h:1", "--events-after", "42").eventsAfter());
    }

    @Test
    void rejectsBadInput() {
        assertRejected("unknown option --concurrency", "--target", "h:1", "--concurrency", "16");
        assertRejected("--clients must be a whole number", "--target", "h:1", "--clients", "lots");
        assertRejected("--clients must be between 1 and 1024", "--target", "h:1", "--clients", "0");
        assertRejected("--duration must be a duration", "--target", "h:1", "--duration", "30x");
        assertRejected("--duration must be at least 1000 ms", "--target", "h:1", "--duration", "500ms");
        assertRejected("--target must be host:port", "--target", "localhost");
        assertRejected("--target must be host:port", "--target", "h:99999");
        assertRejected("--target is required");
        assertRejected("--warmup needs a value", "--target", "h:1", "--warmup");
        assertRejected("--clients given twice", "--target", "h:1", "--clients", "1", "--clients", "2");
        assertRejected("unexpected argument 'extra'", "--target", "h:1", "extra");
        assertRejected("--events-after must be 'auto' or a position", "--target", "h:1", "--events-after", "head");
    }

    @Test
    void unknownCommandIsAUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StatusLoad.run(new String[] {"load"}, System.out));
        assertTrue(e.getMessage().contains("unknown command 'load'"), e.getMessage());
    }

    private static void assertRejected(String message, String... argv) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(argv));
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in '" + e.getMessage() + "'");
    }
}
