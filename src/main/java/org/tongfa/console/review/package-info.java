/**
 * The console's version history with its readable diff (版本历史), the review page (审核) where the step
 * whose turn it is approves, returns or signs through the same {@link org.tongfa.item.ReviewDesk} as the
 * API, and the reviewer's inbox (待我审核).
 */
package org.tongfa.console.review;
