/**
 * Outbound network safety shared by every adapter that calls a configured URL: the guard that keeps
 * such a call from reaching the office's own network ({@link org.tongfa.net.PrivateNetworkGuard}).
 * Infrastructure, not an adapter: it depends on OkHttp and the core's configuration error only, and
 * only adapters use it ({@code ArchitectureTest} holds both).
 */
package org.tongfa.net;
