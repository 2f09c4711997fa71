package fr.facteur.inbound.sftp;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The SFTP ingress route template, instantiated once per tenant by {@link SftpIngressInstaller} with the stable route
 * id &lt;tenant&gt;.sftp-in. Thin: the endpoint URI carries the polling policy, {@link SftpIngress} does the work.
 */
@Component
class SftpIngressRoutes extends RouteBuilder {

    static final String TEMPLATE = "sftp-ingress";

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("tenant")
                .templateParameter("uri")
                .from("{{uri}}")
                    .setHeader(SftpIngress.TENANT_HEADER, constant("{{tenant}}"))
                    .bean("sftpIngress", "receive");
    }
}
