package fr.facteur.returns;

import java.io.File;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;
import fr.facteur.platform.SftpPolling;

/**
 * Polls Chorus Pro's return folder (route {@value #ROUTE_ID}) and hands each file to {@link ReturnFileProcessor}.
 * Thin: the endpoint URI carries the polling policy.
 *
 * <ul>
 * <li>host key always checked (the Chorus Pro account's known_hosts);</li>
 * <li>files still being written are left alone: names of uploads in progress (dot-files, .part, .tmp) are never
 * taken, and the changed read lock waits until size and date hold still;</li>
 * <li>the read lock lives in PostgreSQL, so two gateway instances never take the same file;</li>
 * <li>each file is copied to a local work file (streamed, never held in memory);</li>
 * <li>done: moved to {@code .done/}; not CPPStatut: moved to {@code .error/} (it is archived and recorded as
 * UNKNOWN); any other failure (database or broker down): left in place and taken again at the next poll, which
 * is safe because processing is idempotent on the file's SHA-256.</li>
 * </ul>
 *
 * <p>Installed when {@code facteur.returns.enabled} (default true) and Chorus Pro is reached over SFTP
 * ({@code facteur.chorus-pro.channel=sftp}, the default) or over AS2 ({@code as2}: flows go by AS2, return files still
 * come through the SFTP account).
 */
@Component
@ConditionalOnProperty(name = "facteur.returns.enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnExpression("'${facteur.chorus-pro.channel:sftp}' == 'sftp' or '${facteur.chorus-pro.channel:sftp}' == 'as2'")
public class ReturnsRoute extends RouteBuilder {

    public static final String ROUTE_ID = "chorus-pro.returns-in";
    /** Read by the endpoint's move expression once the exchange completes. */
    static final String MOVE_TO_HEADER = "FacteurMoveTo";
    private static final String READ_LOCK_BEAN = "chorusProReturnsReadLock";
    private static final String STABLE_FILTER_BEAN = "chorusProReturnsStableFilter";

    private final FacteurProperties properties;
    private final ReturnFileProcessor processor;
    private final DataSource dataSource;

    public ReturnsRoute(FacteurProperties properties, ReturnFileProcessor processor, DataSource dataSource) {
        this.properties = properties;
        this.processor = processor;
        this.dataSource = dataSource;
    }

    @Override
    public void configure() throws Exception {
        JdbcOrphanLockAwareIdempotentRepository readLock = SftpPolling.claimRepository(dataSource, ROUTE_ID, getContext());
        getContext().addService(readLock);
        getContext().getRegistry().bind(READ_LOCK_BEAN, readLock);
        getContext().getRegistry().bind(STABLE_FILTER_BEAN, SftpPolling.stableFilter());

        onException(UnreadableReturnFileException.class)
                .handled(true)
                .log(LoggingLevel.ERROR, "${header.CamelFileNameOnly} moved to .error: ${exception.message}")
                .setHeader(MOVE_TO_HEADER, constant(".error"));

        from(endpointUri()).routeId(ROUTE_ID)
                .setHeader(MOVE_TO_HEADER, constant(".done"))
                .process(this::process);
    }

    private void process(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        File local = exchange.getMessage().getBody(File.class);
        processor.process(name, local.toPath());
    }

    String endpointUri() {
        FacteurProperties.Sftp sftp = properties.chorusPro().sftp();
        String work = properties.dataDir().resolve("work").resolve("returns").toAbsolutePath().toString();
        return sftp.camelUri(sftp.returnsDir(), SftpPolling.options(sftp.poll(), READ_LOCK_BEAN, STABLE_FILTER_BEAN, Path.of(work),
                MOVE_TO_HEADER));
    }
}
