/**
 * Packaging: the Chorus Pro flow (FSO1100A UBL, FSO1106A CII) named &lt;interface&gt;_&lt;partnerCode&gt;_&lt;flowId&gt;, its detached CMS signature (.p7s), both archived.
 */
package fr.facteur.flow;
