/**
 * The audit trail (issue 11): every action is one append-only, hash-chained row. Whoever acts publishes
 * an {@link org.tongfa.common.AuditEvent} inside its transaction; {@link org.tongfa.audit.AuditRecorder}
 * hears it and {@link org.tongfa.audit.AuditTrail} appends the row in that transaction, so the action
 * and its row commit or roll back together. {@code GET /api/v1/audit} reads the trail and
 * {@code GET /api/v1/audit/verify} re-checks the chain; nothing edits or deletes a row. How a row is
 * hashed is defined once, in {@link org.tongfa.audit.AuditHash}.
 */
package org.tongfa.audit;
