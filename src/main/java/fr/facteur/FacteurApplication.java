package fr.facteur;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import fr.facteur.archive.ArchiveVerifyCommand;

/** Facteur: a gateway between suppliers (AS2, SFTP) and Chorus Pro. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FacteurApplication {

    public static void main(String[] args) {
        if (ArchiveVerifyCommand.requested(args)) {
            // a one-off check of the archive's hash chain, not the gateway (README: "Verifying the archive")
            System.exit(ArchiveVerifyCommand.execute(args, System.out));
        }
        SpringApplication.run(FacteurApplication.class, args);
    }
}
