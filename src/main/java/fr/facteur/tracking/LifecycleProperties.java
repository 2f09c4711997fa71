package fr.facteur.tracking;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lifecycle semantics ({@code facteur.lifecycle.*}).
 *
 * @param staleAfter an invoice whose status has not changed for this long, and is not final (Rejetée, Mise en
 *                   paiement), is flagged stale: in the API and in the work list. Some structures never report Mise
 *                   en paiement, so the flag is how an operator learns an invoice has stopped moving.
 */
@ConfigurationProperties("facteur.lifecycle")
public record LifecycleProperties(@DefaultValue("10d") Duration staleAfter) {
}
