/**
 * Supplier actions: complete a Suspendue invoice (comment, attachments) and recycle an A recycler one (new recipient
 * SIRET, service code, engagement number; same invoice number), asked through the API or by an action file dropped
 * on the supplier's channel. Owns the supplier_action tables (V8). An accepted action is deposited with Chorus Pro as
 * an action file ({@code ACTION_<partner>_<id>.action.json}); its result comes back as statuses like any other.
 */
package fr.facteur.action;
