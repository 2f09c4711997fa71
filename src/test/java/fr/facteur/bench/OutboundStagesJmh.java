package fr.facteur.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import fr.facteur.archive.Archive;
import fr.facteur.archive.Archived;
import fr.facteur.crypto.CmsSigner;
import fr.facteur.crypto.TestIdentity;
import fr.facteur.flow.FlowPackager;
import fr.facteur.flow.PackagedFlow;
import fr.facteur.invoice.InvoiceFacts;
import fr.facteur.invoice.Syntax;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.testsupport.TestInvoices;

/**
 * JMH: the cost of the stages after validation — archiving the original, signing (detached CMS, RSA 2048),
 * packaging (archive copy + signature), and queueing a persistent message in a persistent embedded Artemis with a
 * commit per message, as the gateway does. Run by {@code StagesBenchmark}; not a test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OutboundStagesJmh {

    private Path dir;
    private Path original;
    private byte[] originalBytes;
    private Archive archive;
    private CmsSigner signer;
    private FlowPackager packager;
    private InvoiceFacts facts;
    private final AtomicLong refs = new AtomicLong();

    private EmbeddedActiveMQ broker;
    private Connection connection;
    private Session session;
    private MessageProducer producer;
    private MessageConsumer drain;

    @Setup
    public void setUp() throws Exception {
        // no Spring here to configure logging: keep the broker's start-up chatter out of the figures
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        dir = Files.createTempDirectory("facteur-bench-");
        originalBytes = TestInvoices.withNumber("ubl-invoice-acme.xml", "BENCH0001");
        original = Files.write(dir.resolve("invoice.xml"), originalBytes);
        FacteurProperties properties = new FacteurProperties(dir.resolve("config"), dir.resolve("data"),
                dir.resolve("certs"), new FacteurProperties.Operator("AAA999", false), null, null);
        archive = new Archive(properties);
        signer = new CmsSigner(TestIdentity.rsa("Facteur bench operator"));
        packager = new FlowPackager(properties, signer, archive);
        facts = new InvoiceFacts(Syntax.UBL_INVOICE, "BENCH0001", "380", LocalDate.now(), "73282932000074",
                "11000201100044", null, null, "EUR", BigDecimal.TEN, BigDecimal.ONE, BigDecimal.valueOf(11),
                BigDecimal.valueOf(11));

        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(true);
        configuration.setSecurityEnabled(false);
        configuration.setJournalDirectory(dir.resolve("artemis/journal").toString());
        configuration.setBindingsDirectory(dir.resolve("artemis/bindings").toString());
        configuration.setLargeMessagesDirectory(dir.resolve("artemis/large").toString());
        configuration.setPagingDirectory(dir.resolve("artemis/paging").toString());
        configuration.addAcceptorConfiguration("in-vm", "vm://7");
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.start();
        connection = new ActiveMQConnectionFactory("vm://7").createConnection();
        connection.start();
        session = connection.createSession(true, Session.SESSION_TRANSACTED);
        producer = session.createProducer(session.createQueue("facteur.transmit"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        drain = session.createConsumer(session.createQueue("facteur.transmit"));
    }

    @TearDown
    public void tearDown() throws Exception {
        connection.close();
        broker.stop();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir); // the archive and the journal of this run
    }

    /** The original, streamed into the content-addressed archive with its SHA-256. */
    @Benchmark
    public Archived archiveOriginal() {
        return archive.store(original);
    }

    /** A detached CMS signature (SHA-256 with RSA 2048) over the flow file. */
    @Benchmark
    public byte[] sign() {
        return signer.signDetached(original);
    }

    /** The flow packaged: archived copy + detached signature archived too. */
    @Benchmark
    public PackagedFlow pack() {
        return packager.pack(facts, original, "F" + refs.incrementAndGet());
    }

    /** One persistent message sent and committed (a journal sync), then taken off so the queue stays short. */
    @Benchmark
    public void queue() throws JMSException {
        TextMessage message = session.createTextMessage("{\"flowId\":1}");
        message.setStringProperty("_AMQ_DUPL_ID", "flow:" + refs.incrementAndGet());
        message.setStringProperty("JMSXGroupID", "acme");
        producer.send(message);
        session.commit();
        if (refs.get() % 64 == 0) {
            while (drain.receiveNoWait() != null) {
                // empty the queue now and then, outside the measured send's own cost most of the time
            }
            session.commit();
        }
    }

    static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
