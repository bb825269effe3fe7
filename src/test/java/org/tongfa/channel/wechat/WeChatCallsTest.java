package org.tongfa.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.DeliveryFailure.Reason;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.support.MutableClock;

class WeChatCallsTest {

    private final WeChatCalls calls = new WeChatCalls(WeChatTestSupport.CHANNEL,
            new WeChatErrors(WeChatTestSupport.CHANNEL, WeChatTestSupport.SECRET),
            new MutableClock(Instant.parse("2026-03-01T09:00:00Z")));
    private final List<OptionalInt> errcodes = new ArrayList<>();
    private final List<DeliveryFailure> failures = new ArrayList<>();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private <T> DeliveryFailure failing(WeChatCalls.WxCall<T> call, boolean mayHaveActed) {
        return catchThrowableOfType(DeliveryFailure.class, () -> calls.call("freepublish/submit", call, mayHaveActed,
                (failure, errcode) -> {
                    failures.add(failure);
                    errcodes.add(errcode);
                }));
    }

    private static WxErrorException answered(int code, String message) {
        return new WxErrorException(WxError.builder().errorCode(code).errorMsg(message).build());
    }

    @Test
    void returnsWhatTheCallAnswers() throws Exception {
        assertThat(calls.call("draft/add", () -> "DRAFT-1", true)).isEqualTo("DRAFT-1");
    }

    @Test
    void handsTheCallerWeChatsErrcodeWithTheFailureItThrows() {
        DeliveryFailure thrown = failing(() -> {
            throw answered(WeChatErrors.INVALID_MEDIA_ID, "invalid media_id");
        }, true);

        assertThat(thrown).isInstanceOf(GiveUpException.class).hasMessageContaining("errcode 40007");
        assertThat(failures).containsExactly(thrown);
        assertThat(errcodes).containsExactly(OptionalInt.of(WeChatErrors.INVALID_MEDIA_ID));
    }

    @Test
    void aMessageThatMerelyMentionsAnErrcodeIsNotThatErrcode() {
        DeliveryFailure thrown = failing(() -> {
            throw answered(45009, "reach max api daily quota limit, not errcode 40007");
        }, true);

        assertThat(thrown.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(errcodes).containsExactly(OptionalInt.of(45009));
    }

    @Test
    void aTimeoutAfterSendingIsAnUnknownOutcomeWithoutErrcode() {
        DeliveryFailure thrown = failing(() -> {
            throw new RuntimeException(new SocketTimeoutException("timeout"));
        }, true);

        assertThat(thrown.reason()).isEqualTo(Reason.OUTCOME_UNKNOWN);
        assertThat(errcodes).containsExactly(OptionalInt.empty());
    }

    @Test
    void anEmptyAnswerCarriesNoErrcode() {
        DeliveryFailure thrown = failing(() -> {
            throw answered(-99, "无响应内容");
        }, false);

        assertThat(thrown.reason()).isEqualTo(Reason.TRANSIENT);
        assertThat(errcodes).containsExactly(OptionalInt.empty());
    }

    @Test
    void anInterruptedThreadMakesNoCallAndRetriesLaterKeepingTheInterrupt() {
        AtomicBoolean called = new AtomicBoolean();
        Thread.currentThread().interrupt();

        DeliveryFailure thrown = failing(() -> {
            called.set(true);
            return "sent";
        }, true);

        assertThat(called).isFalse();
        assertThat(thrown).isInstanceOf(RetryLaterException.class).hasMessageContaining("about to call freepublish/submit")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(thrown.reason()).isEqualTo(Reason.TRANSIENT);
        assertThat(failures).containsExactly(thrown);
        assertThat(errcodes).containsExactly(OptionalInt.empty());
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
