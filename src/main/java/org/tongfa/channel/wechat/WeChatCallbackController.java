package org.tongfa.channel.wechat;

import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.delivery.ChannelRegistry;
import org.tongfa.delivery.ChannelWaker;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.delivery.DeliveryProgressStore;

/**
 * The callback URL configured on the WeChat platform for each account:
 * {@code /wechat/<channelId>/callback}. Outside {@code /api/**}: WeChat authenticates with its
 * signature, not our bearer token. A request with a bad signature gets 403 and is never processed.
 */
@RestController
class WeChatCallbackController {

    private final WeChatCallbacks callbacks;

    WeChatCallbackController(ChannelRegistry registry, JdbcClient jdbc, DeliveryProgressStore progress,
            DeliveryLedger ledger, ChannelWaker waker, Clock clock) {
        this.callbacks = new WeChatCallbacks(
                id -> registry.channel(id).filter(WeChatChannel.class::isInstance).map(WeChatChannel.class::cast),
                new WeChatStore(jdbc),
                (channelId, publishId) -> progress.findDelivery(channelId, WeChatChannel.PUBLISH_ID, publishId)
                        .ifPresent(delivery -> ledger.expedite(delivery, clock.instant())),
                waker, clock);
    }

    @GetMapping(path = "/wechat/{channelId}/callback", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> handshake(@PathVariable String channelId,
            @RequestParam(required = false) String signature, @RequestParam(required = false) String timestamp,
            @RequestParam(required = false) String nonce, @RequestParam(required = false) String echostr) {
        return answer(callbacks.handshake(channelId, signature, timestamp, nonce, echostr));
    }

    @PostMapping(path = "/wechat/{channelId}/callback", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> event(@PathVariable String channelId,
            @RequestParam(required = false) String signature, @RequestParam(required = false) String timestamp,
            @RequestParam(required = false) String nonce, @RequestBody(required = false) byte[] body) {
        return answer(callbacks.event(channelId, signature, timestamp, nonce, body == null ? new byte[0] : body));
    }

    private static ResponseEntity<String> answer(WeChatCallbacks.Answer answer) {
        return ResponseEntity.status(answer.status()).contentType(MediaType.TEXT_PLAIN).body(answer.body());
    }
}
