package fr.facteur.flow;

import java.nio.file.Path;

/**
 * A Chorus Pro flow ready to leave: the flow file and its detached CMS signature (.p7s) beside it.
 *
 * @param flowRef       the &lt;flowId&gt; part of the name, unique
 * @param name          &lt;interface&gt;_&lt;partnerCode&gt;_&lt;flowId&gt;
 * @param flowFile      absolute path of the archived flow
 * @param signatureFile absolute path of the archived signature
 */
public record PackagedFlow(String flowRef, String name, String interfaceCode, Path flowFile, Path signatureFile) {
}
