package org.tongfa.console.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellRendererTest {

    private static MatrixCell failed(String error, String original) {
        return new MatrixCell("cell-a-nanfang", "a", "nanfang", 7L, "失败待重试", "warn", 2, "2026-12-02 09:30",
                null, new DeliveryErrors.Shown(error, original), true, false);
    }

    @Test
    void aCellSaysItsStateAttemptsNextTryAndErrorAndEscapesWhatThePartnerSaid() {
        String html = CellRenderer.write(List.of(failed("对方服务器出错。", "<script>alert(1)</script> & \"x\"")),
                new CellRenderer.Viewer(false, "_csrf", "t"));
        assertThat(html).startsWith("<td id=\"cell-a-nanfang\" class=\"cell\" data-summary=\"nanfang：失败待重试\">")
                .contains("<span class=\"status warn\">失败待重试</span>", "<span class=\"attempts\">尝试 2 次</span>",
                        "<span class=\"next\">下次尝试 2026-12-02 09:30</span>", "<p>对方服务器出错。</p>",
                        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;")
                .doesNotContain("<script>", "<form").endsWith("</td>");
        assertThat(html).as("one line, as a server-sent event's data must be").doesNotContain("\n");
    }

    @Test
    void anOperatorGetsTheRetryFormWithTheSessionsTokenNamingTheChannelForAScreenReader() {
        String html = CellRenderer.write(List.of(failed("超时", null)), new CellRenderer.Viewer(true, "_csrf", "tok\"en"));
        assertThat(html).contains("<form class=\"act\" method=\"post\" action=\"/console/deliveries/7/retry\" "
                + "hx-post=\"/console/deliveries/7/retry\" hx-target=\"#notice\" hx-swap=\"innerHTML\">"
                + "<input type=\"hidden\" name=\"_csrf\" value=\"tok&quot;en\"><button type=\"submit\">重试"
                + "<span class=\"visually-hidden\">（nanfang）</span></button></form>").doesNotContain("<details>");
    }

    @Test
    void aDeliveredCellLinksToWhatReadersSeeAndANeverSentCellSaysSo() {
        MatrixCell delivered = new MatrixCell("cell-b-website", "b", "website", 8L, "已送达", "ok", 1, "",
                "https://gxj.example.gov.cn/items/b.html?x=1&y=2", null, false, false);
        String html = CellRenderer.write(List.of(delivered, MatrixCell.empty("b", "wechat")), new CellRenderer.Viewer(true, "_csrf", "t"));
        assertThat(html).contains("<a class=\"remote\" href=\"https://gxj.example.gov.cn/items/b.html?x=1&amp;y=2\" rel=\"noopener\">")
                .contains("<td id=\"cell-b-wechat\" class=\"cell\" data-summary=\"wechat：未投放\"> <span class=\"status off\">未投放</span> </td>")
                .doesNotContain("<form");
    }
}
