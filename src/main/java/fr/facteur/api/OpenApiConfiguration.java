package fr.facteur.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description of the OpenAPI document springdoc generates from the controllers. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI facteurOpenApi(@Value("${project.version:}") String version) {
        return new OpenAPI().info(new Info()
                .title("Facteur API")
                .version(version.isBlank() ? "unversioned" : version)
                .description("""
                        Operator API of Facteur, the gateway between suppliers and Chorus Pro: installed tenants, \
                        invoices with their status history and documents, Chorus Pro flows, and the return lines \
                        that matched no invoice. Errors are RFC 9457 problem details (application/problem+json). \
                        Metrics are on /actuator/prometheus, health on /actuator/health.""")
                .license(new License().name("Open source")));
    }
}
