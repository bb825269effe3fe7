package org.tongfa.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tongfa.item.DisclosureType;
import org.tongfa.item.ItemStatus;
import org.tongfa.item.ReviewStep;

class ConsoleLabelsTest {

    private final ConsoleLabels labels = new ConsoleLabels(null);

    @Test
    void everyStateStepAndDisclosureHasOneChineseWordUsedEverywhere() {
        for (ItemStatus status : ItemStatus.values()) {
            assertThat(status.label()).as(status.name()).matches("\\p{IsHan}+");
            assertThat(labels.status(status)).isEqualTo(status.label());
            assertThat(labels.status(status.name())).as("the state's name, as views carry it").isEqualTo(status.label());
            assertThat(labels.statusClass(status.name())).isIn("ok", "warn", "wait", "off");
        }
        for (ReviewStep step : ReviewStep.values()) {
            assertThat(labels.step(step.key())).isEqualTo(step.label()).matches("\\p{IsHan}+");
        }
        for (DisclosureType type : DisclosureType.values()) {
            assertThat(labels.disclosure(type)).isEqualTo(labels.disclosure(type.name())).isEqualTo(type.label());
        }
        assertThat(labels.status("LATER")).as("an unknown state is shown as it is").isEqualTo("LATER");
        assertThat(labels.step("withdraw")).isEqualTo("撤销签发");
    }

    @Test
    void aReviewChainReadsInChineseStepNames() {
        assertThat(labels.chain(List.of("office", "confidentiality", "signer"))).isEqualTo("办公室审核 → 保密审查 → 签发");
    }

    @Test
    void channelStatesHaveWordsAndABadgeAndAnUnknownStateIsKept() {
        assertThat(labels.channelState("CLOSED")).isEqualTo(new ConsoleLabels.Label("正常", "ok"));
        assertThat(labels.channelState("DISABLED").css()).isEqualTo("bad");
        assertThat(labels.channelState("LATER").text()).isEqualTo("LATER");
        assertThat(labels.channelType("wechat")).isEqualTo("微信公众号");
    }
}
