package io.shipwatch.metrics;

import io.shipwatch.platform.testing.ServiceProcess;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free port, so a test can stop and restart it without
 * touching the shared one on 6379. Nothing is persisted: a restart starts empty.
 */
public final class OwnRedis implements AutoCloseable {
    private final int port = ServiceProcess.freePort();

    public static OwnRedis start() {
        OwnRedis r = new OwnRedis();
        r.up();
        return r;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public void up() {
        run(List.of("redis-server", "--port", Integer.toString(port), "--daemonize", "yes", "--save", "",
                "--appendonly", "no", "--bind", "127.0.0.1"));
        for (int i = 0; i < 100 && !ping(); i++) {
            sleepBriefly();
        }
    }

    public void down() {
        run(List.of("redis-cli", "-p", Integer.toString(port), "shutdown", "nosave"));
        for (int i = 0; i < 100 && ping(); i++) {
            sleepBriefly();
        }
    }

    private boolean ping() {
        try {
            Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "ping").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(5, TimeUnit.SECONDS);
            return out.contains("PONG");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + " (is redis-server installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waiting for a process we started to come up or go away; the loop above bounds it. */
    private static void sleepBriefly() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        down();
    }
}
