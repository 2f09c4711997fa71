/**
 * The Chorus Pro simulator ({@code facteur.simulator.enabled}): takes flows deposited in its drop box, checks them
 * as Chorus Pro would (detached CMS signature, name and interface code, XSD and facts through the invoice reader,
 * the B2G invoice rules), assigns a numeroFluxDepot, answers with an integration report (CPPStatut CPPFluxStatuts
 * 90/93/96) and then plays each integrated invoice's scenario as CPPStatut CPPFactureStatuts files (01…12), all
 * suppliers mixed in one file per tick.
 *
 * <p>Entry point: {@link fr.facteur.simulator.Simulator} ({@code scan(now)}, {@code tick(now)}), settings in
 * {@link fr.facteur.simulator.SimulatorProperties}. Owns the sim_* tables (V2__simulator.sql) and the folders behind
 * the demo SFTP server's chorus-pro account (depot, depot-traite, retours). No production code depends on it.
 */
package fr.facteur.simulator;
