/**
 * The demo environment (facteur.demo.enabled): an SFTP server (Apache MINA SSHD, port 2222) hosting the demo suppliers' folders and the simulator's drop box, and the demo keys generated on first run. No production code depends on it.
 */
package fr.facteur.demo;
