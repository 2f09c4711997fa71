/**
 * The simulator's Chorus Pro API, PISTE-like, on the main HTTP port under {@code /simulator/piste}: an OAuth2
 * client-credentials token endpoint ({@code /simulator/piste/api/oauth/token}) and the {@code /cpro/...} paths the
 * gateway calls, answered from the simulator's own intake and tables; plus fault injection
 * ({@code /simulator/piste/faults}) for demos and tests: 5xx, time-outs, 413, expired tokens, a maintenance window.
 * Only present when the simulator is on.
 */
package fr.facteur.simulator.api;
