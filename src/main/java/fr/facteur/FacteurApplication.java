package fr.facteur;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Facteur: a gateway between suppliers (AS2, SFTP) and Chorus Pro. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FacteurApplication {

    public static void main(String[] args) {
        SpringApplication.run(FacteurApplication.class, args);
    }
}
