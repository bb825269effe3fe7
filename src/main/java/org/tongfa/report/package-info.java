/**
 * The annual government-information disclosure report (政府信息公开工作年度报告) in the format of
 * 国办公开办函〔2021〕30号: what Tongfa knows it counts from the items and the delivery ledger, what it
 * cannot know is entered and checked against the template's own sums, and each (year, format version)
 * is stored so that a published year keeps its numbers. Exports as {@code .docx} and as HTML.
 */
package org.tongfa.report;
