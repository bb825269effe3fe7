/**
 * The console's administration pages (管理, {@code /console/admin/**}): accounts and their roles, API
 * tokens (a secret shown once), the channels and columns, the lobby screens, and the audit trail with its
 * hash-chain check. Every page reads and changes through the same services as the REST admin API
 * ({@code Accounts}, {@code AuditTrail}, {@code ChannelOverview}, {@code ScreenMonitor}), with the API's
 * request records validated as the API validates them, so the checks, the refusals and the audit rows
 * are the API's own.
 */
package org.tongfa.console.admin;
