/**
 * The {@code webhook} channel: a signed HTTP POST of each item action to a third-party news app or
 * portal, following the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> format.
 *
 * <p>Only {@link org.tongfa.channel.webhook.WebhookChannelFactory} is public; the core reaches the
 * channels it creates through the {@link org.tongfa.delivery.Channel} port and closes them at
 * shutdown because they are {@link java.lang.AutoCloseable}.
 */
package org.tongfa.channel.webhook;
