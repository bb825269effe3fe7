/**
 * The one rule for text that readers see: what input may carry ({@link org.tongfa.text.PlainText#problem},
 * applied to every string of a request by {@link org.tongfa.text.PlainText#problems}) and what every
 * public renderer removes from stored text before it writes XML, HTML or JSON
 * ({@link org.tongfa.text.PlainText#clean}). Depends on nothing else in Tongfa, so the item feature and
 * every channel adapter may use it.
 */
package org.tongfa.text;
