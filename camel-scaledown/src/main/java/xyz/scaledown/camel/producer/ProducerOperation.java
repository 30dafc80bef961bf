package xyz.scaledown.camel.producer;

import org.apache.camel.Exchange;

/**
 * One producer operation of the component.
 */
interface ProducerOperation {

    void process(Exchange exchange) throws Exception;
}
