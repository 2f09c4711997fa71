/**
 * The Chorus Pro simulator (facteur.simulator.enabled): takes deposited flows from its drop box, checks them as Chorus Pro would, assigns a numeroFluxDepot and writes CPPStatut return files driven by a scenario engine. Owns the sim_* tables. No production code depends on it.
 */
package fr.facteur.simulator;
