package xyz.scaledown.sandbox;

/** A submitted body the sandbox refuses as a whole; the message names the line and the problem. */
final class BadRequestException extends Exception {

    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
