package org.tongfa.item;

/**
 * What kind of government document an item is (文件类型): what table 2a of the annual report
 * (政府信息公开工作年度报告, 第二十条第（一）项) counts. Optional on an item: news has none.
 */
public enum DocumentType {
    /** 规章: rules made by a ministry or a provincial or city government. */
    REGULATION("规章"),
    /** 行政规范性文件: normative documents binding on the public, issued by an administrative body. */
    NORMATIVE("行政规范性文件"),
    /** 其他文件: any other document (notices, plans, replies). */
    OTHER("其他文件");

    private final String label;

    DocumentType(String label) {
        this.label = label;
    }

    /** The type as the report's template words it: 规章, 行政规范性文件, 其他文件. */
    public String label() {
        return label;
    }

    /** Whether table 2a counts documents of this type. */
    public boolean countedInTable2a() {
        return this != OTHER;
    }
}
