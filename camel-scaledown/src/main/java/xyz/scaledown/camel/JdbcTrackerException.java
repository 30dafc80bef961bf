package xyz.scaledown.camel;

import java.sql.SQLException;

import org.apache.camel.RuntimeCamelException;

/** A call of the JDBC batch tracker that the database refused or could not answer; the message names the batch. */
public class JdbcTrackerException extends RuntimeCamelException {

    public JdbcTrackerException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
