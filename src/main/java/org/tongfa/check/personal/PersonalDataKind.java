package org.tongfa.check.personal;

/** The kinds of personal data (个人信息) the check finds, each with its own policy per column. */
public enum PersonalDataKind {

    /** 身份证号码: an 18-digit resident ID number (GB 11643) or a 15-digit old one. */
    ID_NUMBER("身份证号码"),
    /** 手机号码: a mainland mobile number. */
    MOBILE("手机号码"),
    /** 银行卡号: a bank card number (16 to 19 digits, Luhn valid). */
    BANK_CARD("银行卡号");

    private final String label;

    PersonalDataKind(String label) {
        this.label = label;
    }

    /** The kind in Chinese, as a finding's message names it. */
    public String label() {
        return label;
    }
}
