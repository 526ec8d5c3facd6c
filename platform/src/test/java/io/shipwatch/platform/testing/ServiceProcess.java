package io.shipwatch.platform.testing;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Shipwatch service run from its shaded jar in a process of its own, as in production:
 * tests of one service talk to its peers over gRPC without loading the peers' beans into
 * their own Micronaut context. Output goes to target/service-logs.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path jar;
    private final Map<String, String> env;
    private final int port;
    private final Path log;
    private Process process;
    private ManagedChannel channel;

    private ServiceProcess(Path jar, Map<String, String> env, int port) {
        this.jar = jar;
        this.env = env;
        this.port = port;
        this.log = Path.of("target", "service-logs", jar.getFileName() + "-" + port + ".log");
    }

    /** Starts {@code java -jar jar} on a free port with these environment variables and waits until it serves. */
    public static ServiceProcess start(Path jar, Map<String, String> env) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; package that module first "
                    + "(./mvnw -pl <module> -am verify builds it)");
        }
        ServiceProcess p = new ServiceProcess(jar, Map.copyOf(env), freePort());
        p.launch();
        return p;
    }

    private void launch() {
        Map<String, String> all = new HashMap<>(env);
        all.put("GRPC_SERVER_PORT", Integer.toString(port));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        builder.environment().putAll(all);
        builder.redirectErrorStream(true);
        try {
            Files.createDirectories(log.getParent());
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        awaitServing();
    }

    private void awaitServing() {
        Instant until = Instant.now().plus(START_TIMEOUT);
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(jar.getFileName() + " exited with " + process.exitValue()
                        + " before serving; see " + log.toAbsolutePath());
            }
            try {
                HealthCheckResponse r = health.withDeadlineAfter(1, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance());
                if (r.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                    return;
                }
            } catch (StatusRuntimeException notYet) {
                // Still starting: the port is not open or health is not SERVING yet.
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + jar.getFileName(), e);
            }
        }
        kill();
        throw new IllegalStateException(jar.getFileName() + " did not serve within " + START_TIMEOUT.toSeconds()
                + " s; see " + log.toAbsolutePath());
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public ManagedChannel channel() {
        return channel;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM and wait for the graceful shutdown. */
    public void stop() {
        end(false);
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    public void kill() {
        end(true);
    }

    /** Starts the service again on the same port with the same environment. */
    public void restart() {
        end(false);
        launch();
    }

    private void end(boolean force) {
        if (channel != null) {
            channel.shutdownNow();
            channel = null;
        }
        if (process == null) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        end(false);
    }

    /** A TCP port nothing listens on right now (see {@link TestPorts}). */
    public static int freePort() {
        return TestPorts.free();
    }
}
