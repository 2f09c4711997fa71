package fr.facteur.as2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameters of structured MIME headers (Content-Type, Content-Disposition), including the encodings ERPs use for
 * non-ASCII file names: RFC 2231 ({@code filename*=UTF-8''fa%C3%A7ture.xml}, continuations {@code filename*0*=...})
 * and RFC 2047 encoded words ({@code filename="=?UTF-8?B?...?="}), which RFC 2047 forbids in parameters but
 * many mail and AS2 products send anyway.
 */
public final class HeaderParameters {

    private static final Pattern PARAMETER = Pattern.compile(
            ";\\s*([^=;\\s]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;]*)");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");

    private HeaderParameters() {
    }

    /** A parameter's value, decoded (RFC 2231 and RFC 2047); null when absent. */
    public static String parameter(String header, String name) {
        if (header == null) {
            return null;
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        String plain = null;
        String extended = null;
        TreeMap<Integer, String> continuations = new TreeMap<>();
        boolean continuationEncoded = false;
        Matcher m = PARAMETER.matcher(header);
        while (m.find()) {
            String key = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2).trim();
            if (key.equals(wanted)) {
                plain = value;
            } else if (key.equals(wanted + "*")) {
                extended = value;
            } else if (key.startsWith(wanted + "*")) {
                String rest = key.substring(wanted.length() + 1);
                boolean encoded = rest.endsWith("*");
                rest = encoded ? rest.substring(0, rest.length() - 1) : rest;
                try {
                    int index = Integer.parseInt(rest);
                    continuations.put(index, (encoded ? "\u0000" : "") + value);
                    if (index == 0) {
                        continuationEncoded = encoded;
                    }
                } catch (NumberFormatException ignored) {
                    // not a continuation of this parameter
                }
            }
        }
        if (extended != null) {
            return decode2231(extended);
        }
        if (!continuations.isEmpty()) {
            return joinContinuations(continuations, continuationEncoded);
        }
        return plain == null ? null : decode2047(plain);
    }

    private static String joinContinuations(TreeMap<Integer, String> parts, boolean firstEncoded) {
        // RFC 2231 §4.1: the charset is named in the first segment; encoded segments are percent-decoded with it
        String first = parts.firstEntry().getValue().replace("\u0000", "");
        Charset charset = StandardCharsets.US_ASCII;
        if (firstEncoded) {
            int q1 = first.indexOf('\'');
            int q2 = q1 < 0 ? -1 : first.indexOf('\'', q1 + 1);
            if (q2 > 0) {
                charset = charset(first.substring(0, q1));
                parts.put(parts.firstKey(), "\u0000" + first.substring(q2 + 1));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String segment : parts.values()) {
            if (segment.startsWith("\u0000")) {
                percentDecode(segment.substring(1), bytes);
            } else {
                bytes.writeBytes(segment.getBytes(charset));
            }
        }
        return bytes.toString(charset);
    }

    private static String decode2231(String value) {
        int q1 = value.indexOf('\'');
        int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
        if (q2 < 0) {
            return value;
        }
        Charset charset = charset(value.substring(0, q1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        percentDecode(value.substring(q2 + 1), bytes);
        return bytes.toString(charset);
    }

    private static void percentDecode(String text, ByteArrayOutputStream out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                try {
                    out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException ignored) {
                    // a lone '%' is kept as it is
                }
            }
            out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Decodes RFC 2047 encoded words; text that holds none is returned unchanged. */
    public static String decode2047(String value) {
        Matcher m = ENCODED_WORD.matcher(value);
        if (!m.find()) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int last = 0;
        m.reset();
        while (m.find()) {
            String between = value.substring(last, m.start());
            // whitespace between two encoded words is not part of the text (RFC 2047 §6.2)
            if (last == 0 || !between.isBlank()) {
                out.append(between);
            }
            Charset charset = charset(m.group(1));
            byte[] bytes = m.group(2).equalsIgnoreCase("B") ? Base64.getDecoder().decode(m.group(3))
                    : qDecode(m.group(3));
            out.append(new String(bytes, charset));
            last = m.end();
        }
        out.append(value.substring(last));
        return out.toString();
    }

    private static byte[] qDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static Charset charset(String name) {
        try {
            return name.isBlank() ? StandardCharsets.US_ASCII : Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
