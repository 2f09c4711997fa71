package fr.facteur.archive;

import java.io.PrintStream;
import java.util.Arrays;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

import fr.facteur.platform.FacteurProperties;

/**
 * The archive check as a command: {@code java -jar facteur.jar --verify-archive}. It reads the same configuration as
 * the gateway (config/application.yaml, FACTEUR_DATA_DIR, --facteur.data-dir=...) but starts nothing else: no
 * database, broker or routes, so it can run beside a running gateway or on a copy of the archive. Exit code 0 when the
 * chain is intact, 1 when a file was altered, removed or added (each named on standard output).
 *
 * <p>Deliberately not a {@code @Configuration}: component scanning of the gateway must not pick it up.
 */
@EnableConfigurationProperties(FacteurProperties.class)
public class ArchiveVerifyCommand {

    public static final String ARGUMENT = "--verify-archive";

    public static boolean requested(String[] args) {
        return Arrays.asList(args).contains(ARGUMENT);
    }

    /** Starts a context holding only the configuration, verifies, and returns the exit code. */
    public static int execute(String[] args, PrintStream out) {
        String[] rest = Arrays.stream(args).filter(a -> !a.equals(ARGUMENT)).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ArchiveVerifyCommand.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run(rest)) {
            return verify(new Archive(context.getBean(FacteurProperties.class)).chain(), out);
        }
    }

    /** Prints the verification and returns 0 when intact, 1 otherwise. */
    public static int verify(ArchiveChain chain, PrintStream out) {
        ArchiveChain.Verification verification = chain.verify();
        for (ArchiveChain.Problem problem : verification.problems()) {
            out.println("ALTERED " + problem.day() + " " + problem.path() + ": " + problem.problem());
        }
        out.println((verification.intact() ? "archive intact: " : "archive NOT intact: ") + verification.files()
                + " file(s) over " + verification.days() + " day(s), " + verification.problems().size()
                + " problem(s)");
        return verification.intact() ? 0 : 1;
    }
}
