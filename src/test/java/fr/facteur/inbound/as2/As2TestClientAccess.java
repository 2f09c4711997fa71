package fr.facteur.inbound.as2;

import java.nio.charset.StandardCharsets;

/** Finds the Original-Message-ID of an MDN without verifying it (the test verifies it afterwards). */
final class As2TestClientAccess {

    private As2TestClientAccess() {
    }

    static String originalMessageId(String contentType, byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Original-Message-ID:");
        if (at < 0) {
            return "?";
        }
        int end = text.indexOf('\r', at);
        return text.substring(at + "Original-Message-ID:".length(), end < 0 ? text.length() : end).trim();
    }
}
