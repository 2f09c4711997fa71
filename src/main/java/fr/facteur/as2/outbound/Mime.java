package fr.facteur.as2.outbound;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The little MIME that AS2 needs (RFC 2045/2046/1847), on bytes: entities are built and split without any
 * re-encoding, because signatures and MICs are computed over the exact bytes. Parsing accepts CRLF and bare LF line
 * ends (some AS2 products answer with LF).
 */
final class Mime {

    static final String CRLF = "\r\n";

    private Mime() {
    }

    /** A MIME entity: its header fields (names lower-cased, folded lines unfolded) and its body bytes. */
    record Entity(Map<String, String> headers, byte[] body) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        String contentType() {
            return header("content-type").orElse("text/plain");
        }

        /** The body with its Content-Transfer-Encoding undone (base64; binary, 8bit, 7bit kept as they are). */
        byte[] decodedBody() {
            String encoding = header("content-transfer-encoding").orElse("binary").trim().toLowerCase(Locale.ROOT);
            if (encoding.equals("base64")) {
                return Base64.getMimeDecoder().decode(body);
            }
            if (encoding.equals("quoted-printable")) {
                throw new IllegalArgumentException("quoted-printable content is not supported");
            }
            return body;
        }
    }

    /** Header fields then CRLF then the body: the entity's canonical bytes. */
    static byte[] entity(Map<String, String> headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
        headers.forEach((name, value) -> out.writeBytes((name + ": " + value + CRLF).getBytes(StandardCharsets.US_ASCII)));
        out.writeBytes(CRLF.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Parses an entity given as header block + body. */
    static Entity parse(byte[] bytes) {
        int end = headerEnd(bytes);
        if (end < 0) {
            return new Entity(Map.of(), bytes);
        }
        Map<String, String> headers = headers(new String(bytes, 0, end, StandardCharsets.ISO_8859_1));
        int bodyStart = end + separatorLength(bytes, end);
        byte[] body = java.util.Arrays.copyOfRange(bytes, bodyStart, bytes.length);
        return new Entity(headers, body);
    }

    /** An entity whose header fields came separately (an HTTP request or response). */
    static Entity of(String contentType, byte[] body) {
        return new Entity(Map.of("content-type", contentType), body);
    }

    static Map<String, String> headers(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        String current = null;
        for (String line : block.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                headers.put(current, headers.get(current) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            current = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.put(current, line.substring(colon + 1).trim());
        }
        return headers;
    }

    /** A parameter of a structured header value ({@code boundary}, {@code micalg}, ...), quotes removed. */
    static Optional<String> parameter(String headerValue, String name) {
        for (String part : splitParameters(headerValue)) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String value = part.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The media type of a Content-Type value, lower-cased, without parameters. */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static List<String> splitParameters(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    static String newBoundary() {
        return "----=_Part_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The body parts of a multipart body, each as the exact bytes between its delimiter line and the CRLF that
     * precedes the next delimiter (RFC 2046 §5.1.1: that CRLF belongs to the delimiter). These are the bytes a
     * multipart/signed signature covers.
     */
    static List<byte[]> parts(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        int position = indexOf(body, delimiter, 0);
        if (position < 0) {
            throw new IllegalArgumentException("multipart body without its boundary " + boundary);
        }
        while (true) {
            int afterDelimiter = position + delimiter.length;
            if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                return parts; // close delimiter
            }
            int lineEnd = indexOf(body, new byte[] {'\n'}, afterDelimiter);
            if (lineEnd < 0) {
                throw new IllegalArgumentException("truncated multipart body");
            }
            int partStart = lineEnd + 1;
            int next = indexOf(body, delimiter, partStart);
            while (next >= 0 && !(next == partStart || body[next - 1] == '\n')) {
                next = indexOf(body, delimiter, next + 1); // a boundary-like string inside a line is not a delimiter
            }
            if (next < 0) {
                throw new IllegalArgumentException("multipart body without its close delimiter");
            }
            int partEnd = next;
            if (partEnd > partStart && body[partEnd - 1] == '\n') {
                partEnd--;
                if (partEnd > partStart && body[partEnd - 1] == '\r') {
                    partEnd--;
                }
            }
            parts.add(java.util.Arrays.copyOfRange(body, partStart, partEnd));
            position = next;
        }
    }

    /** A multipart body: each part, then the close delimiter. */
    static byte[] multipart(String boundary, List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(("--" + boundary + CRLF).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(part);
            out.writeBytes(CRLF.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--" + CRLF).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static int headerEnd(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    return i + 1;
                }
                if (i + 2 < bytes.length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                    return i + 1;
                }
            }
            if (i == 0 && (bytes[0] == '\n' || (bytes[0] == '\r' && bytes.length > 1 && bytes[1] == '\n'))) {
                return 0; // no header fields at all
            }
        }
        return -1;
    }

    private static int separatorLength(byte[] bytes, int end) {
        return bytes[end] == '\r' ? 2 : 1;
    }

    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
