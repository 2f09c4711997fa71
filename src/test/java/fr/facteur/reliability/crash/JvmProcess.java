package fr.facteur.reliability.crash;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Java main class run in a JVM of its own (same java binary, the test classpath), that a test can kill with
 * SIGKILL and start again. Output goes to {@code <workDir>/<name>.log}, appended across restarts with a marker per
 * start. A shutdown hook kills what is still running if the test JVM ends first.
 */
public class JvmProcess implements AutoCloseable {

    private final String name;
    private final String mainClass;
    private final Path workDir;
    private final Map<String, String> systemProperties;
    private final List<String> jvmOptions;
    private final Thread reaper = new Thread(this::killQuietly, "kill-child-jvm");
    private Process process;
    private int starts;

    public JvmProcess(String name, String mainClass, Path workDir, Map<String, String> systemProperties,
            List<String> jvmOptions) {
        this.name = name;
        this.mainClass = mainClass;
        this.workDir = workDir.toAbsolutePath();
        this.systemProperties = systemProperties;
        this.jvmOptions = jvmOptions;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the JVM, then waits (at most {@code timeout}) until {@code ready} holds. */
    public void start(BooleanSupplier ready, Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // under surefire java.class.path may be a manifest-only booter jar: its Class-Path is honoured with -cp too
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        try {
            Files.createDirectories(workDir);
            Path log = log();
            Files.writeString(log, "\n===== " + name + " start #" + (++starts) + " at " + Instant.now() + " =====\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        Process started = process;
        await(name + " ready (see " + log() + ")").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + started.exitValue() + ", see "
                                + log());
                    }
                    return ready.getAsBoolean();
                });
    }

    /**
     * SIGKILL: {@link Process#destroyForcibly()} on Linux sends SIGKILL (no shutdown hook, no graceful stop). Waits
     * for the exit and checks the exit code is 137 (128 + 9), i.e. the JVM was killed, not stopped.
     */
    public void kill() {
        Process p = process;
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 137) {
            throw new IllegalStateException(name + " ended with " + p.exitValue() + ", not killed by SIGKILL (137)");
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return workDir.resolve(name + ".log");
    }

    public Path workDir() {
        return workDir;
    }

    private void killQuietly() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        killQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    /** A port free now (to give a child JVM the same port across its restarts). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
