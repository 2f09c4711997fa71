package fr.facteur.simulator;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the simulator every facteur.simulator.poll: first the drop box, then the statuses that are due. */
class SimulatorScheduler {

    private static final Logger log = LoggerFactory.getLogger(SimulatorScheduler.class);

    private final Simulator simulator;
    private final Clock clock;

    SimulatorScheduler(Simulator simulator, Clock clock) {
        this.simulator = simulator;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${facteur.simulator.poll:2s}", fixedDelayString = "${facteur.simulator.poll:2s}")
    void poll() {
        try {
            simulator.scan(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Simulator: drop box scan failed: {}", e.toString(), e);
        }
        try {
            simulator.tick(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Simulator: lifecycle tick failed: {}", e.toString(), e);
        }
    }
}
