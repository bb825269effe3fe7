package org.tongfa.console.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryErrorsTest {

    @Test
    void translatesHttpFamiliesAndGoneIntoPlainChinese() {
        assertThat(DeliveryErrors.show("webhook channel nanfang answered HTTP 500").text()).contains("对方服务器出错").contains("500");
        assertThat(DeliveryErrors.show("webhook channel nanfang answered HTTP 400: bad title").text()).contains("拒收");
        assertThat(DeliveryErrors.show("webhook channel nanfang answered HTTP 410 (the endpoint is gone; channel disabled)").text())
                .contains("对方已停用该接口");
        assertThat(DeliveryErrors.show("webhook channel nanfang answered HTTP 429").text()).contains("调用频率");
    }

    @Test
    void translatesTimeoutsRefusedConnectionsAndUnknownOutcomes() {
        assertThat(DeliveryErrors.show("webhook channel nanfang failed (ConnectException: Connection refused)").text())
                .contains("连接被拒绝");
        String timeout = DeliveryErrors.show("webhook channel nanfang timed out (SocketTimeoutException: timeout); "
                + "the request was sent, the receiver may have acted on it (outcome unknown)").text();
        assertThat(timeout).contains("超时").contains("结果未知").contains("不会重复发布");
    }

    @Test
    void translatesWeChatErrcodesAndKeepsTheWeChatPackagesChineseAdvice() {
        assertThat(DeliveryErrors.show("wechat channel gzh: freepublish/submit answered errcode 48001 (api unauthorized): "
                + "公众号未获得该接口权限 ... The account is not authorised").text()).startsWith("微信返回错误码 48001").contains("接口权限");
        assertThat(DeliveryErrors.show("wechat channel gzh: draft/add answered errcode 45002 (content size out of limit): "
                + "标题、作者、摘要或正文超出微信限制，请缩短或为微信渠道单独设置标题/摘要。 Title, author").text())
                .contains("超出微信限制");
        assertThat(DeliveryErrors.show("wechat channel gzh: draft/add answered errcode 45009 (reach max api daily quota limit)").text())
                .contains("每日限额");
    }

    @Test
    void explainsTheLedgersOwnNotesAndTheLastErrorOfADeadDelivery() {
        assertThat(DeliveryErrors.show("gave up after 3 attempts; last error: webhook channel nanfang answered HTTP 503").text())
                .contains("重试 3 次").contains("最后一次：对方服务器出错（HTTP 503）");
        assertThat(DeliveryErrors.show("superseded by version 2").text()).isEqualTo("已被第 2 版取代，不再发送。");
    }

    @Test
    void anUnknownErrorGetsAGeneralSentenceAndKeepsTheOriginalText() {
        DeliveryErrors.Shown shown = DeliveryErrors.show("something odd happened at the partner");
        assertThat(shown.text()).contains("原因未能归类");
        assertThat(shown.original()).isEqualTo("something odd happened at the partner");
        assertThat(DeliveryErrors.show(null)).isNull();
    }
}
