package org.tongfa.web;

import java.io.IOException;

/** A request body passed {@code tongfa.api.max-body-size}; answered with 413. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("the request body exceeds the limit of " + limit + " bytes (tongfa.api.max-body-size)");
    }
}
