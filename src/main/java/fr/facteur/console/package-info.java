/**
 * The operator's web console (static pages under /, calling the REST API with the session) and the API calls that
 * exist only for it: who is logged in, and the configuration check report. Reads other features; nothing depends
 * on it.
 */
package fr.facteur.console;
