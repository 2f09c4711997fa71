package fr.facteur.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class QueueOrderTest {

    @Test
    void turnsFinishedInAnyOrderAreQueuedInTheOrderTheyWereTaken() throws Exception {
        QueueOrder order = new QueueOrder();
        List<QueueOrder.Turn> turns = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            turns.add(order.next("acme"));
        }
        List<Integer> queued = Collections.synchronizedList(new ArrayList<>());
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, new Random(7));
        // a thread per turn: a pool smaller than the turns could hold only waiters while the turn they wait for is queued
        ExecutorService pool = Executors.newFixedThreadPool(turns.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i : shuffled) {
                running.add(pool.submit(() -> {
                    try (QueueOrder.Turn turn = turns.get(i)) {
                        turn.awaitTurn();
                        queued.add(i);
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> expected = new ArrayList<>(shuffled);
        Collections.sort(expected);
        assertThat(queued).containsExactlyElementsOf(expected);
    }

    @Test
    void aTurnThatEndsWithoutQueueingLetsTheNextGoAndTenantsDoNotWaitForEachOther() throws Exception {
        QueueOrder order = new QueueOrder();
        QueueOrder.Turn first = order.next("acme");
        QueueOrder.Turn second = order.next("acme");
        QueueOrder.Turn otherTenant = order.next("durand");
        otherTenant.awaitTurn(); // durand's first file waits for nothing of acme's
        otherTenant.close();

        CountDownLatch secondQueued = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            second.awaitTurn();
            secondQueued.countDown();
            second.close();
        });
        t.start();
        assertThat(secondQueued.await(200, TimeUnit.MILLISECONDS)).as("waits for the first").isFalse();
        first.close(); // rejected, say: never queued
        assertThat(secondQueued.await(10, TimeUnit.SECONDS)).isTrue();
        t.join();
    }

    @Test
    void aLostTurnHoldsTheOthersOnlyOnceForTheLongestWait() {
        QueueOrder order = new QueueOrder(Duration.ofMillis(300));
        order.next("acme"); // handed out, never closed: its file was lost
        QueueOrder.Turn second = order.next("acme");
        QueueOrder.Turn third = order.next("acme");

        long start = System.nanoTime();
        second.awaitTurn();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        second.close();
        long thirdStart = System.nanoTime();
        third.awaitTurn();
        assertThat(Duration.ofNanos(System.nanoTime() - thirdStart)).isLessThan(Duration.ofMillis(300));
        third.close();
    }
}
