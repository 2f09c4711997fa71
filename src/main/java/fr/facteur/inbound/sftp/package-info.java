/**
 * Per-tenant SFTP polling routes (route template instances with ids &lt;tenant&gt;.sftp-in): host-key checking, clustered read lock, done/error folders.
 */
package fr.facteur.inbound.sftp;
