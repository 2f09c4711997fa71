package fr.facteur.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.facteur.returns.TrackingFixtures;

/** Claims of flows to poll over the Chorus Pro API, on a real PostgreSQL: two instances never poll one flow. */
class ApiDepositRepositoryTest {

    static TrackingFixtures db;

    @BeforeAll
    static void database() {
        db = TrackingFixtures.newDatabase("api_deposit");
    }

    @Test
    void eachDueFlowIsClaimedByOneInstanceAtATimeUntilItIsDone() {
        ApiDepositRepository one = new ApiDepositRepository(db.jdbc);
        ApiDepositRepository other = new ApiDepositRepository(db.jdbc);
        List<Long> flows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long flow = db.transmittedInvoice("acme", "73282932000074", "11000201100044", "C" + i + System.nanoTime())
                    .flowId();
            one.recordDeposit(flow, "CPP00111000000000000000" + i);
            flows.add(flow);
        }
        one.recordDeposit(flows.get(0), "ANOTHER-NUMBER");
        assertThat(one.numeroOf(flows.get(0))).contains("CPP001110000000000000000");

        List<Long> first = one.claimDue(2, Duration.ofMinutes(5)).stream().map(ApiDepositRepository.Claimed::flowId)
                .toList();
        List<Long> second = other.claimDue(10, Duration.ofMinutes(5)).stream()
                .map(ApiDepositRepository.Claimed::flowId).toList();
        assertThat(first).hasSize(2).doesNotContainAnyElementsOf(second);
        assertThat(second).hasSize(1);
        assertThat(other.claimDue(10, Duration.ofMinutes(5))).isEmpty();

        // polled: free again once due; done: never claimed again
        one.polled(first.get(0), "90", "a".repeat(64), false, Instant.now().minusSeconds(1));
        one.polled(first.get(1), "90", null, true, Instant.now().minusSeconds(1));
        List<ApiDepositRepository.Claimed> again = other.claimDue(10, Duration.ofMinutes(5));
        assertThat(again).extracting(ApiDepositRepository.Claimed::flowId).containsExactly(first.get(0));
        assertThat(again.get(0).reportCode()).isEqualTo("90");
        assertThat(again.get(0).lastAnswerSha256()).isEqualTo("a".repeat(64));
        assertThat(again.get(0).polls()).isEqualTo(1);
    }
}
