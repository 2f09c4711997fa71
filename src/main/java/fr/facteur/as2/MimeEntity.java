package fr.facteur.as2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One MIME entity (RFC 2045) kept as the exact bytes it arrived as, because AS2 signatures and MICs are computed
 * over those bytes: headers are parsed for reading, never re-serialised. A deliberately small parser (headers,
 * parameters, multipart split, transfer decoding): enough for AS2, where the structure is fixed by RFC 4130, without
 * pulling a mail library into the gateway.
 */
public final class MimeEntity {

    private final byte[] raw;
    private final int bodyStart;
    private final Map<String, String> headers;

    private MimeEntity(byte[] raw, int bodyStart, Map<String, String> headers) {
        this.raw = raw;
        this.bodyStart = bodyStart;
        this.headers = headers;
    }

    /** Parses an entity: headers, an empty line, the body (CRLF or bare LF line ends both accepted). */
    public static MimeEntity parse(byte[] raw) {
        int end = headerEnd(raw);
        Map<String, String> headers = new LinkedHashMap<>();
        if (end > 0) {
            String text = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
            String name = null;
            StringBuilder value = new StringBuilder();
            for (String line : text.split("\r?\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                    value.append(' ').append(line.trim());
                    continue;
                }
                if (name != null) {
                    headers.putIfAbsent(name, value.toString().trim());
                }
                int colon = line.indexOf(':');
                name = colon < 0 ? null : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                value = new StringBuilder(colon < 0 ? "" : line.substring(colon + 1));
            }
            if (name != null) {
                headers.putIfAbsent(name, value.toString().trim());
            }
        }
        return new MimeEntity(raw, end < 0 ? 0 : bodyOffset(raw, end), headers);
    }

    /** An entity whose headers came from elsewhere (the HTTP request of an AS2 message) and whose bytes are the body. */
    public static MimeEntity of(Map<String, String> headers, byte[] body) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return new MimeEntity(body, 0, lower);
    }

    /** The whole entity, headers included, exactly as received. */
    public byte[] raw() {
        return raw;
    }

    /** The body still transfer-encoded. */
    public byte[] rawBody() {
        return java.util.Arrays.copyOfRange(raw, bodyStart, raw.length);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The media type, lower case, without parameters ("text/plain" when absent, RFC 2045 §5.2). */
    public String mediaType() {
        String type = header("content-type");
        if (type == null) {
            return "text/plain";
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** A parameter of the Content-Type header (boundary, smime-type, protocol...), unquoted; null when absent. */
    public String contentTypeParameter(String name) {
        return HeaderParameters.parameter(header("content-type"), name);
    }

    /** The body with its Content-Transfer-Encoding undone (base64, quoted-printable; others as they are). */
    public byte[] decodedBody() {
        String encoding = header("content-transfer-encoding");
        byte[] body = rawBody();
        if (encoding == null) {
            return body;
        }
        return switch (encoding.trim().toLowerCase(Locale.ROOT)) {
            case "base64" -> Base64.getMimeDecoder().decode(body);
            case "quoted-printable" -> decodeQuotedPrintable(body);
            default -> body;
        };
    }

    /**
     * The parts of a multipart entity, each as its exact bytes (RFC 2046 §5.1.1: the CRLF before a delimiter belongs
     * to the delimiter, not to the part).
     */
    public List<MimeEntity> parts() {
        String boundary = contentTypeParameter("boundary");
        if (boundary == null) {
            throw new MimeFormatException("multipart entity without a boundary");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Integer> starts = new ArrayList<>();
        int i = bodyStart;
        while ((i = indexOf(raw, delimiter, i)) >= 0) {
            if (i == bodyStart || raw[i - 1] == '\n') {
                starts.add(i);
            }
            i += delimiter.length;
        }
        List<MimeEntity> parts = new ArrayList<>();
        for (int k = 0; k + 1 < starts.size(); k++) {
            int from = lineEnd(raw, starts.get(k) + delimiter.length);
            int to = starts.get(k + 1);
            // drop the line break that precedes the next delimiter
            to = to > from && raw[to - 1] == '\n' ? to - 1 : to;
            to = to > from && raw[to - 1] == '\r' ? to - 1 : to;
            if (from <= to) {
                parts.add(parse(java.util.Arrays.copyOfRange(raw, from, to)));
            }
        }
        if (parts.isEmpty()) {
            throw new MimeFormatException("multipart entity with no part for boundary " + boundary);
        }
        return parts;
    }

    private static int lineEnd(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return Math.min(i + 1, bytes.length);
    }

    private static int headerEnd(byte[] raw) {
        for (int i = 0; i < raw.length - 1; i++) {
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n')) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int bodyOffset(byte[] raw, int headerEnd) {
        return raw[headerEnd] == '\r' ? headerEnd + 2 : headerEnd + 1;
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

    private static byte[] decodeQuotedPrintable(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '=' && i + 1 < body.length && (body[i + 1] == '\r' || body[i + 1] == '\n')) {
                i += body[i + 1] == '\r' && i + 2 < body.length && body[i + 2] == '\n' ? 2 : 1;
            } else if (b == '=' && i + 2 < body.length) {
                out.write(Integer.parseInt(new String(body, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
