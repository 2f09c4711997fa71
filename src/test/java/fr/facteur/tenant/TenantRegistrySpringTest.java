package fr.facteur.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;

import fr.facteur.platform.FacteurProperties;

/** The registry as a Spring bean: tenants of the files found at start-up reach the listeners once the context is up. */
class TenantRegistrySpringTest {

    @TempDir
    Path base;

    @Test
    void startUpTenantsAreAnnouncedToListenersWhenTheContextIsRefreshed() throws IOException {
        Files.createDirectories(base.resolve("config/tenants"));
        Files.writeString(base.resolve("config/tenants/acme.yaml"), """
                id: acme
                name: ACME
                siret: "73282932000074"
                """);
        FacteurProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("facteur.config-dir", base.resolve("config").toString())))
                .bindOrCreate("facteur", FacteurProperties.class);

        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(FacteurProperties.class, () -> properties);
            context.register(TenantRegistry.class, Listener.class);
            context.refresh();

            TenantRegistry registry = context.getBean(TenantRegistry.class);
            assertThat(context.getBean(Listener.class).events)
                    .containsExactly(new TenantEvent.Installed(registry.find("acme").orElseThrow()));
        }
    }

    static class Listener {

        final List<TenantEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(TenantEvent event) {
            events.add(event);
        }
    }
}
