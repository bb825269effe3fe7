/**
 * What the channels that call out over HTTP share: the guard that keeps a configured URL from
 * reaching the office's own network ({@link org.tongfa.channel.http.PrivateNetworkGuard}). It depends
 * on OkHttp and the core only, never on an adapter.
 */
package org.tongfa.channel.http;
