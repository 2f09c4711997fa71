package fr.facteur.returns;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.facteur.archive.Archive;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.relay.RelayPublisher;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/** Wires the return-file processing beans; the polling route is {@link ReturnsRoute}. */
@Configuration(proxyBeanMethods = false)
class ReturnsConfiguration {

    @Bean
    CppStatutParser cppStatutParser() {
        return new CppStatutParser();
    }

    @Bean
    ReturnFileProcessor returnFileProcessor(Archive archive, CppStatutParser parser, ReturnFileRepository returnFiles,
            StatusEventRepository events, RelayPublisher relay, PlatformTransactionManager transactionManager,
            ObjectMapper json, GatewayMetrics metrics) {
        return new ReturnFileProcessor(archive, parser, returnFiles, events, relay,
                new TransactionTemplate(transactionManager), json, metrics);
    }
}
