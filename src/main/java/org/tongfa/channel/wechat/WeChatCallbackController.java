package org.tongfa.channel.wechat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.delivery.ChannelRegistry;
import org.tongfa.delivery.PartnerReports;

/**
 * The callback URL configured on the WeChat platform for each account:
 * {@code /wechat/<channelId>/callback}. Outside {@code /api/**}: WeChat authenticates with its
 * signature, not our bearer token. A request with a bad signature, a stale timestamp or one seen
 * before (a replay) gets 403 and is never processed; in safe mode (安全模式), so does a plain-text one.
 */
@RestController
class WeChatCallbackController {

    private final WeChatCallbacks callbacks;

    WeChatCallbackController(ChannelRegistry registry, JdbcClient jdbc, PartnerReports reports, Clock clock,
            PlatformTransactionManager transactions) {
        this.callbacks = new WeChatCallbacks(id -> registry.channel(id, WeChatChannel.class), new WeChatStore(jdbc),
                reports, clock, new TransactionTemplate(transactions));
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
            @RequestParam(required = false) String nonce,
            @RequestParam(name = "encrypt_type", required = false) String encryptType,
            @RequestParam(name = "msg_signature", required = false) String msgSignature,
            @RequestBody(required = false) byte[] body) {
        return answer(callbacks.event(channelId, signature, timestamp, nonce, encryptType, msgSignature,
                body == null ? new byte[0] : body));
    }

    /**
     * Plain text that no browser may take for anything else: the handshake echoes a caller's
     * {@code echostr} verbatim.
     */
    private static ResponseEntity<String> answer(WeChatCallbacks.Answer answer) {
        return ResponseEntity.status(answer.status())
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .header("X-Content-Type-Options", "nosniff")
                .body(answer.body());
    }
}
