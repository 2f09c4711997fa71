package fr.facteur.inbound.sftp;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.awaitility.core.ConditionTimeoutException;

import fr.facteur.inbound.Intake;
import fr.facteur.testsupport.GatewayTestEnvironment;

/**
 * Watches the SFTP pollers of a gateway through spies on {@link Intake} and {@link SftpIngress}: how many files are in
 * the intake at once, and the order in which the files took their turns. A file named in {@link #hold} waits, before
 * the intake runs, until another file is in the intake too or {@link #holdAtMost} has passed: two files of a tenant
 * that can overlap do so for sure, without guessing at timings.
 */
final class IntakeProbe {

    final AtomicInteger inIntake = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    /** file names in the order they took their turns (the order their flows must be queued in) */
    final List<String> turns = new ArrayList<>();
    volatile Set<String> hold = Set.of();
    volatile Duration holdAtMost = Duration.ofSeconds(30);

    void watch(Intake intake, SftpIngress ingress) {
        doAnswer(call -> {
            Exchange exchange = call.getArgument(0);
            synchronized (turns) { // the turn is handed out and written down under one lock: same order
                call.callRealMethod();
                turns.add(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
            }
            return null;
        }).when(ingress).takeTurn(any());
        doAnswer(call -> {
            String name = call.getArgument(2);
            int now = inIntake.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                if (hold.contains(name)) {
                    try {
                        await().atMost(holdAtMost).pollInterval(Duration.ofMillis(10)).until(() -> inIntake.get() >= 2);
                    } catch (ConditionTimeoutException alone) {
                        // no other file came in meanwhile: go on, the test reads mostAtOnce
                    }
                }
                return call.callRealMethod();
            } finally {
                inIntake.decrementAndGet();
            }
        }).when(intake).receive(any(), any(), any(), any(), any(), any());
    }

    List<String> turns() {
        synchronized (turns) {
            return List.copyOf(turns);
        }
    }

    /** Invoice numbers whose file names (number + ".xml") fall in different shares among {@code pollers}. */
    static List<String> numbersInDifferentShares(int pollers) {
        List<String> numbers = new ArrayList<>();
        Set<Integer> shares = new java.util.HashSet<>();
        while (numbers.size() < pollers) {
            String number = uniqueNumber();
            if (shares.add(FilePartition.of(number + ".xml", pollers))) {
                numbers.add(number);
            }
        }
        return numbers;
    }

    static String uniqueNumber() {
        return "P" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    /** The files of the tenant's done/ (or error/) folder that hold {@code name}: moved there as time-name. */
    static long movedTo(GatewayTestEnvironment env, String tenant, String folder, String name) {
        Path dir = env.inbox(tenant).resolve(folder);
        return GatewayTestEnvironment.fileNames(dir).stream().filter(f -> f.endsWith("-" + name)).count();
    }

    static boolean stillInOutbox(GatewayTestEnvironment env, String tenant, String name) {
        return Files.exists(env.inbox(tenant).resolve(name));
    }
}
