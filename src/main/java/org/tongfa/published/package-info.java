/**
 * What the pull channels (website, feed, display) have been delivered and render from: the durable
 * store of published entries ({@link org.tongfa.published.PublishedEntryStore}) and its read model.
 * Infrastructure shared by those adapters, not an adapter itself: it depends on the core only, and
 * only adapters use it ({@code ArchitectureTest} holds both).
 */
package org.tongfa.published;
