/**
 * The few facts and helpers every package shares, each written once: the SHA-256 digest
 * ({@link org.tongfa.common.Sha256}) and the strong ETags made from it
 * ({@link org.tongfa.common.EntityTags}), China's time zone ({@link org.tongfa.common.BeijingTime}) and how
 * an instant goes in and out of a SQL timestamp ({@link org.tongfa.common.SqlTimestamps}). Depends on
 * nothing else in Tongfa, so the core, the features and every adapter may use it.
 */
package org.tongfa.common;
