/**
 * Compliance with the inspection indicators for government websites and new media (政府网站与政务新媒体检查指标,
 * 国办秘函〔2019〕19号): the freshness monitor (栏目更新监测) warns before a column, the home page or a WeChat
 * account goes stale, which is a single-veto item (单项否决). It reads publication data through its own
 * port ({@link org.tongfa.compliance.PublicationRecords}) and knows no channel adapter; {@code
 * ArchitectureTest} holds it to that.
 */
package org.tongfa.compliance;
