package fr.facteur.tenant;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Checks the tree of one tenant file against the contract of design.md §2 and turns it into a {@link Tenant}.
 *
 * <p>The whole file is checked: every problem is collected with its dotted path, so an operator fixes a file in one
 * pass instead of one error per restart. Unknown keys are errors because a misspelt optional key (say
 * {@code pol: 5s}) would otherwise be silently replaced by its default.
 *
 * <p>Relative file paths (keys, known_hosts, certificates) are resolved against the installation root, the parent of
 * the config directory, so that {@code certs/acme/known_hosts} means the same thing whatever the working directory.
 */
public final class TenantValidator {

    public static final List<String> FORMATS = List.of("UBL", "CII", "FACTURX");
    public static final List<String> RETURN_CHANNELS = List.of("sftp", "as2", "webhook", "none");
    public static final List<String> RETURN_FORMATS = List.of("cppstatut", "json", "csv");

    static final Duration DEFAULT_POLL = Duration.ofSeconds(30);
    static final Duration MINIMUM_POLL = Duration.ofSeconds(1);
    static final int DEFAULT_SFTP_PORT = 22;

    private static final Pattern ID = Pattern.compile("[a-z0-9-]{2,40}");
    private static final Pattern FOURTEEN_DIGITS = Pattern.compile("\\d{14}");
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private static final List<String> ROOT_KEYS = List.of("id", "name", "siret", "inbound", "formats", "returns",
            "mapping");
    private static final List<String> MAPPING_KEYS = List.of("xslt");
    private static final List<String> INBOUND_KEYS = List.of("sftp", "as2");
    private static final List<String> SFTP_KEYS = List.of("host", "port", "user", "private-key", "password",
            "password-env", "known-hosts", "dir", "poll");
    private static final List<String> AS2_KEYS = List.of("as2-id", "certificate", "next-certificate",
            "require-signature", "require-encryption", "allow-sha1", "allow-expired-certificate", "url",
            "async-mdn-hosts", "timeout", "encryption");
    public static final List<String> AS2_ENCRYPTIONS = List.of("AES128_CBC", "AES256_CBC", "AES128_GCM", "AES256_GCM");
    static final Duration DEFAULT_AS2_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern AS2_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final List<String> RETURNS_KEYS = List.of("channel", "sftp", "format", "events", "webhook",
            "timing", "digest-every");
    private static final List<String> RETURNS_WEBHOOK_KEYS = List.of("url", "secret-env", "timeout");
    public static final List<String> RETURN_TIMINGS = List.of("immediate", "digest");
    static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MINIMUM_DIGEST_PERIOD = Duration.ofSeconds(5);
    private static final List<String> RETURNS_SFTP_KEYS = List.of("dir");

    private final Path installationRoot;
    private final Function<String, String> environment;

    /**
     * @param installationRoot against which relative file paths are resolved (the parent of the config directory)
     * @param environment      reads an environment variable (System::getenv in production), for password-env
     */
    public TenantValidator(Path installationRoot, Function<String, String> environment) {
        this.installationRoot = installationRoot.toAbsolutePath().normalize();
        this.environment = environment;
    }

    /**
     * Validates the tree of the file {@code fileName}.
     *
     * @param root the parsed YAML; null or a missing node for an empty file
     */
    public ParsedTenantFile validate(String fileName, JsonNode root) {
        String fileId = fileId(fileName);
        Check check = new Check(fileId);
        if (root == null || root.isMissingNode() || root.isNull()) {
            check.problem("the file is empty");
            return check.result(fileName, null, null, null);
        }
        if (!root.isObject()) {
            check.problem("the file must be a mapping of keys (id: ..., name: ..., siret: ...)");
            return check.result(fileName, null, null, null);
        }
        check.knownKeys(root, "", ROOT_KEYS);

        String id = check.text(root, "", "id");
        if (id == null) {
            check.problem("id", "is required");
        } else if (!ID.matcher(id).matches()) {
            check.problem("id", "must match [a-z0-9-]{2,40} (found: " + id + ")");
        } else if (!id.equals(fileId)) {
            check.problem("id", "must equal the file name (" + fileId + "), found: " + id);
        }

        String name = check.text(root, "", "name");
        if (name == null) {
            check.problem("name", "is required");
        }

        String siret = siret(root, check);

        JsonNode inbound = check.block(root, "", "inbound", INBOUND_KEYS);
        boolean sftpDeclared = inbound != null && present(inbound, "sftp");
        Tenant.SftpAccount sftp = null;
        Tenant.As2Partner as2 = null;
        if (inbound != null) {
            JsonNode sftpBlock = check.block(inbound, "inbound", "sftp", SFTP_KEYS);
            if (sftpBlock != null) {
                sftp = sftpAccount(sftpBlock, "inbound.sftp", check);
            }
            JsonNode as2Block = check.block(inbound, "inbound", "as2", AS2_KEYS);
            if (as2Block != null) {
                as2 = as2Partner(as2Block, "inbound.as2", check);
            }
        }

        Set<String> formats = formats(root, check);
        Tenant.Returns returns = returns(root, sftpDeclared, check);
        if (returns != null && "as2".equals(returns.channel())
                && (inbound == null || !present(inbound, "as2") || value(inbound.get("as2"), "url") == null)) {
            check.problem("returns.channel", "as2 requires inbound.as2 with a url (where the partner receives AS2)");
        }

        Tenant.Mapping mapping = null;
        JsonNode mappingBlock = check.block(root, "", "mapping", MAPPING_KEYS);
        if (mappingBlock != null) {
            String xslt = check.text(mappingBlock, "mapping", "xslt");
            if (xslt == null) {
                check.problem("mapping.xslt", "is required (the stylesheet turning this supplier's files into UBL)");
            } else {
                Path file = existingFile(xslt, "mapping.xslt", check);
                mapping = file == null ? null : new Tenant.Mapping(file);
            }
        }

        Tenant tenant = check.hasProblems() ? null
                : new Tenant(id, name, siret, new Tenant.Inbound(sftp, as2), formats, returns, mapping);
        return check.result(fileName, name, check.text(root, "", "siret", false), tenant);
    }

    /** The file name without its .yaml / .yml extension. */
    static String fileId(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml")) {
            return fileName.substring(0, fileName.length() - 5);
        }
        if (lower.endsWith(".yml")) {
            return fileName.substring(0, fileName.length() - 4);
        }
        return fileName;
    }

    private static String siret(JsonNode root, Check check) {
        JsonNode node = value(root, "siret");
        if (node != null && node.isNumber()) {
            // unquoted, YAML reads a number: a leading zero would be lost (or read as octal), so insist on text
            check.problem("siret", "must be quoted so that YAML keeps it as text, e.g. siret: \"73282932000074\"");
            return null;
        }
        String siret = check.requiredText(root, "", "siret");
        if (siret == null) {
            return null;
        }
        if (!FOURTEEN_DIGITS.matcher(siret).matches()) {
            check.problem("siret", "must be exactly 14 digits (found: " + siret + ")");
            return null;
        }
        if (!Siret.isValid(siret)) {
            check.problem("siret", siret + " has an invalid check digit (Luhn key)");
            return null;
        }
        return siret;
    }

    private Tenant.SftpAccount sftpAccount(JsonNode block, String path, Check check) {
        int before = check.problemCount();
        String host = check.requiredText(block, path, "host");
        int port = port(block, path, check);
        String user = check.requiredText(block, path, "user");

        String privateKeyText = check.text(block, path, "private-key");
        boolean passwordGiven = present(block, "password");
        String passwordEnv = check.text(block, path, "password-env");
        List<String> credentials = new ArrayList<>();
        if (privateKeyText != null) {
            credentials.add("private-key");
        }
        if (passwordGiven) {
            credentials.add("password");
        }
        if (passwordEnv != null) {
            credentials.add("password-env");
        }
        if (credentials.size() != 1) {
            check.problem(path, "needs exactly one of private-key, password, password-env (found "
                    + (credentials.isEmpty() ? "none" : String.join(" and ", credentials)) + ")");
        }
        Path privateKey = privateKeyText == null ? null : existingFile(privateKeyText, path + ".private-key", check);
        String password = password(block, path, passwordGiven, passwordEnv, check);

        String knownHostsText = check.text(block, path, "known-hosts");
        Path knownHosts = null;
        if (knownHostsText == null) {
            check.problem(path + ".known-hosts", "is required (the server's host key is always checked)");
        } else {
            knownHosts = existingFile(knownHostsText, path + ".known-hosts", check);
        }

        String dir = check.requiredText(block, path, "dir");
        if (dir != null && !dir.startsWith("/")) {
            check.problem(path + ".dir", "must be absolute (start with /)");
        }
        Duration poll = poll(block, path, check);
        if (check.problemCount() > before) {
            return null;
        }
        return new Tenant.SftpAccount(host, port, user, privateKey, password, knownHosts, dir, poll);
    }

    private static int port(JsonNode block, String path, Check check) {
        JsonNode node = value(block, "port");
        if (node == null) {
            return DEFAULT_SFTP_PORT;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > 65535) {
            check.problem(path + ".port", "must be 1-65535");
            return DEFAULT_SFTP_PORT;
        }
        return node.intValue();
    }

    /** The password never appears in a message: only its key, or the name of its environment variable. */
    private String password(JsonNode block, String path, boolean passwordGiven, String passwordEnv, Check check) {
        if (passwordGiven) {
            JsonNode node = value(block, "password");
            if (!node.isValueNode() || node.asText().isEmpty()) {
                check.problem(path + ".password", "must be a non-empty text");
                return null;
            }
            return node.asText();
        }
        if (passwordEnv == null) {
            return null;
        }
        if (!ENVIRONMENT_NAME.matcher(passwordEnv).matches()) {
            check.problem(path + ".password-env", "must be the name of an environment variable (found: " + passwordEnv + ")");
            return null;
        }
        String password = environment.apply(passwordEnv);
        if (password == null || password.isEmpty()) {
            check.problem(path + ".password-env", "names " + passwordEnv + ", which is not set in the environment");
            return null;
        }
        return password;
    }

    private static Duration poll(JsonNode block, String path, Check check) {
        String text = check.text(block, path, "poll");
        if (text == null) {
            return DEFAULT_POLL;
        }
        Duration poll = parseDuration(text);
        if (poll == null) {
            check.problem(path + ".poll", "must be a duration like 30s, 2m or PT30S (found: " + text + ")");
            return DEFAULT_POLL;
        }
        if (poll.compareTo(MINIMUM_POLL) < 0) {
            check.problem(path + ".poll", "must be at least 1s (found: " + text + ")");
        }
        return poll;
    }

    /** 500ms, 30s, 2m, 1h, 1d, or ISO-8601 (PT30S); null when not a duration. A bare number is refused: which unit? */
    static Duration parseDuration(String text) {
        Matcher simple = SIMPLE_DURATION.matcher(text);
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                return switch (simple.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
        return null;
    }

    private Tenant.As2Partner as2Partner(JsonNode block, String path, Check check) {
        int before = check.problemCount();
        String as2Id = check.requiredText(block, path, "as2-id");
        if (as2Id != null && !AS2_ID.matcher(as2Id).matches()) {
            // RFC 4130 §6.2: printable ASCII, at most 128 characters; quotes are allowed but spaces need quoting
            check.problem(path + ".as2-id", "must be 1-128 printable ASCII characters without spaces (found: " + as2Id + ")");
        }
        String certificateText = check.requiredText(block, path, "certificate");
        Path certificate = certificateText == null ? null : existingFile(certificateText, path + ".certificate", check);
        String nextText = check.text(block, path, "next-certificate");
        Path next = nextText == null ? null : existingFile(nextText, path + ".next-certificate", check);
        boolean requireSignature = flag(block, path, "require-signature", true, check);
        boolean requireEncryption = flag(block, path, "require-encryption", true, check);
        boolean allowSha1 = flag(block, path, "allow-sha1", false, check);
        boolean allowExpired = flag(block, path, "allow-expired-certificate", false, check);

        java.net.URI url = null;
        String urlText = check.text(block, path, "url");
        if (urlText != null) {
            try {
                url = new java.net.URI(urlText);
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                    check.problem(path + ".url", "must be an absolute http or https URL (found: " + urlText + ")");
                    url = null;
                }
            } catch (java.net.URISyntaxException e) {
                check.problem(path + ".url", "is not a valid URL (found: " + urlText + ")");
            }
        }
        Set<String> mdnHosts = new LinkedHashSet<>();
        JsonNode hosts = value(block, "async-mdn-hosts");
        if (hosts != null) {
            if (!hosts.isArray()) {
                check.problem(path + ".async-mdn-hosts", "must be a list of host names, e.g. [as2.acme.example]");
            } else {
                for (int i = 0; i < hosts.size(); i++) {
                    String host = hosts.get(i).isValueNode() ? hosts.get(i).asText().trim().toLowerCase(Locale.ROOT) : "";
                    if (host.isEmpty() || host.contains("/") || host.contains(":")) {
                        check.problem(path + ".async-mdn-hosts[" + i + "]", "must be a host name (found: " + hosts.get(i) + ")");
                    } else {
                        mdnHosts.add(host);
                    }
                }
            }
        } else if (url != null) {
            // by default asynchronous MDNs may only go back to the host the partner receives AS2 on
            mdnHosts.add(url.getHost().toLowerCase(Locale.ROOT));
        }

        Duration timeout = DEFAULT_AS2_TIMEOUT;
        String timeoutText = check.text(block, path, "timeout");
        if (timeoutText != null) {
            timeout = parseDuration(timeoutText);
            if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0) {
                check.problem(path + ".timeout", "must be a duration of at least 1s, like 120s or 5m (found: " + timeoutText + ")");
                timeout = DEFAULT_AS2_TIMEOUT;
            }
        }
        String encryption = check.text(block, path, "encryption");
        if (encryption == null) {
            encryption = "AES256_CBC";
        } else if (!AS2_ENCRYPTIONS.contains(encryption)) {
            check.problem(path + ".encryption", "must be one of " + String.join(", ", AS2_ENCRYPTIONS) + " (found: " + encryption + ")");
        }
        if (check.problemCount() > before) {
            return null;
        }
        return new Tenant.As2Partner(as2Id, certificate, next, requireSignature, requireEncryption, allowSha1,
                allowExpired, url, Collections.unmodifiableSet(mdnHosts), timeout, encryption);
    }

    private static boolean flag(JsonNode block, String path, String key, boolean byDefault, Check check) {
        JsonNode node = value(block, key);
        if (node == null) {
            return byDefault;
        }
        if (!node.isBoolean()) {
            check.problem(path + "." + key, "must be true or false");
            return byDefault;
        }
        return node.booleanValue();
    }

    private static Set<String> formats(JsonNode root, Check check) {
        List<String> values = check.list(root, "", "formats", FORMATS);
        if (values == null) {
            return inOrder(FORMATS, FORMATS);
        }
        if (root.get("formats").isEmpty()) {
            check.problem("formats", "must list at least one of " + String.join(", ", FORMATS));
        }
        return inOrder(values, FORMATS);
    }

    private Tenant.Returns returns(JsonNode root, boolean sftpDeclared, Check check) {
        JsonNode block = check.block(root, "", "returns", RETURNS_KEYS);
        if (block == null && present(root, "returns")) {
            return null; // not a mapping, reported: checking its defaults would only add noise
        }
        JsonNode returns = block == null ? MissingNode.getInstance() : block;

        String givenChannel = check.text(returns, "returns", "channel");
        String channel = givenChannel == null ? (sftpDeclared ? "sftp" : "none") : givenChannel;
        if (!RETURN_CHANNELS.contains(channel)) {
            check.problem("returns.channel", "must be one of " + String.join(", ", RETURN_CHANNELS) + " (found: " + channel + ")");
        }

        JsonNode sftpBlock = check.block(returns, "returns", "sftp", RETURNS_SFTP_KEYS);
        String sftpDir = sftpBlock == null ? null : check.text(sftpBlock, "returns.sftp", "dir");
        if ("sftp".equals(channel)) {
            if (!sftpDeclared) {
                check.problem("returns.channel", "sftp requires inbound.sftp (returns reuse the inbound connection)");
            }
            if (sftpDir == null) {
                check.problem("returns.sftp.dir", "is required when returns.channel is sftp"
                        + (givenChannel == null ? " (the default when inbound.sftp is set)" : ""));
            }
        }
        if (sftpDir != null && !sftpDir.startsWith("/")) {
            check.problem("returns.sftp.dir", "must be absolute (start with /)");
        }

        String format = check.text(returns, "returns", "format");
        if (format == null) {
            format = "cppstatut";
        } else if (!RETURN_FORMATS.contains(format)) {
            check.problem("returns.format", "must be one of " + String.join(", ", RETURN_FORMATS) + " (found: " + format + ")");
        }

        // no list, or an empty one, means every event: a tenant that wants none chooses channel none
        List<String> events = check.list(returns, "returns", "events", Tenant.EVENTS);
        Set<String> relayed = events == null || events.isEmpty() ? inOrder(Tenant.EVENTS, Tenant.EVENTS)
                : inOrder(events, Tenant.EVENTS);
        Tenant.Webhook webhook = webhook(returns, "webhook".equals(channel), check);

        String timing = check.text(returns, "returns", "timing");
        if (timing == null) {
            timing = Tenant.Returns.IMMEDIATE;
        } else if (!RETURN_TIMINGS.contains(timing)) {
            check.problem("returns.timing", "must be one of " + String.join(", ", RETURN_TIMINGS) + " (found: " + timing + ")");
        }
        String everyText = check.text(returns, "returns", "digest-every");
        Duration digestEvery = null;
        if (Tenant.Returns.DIGEST.equals(timing)) {
            if (everyText == null) {
                check.problem("returns.digest-every", "is required when returns.timing is digest (e.g. 15m)");
            } else {
                digestEvery = parseDuration(everyText);
                if (digestEvery == null || digestEvery.compareTo(MINIMUM_DIGEST_PERIOD) < 0) {
                    check.problem("returns.digest-every", "must be a duration of at least 5s, like 15m or 1h (found: "
                            + everyText + ")");
                }
            }
        } else if (everyText != null) {
            check.problem("returns.digest-every", "is only used when returns.timing is digest");
        }
        return new Tenant.Returns(channel, sftpDir, format, relayed, webhook, timing, digestEvery);
    }

    /** returns.webhook: required for channel webhook, refused otherwise (a forgotten channel would ignore it). */
    private Tenant.Webhook webhook(JsonNode returns, boolean webhookChannel, Check check) {
        JsonNode block = check.block(returns, "returns", "webhook", RETURNS_WEBHOOK_KEYS);
        if (block == null) {
            if (webhookChannel && !present(returns, "webhook")) {
                check.problem("returns.webhook", "is required when returns.channel is webhook (url, secret-env)");
            }
            return null;
        }
        if (!webhookChannel) {
            check.problem("returns.webhook", "is only used when returns.channel is webhook");
        }
        int before = check.problemCount();
        java.net.URI url = null;
        String urlText = check.requiredText(block, "returns.webhook", "url");
        if (urlText != null) {
            try {
                url = new java.net.URI(urlText);
                String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
                if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                    check.problem("returns.webhook.url", "must be an absolute https URL (found: " + urlText + ")");
                } else if (scheme.equals("http") && !isLoopback(url.getHost())) {
                    // the body carries invoice statuses: in clear only to this machine (tests, local demos)
                    check.problem("returns.webhook.url", "must use https (http only for localhost or 127.0.0.1; found: "
                            + urlText + ")");
                }
            } catch (java.net.URISyntaxException e) {
                check.problem("returns.webhook.url", "is not a valid URL (found: " + urlText + ")");
            }
        }
        String secretEnv = check.requiredText(block, "returns.webhook", "secret-env");
        if (secretEnv != null) {
            if (!ENVIRONMENT_NAME.matcher(secretEnv).matches()) {
                check.problem("returns.webhook.secret-env", "must be the name of an environment variable (found: "
                        + secretEnv + ")");
            } else {
                String secret = environment.apply(secretEnv);
                if (secret == null || secret.isEmpty()) {
                    check.problem("returns.webhook.secret-env", "names " + secretEnv
                            + ", which is not set in the environment");
                } else if (secret.length() < 16) {
                    check.problem("returns.webhook.secret-env", "names " + secretEnv
                            + ", whose value is too short for an HMAC key (at least 16 characters)");
                }
            }
        }
        Duration timeout = DEFAULT_WEBHOOK_TIMEOUT;
        String timeoutText = check.text(block, "returns.webhook", "timeout");
        if (timeoutText != null) {
            Duration parsed = parseDuration(timeoutText);
            if (parsed == null || parsed.compareTo(Duration.ofSeconds(1)) < 0 || parsed.compareTo(Duration.ofMinutes(5)) > 0) {
                check.problem("returns.webhook.timeout", "must be a duration between 1s and 5m, like 30s (found: "
                        + timeoutText + ")");
            } else {
                timeout = parsed;
            }
        }
        return check.problemCount() > before ? null : new Tenant.Webhook(url, secretEnv, timeout);
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
    }

    private Path existingFile(String text, String path, Check check) {
        Path file;
        try {
            file = installationRoot.resolve(text).normalize();
        } catch (InvalidPathException e) {
            check.problem(path, "is not a valid file path (found: " + text + ")");
            return null;
        }
        if (!Files.isRegularFile(file)) {
            check.problem(path, "file not found: " + file);
            return null;
        }
        if (!Files.isReadable(file)) {
            check.problem(path, "file is not readable: " + file);
            return null;
        }
        return file;
    }

    /** The known values of {@code values}, in the canonical order of {@code order}, so equal files give equal tenants. */
    private static Set<String> inOrder(List<String> values, List<String> order) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String known : order) {
            if (values.contains(known)) {
                ordered.add(known);
            }
        }
        return Collections.unmodifiableSet(ordered);
    }

    private static boolean present(JsonNode parent, String key) {
        return value(parent, key) != null;
    }

    /** The value under {@code key}; null when absent or written empty ({@code key:} alone). */
    private static JsonNode value(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        return node == null || node.isNull() ? null : node;
    }

    /** The problems of one file, each prefixed with the file's id and the dotted path it is about. */
    private static final class Check {

        private final String fileId;
        private final List<String> problems = new ArrayList<>();

        Check(String fileId) {
            this.fileId = fileId;
        }

        void problem(String message) {
            problems.add(fileId + ": " + message);
        }

        void problem(String path, String message) {
            problems.add(fileId + ": " + path + " " + message);
        }

        boolean hasProblems() {
            return !problems.isEmpty();
        }

        int problemCount() {
            return problems.size();
        }

        ParsedTenantFile result(String fileName, String name, String siret, Tenant tenant) {
            return new ParsedTenantFile(fileName, fileId, name, siret, tenant, problems);
        }

        void knownKeys(JsonNode block, String path, List<String> allowed) {
            for (Iterator<String> keys = block.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!allowed.contains(key)) {
                    problem(join(path, key), "is not a known key (expected one of " + String.join(", ", allowed) + ")");
                }
            }
        }

        /** A nested mapping, its keys checked; null when absent or not a mapping (reported). */
        JsonNode block(JsonNode parent, String parentPath, String key, List<String> allowed) {
            JsonNode node = value(parent, key);
            if (node == null) {
                return null;
            }
            String path = join(parentPath, key);
            if (!node.isObject()) {
                problem(path, "must be a mapping (key: value)");
                return null;
            }
            knownKeys(node, path, allowed);
            return node;
        }

        /** A single value as trimmed text; null when absent or blank, reported when it is a list or mapping. */
        String text(JsonNode parent, String parentPath, String key) {
            return text(parent, parentPath, key, true);
        }

        String text(JsonNode parent, String parentPath, String key, boolean report) {
            JsonNode node = value(parent, key);
            if (node == null) {
                return null;
            }
            if (!node.isValueNode()) {
                if (report) {
                    problem(join(parentPath, key), "must be a single value, not a list or mapping");
                }
                return null;
            }
            String text = node.asText().trim();
            return text.isEmpty() ? null : text;
        }

        String requiredText(JsonNode parent, String parentPath, String key) {
            JsonNode node = value(parent, key);
            String text = text(parent, parentPath, key);
            if (text == null && (node == null || node.isValueNode())) {
                problem(join(parentPath, key), "is required");
            }
            return text;
        }

        /** A list of known names; null when absent; unknown entries are reported and left out. */
        List<String> list(JsonNode parent, String parentPath, String key, List<String> known) {
            JsonNode node = value(parent, key);
            if (node == null) {
                return null;
            }
            String path = join(parentPath, key);
            if (!node.isArray()) {
                problem(path, "must be a list, e.g. [" + String.join(", ", known.subList(0, Math.min(2, known.size()))) + "]");
                return null;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String entry = node.get(i).isValueNode() ? node.get(i).asText().trim() : "";
                if (known.contains(entry)) {
                    values.add(entry);
                } else {
                    problem(path + "[" + i + "]", "must be one of " + String.join(", ", known) + " (found: "
                            + (node.get(i).isValueNode() ? entry : "a list or mapping") + ")");
                }
            }
            return values;
        }

        private static String join(String parentPath, String key) {
            return parentPath.isEmpty() ? key : parentPath + "." + key;
        }
    }
}
