package fr.facteur.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line (installed on the build machines) as an independent verifier of our CMS output. */
public final class OpenSsl {

    /** Exit code and merged stdout/stderr of one openssl run. */
    public record Result(int exitCode, String output) {
    }

    private OpenSsl() {
    }

    /**
     * {@code openssl cms -verify -binary -inform DER -in <signature> -content <content> -CAfile <caFile> -purpose any},
     * the check a Chorus Pro-side tool would make of a flow and its .p7s.
     */
    public static Result cmsVerify(Path signature, Path content, Path caFile, Path outDir) {
        return run(List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", signature.toString(),
                "-content", content.toString(), "-CAfile", caFile.toString(), "-purpose", "any",
                "-out", outDir.resolve("verified-content.out").toString()));
    }

    public static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl did not finish: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
