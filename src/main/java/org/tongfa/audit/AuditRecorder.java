package org.tongfa.audit;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.tongfa.common.AuditEvent;

/**
 * Hears every {@link AuditEvent} and appends it to the trail, synchronously, in the publisher's thread
 * and transaction: the action and its row commit or roll back together, and a failure to append fails
 * the action. The source address is the event's, else the current HTTP request's remote address, else
 * none (a scheduled release has no caller).
 */
@Component
class AuditRecorder {

    private final AuditTrail trail;

    AuditRecorder(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void record(AuditEvent event) {
        trail.append(event, event.sourceAddress() != null ? event.sourceAddress() : currentRequestAddress());
    }

    /** The remote address of the request this thread serves, or {@code null} outside a request. */
    private static String currentRequestAddress() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest().getRemoteAddr() : null;
    }
}
