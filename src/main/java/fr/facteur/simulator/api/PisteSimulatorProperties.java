package fr.facteur.simulator.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated PISTE account ({@code facteur.simulator.piste.*}): the client the token endpoint accepts, the
 * technical account the {@code cpro-account} header must carry, and how long a token lives. The defaults match the
 * gateway's own defaults (facteur.chorus-pro.api.*), so the demo connects out of the box.
 *
 * @param maxFlowBytes a decoded flow larger than this is refused with 413
 */
@ConfigurationProperties("facteur.simulator.piste")
public record PisteSimulatorProperties(
        @DefaultValue("facteur-demo") String clientId,
        @DefaultValue("demo-secret") String clientSecret,
        @DefaultValue("TECH_facteur@cpro.fr") String login,
        @DefaultValue("demo-password") String password,
        @DefaultValue("1h") Duration tokenLifetime,
        @DefaultValue("125829120") long maxFlowBytes) {

    @Override
    public String toString() {
        return "PisteSimulatorProperties[client " + clientId + ", account " + login + ", secrets ****]";
    }
}
