package xyz.scaledown.examples;

import java.nio.file.Path;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnector;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An ActiveMQ Artemis broker inside the job's JVM: in-VM acceptor only (no port opened), no persistence, its
 * directories under the work dir. Queues are created when first used.
 */
public final class EmbeddedBroker implements AutoCloseable {

    static final String URL = "vm://0";

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private ActiveMQConnectionFactory connectionFactory;

    public static EmbeddedBroker start(Path directory) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.server.setConfiguration(configuration(directory));
        broker.server.start();
        broker.connectionFactory = new ActiveMQConnectionFactory(URL);
        return broker;
    }

    private static Configuration configuration(Path directory) throws Exception {
        Configuration configuration = new ConfigurationImpl()
                .setName("scaledown-examples")
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setLargeMessagesDirectory(directory.resolve("large-messages").toString())
                .setPagingDirectory(directory.resolve("paging").toString());
        configuration.setBrokerInstance(directory.toFile());
        configuration.addAcceptorConfiguration("in-vm", URL);
        configuration.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        return configuration;
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /** The messages waiting on a queue; 0 for a queue that does not exist (yet). */
    public long messageCount(String queueName) {
        Queue queue = server.getActiveMQServer().locateQueue(SimpleString.of(queueName));
        return queue == null ? 0 : queue.getMessageCount();
    }

    @Override
    public void close() throws Exception {
        if (connectionFactory != null) {
            connectionFactory.close();
        }
        server.stop();
        // the in-VM transport and the client keep static, non-daemon thread pools alive for a minute otherwise
        InVMConnector.resetThreadPool();
        ActiveMQClient.clearThreadPools();
    }
}
