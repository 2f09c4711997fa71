/**
 * Who may do what: the operator's staff log in to the console (form login, session, CSRF) and scripts call the API
 * with HTTP Basic (stateless). Users come from configuration ({@code facteur.security.users}); an ADMIN changes
 * things, a VIEWER reads, and a viewer may be limited to some tenants ({@link TenantScope}), which every read of
 * tenant data must honour. Nothing is anonymous but the health endpoint and the login page.
 */
package fr.facteur.security;
