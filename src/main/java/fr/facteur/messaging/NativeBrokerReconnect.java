package fr.facteur.messaging;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * With an external broker (spring.artemis.mode=native), the gateway's connection retries for ever when the broker
 * goes away (restart, failover), every 0.5 s growing to 10 s: Artemis' own default is not to reconnect at all
 * (reconnectAttempts 0), which leaves recovery to each consumer's and producer's error path. A broker URL that names
 * reconnectAttempts itself (e.g. {@code tcp://artemis:61616?reconnectAttempts=5}) is left as the operator wrote it.
 * Proven by the crash suite: the external broker killed with SIGKILL and restarted under a running gateway
 * (fr.facteur.reliability.CrashIT).
 */
@Component
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "native")
class NativeBrokerReconnect implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(NativeBrokerReconnect.class);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        ConnectionFactory target = bean instanceof CachingConnectionFactory caching
                ? caching.getTargetConnectionFactory() : bean instanceof ConnectionFactory plain ? plain : null;
        if (target instanceof ActiveMQConnectionFactory artemis && artemis.getReconnectAttempts() == 0) {
            artemis.setReconnectAttempts(-1);
            artemis.setRetryInterval(500);
            artemis.setRetryIntervalMultiplier(2.0);
            artemis.setMaxRetryInterval(10_000);
            log.info("external broker: the connection reconnects for ever (reconnectAttempts=-1, retryInterval=500 ms"
                    + " x2 up to 10 s); name reconnectAttempts in spring.artemis.broker-url to choose otherwise");
        }
        return bean;
    }
}
