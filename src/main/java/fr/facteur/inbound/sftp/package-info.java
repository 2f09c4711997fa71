/**
 * Per-tenant SFTP polling routes (route template instances with ids &lt;tenant&gt;.sftp-in, -2..., one per poller, each on its share of the folder): host-key checking, clustered read lock, done/error folders.
 */
package fr.facteur.inbound.sftp;
