package fr.facteur.reliability.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpEventListener;

/**
 * Counts, in the test JVM, what really reached the far side of the gateway: every file the gateway completes on the
 * SFTP server (it uploads under a temporary name, then renames) is read at the moment of the rename. A flow in
 * Chorus Pro's drop box counts one deposit for the invoice number it carries; a file in a supplier's returns folder
 * counts one answer ({@code <file>.ack.json}, {@code .rejected.json}, ...) or, for a status file (JSON format), one
 * relay per (invoice, level, code) it lists. The gateway can be killed at any time: this ledger lives outside it, so a
 * duplicate after a restart is seen even when the second file overwrites the first.
 *
 * <p>One case is counted apart: the <em>same</em> file (name and bytes) renamed again into a supplier's folder. That
 * was the relay's window (docs/reliability.md): killed between the upload and the commit that recorded it, the
 * gateway sent the file again after its restart. The suite's suppliers never collect their files, so their folders
 * would still show one file, while a supplier that had collected the first copy would see two. Such repeats are
 * listed by {@link #repeatedUploads()} (CrashIT requires none), not counted as relays.
 */
public final class DeliveryLedger implements SftpEventListener {

    private final Pattern numbers;
    private final ObjectMapper json = new ObjectMapper();
    /** invoice number → deposits of a flow carrying it */
    private final Map<String, AtomicInteger> deposits = new ConcurrentHashMap<>();
    /** invoice number + " " + answer kind (ack, rejected, duplicate, ...) → files */
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    /** invoice number + " " + level + " " + code → times relayed */
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    /** supplier (SFTP user) + " " + invoice number: who received what, to find wrong deliveries */
    private final Map<String, String> ownerOfNumber = new ConcurrentHashMap<>();
    private final List<String> wrongDeliveries = new CopyOnWriteArrayList<>();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();
    /** supplier + "/" + file name → SHA-256 of the last file renamed there */
    private final Map<String, String> lastUpload = new ConcurrentHashMap<>();
    private final List<String> repeatedUploads = new CopyOnWriteArrayList<>();

    /** @param numberPattern matches the invoice numbers of the run (and nothing else in the files) */
    public DeliveryLedger(String numberPattern) {
        this.numbers = Pattern.compile(numberPattern);
    }

    /** Declares that {@code number} belongs to {@code supplier}: anything of it in another's folder is wrong. */
    public void expect(String number, String supplier) {
        ownerOfNumber.put(number, supplier);
    }

    @Override
    public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts,
            Throwable thrown) throws IOException {
        if (thrown != null) {
            return;
        }
        String user = session.getUsername();
        String name = dstPath.getFileName().toString();
        Path folder = dstPath.getParent() == null ? null : dstPath.getParent().getFileName();
        if (name.startsWith(".") || folder == null) {
            return;
        }
        try {
            // only Chorus Pro's drop box and the suppliers' returns folders: the gateway also renames what it
            // has read (a supplier's done/ folder, Chorus Pro's return files), which is not a delivery
            if ("chorus-pro".equals(user)) {
                if (folder.toString().equals("depot") && !name.endsWith(".p7s")) {
                    deposited(Files.readString(dstPath, StandardCharsets.UTF_8));
                }
            } else if (folder.toString().equals("returns")) {
                relayed(user, name, Files.readAllBytes(dstPath));
            }
        } catch (IOException | RuntimeException e) {
            unreadable.add(user + ":" + name + ": " + e);
        }
    }

    private void deposited(String flow) {
        Matcher m = numbers.matcher(flow);
        if (m.find()) {
            deposits.computeIfAbsent(m.group(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private void relayed(String supplier, String name, byte[] content) throws IOException {
        String sha256 = java.util.HexFormat.of().formatHex(sha256(content));
        if (sha256.equals(lastUpload.put(supplier + "/" + name, sha256))) {
            repeatedUploads.add(supplier + ":" + name); // the same file replaced by itself: see the class comment
            return;
        }
        Matcher inName = numbers.matcher(name);
        if (inName.find()) {
            // an answer to one file: <file>.<kind>.json
            String number = inName.group();
            String rest = name.substring(inName.end());
            String kind = rest.replaceFirst("^\\.xml\\.", "").replaceFirst("\\.json$", "");
            answers.computeIfAbsent(number + " " + kind, k -> new AtomicInteger()).incrementAndGet();
            checkOwner(supplier, number, name);
            return;
        }
        if (!name.endsWith(".json")) {
            unreadable.add(supplier + ":" + name + ": not a JSON status file");
            return;
        }
        JsonNode array = json.readTree(content);
        for (JsonNode event : array) {
            List<String> about = new java.util.ArrayList<>();
            if (event.hasNonNull("invoiceNumber")) {
                about.add(event.get("invoiceNumber").asText());
            } else if (event.has("invoiceNumbers")) {
                event.get("invoiceNumbers").forEach(n -> about.add(n.asText()));
            }
            for (String number : about) {
                statuses.computeIfAbsent(number + " " + event.path("level").asText() + " " + event.path("code")
                        .asText(), k -> new AtomicInteger()).incrementAndGet();
                checkOwner(supplier, number, name);
            }
        }
    }

    private void checkOwner(String supplier, String number, String file) {
        String owner = ownerOfNumber.get(number);
        if (owner != null && !owner.equals(supplier)) {
            wrongDeliveries.add(number + " (" + owner + ") in " + supplier + "'s " + file);
        }
    }

    public int deposits(String number) {
        AtomicInteger n = deposits.get(number);
        return n == null ? 0 : n.get();
    }

    public int answers(String number, String kind) {
        AtomicInteger n = answers.get(number + " " + kind);
        return n == null ? 0 : n.get();
    }

    /** Answers of any kind but {@code ack} for this number (e.g. rejected, duplicate). */
    public int otherAnswers(String number) {
        return answers.entrySet().stream().filter(e -> e.getKey().startsWith(number + " ")
                && !e.getKey().equals(number + " ack")).mapToInt(e -> e.getValue().get()).sum();
    }

    /** (level code) → times relayed, for one invoice. */
    public Map<String, Integer> statuses(String number) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> {
            if (k.startsWith(number + " ")) {
                out.put(k.substring(number.length() + 1), v.get());
            }
        });
        return out;
    }

    public int totalDeposits() {
        return deposits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int totalRelays() {
        return statuses.values().stream().mapToInt(AtomicInteger::get).sum()
                + answers.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public List<String> wrongDeliveries() {
        return wrongDeliveries;
    }

    /** Files renamed again, identical, into a folder that still held them (supplier:name). */
    public List<String> repeatedUploads() {
        return repeatedUploads;
    }

    private static byte[] sha256(byte[] content) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> unreadable() {
        return unreadable;
    }
}
